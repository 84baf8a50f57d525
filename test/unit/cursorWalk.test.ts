/**
 * The conversion walks the parser's trees through the wasm module's cursor functions directly
 * (parse/cursorWalk.ts), bypassing web-tree-sitter's TreeCursor. It must build exactly the tree the
 * public TreeCursor walk builds: every node's type, offsets, field, flags and children, for clean code,
 * syntax errors, MISSING nodes, non-ASCII text, deep nesting, reconversions after edits and notebook
 * cells joined into one module.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WasmPythonParser, useDirectWalks, walksDirectly } from '../../server/src/parse/wasmParser';
import { SyntaxNode, SyntaxTree } from '../../server/src/parse/syntaxNode';
import { pipelineModule } from '../../bench/corpus.mjs';

declare const SAGELINT_ROOT: string;

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create();
});
after(() => useDirectWalks(true));

/** Every node of a tree, one line each, in walk order (with its parent's offsets, so structure shows). */
function describe(tree: SyntaxTree): string[] {
  const lines: string[] = [];
  const stack: SyntaxNode[] = [tree.root];
  while (stack.length) {
    const node = stack.pop()!;
    lines.push(`${node.type} ${node.start}-${node.end} ${node.field} ${node.named} ${node.broken} ${node.containsError} ${node.index} ${node.children.length} ^${node.parent ? `${node.parent.start}-${node.parent.end}` : ''}`);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return lines;
}

function converted(text: string, direct: boolean): string[] {
  useDirectWalks(direct);
  const parsed = parser.parse(text)!;
  try {
    return describe(parsed.toSyntaxTree(text));
  } finally {
    parsed.free();
  }
}

const TEXTS = [
  '',
  'x = 1\n',
  'def f(a, b=1, *args, c: int = 2, **kw) -> "é😀":\n    return g(a)[b].c if a else {**b}\n',
  'x = (1,\nclass C(B): pass\n',
  'if x:\n  pass\n else:\n',
  'print(f"{a!r:>{width}} {b}")\nlambda: (yield)\n',
  'from . import (a,\n  b)\nimport os.path as p\n',
  '@dec\nasync def f():\n    async with a as b, c:\n        await d\n',
  'match x:\n    case [1, *rest] if rest:\n        pass\n    case {"k": v}:\n        pass\n',
  '\u0000\r\n\t(\n]',
  '(' .repeat(300) + ')'.repeat(300),
  'x = [' + '['.repeat(80) + ']'.repeat(80) + ']\n',
  pipelineModule(3, 400),
];

test('the direct walk is on, and it builds the same trees as the public TreeCursor walk', () => {
  assert.ok(walksDirectly(), 'the wasm module offers the cursor functions the direct walk calls');
  for (const text of TEXTS) assert.deepEqual(converted(text, true), converted(text, false), JSON.stringify(text.slice(0, 60)));
});

test('the same trees for the rule fixtures', () => {
  const root = path.join(SAGELINT_ROOT, 'test/fixtures/rules');
  let files = 0;
  for (const code of fs.readdirSync(root)) {
    const dir = path.join(root, code);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.py'))) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      assert.deepEqual(converted(text, true), converted(text, false), `${code}/${name}`);
      files++;
    }
  }
  assert.ok(files > 100, `${files} fixtures`);
});

/** Reconversions after each of a series of edits, and a join of cells, with either walk. */
function edited(direct: boolean): string[][] {
  useDirectWalks(direct);
  const results: string[][] = [];
  let text = pipelineModule(5, 300);
  let tree = parser.parse(text)!;
  let syntax = tree.toSyntaxTree(text);
  for (const [at, removed, inserted] of [[500, 0, '('], [500, 1, ''], [2000, 10, 'x = "é'], [40, 0, '\nif y:\n    z = 1\n'], [text.length - 5, 3, '']] as const) {
    const lines = text.slice(0, at).split('\n');
    const point = (offset: number) => {
      const before = text.slice(0, offset).split('\n');
      return { row: before.length - 1, column: before[before.length - 1].length };
    };
    tree.edit({ startIndex: at, oldEndIndex: at + removed, newEndIndex: at + inserted.length, startPosition: point(at), oldEndPosition: point(at + removed), newEndPosition: { row: lines.length - 1 + inserted.split('\n').length - 1, column: inserted.includes('\n') ? inserted.length - inserted.lastIndexOf('\n') - 1 : lines[lines.length - 1].length + inserted.length } });
    text = text.slice(0, at) + inserted + text.slice(at + removed);
    const next = parser.parse(text, tree)!;
    tree.free();
    tree = next;
    syntax = tree.toSyntaxTree(text, syntax);
    results.push(describe(syntax));
  }
  tree.free();
  const cells = ['import sagemaker\n', 'x = (1,\n', 'def f():\n    return x\n'];
  const parts = [];
  let start = 0;
  for (const cell of cells) {
    parts.push({ tree: parser.parse(cell)!, start, length: cell.length });
    start += cell.length;
  }
  results.push(describe(parser.joinParts(cells.join(''), parts)));
  for (const part of parts) part.tree.free();
  return results;
}

test('the same trees for reconversions after edits and for notebook cells joined into one module', () => {
  assert.deepEqual(edited(true), edited(false));
});
