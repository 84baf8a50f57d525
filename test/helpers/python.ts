/**
 * Shared test helpers: parse Python with the real wasm parser, run the analyser, apply fixes.
 * Other test suites import these; keep the exported names and signatures stable.
 */
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { SyntaxNode, SyntaxTree, walk } from '../../server/src/parse/syntaxNode';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Analysis, AnalyzeOptions, analyze } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS, Settings } from '../../server/src/config/settings';
import { SemanticModel } from '../../server/src/semantic/model';
import { Rule, TextEdit } from '../../server/src/rules/types';

let parserPromise: Promise<WasmPythonParser> | undefined;

/**
 * One parser for the whole test file (creating one loads the wasm grammar). Its time limit is far above
 * the product's 5 s: a 150,000-line module took longer than 5 s to parse at a load average of 24, and a
 * test must not pass or fail with the machine's load (tests of the limit itself make their own parser).
 */
export function getParser(): Promise<WasmPythonParser> {
  parserPromise ??= WasmPythonParser.create({ timeLimitMs: 120_000 });
  return parserPromise;
}

/** Parses Python text into our SyntaxTree, freeing the wasm tree. */
export async function parsePython(text: string): Promise<SyntaxTree> {
  const parser = await getParser();
  const parsed = parser.parse(text);
  if (!parsed) throw new Error('parse cancelled (time limit)');
  try {
    return parsed.toSyntaxTree(text);
  } finally {
    parsed.free();
  }
}

/** Parses and analyses Python text with the given settings (defaults: every rule on). */
export async function analyzeText(text: string, settings: Partial<Settings> = {}, options?: AnalyzeOptions): Promise<Analysis> {
  const tree = await parsePython(text);
  return analyze(tree, { ...DEFAULT_SETTINGS, ...settings }, undefined, options);
}

/** Analysis options under which the files a module names are read from `directory`, inside `within` only. */
export async function scriptOptions(directory: string, within: readonly string[] = [directory]): Promise<AnalyzeOptions> {
  return { scripts: { directory, within }, parser: await getParser() };
}

/**
 * Runs `use` with the analysis options for a rule's doc example: for a rule whose example names files
 * (Rule.exampleScripts), they are written to a temporary folder the options read from, removed afterwards.
 */
export async function withExampleScripts<T>(rule: Rule, use: (options: AnalyzeOptions | undefined) => Promise<T> | T): Promise<T> {
  if (!rule.exampleScripts) return use(undefined);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), `sagelint-${rule.code}-`));
  try {
    for (const [name, text] of Object.entries(rule.exampleScripts)) fs.writeFileSync(path.join(directory, name), text);
    return await use(await scriptOptions(directory));
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

/** Parses text and builds its semantic model. */
export async function modelFor(text: string): Promise<SemanticModel> {
  return new SemanticModel(await parsePython(text));
}

/** ERROR and MISSING nodes of a tree (empty when the text parses cleanly). */
export function syntaxProblems(tree: SyntaxTree): SyntaxNode[] {
  if (!tree.root.containsError) return [];
  return [...walk(tree.root)].filter((node) => node.broken && (!node.parent || !node.parent.broken));
}

/** Applies non-overlapping edits (offsets into `text`) and returns the new text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error(`overlapping edits at ${edit.start}-${edit.end}`);
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

/** The first node of a type whose text is exactly `text` (for picking nodes out of a snippet). */
export function findNode(tree: SyntaxTree, type: string, text: string, occurrence = 0): SyntaxNode {
  let seen = 0;
  for (const node of walk(tree.root)) {
    if (node.type === type && tree.textOf(node) === text && seen++ === occurrence) return node;
  }
  throw new Error(`no ${type} node "${text}" (#${occurrence})`);
}
