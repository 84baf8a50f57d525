// What a user sees: installs the VSIX into a fresh code-server (real VS Code in headless Chromium),
// opens test/e2e/workspace/pipeline.py and checks the squiggle, status bar item, hover, Problems panel
// and a quick fix chosen with Ctrl+. and Enter; then training.py: the squiggle on a keyword the SDK drops
// and signature help while a PyTorch( call is typed; then feature_store.py: the hover on FeatureGroup.ingest
// (the signature and the curated note on what runs where). One line per check, then `N passed, N failed`.
// env: VSIX (required), SHOTS (screenshot folder, default test/e2e/screenshots).
// To add a check: append `step('name', async () => { ...; return 'detail' })` below; throw to fail.
import fs from 'node:fs';
import path from 'node:path';
import { REPO, freshDirs, installVsix, startCodeServer, openBrowser, extensionLogTail } from './lib.mjs';

const T0 = Date.now();
const VSIX = process.env.VSIX;
const SHOTS = process.env.SHOTS || path.join(REPO, 'test/e2e/screenshots');
const WS = path.join(REPO, 'test/e2e/workspace');
const FILE = 'pipeline.py';
const original = fs.readFileSync(path.join(WS, FILE), 'utf8');
fs.mkdirSync(SHOTS, { recursive: true });
const since = () => `${((Date.now() - T0) / 1000).toFixed(1)} s`;

const dirs = freshDirs('sagelint-ui-');
let server, ctx, page;
const steps = [];
/** Registers a check; `essential` ones stop the run when they fail (later steps depend on them). */
const step = (name, fn, { essential = false } = {}) => steps.push({ name, fn, essential });
const shot = async (name) => page?.screenshot({ path: path.join(SHOTS, `${name}.png`) }).catch(() => {});

// ---------------------------------------------------------------------------------------------- steps
const editor = () => page.locator('.monaco-editor').filter({ has: page.locator('.view-lines') }).first();
/** The visible editor's text, lines in screen order (Monaco reuses line nodes and renders spaces as U+00A0). */
const editorText = () => page.evaluate(() => {
  const view = [...document.querySelectorAll('.monaco-editor .view-lines')].find((e) => e.offsetParent);
  return [...(view?.querySelectorAll('.view-line') ?? [])]
    .map((l) => [l.getBoundingClientRect().top, l.textContent.replace(/\u00a0/g, ' ')])
    .sort((x, y) => x[0] - y[0]).map((x) => x[1]).join('\n');
});
/** Squiggles sorted top to bottom: [0] print(...) argument on line 3, [1] the f-string on line 4. */
async function squiggles() {
  const loc = page.locator('.monaco-editor .squiggly-error');
  await loc.first().waitFor({ state: 'visible', timeout: 30000 });
  const boxes = [];
  for (const l of await loc.all()) { const b = await l.boundingBox(); if (b) boxes.push(b); }
  return boxes.sort((a, b) => a.y - b.y || a.x - b.x);
}

step('workbench loads', async () => {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).waitFor({ timeout: 30000 });
  return `at ${since()}`;
}, { essential: true });

step(`${FILE} opens in the editor`, async () => {
  await page.keyboard.press('Escape');
  await page.locator('.part.editor').click();
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(FILE);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor({ timeout: 15000 });
  // other files of the workspace (pipeline.ipynb) match the query too: move to the exact name first
  const focused = page.locator('.quick-input-list .monaco-list-row.focused .label-name');
  for (let i = 0; i < 5 && (await focused.innerText().catch(() => '')).trim() !== FILE; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await editor().locator('.view-lines', { hasText: 'ExecutionVariables.PIPELINE_EXECUTION_ID' }).waitFor({ timeout: 15000 });
  return `at ${since()}`;
}, { essential: true });

step('red squiggle under the print() argument', async () => {
  const boxes = await squiggles();
  const line3 = page.locator('.view-line', { hasText: /^print\(/ }).first();
  const lb = await line3.locator(':scope > span').first().boundingBox(); // the text, not the full-width line
  const onLine3 = boxes.find((b) => Math.abs(b.y + b.height / 2 - (lb.y + lb.height / 2)) < lb.height);
  if (!onLine3) throw new Error(`no squiggle on the print() line; squiggles at y=${boxes.map((b) => b.y)} line at y=${lb.y}`);
  // the squiggle spans the argument only: it starts after "print(" and is ~40 characters wide
  const charW = lb.width / (await line3.innerText()).length;
  const startCol = Math.round((onLine3.x - lb.x) / charW), width = Math.round(onLine3.width / charW);
  if (startCol !== 6 || width !== 40) throw new Error(`squiggle covers columns ${startCol}..${startCol + width}, expected 6..46`);
  await shot('03-squiggle');
  return `${boxes.length} squiggles, first at columns 6..46, at ${since()}`;
}, { essential: true });

step('status bar shows SageLint (running)', async () => {
  const item = page.locator('.statusbar-item', { hasText: 'SageLint' }).first();
  await item.waitFor({ state: 'visible', timeout: 15000 });
  const id = await item.getAttribute('id');
  const running = await item.locator('.codicon-check').count();
  if (!running) throw new Error(`status item ${id} has no $(check) icon: ${JSON.stringify(await item.innerText())}`);
  await shot('04-statusbar');
  return `#${id} "$(check) ${(await item.innerText()).trim()}"`;
});

step('hover on PIPELINE_EXECUTION_ID explains it', async () => {
  const [b] = await squiggles();
  // the squiggle box is as tall as the line; its right part lies over PIPELINE_EXECUTION_ID
  await page.mouse.move(b.x + b.width * 0.6, b.y + b.height / 2);
  await page.mouse.move(b.x + b.width * 0.75, b.y + b.height / 2);
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)', { hasText: 'Resolves, when the pipeline runs, to:' }).first();
  await hover.waitFor({ state: 'visible', timeout: 15000 });
  const text = await hover.innerText();
  for (const s of ['(execution variable) ExecutionVariables.PIPELINE_EXECUTION_ID: ExecutionVariable',
    'Resolves, when the pipeline runs, to:', 'PipelineExecutionId', '.to_string()', 'Join', 'SM101']) {
    if (!text.includes(s)) throw new Error(`hover lacks ${JSON.stringify(s)}: ${JSON.stringify(text)}`);
  }
  await shot('05-hover');
  return `${text.length} chars`;
});

step('Problems panel lists SM101 from sagelint', async () => {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row', { hasText: 'SM101' });
  await rows.first().waitFor({ timeout: 15000 });
  const texts = await rows.allInnerTexts();
  if (texts.length !== 2 || !texts.every((t) => t.includes('sagelint') && t.includes('has no value until the pipeline runs'))) {
    throw new Error(`expected 2 SM101 rows from sagelint: ${JSON.stringify(texts)}`);
  }
  if (!texts.some((t) => /\[Ln 3, Col 7\]/.test(t))) throw new Error(`no row at [Ln 3, Col 7]: ${JSON.stringify(texts)}`);
  await shot('06-problems');
  return texts.map((t) => t.split('\n').slice(-3).join(' ')).join(' | ');
});

step('Ctrl+. then Enter applies the Join quick fix', async () => {
  await page.keyboard.press('Escape');
  const [, fstring] = await squiggles();
  if (!fstring) throw new Error('no squiggle on the f-string line');
  await page.mouse.click(fstring.x + 10, fstring.y + fstring.height / 2);
  await page.keyboard.press('Control+.');
  const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Build the value with Join' });
  await action.waitFor({ state: 'visible', timeout: 15000 });
  await shot('07-quickfix-menu');
  // keyboard, not click (an overlay swallows clicks on the menu in some VS Code versions)
  for (let i = 0; i < 8 && !/\bfocused\b/.test(await action.getAttribute('class')); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const want = ['path = Join(on="", values=["s3://bucket/", ExecutionVariables.PIPELINE_EXECUTION_ID])',
    'from sagemaker.workflow.functions import Join'];
  let text = '';
  for (const end = Date.now() + 15000; Date.now() < end && !want.every((w) => text.includes(w)); await page.waitForTimeout(200)) text = await editorText();
  if (!want.every((w) => text.includes(w))) throw new Error(`editor text after the fix: ${JSON.stringify(text)}`);
  await page.mouse.move(5, 5);
  await shot('08-quickfix-applied');
  return 'f-string rewritten to Join(...), import added';
});

// ------------------------------------------------------------------ the SDK's own signatures: training.py
const TRAINING = 'training.py';
const trainingOriginal = fs.readFileSync(path.join(WS, TRAINING), 'utf8');
/** The parameter hints widget while it shows, with its label and the highlighted parameter. */
async function parameterHints(hasText) {
  const widget = page.locator('.monaco-editor .parameter-hints-widget.visible', { hasText }).first();
  await widget.waitFor({ state: 'visible', timeout: 15000 });
  const label = (await widget.locator('.signature .code').first().innerText()).replace(/\u00a0/g, ' ');
  const active = (await widget.locator('.signature .parameter.active').first().innerText().catch(() => '')).replace(/\u00a0/g, ' ');
  return { widget, label, active, text: await widget.innerText() };
}

step(`${TRAINING} opens in the editor`, async () => {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(TRAINING);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: TRAINING }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  await editor().locator('.view-lines', { hasText: 'use_spot_instance=True' }).waitFor({ timeout: 15000 });
  return `at ${since()}`;
});

step('red squiggle under use_spot_instance=True (a keyword the SDK silently drops)', async () => {
  const line = page.locator('.view-line', { hasText: 'use_spot_instance=True' }).first();
  const lb = await line.locator(':scope > span').first().boundingBox();
  const loc = page.locator('.monaco-editor .squiggly-error');
  let onLine;
  for (const end = Date.now() + 30000; !onLine && Date.now() < end; await page.waitForTimeout(250)) {
    for (const l of await loc.all()) {
      const b = await l.boundingBox();
      if (b && Math.abs(b.y + b.height / 2 - (lb.y + lb.height / 2)) < lb.height) onLine = b;
    }
  }
  if (!onLine) throw new Error('no error squiggle on the use_spot_instance line');
  await page.mouse.move(onLine.x + 4, onLine.y + onLine.height / 2);
  await page.mouse.move(onLine.x + 8, onLine.y + onLine.height / 2);
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)', { hasText: 'use_spot_instances' }).first();
  await hover.waitFor({ state: 'visible', timeout: 15000 });
  const text = await hover.innerText();
  await shot('09-unknown-keyword');
  return JSON.stringify(text.split('\n')[0].slice(0, 160));
});

step('signature help inside PyTorch( shows its parameters, the active one followed as keywords are typed', async () => {
  await page.keyboard.press('Escape');
  await page.mouse.move(5, 5);
  // A new call at the end of the file: typing `(` triggers the hints, as in everyday use.
  await editor().locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('second = PyTorch(', { delay: 30 });
  const opened = await parameterHints('entry_point');
  if (!opened.label.startsWith('PyTorch(')) throw new Error(`label ${JSON.stringify(opened.label.slice(0, 120))}`);
  if (!opened.active.startsWith('entry_point')) throw new Error(`active parameter ${JSON.stringify(opened.active)} after "("`);
  await shot('10-signature-help');
  await page.keyboard.type('entry_point="t.py", instance_co', { delay: 30 });
  let moved = await parameterHints('instance_count');
  for (const end = Date.now() + 10000; !moved.active.startsWith('instance_count') && Date.now() < end; await page.waitForTimeout(200)) moved = await parameterHints('instance_count');
  if (!moved.active.startsWith('instance_count')) throw new Error(`active parameter ${JSON.stringify(moved.active)} while typing instance_co`);
  await shot('11-signature-help-keyword');
  await page.keyboard.press('Escape');
  return `${JSON.stringify(opened.label.slice(0, 60))}…; active ${JSON.stringify(opened.active)} then ${JSON.stringify(moved.active)}`;
});

// ------------------------------------------------------------- a curated note under a signature: feature_store.py
const FEATURE_STORE = 'feature_store.py';
const featureStoreOriginal = fs.readFileSync(path.join(WS, FEATURE_STORE), 'utf8');
/** The screen box of the first `word` on the first line that contains `lineText` (Monaco splits lines into token spans). */
const wordBox = (lineText, word) => page.evaluate(([lineText, word]) => {
  const view = [...document.querySelectorAll('.monaco-editor .view-lines')].find((e) => e.offsetParent);
  const line = [...(view?.querySelectorAll('.view-line') ?? [])].find((l) => l.textContent.replace(/\u00a0/g, ' ').includes(lineText));
  if (!line) return null;
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent.indexOf(word);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + word.length);
    const r = range.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  }
  return null;
}, [lineText, word]);

step(`hover on FeatureGroup.ingest in ${FEATURE_STORE}: the signature, then what runs in your Python process`, async () => {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(FEATURE_STORE);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: FEATURE_STORE }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  await editor().locator('.view-lines', { hasText: 'feature_group.ingest(' }).waitFor({ timeout: 15000 });
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)', { hasText: 'Runs in your Python process' }).first();
  for (const end = Date.now() + 30000; !(await hover.isVisible()) && Date.now() < end;) {
    const b = await wordBox('feature_group.ingest(', 'ingest');
    if (!b) throw new Error('no line with feature_group.ingest( on screen');
    await page.mouse.move(5, 5);
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await hover.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
  }
  const text = await hover.innerText();
  for (const s of ['def ingest(', 'Runs in your Python process', 'PutRecord', 'max_processes', 'IngestionError', 'feature_group.py']) {
    if (!text.includes(s)) throw new Error(`hover lacks ${JSON.stringify(s)}: ${JSON.stringify(text.slice(0, 600))}`);
  }
  await shot('12-feature-store-hover');
  return `${text.length} chars: ${JSON.stringify(text.split('\n').find((l) => l.includes('Runs in your Python process')).slice(0, 120))}`;
});

step('the fixture on disk is unchanged (edit left unsaved)', async () => {
  if (fs.readFileSync(path.join(WS, TRAINING), 'utf8') !== trainingOriginal) throw new Error(`test/e2e/workspace/${TRAINING} was modified on disk`);
  if (fs.readFileSync(path.join(WS, FEATURE_STORE), 'utf8') !== featureStoreOriginal) throw new Error(`test/e2e/workspace/${FEATURE_STORE} was modified on disk`);
  const now = fs.readFileSync(path.join(WS, FILE), 'utf8');
  if (now !== original) throw new Error('test/e2e/workspace/pipeline.py was modified on disk');
  return 'ok';
});

// ---------------------------------------------------------------------------------------------- runner
const results = [];
function report(name, ok, detail) {
  results.push({ name, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${String(detail).split('\n')[0].slice(0, 300)}` : ''}`);
}
try {
  const installed = installVsix(dirs, VSIX);
  server = await startCodeServer(dirs, WS);
  ({ ctx, page } = await openBrowser());
  await page.goto(`${server.url}/?folder=${encodeURIComponent(WS)}`);
  console.log(`# ${installed}; code-server at ${server.url} (${since()})`);
  for (let i = 0; i < steps.length; i++) {
    const { name, fn, essential } = steps[i];
    let ok = false, detail;
    for (let attempt = 1; attempt <= 2 && !ok; attempt++) {
      try { detail = await fn(); ok = true; } catch (e) {
        detail = e?.message ?? String(e);
        if (attempt === 1) { console.log(`RETRY ${name} — ${detail.split('\n')[0].slice(0, 200)}`); await page.keyboard.press('Escape').catch(() => {}); }
      }
    }
    report(name, ok, detail);
    if (!ok) {
      await shot(`99-failure-${String(i + 1).padStart(2, '0')}`);
      if (essential) { steps.slice(i + 1).forEach((s) => report(s.name, false, 'not run (an earlier essential step failed)')); break; }
    }
  }
} catch (e) {
  report('driver ran', false, e?.stack ?? e);
  await shot('99-failure-driver');
} finally {
  await ctx?.close().catch(() => {});
  server?.stop();
  const failed = results.filter((r) => !r.ok).length;
  if (failed) {
    console.log(`code-server log: ${dirs.log}\nscreenshots: ${SHOTS}\nextension output (tail):\n${extensionLogTail(dirs)}`);
  } else fs.rmSync(dirs.root, { recursive: true, force: true });
  console.log(`# vscode-ui took ${since()}`);
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}
