// The parser's floor: bare web-tree-sitter (the same package and grammar the server uses, without
// anything of sagelint) parsing the same texts and applying the same edits as the LSP benchmark, in the
// benchmark's own process. Ratios against these travel between machines; absolute times do not.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export async function bareParser() {
  await Parser.init();
  const language = await Language.load(path.join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** Offsets of line starts (\n line breaks, as the generated documents have). */
export function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The tree-sitter point (0-based row and column) of an offset; run.mjs makes LSP positions of it. */
export function pointAt(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { row: lo, column: offset - starts[lo] };
}

/**
 * Time (ms) of the first parse of `text` in a fresh Node process, once web-tree-sitter and the grammar
 * are loaded: what a cold parser costs before V8 has optimised its wasm code (Node does not cache
 * compiled wasm). A cold server's first analysis starts from this, so the benchmark prints it next to the
 * cold rows. Median of `runs` processes.
 */
export function coldFullParseMs(text, runs = 5) {
  const script = `
    import { Language, Parser } from 'web-tree-sitter';
    import fs from 'node:fs';
    const text = fs.readFileSync(0, 'utf8');
    await Parser.init();
    const parser = new Parser();
    parser.setLanguage(await Language.load(${JSON.stringify(path.join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm'))}));
    const t0 = performance.now();
    parser.parse(text).delete();
    process.stdout.write(String(performance.now() - t0));`;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input: text, encoding: 'utf8', cwd: root });
    if (result.status !== 0) throw new Error(`cold parse failed: ${result.stderr}`);
    times.push(Number(result.stdout));
  }
  return times.sort((a, b) => a - b)[Math.floor((runs - 1) / 2)];
}

/** Median time (ms) of a full parse of `text`, after one warm-up parse. */
export function fullParseMs(parser, text, runs = 7) {
  parser.parse(text).delete();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const tree = parser.parse(text);
    times.push(performance.now() - t0);
    tree.delete();
  }
  return times.sort((a, b) => a - b)[Math.floor((runs - 1) / 2)];
}

/**
 * Replays text edits ({ start, end, text } offsets) as tree.edit + incremental parse of the new text, as
 * an editor-side parser would; returns the time of each incremental parse (ms).
 */
export function incrementalReparseMs(parser, text, edits) {
  let tree = parser.parse(text);
  const times = [];
  for (const edit of edits) {
    const before = lineStarts(text);
    const next = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    const after = lineStarts(next);
    tree.edit({
      startIndex: edit.start,
      oldEndIndex: edit.end,
      newEndIndex: edit.start + edit.text.length,
      startPosition: pointAt(before, edit.start),
      oldEndPosition: pointAt(before, edit.end),
      newEndPosition: pointAt(after, edit.start + edit.text.length),
    });
    const t0 = performance.now();
    const reparsed = parser.parse(next, tree);
    times.push(performance.now() - t0);
    tree.delete();
    tree = reparsed;
    text = next;
  }
  tree.delete();
  return times;
}
