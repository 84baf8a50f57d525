/**
 * reparseStatements (parse/wasmParser.ts): the top-level statements an edit touches, parsed on their own
 * and put in place of the old ones, must give exactly the tree a parse of the whole text gives, or
 * nothing (the caller then parses the whole text).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { SyntaxTree } from '../../server/src/parse/syntaxNode';
import { treeShape } from '../helpers/treeShape';
import { pipelineModule } from '../../bench/corpus.mjs';
import { DocumentState } from '../../server/src/lsp/documents';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { LineIndex } from '../../server/src/text/lineIndex';

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create();
});

function fresh(text: string): SyntaxTree {
  const parsed = parser.parse(text)!;
  try {
    return parsed.toSyntaxTree(text);
  } finally {
    parsed.free();
  }
}

/**
 * Replaces [start, end) of `text` by `inserted` and reparses the statements it touches from `tree`.
 * Returns the new text and tree (the statements' tree when it was made, else a fresh one) and whether
 * the statements were reparsed; the statements' tree must equal a fresh parse's.
 */
function edit(text: string, tree: SyntaxTree, start: number, end: number, inserted: string): { text: string; tree: SyntaxTree; reparsed: boolean } {
  const after = text.slice(0, start) + inserted + text.slice(end);
  const expected = fresh(after);
  const reparsed = parser.reparseStatements(tree, after, { start, oldEnd: end, newEnd: start + inserted.length });
  if (!reparsed) return { text: after, tree: expected, reparsed: false };
  assert.deepEqual(treeShape(reparsed), treeShape(expected), `reparsed statements after replacing [${start}, ${end}) by ${JSON.stringify(inserted)}:\n${after}`);
  return { text: after, tree: reparsed, reparsed: true };
}

const SNIPPETS = [
  '', 'x', ' ', '\n', '\t', '(', ')', '[', ']', '"', "'", '"""', '#', '# note\n', ':', ',', '.', '+', '\\', '\\\n', '@dec\n', 'else:\n    pass\n',
  'elif y:\n    pass\n', 'except E:\n    pass\n', 'finally:\n    pass\n', '    ', '\n    # indented note\n', '\n# note\n', 'if x:\n    pass\n',
  'def g():\n    return 1\n', 'print(bucket_1)', 'bucket_0', 'lambda: 0', '\r', '\r\n', 'case 1:\n    pass\n', '"""doc\n', "f'{x}'", 'é', '😀',
];

test('differential: statements reparsed on their own equal a parse of the whole text (fast-check)', () => {
  const bases = [
    pipelineModule(5, 120),
    pipelineModule(6, 80, { v3: true, mistakes: 0.5 }).replace(/\n/g, '\r\n'),
    'import os\n\nclass A:\n    def f(self):\n        if x:\n            y = 1\n        else:\n            y = 2\n        return y\n    # end of A\n\n@dec\ndef g(a,\n      b):\n    try:\n        pass\n    except E:\n        pass\n\n# about h\nh = [1,\n     2]\nif a:\n    b = 1\n# after if\nelse_ = 3\nwhile c:\n    break\nz = """\ntext\n"""\nlast = 1\n',
  ];
  let reparsed = 0;
  let edits = 0;
  fc.assert(
    fc.property(
      fc.constantFrom(...bases),
      fc.array(
        fc.record({
          at: fc.nat(1_000_000),
          // Mostly typing and deleting a character or two (edits that keep the module clean, as typing mostly
          // does), and edits that break it, open and close brackets and strings, add clauses and comments.
          length: fc.oneof({ arbitrary: fc.constantFrom(0, 1), weight: 3 }, { arbitrary: fc.nat(30), weight: 1 }),
          text: fc.oneof({ arbitrary: fc.constantFrom('x', '_', '1', 'ab', ' ', ''), weight: 3 }, { arbitrary: fc.constantFrom(...SNIPPETS), weight: 2 }, { arbitrary: fc.string({ maxLength: 5 }), weight: 1 }),
        }),
        { minLength: 1, maxLength: 15 },
      ),
      (base, steps) => {
        let text = base;
        let tree = fresh(text);
        for (const step of steps) {
          // Anywhere in the text (fast-check's doubles gather at 0, where the module's first statement is).
          const start = step.at % (text.length + 1);
          const end = Math.min(text.length, start + step.length);
          const next = edit(text, tree, start, end, step.text);
          edits++;
          if (next.reparsed) reparsed++;
          // Half the edits that break the module are undone, so that runs of edits to a clean module stay common.
          if (!next.reparsed && next.tree.root.containsError && step.at % 2 === 0) continue;
          ({ text, tree } = next);
        }
      },
    ),
    { numRuns: Number(process.env.SAGELINT_SOAK === '1' ? 2000 : 200), seed: Number(process.env.SAGELINT_DIFF_SEED ?? process.env.SAGELINT_SEED ?? 21) },
  );
  // Not vacuous: a good part of the random edits took the statements' way.
  assert.ok(reparsed > edits / 10, `${reparsed} of ${edits} edits reparsed their statements alone`);
});

test('typing in the middle of a module reparses only the statement typed in, and keeps every other statement', () => {
  let text = pipelineModule(2, 300);
  let tree = fresh(text);
  const at = text.indexOf('code="preprocess_', text.length / 2) + 'code="preprocess_'.length;
  const before = tree.root.children.filter((child) => child.end < at);
  const after = tree.root.children.filter((child) => child.start > at + 1);
  const inserted = edit(text, tree, at, at, 'x');
  assert.ok(inserted.reparsed);
  ({ text, tree } = inserted);
  for (const child of before) assert.ok(tree.root.children.includes(child), 'a statement before the edit is the same node');
  for (const child of after) assert.ok(tree.root.children.includes(child), 'a statement after the edit is the same node, moved');
  const removed = edit(text, tree, at, at + 1, '');
  assert.ok(removed.reparsed);
});

test('edits whose statements would not parse alone as in the module are left to the whole parse', () => {
  const text = 'import os\nif a:\n    b = 1\nx = 1\n\ny = 2\nz = 3\n';
  const tree = () => fresh(text);
  const at = (needle: string) => text.indexOf(needle);
  const cases: [string, number, number, string][] = [
    // `x = 1` becomes a clause of the `if` before it.
    ['else joins the if before it', at('x = 1'), at('x = 1') + 5, 'else:\n    pass'],
    // A comment at the start of the run: the `if` block would end elsewhere.
    ['a comment where the run starts', at('x = 1'), at('x = 1'), '# note\n'],
    // Indentation at the start of the run: the line belongs to the block before it.
    ['indentation where the run starts', at('x = 1'), at('x = 1'), '    '],
    // An open bracket runs into the statements after it.
    ['an unclosed bracket', at('x = 1') + 4, at('x = 1') + 4, '('],
    // A string opened and closed only by the statements after it.
    ['an unclosed string', at('y = 2') + 4, at('y = 2') + 4, '"""'],
    // A line continuation at the end of the run joins the next statement.
    ['a line continuation at the end', at('x = 1') + 5, at('x = 1') + 5, ' \\'],
    // The module's first and last statements give the module its range.
    ['the first statement', 0, 0, '#'],
    ['the last statement', at('z = 3') + 4, at('z = 3') + 5, '4'],
  ];
  for (const [why, start, end, inserted] of cases) {
    const after = text.slice(0, start) + inserted + text.slice(end);
    const reparsed = parser.reparseStatements(tree(), after, { start, oldEnd: end, newEnd: start + inserted.length });
    if (reparsed) assert.deepEqual(treeShape(reparsed), treeShape(fresh(after)), why);
    else assert.equal(reparsed, undefined, why);
  }
  // These would differ if parsed alone: they must not be.
  const mustRefuse = ['else joins the if before it', 'a comment where the run starts', 'indentation where the run starts', 'the first statement', 'the last statement'];
  for (const [why, start, end, inserted] of cases.filter(([why]) => mustRefuse.includes(why))) {
    const after = text.slice(0, start) + inserted + text.slice(end);
    assert.equal(parser.reparseStatements(tree(), after, { start, oldEnd: end, newEnd: start + inserted.length }), undefined, why);
  }
});

test('comments after a compound statement are reparsed with it: they belong to its block', () => {
  const text = 'import os\ndef f():\n    pass\n    # inside f\n# after f\ny = 2\nz = 3\n';
  const start = text.indexOf('pass');
  const result = edit(text, fresh(text), start, start + 4, 'return 1');
  assert.ok(result.reparsed);
  // A statement that becomes a compound one takes the indented comment after it into its block.
  const simple = 'import os\nx = 1\n    # indented\n# at the margin\ny = 2\nz = 3\n';
  const at = simple.indexOf('x = 1');
  const compound = edit(simple, fresh(simple), at, at + 5, 'if x:\n    pass');
  assert.ok(compound.reparsed);
  assert.deepEqual(compound.tree.root.children.map((child) => child.type), ['import_statement', 'if_statement', 'comment', 'expression_statement', 'expression_statement']);
  assert.equal(compound.tree.root.children[1].children.at(-1)!.children.at(-1)!.type, 'comment', 'the indented comment is in the block');
});

test('a compound statement followed by blank lines, comments and tabs ends where a parse of the whole text ends it', () => {
  const text = 'import os\nclass A:\n    def f(self):\n        return 1\n\n\n    # in A\n\t\n\n# after A\n\ny = 2\nz = 3\n';
  for (const [needle, inserted] of [['return 1', 'return 2'], ['def f', 'def g'], ['class A', 'class B'], ['return 1', 'pass\n        if x:\n            pass']] as const) {
    const start = text.indexOf(needle);
    assert.ok(edit(text, fresh(text), start, start + needle.length, inserted).reparsed, `${needle} → ${inserted}`);
  }
});

/** The findings of a document's current version, as the server would publish them. */
function findings(state: DocumentState): string[] {
  const outcome = state.analysis(parser, DEFAULT_SETTINGS);
  if (outcome.kind !== 'analyzed') return [`skipped:${outcome.reason}`];
  return outcome.analysis.findings.map((f) => `${f.start}-${f.end} ${f.code} ${f.message}`);
}

test('differential: typing anywhere in a module through DocumentState, analysed after each edit or a burst, equals a fresh analysis (fast-check)', () => {
  const bases = [pipelineModule(3, 40), pipelineModule(4, 30, { v3: true, mistakes: 0.6 }), pipelineModule(5, 30, { mistakes: 0.4 }).replace(/\n/g, '\r\n')];
  fc.assert(
    fc.property(
      fc.constantFrom(...bases),
      fc.array(
        fc.record({
          at: fc.nat(1_000_000),
          length: fc.oneof({ arbitrary: fc.constantFrom(0, 1), weight: 4 }, { arbitrary: fc.nat(20), weight: 1 }),
          text: fc.oneof({ arbitrary: fc.constantFrom('x', '_', '1', ' ', '', '.', 'step_train_0', 'sagemaker'), weight: 4 }, { arbitrary: fc.constantFrom(...SNIPPETS), weight: 1 }),
          analyse: fc.nat(3),
        }),
        { minLength: 1, maxLength: 12 },
      ),
      (base, steps) => {
        const state = new DocumentState('file:///d.py', 1, base);
        findings(state);
        let text = base;
        for (const step of steps) {
          const lines = new LineIndex(text);
          const start = step.at % (text.length + 1);
          const end = Math.min(text.length, start + step.length);
          const range = { start: lines.positionAt(start), end: lines.positionAt(end) };
          // The text as an editor would have it: the positions mapped back to offsets (inside a \r\n, a
          // position is at the end of its line).
          const from = lines.offsetAt(range.start);
          text = text.slice(0, from) + step.text + text.slice(Math.max(from, lines.offsetAt(range.end)));
          state.applyChange({ range, text: step.text });
          state.version++;
          // Most edits are analysed at once (one change since the analysis), some in bursts of several.
          if (step.analyse > 0) assert.deepEqual(findings(state), findings(new DocumentState('file:///fresh.py', 1, text)));
        }
        assert.deepEqual(findings(state), findings(new DocumentState('file:///fresh.py', 1, text)));
        state.dispose();
      },
    ),
    { numRuns: Number(process.env.SAGELINT_SOAK === '1' ? 400 : 40), seed: Number(process.env.SAGELINT_DIFF_SEED ?? process.env.SAGELINT_SEED ?? 22) },
  );
});

test('a failure while reparsing the statements leaves the analysis to a fresh parse of the whole text', () => {
  const base = pipelineModule(2, 20);
  const state = new DocumentState('file:///d.py', 1, base);
  findings(state);
  const at = base.indexOf('code="preprocess_', base.length / 2) + 'code="preprocess_'.length;
  const lines = new LineIndex(base);
  state.applyChange({ range: { start: lines.positionAt(at), end: lines.positionAt(at) }, text: 'x' });
  state.version++;
  // The statements' way fails after taking part of the previous tree over.
  const failing = Object.create(parser) as WasmPythonParser;
  failing.reparseStatements = (previous, text, change) => {
    parser.reparseStatements(previous, text, change);
    throw new Error('on purpose');
  };
  const outcome = state.analysis(failing, DEFAULT_SETTINGS);
  assert.equal(outcome.kind, 'analyzed');
  const text = base.slice(0, at) + 'x' + base.slice(at);
  assert.deepEqual(findings(state), findings(new DocumentState('file:///fresh.py', 1, text)));
  state.dispose();
});
