/**
 * In-process half of the benchmark (bundled by bench/run.mjs): parse-only loop versus
 * parse + convert + analyze loop over the same files, so the ratio excludes process start and I/O.
 * Prints one JSON line.
 */
import fs from 'node:fs';
import { WasmPythonParser } from '../server/src/parse/wasmParser';
import { Analysis, analyze } from '../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../server/src/config/settings';
import { DocumentState } from '../server/src/lsp/documents';
import { LineIndex } from '../server/src/text/lineIndex';
import { apiModel, modelLoadMs } from '../server/src/api/model';
import { pipelineModule, prng } from './corpus.mjs';

/**
 * Where the server's time goes, stage by stage, for an open and for keystrokes at random positions
 * (insert a character, then delete it) on a generated pipeline module: what the protocol numbers are
 * made of. The stages are the ones DocumentState runs (incremental reparse, conversion taking unchanged
 * statements over from the previous tree, analysis: semantic model and rules), so they add up to a
 * keystroke; the same edits are also timed through DocumentState itself as a check. Medians in ms.
 */
async function stages(lineCount: number): Promise<Record<string, number>> {
  const parser = await WasmPythonParser.create();
  const start: string = pipelineModule(2, lineCount);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const random = prng(7);
  const edits: { at: number; removed: number; inserted: string }[] = [];
  for (let i = 0; i < (lineCount > 5000 ? 40 : 150); i++) {
    const at = random.int(start.length);
    edits.push({ at, removed: 0, inserted: random.pick(['x', ' ', '(', '"', '_', '1', '.']) }, { at, removed: 1, inserted: '' });
  }

  const keystroke = { parse: [] as number[], convert: [] as number[], analyze: [] as number[], sum: [] as number[] };
  // Each stage as DocumentState runs it (lsp/documents.ts): the line index updated by the edit, the
  // incremental reparse (again from scratch when it has a syntax error), the conversion taking unchanged
  // statements over from the previous tree, and the analysis reusing the previous analysis's findings
  // for the statements whose inputs did not change (recording what the next one may reuse).
  let text = start;
  let lines = new LineIndex(text);
  let tree = parser.parse(text)!;
  let analysis: Analysis | undefined = analyze(tree.toSyntaxTree(text), DEFAULT_SETTINGS, lines, { parser, incremental: true });
  // The same edits through the server's own document path (LSP range changes, analysis per version),
  // edit by edit in turn with the stages, so that both run with equally warm code.
  const state = new DocumentState('file:///bench/stages.py', 1, start);
  state.analysis(parser, DEFAULT_SETTINGS);
  const documentTimes: number[] = [];
  for (const { at, removed, inserted } of edits) {
    const point = (offset: number, index: LineIndex) => ({ row: index.positionAt(offset).line, column: index.positionAt(offset).character });
    const startPosition = point(at, lines);
    const oldEndPosition = point(at + removed, lines);
    const t0 = performance.now();
    text = text.slice(0, at) + inserted + text.slice(at + removed);
    lines = lines.afterEdit(text, at, at + removed, at + inserted.length);
    tree.edit({ startIndex: at, oldEndIndex: at + removed, newEndIndex: at + inserted.length, startPosition, oldEndPosition, newEndPosition: point(at + inserted.length, lines) });
    let next = parser.parse(text, tree)!;
    if (next.hasError) {
      next.free();
      next = parser.parse(text)!;
    }
    const t1 = performance.now();
    const prior = next.hasError ? undefined : analysis;
    const syntax = next.toSyntaxTree(text, prior?.tree);
    const t2 = performance.now();
    analysis = analyze(syntax, DEFAULT_SETTINGS, lines, { parser, incremental: true, previous: prior });
    const t3 = performance.now();
    tree.free(); // DocumentState frees it after the diagnostics are sent
    tree = next;
    keystroke.parse.push(t1 - t0);
    keystroke.convert.push(t2 - t1);
    keystroke.analyze.push(t3 - t2);
    keystroke.sum.push(t3 - t0);

    const d0 = performance.now();
    state.applyChange({ range: { start: state.lines.positionAt(at), end: state.lines.positionAt(at + removed) }, text: inserted });
    state.version++;
    state.analysis(parser, DEFAULT_SETTINGS);
    documentTimes.push(performance.now() - d0);
    await new Promise((resolve) => setImmediate(resolve)); // DocumentState frees the tree it reparsed from then
  }
  tree.free();
  analysis = undefined;
  state.dispose();

  // Opens after the keystrokes, so that both are measured with warm code.
  const open = { parse: [] as number[], convert: [] as number[], analyze: [] as number[] };
  for (let i = 0; i < 8; i++) {
    const t0 = performance.now();
    const tree = parser.parse(text)!;
    const t1 = performance.now();
    const syntax = tree.toSyntaxTree(text);
    const t2 = performance.now();
    analyze(syntax, DEFAULT_SETTINGS);
    open.parse.push(t1 - t0);
    open.convert.push(t2 - t1);
    open.analyze.push(performance.now() - t2);
    tree.free();
  }
  return {
    openParse: median(open.parse), openConvert: median(open.convert), openAnalyze: median(open.analyze),
    keystrokeParse: median(keystroke.parse), keystrokeConvert: median(keystroke.convert), keystrokeAnalyze: median(keystroke.analyze),
    keystrokeSum: median(keystroke.sum), keystrokeDocumentState: median(documentTimes),
  };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--stages') {
    process.stdout.write(JSON.stringify({ k2: await stages(2000), k10: await stages(10000) }) + '\n');
    return;
  }
  const files = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const parser = await WasmPythonParser.create();
  const lines = texts.reduce((n, t) => n + t.split('\n').length, 0);
  const parseOnly = (): number => {
    const t0 = performance.now();
    for (const text of texts) parser.parse(text)!.free();
    return performance.now() - t0;
  };
  const full = (): { ms: number; convertMs: number; analyzeMs: number; sdkFiles: number } => {
    let convertMs = 0;
    let analyzeMs = 0;
    let sdkFiles = 0;
    const t0 = performance.now();
    for (const text of texts) {
      // What the CLI and the server do: files that never mention the SDK are not parsed at all.
      if (!text.includes('sagemaker')) continue;
      sdkFiles++;
      const tree = parser.parse(text)!;
      const c0 = performance.now();
      const syntax = tree.toSyntaxTree(text);
      const c1 = performance.now();
      analyze(syntax, DEFAULT_SETTINGS);
      analyzeMs += performance.now() - c1;
      convertMs += c1 - c0;
      tree.free();
    }
    return { ms: performance.now() - t0, convertMs, analyzeMs, sdkFiles };
  };
  // Warm-up, then alternate, keep the best of three of each.
  parseOnly();
  full();
  const parses: number[] = [];
  const fulls: ReturnType<typeof full>[] = [];
  for (let i = 0; i < 3; i++) {
    parses.push(parseOnly());
    fulls.push(full());
  }
  const parseMs = Math.min(...parses);
  const best = fulls.sort((a, b) => a.ms - b.ms)[0];
  // Parse-only over the same files the analysis loop parses (SDK files), for a like-for-like ratio.
  const sdkTexts = texts.filter((t) => t.includes('sagemaker'));
  const sdkParse: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    for (const text of sdkTexts) parser.parse(text)!.free();
    sdkParse.push(performance.now() - t0);
  }
  apiModel('sagemaker');
  process.stdout.write(JSON.stringify({ files: texts.length, lines, parseAllMs: parseMs, parseSdkMs: Math.min(...sdkParse), modelLoadMs: modelLoadMs('sagemaker'), ...best }) + '\n');
}

void main();
