/**
 * In-process half of the benchmark (bundled by bench/run.mjs): parse-only loop versus
 * parse + convert + analyze loop over the same files, so the ratio excludes process start and I/O.
 * Prints one JSON line.
 */
import fs from 'node:fs';
import { WasmPythonParser } from '../server/src/parse/wasmParser';
import { analyze } from '../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../server/src/config/settings';

async function main(): Promise<void> {
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
  process.stdout.write(JSON.stringify({ files: texts.length, lines, parseAllMs: parseMs, parseSdkMs: Math.min(...sdkParse), ...best }) + '\n');
}

void main();
