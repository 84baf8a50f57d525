import { before, test } from 'node:test';
import v8 from 'node:v8';
import assert from 'node:assert/strict';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { SyntaxNode, SyntaxTree, firstNamedChild } from '../../server/src/parse/syntaxNode';
import { IdleCollector } from '../../server/src/lsp/idleCollector';

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create({ timeLimitMs: 120_000 });
});

/** `x = [0,0,...,]`, converted, and the heap bytes its conversion kept. */
function listOf(elements: number): { tree: SyntaxTree; list: SyntaxNode; bytes: number } {
  const text = `x = [${'0,'.repeat(elements)}]\n`;
  const parsed = parser.parse(text)!;
  const collector = new IdleCollector(20, 0);
  collector.collectNow();
  const before = v8.getHeapStatistics().used_heap_size;
  const tree = parsed.toSyntaxTree(text);
  collector.collectNow();
  const bytes = v8.getHeapStatistics().used_heap_size - before;
  collector.dispose();
  parsed.free();
  const list = firstNamedChild(firstNamedChild(firstNamedChild(tree.root)!)!, 'list')!;
  assert.equal(list.type, 'list');
  // `[`, then each element and its comma, then `]`.
  assert.equal(list.children.length, 2 * elements + 2);
  return { tree, list, bytes };
}

// A 50,000-line module converts to 700,000 nodes, so each field of a node costs 5.6 MB there. A node's
// position among its parent's children shares one small integer with its flags and field id (a node took
// 80 bytes with a field of its own for it).
test('a converted node takes 72 bytes', () => {
  const { list, bytes } = listOf(200_000);
  // Each node, plus the 8 bytes of its slot in the list's children array.
  const perNode = bytes / list.children.length;
  assert.ok(perNode < 80 + 8, `${perNode.toFixed(1)} bytes per node`);
});

// A node with more than 524,287 children (a list literal on one line) keeps the positions past that in a
// table of its own.
test('a node knows its index among its siblings, past 524,287 of them too', () => {
  const { list } = listOf(600_000);
  const children = list.children;
  for (const at of [0, 1, 524_286, 524_287, 524_288, 1_048_575, 1_048_576, children.length - 1]) {
    assert.equal(children[at].index, at);
    assert.equal(children[at].parent, list);
  }
  assert.ok(children.every((child, i) => child.index === i));
});
