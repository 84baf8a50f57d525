/**
 * Fuzz: mutated fixture files (token deletions and duplications, random bytes, truncation, unbalanced
 * brackets, huge literals) through analyze() and through the protocol. No exception, every request
 * answered, every position inside the document.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { analyze } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { LineIndex } from '../../server/src/text/lineIndex';
import { Prng, prng } from '../../bench/corpus.mjs';
import { ProtocolClient } from '../protocol/client';

/** The server as the reliability tests run it: a 2 GB heap, and 30 s default waits. */
const start = (settings?: unknown) => ProtocolClient.start({ settings, nodeArgs: ['--max-old-space-size=2048'], timeout: 30_000 });

declare const SAGELINT_ROOT: string;
const SOAK = process.env.SAGELINT_SOAK === '1';

function fixtures(): string[] {
  const found: string[] = [];
  const walkDir = (dir: string) => {
    // Sorted: readdir order differs between checkouts, and the mutations must be the same everywhere.
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walkDir(full);
      else if (e.name.endsWith('.py')) found.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walkDir(path.join(SAGELINT_ROOT, 'test/fixtures/rules'));
  return found;
}

/**
 * Seeds from bugs the fuzzing must keep covering: a module-level `global` (valid Python, a no-op) once
 * sent name lookups into infinite recursion, and a string nested in 600 blocks broke the wasm parser
 * for every later file. Nesting under Python's limit is parsed; over it, refused (never a parser failure).
 */
const MODULE_GLOBAL_SEED = [
  'global bucket',
  'from sagemaker.workflow.parameters import ParameterString',
  'bucket = ParameterString(name="Bucket")',
  'print(bucket)',
  'def f():',
  '    global bucket',
  '    return f"s3://{bucket}"',
  '',
].join('\n');

function deepSeed(levels: number): string {
  const lines = ['from sagemaker.workflow.parameters import ParameterString', 'bucket = ParameterString(name="Bucket")'];
  for (let i = 0; i < levels; i++) lines.push(`${' '.repeat(i)}if bucket:`);
  lines.push(`${' '.repeat(levels)}s = "deep" + bucket`);
  return `${lines.join('\n')}\n`;
}

export const SEEDS = [MODULE_GLOBAL_SEED, deepSeed(95), deepSeed(600)];

const TOKEN = /[A-Za-z_][A-Za-z0-9_]*|\d+|"[^"\n]*"|'[^'\n]*'|\S/g;

/** One random mutation of the text. */
export function mutate(r: Prng, text: string): string {
  const tokens = [...text.matchAll(TOKEN)];
  const pickToken = () => tokens[r.int(tokens.length)] ?? { index: 0, 0: '' };
  const at = r.int(text.length + 1);
  switch (r.int(9)) {
    case 0: { // delete a token
      const t = pickToken();
      return text.slice(0, t.index) + text.slice(t.index! + t[0].length);
    }
    case 1: { // duplicate a token
      const t = pickToken();
      return text.slice(0, t.index! + t[0].length) + t[0] + text.slice(t.index! + t[0].length);
    }
    case 2: { // random bytes (any UTF-16 unit, lone surrogates included)
      let junk = '';
      for (let i = r.int(8) + 1; i > 0; i--) junk += String.fromCharCode(r.int(0x10000));
      return text.slice(0, at) + junk + text.slice(at);
    }
    case 3: // truncate
      return text.slice(0, at);
    case 4: // unbalanced brackets
      return text.slice(0, at) + r.pick(['(', ')', '[', ']', '{', '}', '((((', ']]]', '"""', "'", 'f"{', '\\']) + text.slice(at);
    case 5: // a huge literal
      return text.slice(0, at) + r.pick(['"' + 'x'.repeat(200_000) + '"', '9'.repeat(50_000), '[' + '1,'.repeat(30_000) + ']', '#' + 'c'.repeat(100_000)]) + text.slice(at);
    case 6: { // swap two lines
      const lines = text.split('\n');
      const i = r.int(lines.length);
      const j = r.int(lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
    case 7: // indentation damage
      return text.replace(/\n {4}/g, () => (r.chance(0.1) ? '\n\t ' : '\n    '));
    default: // a token from elsewhere
      return text.slice(0, at) + pickToken()[0] + ' ' + text.slice(at);
  }
}

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create();
});

test('fuzz seeds, unmutated: no rule error, findings where they belong, nesting over the limit refused', () => {
  for (const seed of SEEDS) {
    const tree = parser.parse(seed);
    if (!tree) {
      assert.equal(parser.lastRefusal?.reason, 'too-deeply-nested');
      continue;
    }
    try {
      const analysis = analyze(tree.toSyntaxTree(seed), DEFAULT_SETTINGS);
      assert.deepEqual(analysis.ruleErrors.map((e) => `${e.code}: ${String(e.error)}`), [], 'no rule threw');
      assert.ok(analysis.findings.length > 0, 'the seed has findings');
    } finally {
      tree.free();
    }
  }
  assert.equal(parser.parse(deepSeed(600)), undefined);
});

test('fuzz: mutated fixtures through analyze: no exception, findings inside the document', () => {
  const r = prng(2024);
  const sources = [...fixtures(), ...SEEDS];
  assert.ok(sources.length >= 10, 'fixtures found');
  const rounds = SOAK ? 20_000 : 800;
  const t0 = performance.now();
  let findings = 0;
  for (let i = 0; i < rounds; i++) {
    let text = r.pick(sources);
    for (let m = r.int(4) + 1; m > 0; m--) text = mutate(r, text);
    const tree = parser.parse(text);
    if (!tree) {
      // Only a text over Python's nesting limit (or a time-out) may go unparsed; a parser failure fails the test.
      assert.ok(['too-deeply-nested', 'parse-timeout'].includes(parser.lastRefusal?.reason ?? ''), `not parsed: ${JSON.stringify(parser.lastRefusal)}`);
      continue;
    }
    try {
      const analysis = analyze(tree.toSyntaxTree(text), DEFAULT_SETTINGS);
      assert.deepEqual(analysis.ruleErrors.map((e) => `${e.code}: ${String(e.error)}`), [], 'no rule threw');
      const lines = new LineIndex(text);
      for (const f of analysis.findings) {
        findings++;
        assert.ok(0 <= f.start && f.start <= f.end && f.end <= text.length, `finding ${f.code} [${f.start}, ${f.end}) inside 0..${text.length}`);
        const range = lines.range(f.start, f.end);
        assert.ok(range.start.line < lines.lineCount && range.end.line < lines.lineCount);
        for (const e of [...(f.fix?.edits ?? []), f.noqaEdit]) assert.ok(0 <= e.start && e.start <= e.end && e.end <= text.length, `edit of ${f.code} inside the document`);
      }
    } finally {
      tree.free();
    }
  }
  console.log(`  fuzz (analyze): ${rounds} mutants, ${findings} findings, ${(performance.now() - t0).toFixed(0)} ms`);
});

test('fuzz: mutated fixtures through the protocol: every request answered, positions inside the document', async () => {
  const client = await start();
  try {
    const r = prng(7);
    const sources = [...fixtures(), ...SEEDS];
    const rounds = SOAK ? 2000 : 60;
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) {
      let text = r.pick(sources);
      for (let m = r.int(3) + 1; m > 0; m--) text = mutate(r, text);
      const uri = pathToFileURL(`/tmp/sagelint-fuzz/m${i}.py`).href;
      await client.didOpen(uri, text);
      const lines = new LineIndex(text);
      // A hover and a completion at random positions (some outside the document), answered either way.
      const line = r.int(lines.lineCount + 2);
      const requests = [
        client.hover(uri, { line, character: r.int(200) }),
        client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: r.int(lines.lineCount), character: r.int(80) } }),
        client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [] } }),
      ].map((p) => p.then(() => undefined, (e: unknown) => String(e)));
      const diagnostics = await client.diagnostics(uri, 1);
      assert.deepEqual((await Promise.all(requests)).filter(Boolean), [], 'every request answered without error');
      for (const d of diagnostics) {
        for (const p of [d.range.start, d.range.end]) {
          assert.ok(p.line < lines.lineCount, `${d.code} line ${p.line} < ${lines.lineCount}`);
          assert.ok(p.character <= lines.lineEndOffset(p.line) - lines.lineStartOffset(p.line), `${d.code} character inside line ${p.line}`);
        }
      }
      await client.close(uri);
    }
    assert.ok(!client.exited);
    assert.deepEqual(client.logs.map((m) => m.message).filter((m) => /failed/.test(m)), [], 'no analysis or rule failure logged');
    console.log(`  fuzz (protocol): ${rounds} documents, ${(performance.now() - t0).toFixed(0)} ms`);
  } finally {
    await client.dispose();
  }
});
