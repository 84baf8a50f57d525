import { before, test } from 'node:test';
import v8 from 'node:v8';
import assert from 'node:assert/strict';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { SyntaxNode, SyntaxTree, firstNamedChild, walk } from '../../server/src/parse/syntaxNode';
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
// type, its position among its parent's children, its flags and its field id share one small integer (a
// node took 80 bytes with a field of its own for the position, 72 with one for the type).
test('a converted node takes 64 bytes', () => {
  const { list, bytes } = listOf(200_000);
  // Each node, plus the 8 bytes of its slot in the list's children array.
  const perNode = bytes / list.children.length;
  assert.ok(perNode < 72 + 8, `${perNode.toFixed(1)} bytes per node`);
});

// A node with more than 8,191 children (the statements of a 20,000-line module, a long list literal) finds
// the positions past that among its siblings.
test('a node knows its index among its siblings, past 8,191 of them too', () => {
  const { list } = listOf(30_000);
  const children = list.children;
  for (const at of [0, 1, 8190, 8191, 8192, 16_383, 16_384, children.length - 1]) {
    assert.equal(children[at].index, at);
    assert.equal(children[at].parent, list);
  }
  assert.ok(children.every((child, i) => child.index === i));
});

test("a node's type and named-ness come from its type id", () => {
  const text = 'def f(a):\n    return a +\nx = (1,\n';
  const parsed = parser.parse(text)!;
  const tree = parsed.toSyntaxTree(text);
  parsed.free();
  const types: string[] = [];
  for (const node of walk(tree.root)) types.push(`${node.type}${node.named ? '' : '?'}`);
  assert.equal(tree.root.type, 'module');
  assert.ok(types.includes('function_definition') && types.includes('ERROR') && types.includes('(?') && types.includes(':?'), types.join(' '));
  assert.ok(!types.some((t) => t === '' || t === 'undefined'));
});

// The statements of a module past the 8,191st keep their positions through edits that take them over
// into the next tree (moved to new offsets) and edits that add or remove statements before them.
test('statements past the 8,191st know their index after edits', () => {
  let text = 'x = 1\n'.repeat(9000) + 'y = 2\n';
  let parsed = parser.parse(text)!;
  let tree = parsed.toSyntaxTree(text);
  for (const [at, removed, inserted] of [[3 * 6, 0, 'z = 3\n'], [8500 * 6, 18, ''], [0, 0, '# c\nw = 4\n'], [text.length - 100, 0, 'q(1)\n']] as const) {
    const startIndex = Math.min(at, text.length);
    const next = text.slice(0, startIndex) + inserted + text.slice(startIndex + removed);
    const oldRoot = tree.root;
    const oldChildren = [...oldRoot.children];
    const point = (offset: number, source: string) => {
      const before = source.slice(0, offset);
      return { row: before.split('\n').length - 1, column: offset - before.lastIndexOf('\n') - 1 };
    };
    parsed.edit({ startIndex, oldEndIndex: startIndex + removed, newEndIndex: startIndex + inserted.length, startPosition: point(startIndex, text), oldEndPosition: point(startIndex + removed, text), newEndPosition: point(startIndex + inserted.length, next) });
    const reparsed = parser.parse(next, parsed)!;
    parsed.free();
    const nextTree = reparsed.toSyntaxTree(next, tree);
    parsed = reparsed;
    text = next;
    tree = nextTree;
    const children = tree.root.children;
    assert.ok(children.length > 8900);
    assert.ok(children.every((child, i) => child.index === i && child.parent === tree.root));
    // A statement the edit replaced keeps its place in the tree before.
    for (const old of oldChildren) if (old.parent === oldRoot) assert.equal(oldRoot.children[old.index], old);
  }
  parsed.free();
});
