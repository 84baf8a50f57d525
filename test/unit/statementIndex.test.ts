/**
 * A top-level statement's index (semantic/statementIndex.ts) is built by one walk that visits children
 * last to first; its `calls` list must still be in the order of a walk that visits them first to last,
 * which the pipeline graph's step order follows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePython } from '../helpers/python';
import { SyntaxNode } from '../../server/src/parse/syntaxNode';
import { callsLastFirst, statementIndex } from '../../server/src/semantic/statementIndex';
import { pipelineModule } from '../../bench/corpus.mjs';

declare const SAGELINT_ROOT: string;

/** Calls outside error regions that hold no error, by a walk visiting children first to last (or last to first). */
function callsInWalk(statement: SyntaxNode, lastToFirst = false): SyntaxNode[] {
  const calls: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [statement];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.broken) continue;
    if (node.type === 'call' && !node.containsError) calls.push(node);
    const children = node.children;
    if (lastToFirst) for (const child of children) stack.push(child);
    else for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return calls;
}

test('calls are in first-to-last walk order, and callsLastFirst in last-to-first order', async () => {
  const texts = [
    'f(g(h(1), i()), j(k()))()(l())\nx = [a(b()) for c in d(e())] if m() else n(o(), p()(q()))\n',
    'def f():\n    return a(b(c()), d())\nclass C(D(e())):\n    x = f()(g())(h(i()))\n',
    'x = f(g(,\ny = h(i(j()), k())\n',
    pipelineModule(4, 600),
  ];
  const fixtures = path.join(SAGELINT_ROOT, 'test/fixtures/rules');
  for (const code of fs.readdirSync(fixtures).slice(0, 40)) {
    const dir = path.join(fixtures, code);
    if (fs.statSync(dir).isDirectory()) for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.py'))) texts.push(fs.readFileSync(path.join(dir, name), 'utf8'));
  }
  let compared = 0;
  for (const text of texts) {
    const tree = await parsePython(text);
    for (const statement of tree.root.children) {
      const index = statementIndex(statement, (node) => tree.textOf(node));
      const expected = callsInWalk(statement);
      assert.deepEqual(index.calls.map((c) => `${c.start}-${c.end}`), expected.map((c) => `${c.start}-${c.end}`));
      assert.ok(index.calls.every((c, i) => c === expected[i]));
      const lastFirst = callsInWalk(statement, true);
      assert.deepEqual(callsLastFirst(index).map((c) => `${c.start}-${c.end}`), lastFirst.map((c) => `${c.start}-${c.end}`));
      assert.ok(callsLastFirst(index).every((c, i) => c === lastFirst[i]));
      compared += expected.length;
    }
  }
  assert.ok(compared > 500, `${compared} calls compared`);
});
