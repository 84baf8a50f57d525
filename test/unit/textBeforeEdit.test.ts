import { before, test } from 'node:test';
import v8 from 'node:v8';
import assert from 'node:assert/strict';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { ParserTree } from '../../server/src/parse/parser';
import { SyntaxTree } from '../../server/src/parse/syntaxNode';
import { LineIndex } from '../../server/src/text/lineIndex';
import { IdleCollector } from '../../server/src/lsp/idleCollector';

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create({ timeLimitMs: 120_000 });
});

/** `parsed` (of `text`) told about the edit and reparsed from it (and freed): the new text and parser tree. */
function reparse(parsed: ParserTree, text: string, at: number, removed: number, inserted: string, after = text.slice(0, at) + inserted + text.slice(at + removed)): { text: string; parsed: ParserTree } {
  const point = (lines: LineIndex, offset: number) => {
    const { line, character } = lines.positionAt(offset);
    return { row: line, column: character };
  };
  const lines = new LineIndex(text);
  parsed.edit({ startIndex: at, oldEndIndex: at + removed, newEndIndex: at + inserted.length, startPosition: point(lines, at), oldEndPosition: point(lines, at + removed), newEndPosition: point(new LineIndex(after), at + inserted.length) });
  const next = parser.parse(after, parsed)!;
  parsed.free();
  return { text: after, parsed: next };
}

// A statement changed by one edit and changed back by the next is the statement converted before the
// first: the conversion after the first edit keeps the replaced statements spare, with the text they had,
// and the second edit's conversion finds this one among them by its text. That text runs across the
// unchanged start, the part the first edit replaced and the unchanged end, which is all the spare
// statements keep of the text before it.
test('a statement edited and edited back is the one converted before the first edit (its text read across what that edit replaced)', () => {
  const text = 'import sagemaker\nsession = sagemaker.Session()\nresult = compute(first_argument, second_argument)\nprint(result)\n';
  const parsed = parser.parse(text)!;
  const original = parsed.toSyntaxTree(text);
  const [, , call] = original.root.children;
  assert.equal(original.textOf(call), 'result = compute(first_argument, second_argument)');
  const at = text.indexOf('first_argument');
  const removed = 'first_argument, second'.length;
  const once = reparse(parsed, text, at, removed, 'other');
  const changed = once.parsed.toSyntaxTree(once.text, original);
  assert.ok(!changed.root.children.includes(call));
  const back = reparse(once.parsed, once.text, at, 'other'.length, 'first_argument, second');
  assert.equal(back.text, text);
  const restored = back.parsed.toSyntaxTree(back.text, changed);
  back.parsed.free();
  assert.ok(restored.root.children.includes(call), 'the statement converted before the first edit is taken over');
  assert.equal(restored.textOf(call), 'result = compute(first_argument, second_argument)');
  assert.equal(restored.root.children.length, 4);
});

const usedMB = () => v8.getHeapStatistics().used_heap_size / (1024 * 1024);

// An open document's tree and parser tree live until its next edit. Each of them kept the whole text
// before the edit that made it (the parser tree to compare its edits with the conversion's, the conversion
// for the statements it did not take, kept spare): a second copy of the document for as long as it stayed
// open, 2.3 MB for a 50,000-line module.
test('a tree reparsed and converted after an edit keeps no copy of the text before the edit', () => {
  // Long string literals: 8 MB of text in 2,000 lines, a few ten thousand nodes. (Not comments: tree-sitter
  // takes seconds to parse long comment lines.)
  const lineOf = (i: number, extra = '') => `v${String(i).padStart(6, '0')}${extra} = "${'x'.repeat(4000)}"\n`;
  const textOf = (extra: string) => ['import sagemaker\n', ...Array.from({ length: 2000 }, (_, i) => lineOf(i, i === 1000 ? extra : ''))].join('');
  const collector = new IdleCollector(20, 0);
  const after = textOf('y');
  const edited = (): { parsed: ParserTree; tree: SyntaxTree } => {
    const text = textOf('');
    const parsed = parser.parse(text)!;
    const tree = parsed.toSyntaxTree(text);
    const at = text.indexOf(lineOf(1000)) + 7;
    const next = reparse(parsed, text, at, 0, 'y', after);
    assert.equal(next.text, after);
    return { parsed: next.parsed, tree: next.parsed.toSyntaxTree(after, tree) };
  };
  // Once before measuring: the optimising compiler may hold on to what a conversion's first run walked
  // (its cursor, and through it the text) while it compiles the conversion.
  edited().parsed.free();
  let kept: { parsed: ParserTree; tree: SyntaxTree } | undefined = edited();
  collector.collectNow();
  const withTrees = usedMB();
  assert.ok(kept.tree.root.children.length > 2000);
  kept.parsed.free();
  kept = undefined;
  collector.collectNow();
  const without = usedMB();
  // The trees' nodes take a few hundred kilobytes; the text before the edit would be 8 MB more.
  assert.ok(withTrees - without < 2, `the trees kept ${(withTrees - without).toFixed(1)} MB`);
  collector.dispose();
});

// What the conversion after an edit keeps spare of the tree before it (for an edit that comes back to
// it) is found when asked for by a walk of that tree, skipping the statements taken over. It kept the set
// of those taken to skip them, about 650 KB for a module of 20,000 statements, for as long as the new
// tree lived; a node taken over tells by its parent, which is in the newer tree.
test('a tree converted after an edit keeps no set of the statements it took over from the tree before', () => {
  const statements = 20_000;
  const text = Array.from({ length: statements }, (_, i) => `value_${i} = ${i}\n`).join('');
  const at = text.indexOf(`value_${statements / 2} =`);
  const after = `${text.slice(0, at)}x${text.slice(at)}`;
  const collector = new IdleCollector(20, 0);
  /** Heap held by the tree `convert` returns (with what it keeps beside it), and the tree. */
  const heldBy = (convert: () => { tree: SyntaxTree; parsed: ParserTree }): { mb: number; tree: SyntaxTree } => {
    collector.collectNow();
    const before = usedMB();
    const { tree, parsed } = convert();
    parsed.free();
    collector.collectNow();
    return { mb: usedMB() - before, tree };
  };
  const reconvert = () => {
    const parsed = parser.parse(text)!;
    const previous = parsed.toSyntaxTree(text);
    const next = reparse(parsed, text, at, 0, 'x', after);
    return { tree: next.parsed.toSyntaxTree(after, previous), parsed: next.parsed };
  };
  const convert = () => {
    const parsed = parser.parse(after)!;
    return { tree: parsed.toSyntaxTree(after), parsed };
  };
  // Each once before measuring: the code compiled on a first run is on the heap too.
  heldBy(reconvert);
  heldBy(convert);
  // The median of five measurements each. A single one can be off either way on a loaded machine: too
  // high when the optimising compiler puts code on the heap meanwhile, too low when garbage of the run
  // before it (a tree, some megabytes) was still held while its `before` was read. The least of three
  // took such a low one for the fresh conversion once (the test then read 11 MB "more" at load 25).
  const medianOf = (convert: () => { tree: SyntaxTree; parsed: ParserTree }): { mb: number; tree: SyntaxTree } => {
    const runs = Array.from({ length: 5 }, () => heldBy(convert));
    return runs.sort((a, b) => a.mb - b.mb)[2];
  };
  const reconverted = medianOf(reconvert);
  const fresh = medianOf(convert);
  assert.equal(reconverted.tree.root.children.length, statements);
  assert.equal(fresh.tree.root.children.length, statements);
  // The same nodes either way; beside them, the spare statements' walk keeps the tree before's root and
  // its list of statements (160 KB) and the statement the edit replaced. Keeping the set took 1,057 KB more.
  const extra = reconverted.mb - fresh.mb;
  assert.ok(extra < 0.75, `${(extra * 1024).toFixed(0)} KB more than a fresh conversion`);
  collector.dispose();
});
