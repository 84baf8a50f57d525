/**
 * Differential tests: random edit sequences applied incrementally (DocumentState: tree.edit + incremental
 * reparse) must give exactly the diagnostics of a fresh full parse of the final text. Once through the
 * real protocol too.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pathToFileURL } from 'node:url';
import { DocumentState } from '../../server/src/lsp/documents';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { LineIndex } from '../../server/src/text/lineIndex';
import { SyntaxNode } from '../../server/src/parse/syntaxNode';
import { treeShape } from '../helpers/treeShape';
import { ScopeTree, buildScopes, buildScopesByWalk } from '../../server/src/semantic/scopes';
import { aroundEdit } from '../../server/src/analysis/analyze';
import { pipelineModule, prng } from '../../bench/corpus.mjs';
import { ProtocolClient, key } from '../protocol/client';

/** The server as the reliability tests run it: a 2 GB heap, and 30 s default waits. */
const start = (settings?: unknown) => ProtocolClient.start({ settings, nodeArgs: ['--max-old-space-size=2048'], timeout: 30_000 });

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create();
});

const SNIPPETS = [
  '', 'x', ' ', '\n', '\r\n', '\r', '\t', '(', ')', '[', ']', '"', "'", '"""', '#', ':', ',', '.', '+', '\\',
  'bucket_0', 'print(bucket_1)', '"s3://" + bucket_0', 'if use_gpu_0:\n    pass\n', 'sagemaker', 'import sagemaker\n',
  '.properties.TrainingJobname', 'ml.m5.xlarg', 'def f(:\n', '😀', 'é', '\u0000', '    ', 'step_train_0.properties',
  'from sagemaker.workflow.parameters import ParameterString\n', 'p = ParameterString(name="P")\nprint(p)\n',
];

interface Edit { at: number; length: number; text: string; analyse: boolean }
const editArb = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.nat(40), text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 6, unit: 'binary' })), analyse: fc.boolean() });

type Finding = { code: string; start: number; end: number; message: string };
const summary = (s: DocumentState): string[] => {
  const outcome = s.analysis(parser, DEFAULT_SETTINGS);
  if (outcome.kind !== 'analyzed') return [`skipped:${outcome.reason}`];
  return outcome.analysis.findings.map((f: Finding) => `${f.start}-${f.end} ${f.code} ${f.message}`);
};

/** Applies `edits` to `base` through DocumentState and checks against a fresh parse; returns the final text. */
function check(base: string, edits: readonly Edit[]): void {
  const state = new DocumentState('file:///d.py', 1, base);
  summary(state); // parse once so that every later parse is incremental
  let text = base;
  let version = 1;
  for (const edit of edits) {
    const lines = new LineIndex(text);
    const start = Math.floor(edit.at * text.length);
    const startPos = lines.positionAt(start);
    const endPos = lines.positionAt(Math.min(text.length, start + edit.length));
    // The text as an editor would have it: LSP positions mapped back to offsets.
    const s = lines.offsetAt(startPos);
    const e = Math.max(s, lines.offsetAt(endPos));
    text = text.slice(0, s) + edit.text + text.slice(e);
    state.applyChange({ range: { start: startPos, end: endPos }, text: edit.text });
    state.version = ++version;
    assert.equal(state.text, text);
    if (edit.analyse) summary(state);
  }
  const fresh = new DocumentState('file:///fresh.py', 1, text);
  assert.deepEqual(summary(state), summary(fresh));
  state.dispose();
  fresh.dispose();
}

test('differential: incremental edits through DocumentState equal a fresh parse (fast-check)', () => {
  const bases = [pipelineModule(1, 120), pipelineModule(2, 120, { v3: true }), pipelineModule(3, 60, { mistakes: 0.8 }).replace(/\n/g, '\r\n')];
  const t0 = performance.now();
  fc.assert(
    fc.property(fc.constantFrom(...bases), fc.array(editArb, { minLength: 1, maxLength: 25 }), (base, edits) => check(base, edits)),
    { numRuns: Number(process.env.SAGELINT_SOAK === '1' ? 2000 : 120), seed: Number(process.env.SAGELINT_SEED ?? 9) },
  );
  console.log(`  differential (DocumentState): ${(performance.now() - t0).toFixed(0)} ms`);
});

/** Every scope of a scope tree as one line: its node, parent, names (global, nonlocal, star imports) and bindings with their offsets. */
function scopeShape(scopes: ScopeTree): string[] {
  const all = [...scopes.allScopes()];
  const at = (node: SyntaxNode | undefined) => (node ? `${node.type}@${node.start}-${node.end}` : '-');
  return all.map((scope) => {
    const definitions = [...scope.definitions].map(([name, list]) =>
      `${name}: ${list.map((d) => `${d.kind} ${at(d.target)} from ${d.visibleFrom} value ${at(d.value)} path ${d.path ?? '-'} if [${d.conditionalBlocks.map(at)}] loop [${d.loopBodies.map(at)}]`).join('; ')}`);
    assert.equal(scopes.scopeForNode(scope.node), scope);
    return `${scope.kind} ${at(scope.node)} parent ${scope.parent ? all.indexOf(scope.parent) : -1} global [${[...scope.globalNames]}] nonlocal [${[...scope.nonlocalNames]}] star [${scope.starImports}] ${definitions.join(' | ')}`;
  });
}

test('a statement moved elsewhere keeps its bindings and scopes, at its new offsets (scope parts taken over)', () => {
  const moved = 'def helper(a, b=1):\n    global total\n    total = [x for x in range(a)]\n    return lambda y: y + b\n';
  let text = `import sagemaker\nfrom sagemaker.workflow.parameters import *\ntotal = 0\n${moved}if total:\n    step = sagemaker.Session()\n`;
  const parsed = parser.parse(text)!;
  const first = parsed.toSyntaxTree(text);
  buildScopes(first);
  const helper = first.root.children.find((c) => c.type === 'function_definition')!;
  // Cut the function and paste it at the end: a fresh parse, converted with the first tree as previous.
  text = text.replace(moved, '') + moved;
  const reparsed = parser.parse(text)!;
  const second = reparsed.toSyntaxTree(text, first);
  assert.ok(second.root.children.includes(helper), 'the function is the same node, moved');
  const fresh = parser.parse(text)!;
  assert.deepEqual(scopeShape(buildScopes(second)), scopeShape(buildScopesByWalk(fresh.toSyntaxTree(text))));
  for (const p of [parsed, reparsed, fresh]) p.free();
});

test('differential: a tree converted with statements taken over from the previous tree equals a fresh conversion (fast-check)', () => {
  const bases = [pipelineModule(6, 150), pipelineModule(7, 100, { v3: true, mistakes: 0.5 }), 'class A:\n    def f(self):\n        if x:\n            y = 1\n        else:\n            y = 1\n        return y\n\ny = 1\ny = 1\n'];
  fc.assert(
    fc.property(fc.constantFrom(...bases), fc.array(editArb, { minLength: 1, maxLength: 12 }), (base, edits) => {
      let text = base;
      let parsed = parser.parse(text)!;
      let tree = parsed.toSyntaxTree(text);
      let scopes = buildScopes(tree);
      for (const edit of edits) {
        const start = Math.floor(edit.at * text.length);
        const end = Math.min(text.length, start + edit.length);
        const lines = new LineIndex(text);
        const startPosition = lines.positionAt(start);
        const oldEndPosition = lines.positionAt(end);
        text = text.slice(0, start) + edit.text + text.slice(end);
        const newEndPosition = new LineIndex(text).positionAt(start + edit.text.length);
        const point = (p: { line: number; character: number }) => ({ row: p.line, column: p.character });
        parsed.edit({ startIndex: start, oldEndIndex: end, newEndIndex: start + edit.text.length, startPosition: point(startPosition), oldEndPosition: point(oldEndPosition), newEndPosition: point(newEndPosition) });
        const next = parser.parse(text, parsed)!;
        parsed.free();
        parsed = next;
        const previousTree = tree;
        tree = parsed.toSyntaxTree(text, tree);
        const fresh = parser.parse(text)!;
        const freshTree = fresh.toSyntaxTree(text);
        assert.deepEqual(treeShape(tree), treeShape(freshTree));
        // Unchanged top-level statements keep what they bind (semantic/scopes.ts): the scope tree built
        // from those parts equals one built by one walk over the fresh tree.
        const walked = scopeShape(buildScopesByWalk(freshTree));
        assert.deepEqual(scopeShape(buildScopes(tree)), walked);
        // So does the scope tree updated from the one before by the statements the edit replaced.
        const around = aroundEdit(previousTree.root.children, tree.root.children);
        scopes = buildScopes(tree, around && { scopes, ...around });
        assert.deepEqual(scopeShape(scopes), walked);
        fresh.free();
      }
      parsed.free();
    }),
    { numRuns: 150, seed: Number(process.env.SAGELINT_SEED ?? 11) },
  );
});

// Typing inside a statement leaves every module-level binding where it was: the scope tree is then
// updated from the one before by the statements the edit replaced (semantic/scopes.ts). The random edits
// above rarely keep the bindings; these do, in statements with bindings, scopes and conditional blocks.
test('differential: typing inside statements updates the scope tree from the one before, equal to a fresh walk', () => {
  const random = prng(5);
  const sites = ['code="preprocess_', 'default_value=0.', 'raise RuntimeError(f"stage ', 'name="Prep', 'instance_count=count_'];
  const updated = typeAndUpdateScopes(pipelineModule(8, 400, { mistakes: 0.5 }), 60, 'sm_client', (text, i) => {
    const needle = sites[i % sites.length];
    const found: number[] = [];
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) found.push(at + needle.length);
    const at = found[random.int(found.length)];
    // Insert a character, or take back the one inserted there before.
    return i % 2 === 0 ? { at, removed: 0, inserted: '7' } : { at, removed: text[at] === '7' ? 1 : 0, inserted: '' };
  });
  assert.equal(updated, 60, 'every edit updated the scope tree');
});

// Typing inside a module-level block (`if __name__ == "__main__":` around a script): reconversion takes
// the block's unchanged statements over into the new `if` statement, so their old definitions must still
// be found as the replaced statement's (by identity, not by their top-level statement, which is now the
// new one): otherwise each keystroke kept the old definition beside the new one.
test('differential: typing inside a module-level block updates the scope tree without keeping the old bindings', () => {
  const text = 'import sagemaker\nif True:\n    sess = sagemaker.Session()\n    for i in range(3):\n        role = i\n    print(1)\n';
  const updated = typeAndUpdateScopes(
    text,
    8,
    'sagemaker',
    (current) => ({ at: current.indexOf('print(1') + 'print(1'.length, removed: 0, inserted: '2' }),
    (scopes, i) => assert.equal(scopes.module.definitions.get('sess')?.length, 1, `after edit ${i}: one binding of sess`),
  );
  assert.equal(updated, 8, 'every edit updated the scope tree');
});

// Lines appended at the end and removed again (the bench's end edits): the edit replaces no statement and
// adds or removes one. One that binds no module-level name (a comment, a call, even one opening a scope)
// leaves the module's bindings as they were, shared with the tree before; one that binds a name or makes a
// star import changes them, and must not share them.
test('differential: lines appended at the end and removed again update the scope tree; those binding no name share the module bindings', () => {
  const lines = [
    { line: '# a note\n', shares: true },
    { line: 'print(lambda value: value)\n', shares: true },
    { line: 'late_name = 1\n', shares: false },
    { line: 'session = None\n', shares: false },
    { line: 'from os.path import *\n', shares: false },
  ];
  let previous: ScopeTree | undefined;
  const updated = typeAndUpdateScopes(
    pipelineModule(8, 300),
    lines.length * 2,
    'sm_client',
    (text, i) => {
      const { line } = lines[i >> 1];
      return i % 2 === 0 ? { at: text.length, removed: 0, inserted: line } : { at: text.length - line.length, removed: line.length, inserted: '' };
    },
    (scopes, i) => {
      if (previous) assert.equal(scopes.module.definitions === previous.module.definitions, lines[i >> 1].shares, `edit ${i}: ${JSON.stringify(lines[i >> 1].line)} shares the bindings`);
      previous = scopes;
    },
  );
  assert.ok(updated >= 4, `the edits binding no name updated the scope tree (${updated})`);
});

/**
 * Makes `count` edits (editAt gives each from the current text), updating the scope tree from the one
 * before by the statements each replaced, and checks it against a fresh walk after every edit. Returns how
 * many edits updated the tree rather than built it again: those after which `unrebound` (a name no
 * replaced statement binds) kept its list, shared with the tree before.
 */
function typeAndUpdateScopes(
  start: string,
  count: number,
  unrebound: string,
  editAt: (text: string, i: number) => { at: number; removed: number; inserted: string },
  afterEach?: (scopes: ScopeTree, i: number) => void,
): number {
  let text = start;
  let parsed = parser.parse(text)!;
  let tree = parsed.toSyntaxTree(text);
  let scopes = buildScopes(tree);
  let updated = 0;
  for (let i = 0; i < count; i++) {
    const { at, removed, inserted } = editAt(text, i);
    const next = reparse(parsed, text, at, removed, inserted);
    parsed.free();
    ({ text, parsed } = next);
    const previousTree = tree;
    tree = parsed.toSyntaxTree(text, tree);
    const around = aroundEdit(previousTree.root.children, tree.root.children);
    assert.ok(around, 'statements before and after the edit were taken over');
    const before = scopes;
    scopes = buildScopes(tree, { scopes: before, ...around });
    if (scopes.module.definitions.get(unrebound) === before.module.definitions.get(unrebound)) updated++;
    afterEach?.(scopes, i);
    const fresh = parser.parse(text)!;
    assert.deepEqual(scopeShape(scopes), scopeShape(buildScopesByWalk(fresh.toSyntaxTree(text))), `after edit ${i} at ${at}`);
    fresh.free();
  }
  parsed.free();
  return updated;
}

/** Applies one edit to a parser tree and reparses: the text after it and the new parser tree. */
function reparse(parsed: ReturnType<WasmPythonParser['parse']> & object, text: string, at: number, removed: number, inserted: string) {
  const lines = new LineIndex(text);
  const point = (p: { line: number; character: number }) => ({ row: p.line, column: p.character });
  const after = text.slice(0, at) + inserted + text.slice(at + removed);
  parsed.edit({ startIndex: at, oldEndIndex: at + removed, newEndIndex: at + inserted.length, startPosition: point(lines.positionAt(at)), oldEndPosition: point(lines.positionAt(at + removed)), newEndPosition: point(new LineIndex(after).positionAt(at + inserted.length)) });
  return { text: after, parsed: parser.parse(after, parsed)! };
}

test('statements before and after an edit are taken over by position, with the edits told to the parser tree or by comparing the texts', () => {
  const text = pipelineModule(9, 300);
  const parsed = parser.parse(text)!;
  const first = parsed.toSyntaxTree(text);
  const statements = [...first.root.children];
  const texts = statements.map((s) => first.textOf(s));
  // A line typed in the middle: every other top-level statement is the same node, moved or not.
  const middle = statements[Math.floor(statements.length / 2)];
  const edited = reparse(parsed, text, middle.start, 0, 'x = 1\n');
  const second = edited.parsed.toSyntaxTree(edited.text, first);
  for (const [i, statement] of statements.entries()) {
    if (i === Math.floor(statements.length / 2)) continue;
    assert.ok(second.root.children.includes(statement), `statement ${i} taken over`);
    assert.equal(second.textOf(statement), texts[i]);
  }
  assert.deepEqual(treeShape(second), treeShape(parser.parse(edited.text)!.toSyntaxTree(edited.text)));
  // A fresh parse (no edits told): the texts are compared, with the same result.
  const third = parser.parse(text)!.toSyntaxTree(text, second);
  for (const [i, statement] of statements.entries()) assert.ok(third.root.children.includes(statement), `statement ${i} taken over again`);
  assert.deepEqual(treeShape(third), treeShape(parser.parse(text)!.toSyntaxTree(text)));
});

test('a statement matched by text is never one that holds a statement already taken by position (a node is in one place only)', () => {
  const text = 'def f():\n    a = 1\n    b = 2\n';
  const parsed = parser.parse(text)!;
  const first = parsed.toSyntaxTree(text);
  const f = first.root.children[0];
  // After `a = 1`: f is edited (its `a = 1` is taken by position), and a copy of the old f follows it.
  const edited = reparse(parsed, text, text.indexOf('    b = 2'), 0, '    c = 3\n    b = 2\ndef f():\n    a = 1\n');
  assert.equal(edited.text, 'def f():\n    a = 1\n    c = 3\n    b = 2\ndef f():\n    a = 1\n    b = 2\n');
  const second = edited.parsed.toSyntaxTree(edited.text, first);
  assert.ok(!second.root.children.includes(f), 'the old f holds a statement taken over in the new first f');
  assert.deepEqual(treeShape(second), treeShape(parser.parse(edited.text)!.toSyntaxTree(edited.text)));
});

test('deleting a typed ( takes the statements after it over from the tree before it (spare statements)', () => {
  let text = pipelineModule(8, 200);
  let parsed = parser.parse(text)!;
  const original = parsed.toSyntaxTree(text);
  const last = original.root.children[original.root.children.length - 1];
  const edit = (at: number, removed: number, inserted: string) => {
    const lines = new LineIndex(text);
    const point = (p: { line: number; character: number }) => ({ row: p.line, column: p.character });
    const startPosition = point(lines.positionAt(at));
    const oldEndPosition = point(lines.positionAt(at + removed));
    text = text.slice(0, at) + inserted + text.slice(at + removed);
    parsed.edit({ startIndex: at, oldEndIndex: at + removed, newEndIndex: at + inserted.length, startPosition, oldEndPosition, newEndPosition: point(new LineIndex(text).positionAt(at + inserted.length)) });
    const next = parser.parse(text, parsed)!;
    parsed.free();
    parsed = next;
  };
  const at = text.indexOf('print(');
  edit(at, 0, 'foo(');
  const broken = parsed.toSyntaxTree(text, original);
  assert.ok(!broken.root.children.includes(last), 'the unclosed ( swallows the last statement');
  edit(at, 4, '');
  const repaired = parsed.toSyntaxTree(text, broken);
  assert.ok(repaired.root.children.includes(last), 'the last statement is the one converted before the ( was typed');
  assert.equal(repaired.text.slice(last.start, last.end), original.text.slice(last.start, last.end));
  parsed.free();
});

test('differential: edits that turn a lone \\r into \\r\\n and back, next to the edit, equal a fresh parse', () => {
  const base = 'import sagemaker\rfrom sagemaker.workflow.parameters import ParameterString\rbucket = ParameterString(name="B")\rprint(bucket)\rx = 1\r';
  const state = new DocumentState('file:///cr.py', 1, base);
  summary(state);
  let text = base;
  const apply = (offset: number, removed: number, inserted: string) => {
    const lines = new LineIndex(text);
    state.applyChange({ range: { start: lines.positionAt(offset), end: lines.positionAt(offset + removed) }, text: inserted });
    text = text.slice(0, offset) + inserted + text.slice(offset + removed);
    state.version++;
    assert.equal(state.text, text);
    assert.deepEqual(summary(state), summary(new DocumentState('file:///fresh-cr.py', 1, text)), JSON.stringify(text));
  };
  const afterPrint = base.indexOf('print(bucket)') + 'print(bucket)'.length;
  apply(afterPrint + 1, 0, '\n'); // the \r before it stops being lone
  apply(afterPrint, 2, '\r'); // and lone again (an editor cannot address the middle of a \r\n)
  apply(text.indexOf('x = 1'), 0, 'y = 2\r'); // a line inserted right after a lone \r
  apply(text.indexOf('bucket ='), 0, '\n'); // a \n right after a lone \r
  assert.ok(summary(state).some((f) => f.includes('SM101')), 'the print(bucket) finding is there with lone \\r line breaks');
});

test('differential: typing a whole line character by character, then deleting it, equals a fresh parse', () => {
  const base = pipelineModule(4, 200);
  const line = 'bad = "s3://" + bucket_2 + step_train_1.properties.TrainingJobname  # typed\n';
  const at = base.indexOf('# ---- stage 3');
  const edits: Edit[] = [];
  // Each character goes at the end of what was typed so far: fractions would drift, so use exact offsets.
  const state = new DocumentState('file:///t.py', 1, base);
  summary(state);
  let text = base;
  for (let i = 0; i < line.length; i++) {
    const lines = new LineIndex(text);
    const pos = lines.positionAt(at + i);
    state.applyChange({ range: { start: pos, end: pos }, text: line[i] });
    text = text.slice(0, at + i) + line[i] + text.slice(at + i);
    state.version++;
    summary(state);
  }
  assert.deepEqual(summary(state), summary(new DocumentState('file:///f.py', 1, text)));
  for (let i = line.length - 1; i >= 0; i--) {
    const lines = new LineIndex(text);
    state.applyChange({ range: { start: lines.positionAt(at + i), end: lines.positionAt(at + i + 1) }, text: '' });
    text = text.slice(0, at + i) + text.slice(at + i + 1);
    state.version++;
    summary(state);
  }
  assert.equal(text, base);
  assert.deepEqual(summary(state), summary(new DocumentState('file:///g.py', 1, base)));
  void edits;
});

test('differential: random edits over the protocol end with the diagnostics of a fresh open', async () => {
  const client = await start();
  try {
    const r = prng(77);
    let text = pipelineModule(5, 300);
    const uri = pathToFileURL('/tmp/sagelint-diff/edited.py').href;
    await client.didOpen(uri, text);
    await client.diagnostics(uri, 1);
    let version = 1;
    for (let i = 0; i < 150; i++) {
      const lines = new LineIndex(text);
      const s = r.int(text.length + 1);
      const e = Math.min(text.length, s + (r.chance(0.5) ? 0 : r.int(30)));
      const insert = r.pick(SNIPPETS);
      const start = lines.positionAt(s);
      const end = lines.positionAt(e);
      const so = lines.offsetAt(start);
      text = text.slice(0, so) + insert + text.slice(Math.max(so, lines.offsetAt(end)));
      await client.didChange(uri, ++version, [{ range: { start, end }, text: insert }]);
      // Sometimes wait (every version analysed), sometimes not (edits coalesce).
      if (r.chance(0.3)) await client.diagnostics(uri, version);
    }
    const incremental = await client.diagnostics(uri, version);
    const freshUri = pathToFileURL('/tmp/sagelint-diff/fresh.py').href;
    await client.didOpen(freshUri, text);
    const fresh = await client.diagnostics(freshUri, 1);
    assert.deepEqual(incremental.map(key), fresh.map(key));
    // Versions are published in order: never an older one after a newer one.
    const versions = client.published(uri).map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  } finally {
    await client.dispose();
  }
});
