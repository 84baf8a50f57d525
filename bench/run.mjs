// `npm run bench`: speed and memory of the server and the CLI against their targets (issues 9 and 20).
// Latency targets are ratios measured in the same run, so they travel between machines: the server's
// keystroke → diagnostics against a bare web-tree-sitter incremental reparse of the same edit, its cold
// first diagnostics against a bare full parse, its start against `node -e 0`.
// Prints a table (metric, target, measured, pass/fail) and writes bench/results.json.
// It measures its own production build (out/bench-dist/). Environment: BENCH_QUICK=1 for a
// shorter run (2,000-line documents only; soak 2,000 instead of 10,000 edits). SAGELINT_SOAK-style long runs:
// BENCH_SOAK_EDITS=N. BENCH_BEFORE=<older dist/cli.js>: CLI throughput against that build, in the same run.
// BENCH_PARTS=server or cli: only that half; BENCH_PARTS=memory: only the server's memory rows (100 documents,
// the 50,000-line module, the soak), which are part of `server` too.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { Client } from './lsp.mjs';
import { webTreeSitterOptions } from '../scripts/webTreeSitter.mjs';
import { pipelineModule, prng, writeCorpus } from './corpus.mjs';
import { bareParser, coldFullParseMs, fullParseMs, incrementalReparseMs, lineStarts, pointAt } from './bare.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const quick = process.env.BENCH_QUICK === '1';
// What users run: a production build (minified, as `npm run package` and `npm pack` make it), built for the
// benchmark into out/bench-dist/ so that dist/ stays as the developer built it.
const built = path.join(root, 'out/bench-dist');
execFileSync(process.execPath, ['esbuild.config.mjs', '--production', '--outdir', built], { cwd: root, stdio: 'inherit' });
const server = path.join(built, 'server.js');
const cli = path.join(built, 'cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-bench-'));
const rows = [];
const results = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, metrics: {} };

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const fmt = (n, unit) => `${n >= 100 ? n.toFixed(0) : n.toFixed(1)} ${unit}`;
function row(metric, target, value, unit, pass) {
  rows.push({ metric, target, measured: fmt(value, unit), pass: pass === undefined ? '' : pass ? 'pass' : 'FAIL' });
  results.metrics[metric] = { target, value, unit, pass };
  process.stderr.write(`  ${metric}: ${fmt(value, unit)}\n`);
}
function info(metric, text, value) {
  rows.push({ metric, target: '', measured: text, pass: '' });
  results.metrics[metric] = { value: value ?? text };
  process.stderr.write(`  ${metric}: ${text}\n`);
}
const uriOf = (name) => pathToFileURL(path.join(tmp, name)).href;

/** The LSP position of an offset (the documents are ASCII: a column is a UTF-16 character). */
function positionAt(starts, offset) {
  const { row, column } = pointAt(starts, offset);
  return { line: row, character: column };
}
const applyEdit = (text, e) => text.slice(0, e.start) + e.text + text.slice(e.end);

/** Keystrokes at random positions: insert one character, then delete it (warm-up and the soak below). */
async function keystrokes(client, uri, text, count, seed) {
  const r = prng(seed);
  const lines = text.split('\n');
  let version = 1;
  await client.open(uri, text, version);
  for (let i = 0; i < count; i += 2) {
    const line = r.int(lines.length);
    const character = r.int(lines[line].length + 1);
    await client.change(uri, ++version, [{ range: { start: { line, character }, end: { line, character } }, text: r.pick(['x', ' ', '(', '"']) }]);
    await client.change(uri, ++version, [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' }]);
  }
}

/**
 * The edit scenarios as offset edits ({ start, end, text }, each relative to the text the edits
 * before it left), `count` of them, alternating insert and remove so the text stays realistic:
 * - end: append a comment line at the end of the module, then remove it;
 * - mid: type a character inside a step's arguments (`code="preprocess_N.py"` of a ProcessingStep in the
 *   middle of the module), then delete it.
 */
function scenarioEdits(kind, text, count, middleOnly = true) {
  const edits = [];
  if (kind === 'end') {
    for (let i = 0; i < count; i += 2) {
      const line = `# edit ${i}\n`;
      edits.push({ start: text.length, end: text.length, text: line }, { start: text.length, end: text.length + line.length, text: '' });
    }
    return edits;
  }
  const sites = [];
  const needle = 'code="preprocess_';
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) sites.push(at + needle.length);
  const middle = middleOnly ? sites.filter((at) => at > text.length * 0.3 && at < text.length * 0.7) : sites;
  if (!middle.length) throw new Error('no step arguments to edit');
  for (let i = 0; i < count; i += 2) {
    const at = middle[(i / 2) % middle.length];
    edits.push({ start: at, end: at, text: 'x' }, { start: at, end: at + 1, text: '' });
  }
  return edits;
}

/** A module cut into notebook cells at its stage comments (about 45 lines each). */
function notebookCells(text, dir, name) {
  return text.split(/\n(?=\n# ---- stage )/).map((cellText, i) => ({ uri: `vscode-notebook-cell:${dir}/${name}#c${i}`, text: cellText }));
}

/** Times each edit through the protocol: didChange sent → its publishDiagnostics received. */
async function timeModuleEdits(client, uri, text, edits) {
  let version = 1;
  await client.open(uri, text, version);
  const times = [];
  for (const edit of edits) {
    const starts = lineStarts(text);
    const range = { start: positionAt(starts, edit.start), end: positionAt(starts, edit.end) };
    text = applyEdit(text, edit);
    const t0 = performance.now();
    await client.change(uri, ++version, [{ range, text: edit.text }]);
    times.push(performance.now() - t0);
  }
  return times;
}

/** The same for a notebook: the edits land in one cell (offsets in that cell's text). */
async function timeCellEdits(client, notebookUri, cells, cellIndex, edits) {
  await client.openNotebook(notebookUri, cells);
  let text = cells[cellIndex].text;
  let version = 1;
  const times = [];
  for (const edit of edits) {
    const starts = lineStarts(text);
    const range = { start: positionAt(starts, edit.start), end: positionAt(starts, edit.end) };
    text = applyEdit(text, edit);
    version++;
    const t0 = performance.now();
    await client.changeCell(notebookUri, version, cells[cellIndex].uri, version, [{ range, text: edit.text }]);
    times.push(performance.now() - t0);
  }
  return times;
}

/** Prints a measured ratio against its target (≤ limit ×). */
function ratioRow(metric, limit, measured, floor, unit = 'ms') {
  const ratio = measured / floor;
  row(`${metric}: ${fmt(measured, unit)} vs ${fmt(floor, unit)}`, `≤ ${limit}×`, ratio, '×', ratio <= limit);
  return ratio;
}

async function lspBenchmarks() {
  process.stderr.write('server over the protocol, against bare web-tree-sitter and node -e 0 in the same run\n');
  const bare = await bareParser();

  // Server start against a bare Node start, interleaved so that both see the same machine load.
  const starts = [];
  const nodes = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    nodes.push(performance.now() - t0);
    const c = await Client.start(server);
    starts.push(c.startMs);
    await c.stop();
  }
  ratioRow('server start (spawn → initialize answered) ÷ node -e 0, medians of 10', 2, median(starts), median(nodes));

  const sizes = quick ? [2000] : [2000, 10000];
  const texts = new Map(sizes.map((n) => [n, pipelineModule(n === 2000 ? 2 : 10, n)]));

  // Cold first diagnostics: a fresh server, the first document opened right after the handshake.
  for (const n of sizes) {
    const text = texts.get(n);
    const cold = [];
    for (let i = 0; i < (n > 5000 ? 3 : 5); i++) {
      const c = await Client.start(server);
      const t0 = performance.now();
      await c.open(uriOf(`cold_${n}_${i}.py`), text);
      cold.push(performance.now() - t0);
      await c.stop();
    }
    ratioRow(`cold server: first diagnostics of a ${n.toLocaleString('en')}-line module ÷ its bare full parse`, 3, median(cold), fullParseMs(bare, text));
    // The same first diagnostics against a parser that is cold too (a fresh process's first parse): the
    // target above compares a cold server with a warm parser, whose wasm V8 has already optimised.
    const coldParse = coldFullParseMs(text);
    info(`  same ÷ a cold bare parse (first parse in a fresh process, median of 5): ${fmt(median(cold), 'ms')} vs ${fmt(coldParse, 'ms')}`, fmt(median(cold) / coldParse, '×'), median(cold) / coldParse);
  }

  const client = await Client.start(server);
  try {
    // Warm the server (JIT) on a throwaway document, then time opens of distinct 2,000-line documents.
    await keystrokes(client, uriOf('warm.py'), texts.get(2000), 40, 1);
    const opens = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await client.open(uriOf(`open_${i}.py`), pipelineModule(100 + i, 2000));
      opens.push(performance.now() - t0);
    }
    info('open → first diagnostics, 2,000 lines, warm server, median of 10', fmt(median(opens), 'ms'), median(opens));

    results.keystrokes = {};
    const count = 100;
    for (const n of sizes) {
      const text = texts.get(n);
      for (const [kind, label] of [['end', 'append/remove a line at the end'], ['mid', "mid-file, inside a step's arguments"]]) {
        const edits = scenarioEdits(kind, text, count);
        const lsp = await timeModuleEdits(client, uriOf(`ks_${kind}_${n}.py`), text, edits);
        const floor = incrementalReparseMs(bare, text, edits);
        ratioRow(`keystroke → diagnostics, ${n.toLocaleString('en')} lines, ${label}, median ÷ bare incremental reparse`, 2, median(lsp), median(floor));
        ratioRow(`  same, p95 ÷ bare reparse p95`, 3, pct(lsp, 95), pct(floor, 95));
        results.keystrokes[`${kind}${n}`] = { n: lsp.length, median: median(lsp), p95: pct(lsp, 95), max: Math.max(...lsp), bareMedian: median(floor), bareP95: pct(floor, 95) };
      }
      // A notebook of the same code, one cell per stage; the edits go into a cell in the middle.
      const cells = notebookCells(text, tmp, `nb_${n}.ipynb`);
      const middle = Math.floor(cells.length / 2);
      const cellEdits = scenarioEdits('mid', cells[middle].text, count, false);
      const lsp = await timeCellEdits(client, pathToFileURL(path.join(tmp, `nb_${n}.ipynb`)).href, cells, middle, cellEdits);
      // The bare floor: the same edits in the concatenated module the notebook is analysed as.
      const moduleText = cells.map((c) => `${c.text}\n`).join('');
      const offset = cells.slice(0, middle).reduce((sum, c) => sum + c.text.length + 1, 0);
      const floor = incrementalReparseMs(bare, moduleText, cellEdits.map((e) => ({ start: e.start + offset, end: e.end + offset, text: e.text })));
      ratioRow(`notebook cell edit → diagnostics, ${n.toLocaleString('en')} lines in ${cells.length} cells, median ÷ bare incremental reparse`, 2, median(lsp), median(floor));
      ratioRow(`  same, p95 ÷ bare reparse p95`, 3, pct(lsp, 95), pct(floor, 95));
      results.keystrokes[`notebook${n}`] = { n: lsp.length, median: median(lsp), p95: pct(lsp, 95), max: Math.max(...lsp), bareMedian: median(floor), bareP95: pct(floor, 95) };
    }
  } finally {
    await client.stop();
  }

  // Responsiveness beside pathological documents (these were timed assertions in the unit tests): a hover
  // on a small document asked right behind the open of a 5 MB single line, and of 100,000-deep nesting.
  const patho = await Client.start(server, undefined);
  try {
    const header = 'from sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="Bucket")\n';
    await patho.open(uriOf('small.py'), header + 'print(bucket)\n');
    const hoverBehind = async (name, text) => {
      const opened = patho.open(uriOf(name), text);
      const t0 = performance.now();
      await patho.hover(uriOf('small.py'), { line: 2, character: 7 });
      const ms = performance.now() - t0;
      await opened;
      return ms;
    };
    const line5mb = await hoverBehind('line5mb.py', header + 'x = [' + '0.125, "s3://bucket/key", '.repeat(Math.ceil((5 * 1024 * 1024 - 200) / 26)) + '"s3://" + bucket]');
    row('hover on another document behind the open of a 5 MB single line', '≤ 5,000 ms', line5mb, 'ms', line5mb <= 5000);
    const deep = await hoverBehind('deep.py', header + 'x = ' + '('.repeat(100_000) + 'bucket' + ')'.repeat(100_000) + '\n');
    row('hover on another document behind the open of 100,000-deep nesting', '≤ 5,000 ms', deep, 'ms', deep <= 5000);
  } finally {
    await patho.stop();
  }
}

async function memoryBenchmarks() {
  process.stderr.write('server memory\n');
  // RSS is read once the server has been idle for a while: its idle collection (lsp/idleCollector.ts) starts
  // 300 ms after the last analysis and compacts the heap, which takes a few hundred milliseconds of CPU
  // after the 50,000-line module (seconds on a loaded machine): half a second after the last diagnostics
  // can fall in the middle of that collection, before it has released anything.
  // Method change (say so plainly): the target rows read RSS 12 s after the last diagnostics, no longer 2 s.
  // At rest the server also gives back V8's young generation (32 MB grown during the analyses), which V8
  // allows only once its allocation rate over the last 5 s is low: the idle collector's rest step does it
  // 6 s after the last analysis, again 6 s later if the idle collection was still running. The 2 s
  // reading of earlier runs is printed beside each row, so the two stay comparable.
  const settleMs = 2000;
  const restMs = 12_000;
  // Memory: 100 open 2,000-line documents, in a fresh server.
  const mem = await Client.start(server);
  try {
    const before = mem.rssMB();
    for (let i = 0; i < 100; i++) await mem.open(uriOf(`mem_${i}.py`), pipelineModule(1000 + i, 2000, { v3: i % 2 === 1 }));
    await new Promise((r) => setTimeout(r, settleMs));
    const settled = mem.rssMB();
    await new Promise((r) => setTimeout(r, restMs - settleMs));
    const rss = mem.rssMB();
    row('RSS with 100 open 2,000-line documents (12 s after)', '≤ 250 MB', rss, 'MB', rss <= 250);
    info('  the same 2 s after the last diagnostics', fmt(settled, 'MB'), settled);
    info('RSS of the idle server before opening them', fmt(before, 'MB'), before);
  } finally {
    await mem.stop();
  }

  // Memory: one 50,000-line module opened and edited (10 keystrokes in the middle), in a fresh server.
  const big = await Client.start(server);
  try {
    const text = pipelineModule(50, 50_000);
    const edits = scenarioEdits('mid', text, quick ? 4 : 10);
    const times = await timeModuleEdits(big, uriOf('big50k.py'), text, edits);
    await new Promise((r) => setTimeout(r, settleMs));
    const settled = big.rssMB();
    await new Promise((r) => setTimeout(r, restMs - settleMs));
    const rss = big.rssMB();
    row('RSS after opening and editing a 50,000-line module (12 s after)', '≤ 300 MB', rss, 'MB', rss <= 300);
    info('  the same 2 s after the last diagnostics', fmt(settled, 'MB'), settled);
    info('  keystroke → diagnostics there, median', fmt(median(times), 'ms'), median(times));
  } finally {
    await big.stop();
  }

  // Soak: many edits on one document; RSS after the first 1,000 versus after all of them.
  const soak = await Client.start(server);
  try {
    const total = Number(process.env.BENCH_SOAK_EDITS ?? (quick ? 2000 : 10000));
    // A 300-line module keeps 10,000 round trips within the time budget; leaks per edit show all the same.
    const text = pipelineModule(3, 300);
    const uri = uriOf('soak.py');
    const lines = text.split('\n');
    const r = prng(42);
    let version = 1;
    await soak.open(uri, text, version);
    const samples = [];
    const t0 = performance.now();
    for (let i = 1; i <= total; i++) {
      const line = r.int(lines.length);
      const character = r.int(lines[line].length + 1);
      // Insert on odd edits, delete the same character on even ones: the text stays realistic.
      if (i % 2) {
        soak.pendingEdit = { line, character };
        await soak.change(uri, ++version, [{ range: { start: { line, character }, end: { line, character } }, text: 'x' }]);
      } else {
        const e = soak.pendingEdit;
        await soak.change(uri, ++version, [{ range: { start: e, end: { line: e.line, character: e.character + 1 } }, text: '' }]);
      }
      if (i % 1000 === 0) samples.push(soak.rssMB());
    }
    const elapsed = performance.now() - t0;
    const settled = samples[0];
    const last = samples[samples.length - 1];
    const growth = ((last - settled) / settled) * 100;
    row(`RSS growth (300-line doc) from edit 1,000 to edit ${total.toLocaleString('en')} (${fmt(settled, 'MB')} → ${fmt(last, 'MB')})`, '≤ 10 %', growth, '%', growth <= 10);
    info('soak throughput', `${total} edits in ${(elapsed / 1000).toFixed(1)} s`, elapsed);
    // Edits that never pause leave the idle collection no quiet spell: RSS during the soak is V8's heap
    // sized for a busy allocator (garbage awaiting the next collection, a full-size young generation), not
    // live data. Once the edits stop, the idle collection brings it down to what the document holds.
    await new Promise((r) => setTimeout(r, settleMs));
    const rested = soak.rssMB();
    info('  RSS 2 s after the last soak edit', fmt(rested, 'MB'), rested);
    await new Promise((r) => setTimeout(r, restMs - settleMs));
    const restedLonger = soak.rssMB();
    info('  RSS 12 s after the last soak edit', fmt(restedLonger, 'MB'), restedLonger);
    results.soakRss = samples;
  } finally {
    await soak.stop();
  }
}

async function cliBenchmarks() {
  process.stderr.write('CLI over a generated corpus\n');
  const dir = path.join(tmp, 'corpus');
  const { files, lines } = writeCorpus(dir, { seed: 9, files: 520, totalLines: 210_000 });
  info('corpus', `${files.length} files, ${lines.toLocaleString('en')} lines (seed 9)`, { files: files.length, lines });
  const runCli = (extra, cliJs = cli) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cliJs, 'check', '--no-config', '--exit-zero', '--format', 'json', ...extra, dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`CLI failed: ${r.stderr}`);
    return { ms, findings: JSON.parse(r.stdout).length ?? 0 };
  };
  const one = [runCli(['--jobs', '1']), runCli(['--jobs', '1'])].sort((a, b) => a.ms - b.ms)[0];
  info('CLI whole run, 1 thread', `${(one.ms / 1000).toFixed(2)} s, ${Math.round(lines / (one.ms / 1000)).toLocaleString('en')} lines/s`, one.ms);
  // BENCH_BEFORE=<an older checkout's dist/cli.js>: the same corpus through it, in this run, for "CLI throughput unchanged or better".
  if (process.env.BENCH_BEFORE) {
    const old = [runCli(['--jobs', '1'], process.env.BENCH_BEFORE), runCli(['--jobs', '1'], process.env.BENCH_BEFORE)].sort((a, b) => a.ms - b.ms)[0];
    const speed = old.ms / one.ms;
    row(`CLI throughput, 1 thread, ÷ ${process.env.BENCH_BEFORE} (${(old.ms / 1000).toFixed(2)} s there)`, '≥ 1×', speed, '×', speed >= 0.97);
  }
  const jobs = os.cpus().length;
  const many = [runCli(['--jobs', '0']), runCli(['--jobs', '0'])].sort((a, b) => a.ms - b.ms)[0];
  info(`CLI whole run, --jobs 0 (${jobs} cores)`, `${(many.ms / 1000).toFixed(2)} s, ${Math.round(lines / (many.ms / 1000)).toLocaleString('en')} lines/s`, many.ms);

  // In process: parse-only versus parse + convert + analyze.
  const bundle = path.join(root, 'out/bench/inproc.cjs'); // inside the repo, so node_modules resolves
  await esbuild.build({
    entryPoints: [path.join(root, 'bench/inproc.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
    ...webTreeSitterOptions(root),
  });
  // The bundle reads the data files beside it first (else a developer's dist/, which may be from an older
  // build, in an older format): the ones this run built.
  for (const file of fs.readdirSync(built)) if (file.endsWith('.json')) fs.copyFileSync(path.join(built, file), path.join(path.dirname(bundle), file));
  const list = path.join(tmp, 'files.txt');
  fs.writeFileSync(list, files.join('\n'));
  const out = JSON.parse(execFileSync(process.execPath, [bundle, list], { encoding: 'utf8', cwd: root }));
  const ratio = out.ms / out.parseSdkMs;
  row(`analysis ÷ bare parse, in process (${out.sdkFiles} SDK files: ${out.ms.toFixed(0)} ms vs ${out.parseSdkMs.toFixed(0)} ms)`, '≤ 1.5', ratio, '×', ratio <= 1.5);
  row('boto3 sagemaker API model: load (first use)', '≤ 500 ms', out.modelLoadMs, 'ms', out.modelLoadMs <= 500);
  info('  of which convert / analyze', `${out.convertMs.toFixed(0)} ms / ${out.analyzeMs.toFixed(0)} ms`, out);
  // Where the server's time goes: the protocol numbers above, stage by stage, in process.
  const stages = JSON.parse(execFileSync(process.execPath, [bundle, '--stages'], { encoding: 'utf8', cwd: root }));
  for (const [key, label] of [['k2', '2,000'], ['k10', '10,000']]) {
    const s = stages[key];
    info(`  open, ${label} lines: full parse / convert / analyze`, `${s.openParse.toFixed(1)} / ${s.openConvert.toFixed(1)} / ${s.openAnalyze.toFixed(1)} ms`, s);
    info(`  keystroke, ${label} lines: reparse / convert / analyze (model + rules)`, `${s.keystrokeParse.toFixed(1)} / ${s.keystrokeConvert.toFixed(1)} / ${s.keystrokeAnalyze.toFixed(1)} ms (medians; a keystroke's median ${s.keystrokeSum.toFixed(1)} ms, through DocumentState ${s.keystrokeDocumentState.toFixed(1)} ms)`, s);
  }
  info('in-process lines/s, parse+analyze, 1 core', `${Math.round(out.lines / (out.ms / 1000)).toLocaleString('en')} lines/s (bare parse of every file: ${out.parseAllMs.toFixed(0)} ms)`, out.lines / (out.ms / 1000));

  // pyright on the same corpus, for scale (it type-checks; we only lint).
  const pyright = path.join(root, 'node_modules/.bin/pyright');
  if (fs.existsSync(pyright)) {
    const t0 = performance.now();
    const r = spawnSync(pyright, [dir], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 180_000 });
    const ms = performance.now() - t0;
    info('pyright 1.1.414, same whole corpus', `${(ms / 1000).toFixed(2)} s (exit ${r.status ?? r.signal}) vs sagelint ${(one.ms / 1000).toFixed(2)} s`, ms);
  }
}

const t0 = performance.now();
// BENCH_PARTS=server or BENCH_PARTS=cli runs one half (both by default); memory: the server's memory rows only.
const parts = (process.env.BENCH_PARTS ?? 'server,cli').split(',');
if (parts.includes('server')) await lspBenchmarks();
if (parts.includes('server') || parts.includes('memory')) await memoryBenchmarks();
if (parts.includes('cli')) await cliBenchmarks();
fs.rmSync(tmp, { recursive: true, force: true });
results.rows = rows;
results.totalSeconds = (performance.now() - t0) / 1000;
fs.writeFileSync(path.join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');

const w = [0, 0, 0, 0];
const cells = [['metric', 'target', 'measured', 'pass/fail'], ...rows.map((r) => [r.metric, r.target, r.measured, r.pass])];
for (const c of cells) c.forEach((v, i) => (w[i] = Math.max(w[i], v.length)));
const line = (c) => `| ${c.map((v, i) => v.padEnd(w[i])).join(' | ')} |`;
console.log(line(cells[0]));
console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
for (const c of cells.slice(1)) console.log(line(c));
console.log(`\n${results.totalSeconds.toFixed(0)} s; written to bench/results.json`);
