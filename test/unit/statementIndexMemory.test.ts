import { before, test } from 'node:test';
import v8 from 'node:v8';
import assert from 'node:assert/strict';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { SyntaxNode, SyntaxTree, walk } from '../../server/src/parse/syntaxNode';
import { StatementIndex, callsLastFirst, statementIndex } from '../../server/src/semantic/statementIndex';
import { IdleCollector } from '../../server/src/lsp/idleCollector';
import { buildScopes } from '../../server/src/semantic/scopes';

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create();
});

function treeOf(text: string): SyntaxTree {
  const parsed = parser.parse(text)!;
  const tree = parsed.toSyntaxTree(text);
  parsed.free();
  return tree;
}

const indexOf = (tree: SyntaxTree, statement: SyntaxNode): StatementIndex => statementIndex(statement, (node) => tree.textOf(node));

// Statement indexes are kept as long as their statements are unchanged: 20,000 of them for a 50,000-line
// module. One of a statement without calls or attribute uses held six collections (three arrays, two Maps,
// a Set), about 900 bytes; the empty ones are shared and the counts read from the identifier lists. The
// identifiers by name took 430 bytes as a Map of lists; as a flat array of names and nodes, about 300.
test('a statement index of a plain assignment keeps no collections of its own beyond its identifiers', () => {
  const count = 20_000;
  const tree = treeOf(Array.from({ length: count }, (_, i) => `value_${i} = ${i}\n`).join(''));
  const statements = tree.root.children;
  assert.equal(statements.length, count);
  const collector = new IdleCollector(20, 0);
  collector.collectNow();
  const before = v8.getHeapStatistics().used_heap_size;
  const indexes = statements.map((statement) => indexOf(tree, statement));
  collector.collectNow();
  const perStatement = (v8.getHeapStatistics().used_heap_size - before) / count;
  assert.equal(indexes.length, count);
  assert.ok(perStatement < 350, `${perStatement.toFixed(0)} bytes per statement index`);
  collector.dispose();
});

test('a statement index counts every identifier, those in error regions too, and lists those outside them', () => {
  const tree = treeOf([
    'a = b(c, d=a.e) + b(f(g()))',
    'x.add_depends_on([y])',
    'p += q[r]',
    'h = (i + ',
    'k = 1',
    // More names than a flat array holds: a Map of the same.
    'z = [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a1, a2(a3), z]',
  ].join('\n') + '\n');
  for (const statement of tree.root.children) {
    const index = indexOf(tree, statement);
    const counts = new Map<string, number>();
    const listed = new Map<string, number>();
    for (const node of walk(statement)) {
      if (node.type !== 'identifier') continue;
      const name = tree.textOf(node);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      if (!node.broken) listed.set(name, (listed.get(name) ?? 0) + 1);
    }
    const label = tree.textOf(statement);
    assert.deepEqual(new Map(index.counts), counts, label);
    assert.deepEqual([...index.counts.keys()].sort(), [...counts.keys()].sort(), label);
    for (const [name, n] of counts) assert.equal(index.counts.get(name), n, `${label}: ${name}`);
    assert.deepEqual(new Map([...index.identifiers].map(([name, list]) => [name, list.length])), listed, label);

  }
  const [first, second, third, broken] = tree.root.children.map((statement) => indexOf(tree, statement));
  assert.equal(first.calls.length, 4);
  assert.notDeepEqual(callsLastFirst(first), first.calls);
  assert.equal(second.addDependsOnCalls.length, 1);
  assert.deepEqual([...third.mutated].sort(), ['p', 'q']);
  assert.ok(tree.root.children[3].containsError);
  assert.ok(broken.counts.size > 0);
});

// A top-level statement keeps its part of the scope tree (the scopes it opens, the module-level names it
// binds, its star imports) for as long as it is unchanged: 15,800 parts in a 50,000-line module. A plain
// assignment opens no scope and imports nothing: its part shares the empty lists (it kept two empty
// arrays of its own, 64 bytes, 1 MB in all), and so does its binding, outside any block (two more). Its one
// name and list are held without a Map (a Map of one entry takes about 180 bytes).
test('the scope tree part of a plain assignment keeps no empty lists nor a map of its own', () => {
  const count = 20_000;
  const tree = treeOf(Array.from({ length: count }, (_, i) => `value_${i} = ${i}\n`).join(''));
  const collector = new IdleCollector(20, 0);
  // Once before measuring: the code compiled on a first run is on the heap too.
  buildScopes(treeOf('warm_up = 1\n'));
  collector.collectNow();
  const before = v8.getHeapStatistics().used_heap_size;
  const scopes = buildScopes(tree);
  collector.collectNow();
  const perStatement = (v8.getHeapStatistics().used_heap_size - before) / count;
  assert.equal(scopes.module.definitions.size, count);
  // About 400 bytes (the part, its one name, the definition, the module's entry for it); 540 with a Map for
  // its one name, 600 with the binding's empty lists of blocks too, 670 with the part's empty lists too.
  assert.ok(perStatement < 460, `${perStatement.toFixed(0)} bytes per statement`);
  collector.dispose();
});
