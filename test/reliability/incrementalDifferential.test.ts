/**
 * The safety net of incremental analysis: a stale finding left on screen is a false positive. More than
 * 10,000 seeded random edits per run go through the real editor path (the built server over stdio:
 * didChange range edits of .py documents; notebook cell edits, cell inserts and cell deletes), and after
 * EVERY edit the server's published diagnostics (code, range, message, severity; a notebook cell's fix
 * and noqa edits), the quick fixes it offers for a module's diagnostics (fix and noqa edits, which a
 * module's publication does not carry) and its hovers at a few positions are compared with those of a second server process that opens the same
 * text fresh (a full parse and analysis, nothing carried over). Any difference fails with a minimal
 * reproduction: the shortest suffix of the edit history that still shows it, as text plus LSP edits.
 *
 * Documents: generated SDK v2/v3 pipeline modules and notebooks of 30-300 lines, every fixture under
 * test/fixtures/rules/ and the fixture notebooks. Edits: typing, backspace, brackets, quotes, triple
 * quotes, f-strings, indentation, line comments, deletions that span statements, pastes of fixture
 * chunks, replacements, undo of earlier edits, lines typed character by character.
 *
 * The documents and edits are the same every run; SAGELINT_DIFF_SEED=N picks other edits (and other
 * generated documents), SAGELINT_DIFF_SCALE=K multiplies the number of edits (a soak run).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeAction, Diagnostic, Hover, Range } from 'vscode-languageserver-protocol';
import { notebookModule, pipelineModule, prng } from '../../bench/corpus.mjs';
import { LeanClient } from '../helpers/lspPair';
import { applyEdits, lineStarts, positionAt } from '../protocol/client';

declare const SAGELINT_ROOT: string;

const SEED = Number(process.env.SAGELINT_DIFF_SEED ?? 20);
const SCALE = Math.max(0.01, Number(process.env.SAGELINT_DIFF_SCALE ?? 1));
const LANES = 3; // documents edited at once (the server keeps the analyses of the 3 most recent)

type Prng = ReturnType<typeof prng>;

let editor: LeanClient;
let reference: LeanClient;
let fixtureTexts: string[] = [];

before(async () => {
  [editor, reference] = await Promise.all([LeanClient.start('editor'), LeanClient.start('reference')]);
  fixtureTexts = fixtureFiles().map((file) => fs.readFileSync(file, 'utf8'));
});

after(async () => {
  await Promise.all([editor?.dispose(), reference?.dispose()]);
});

function fixtureFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.py')) found.push(full);
    }
  };
  walk(path.join(SAGELINT_ROOT, 'test/fixtures/rules'));
  return found;
}

// ---------------------------------------------------------------------------------------------------
// Edits

/** An edit of one text: replace [start, end) by `text` (offsets into the text before the edit). */
interface Edit {
  start: number;
  end: number;
  text: string;
  kind: string;
}

const TYPED = [...'abcdefghijklmnopqrstuvwxyz_0123456789', ' ', ' ', '.', '(', ')', '[', ']', '{', '}', '"', "'", ':', ',', '=', '+', '\n', '#', '\\', '\t'];
const SNIPPETS = [
  '(', ')', '[', ']', '{', '}', '"', "'", '"""', "'''", 'f"', "f'", 'f"{', '}"', 'f"s3://{bucket_0}/x"', "f'''{count_0}\n", 'rf"{', '\n', '\n    ', '\n        ',
  '    ', ':', '\\\n', '#', '  # noqa', '  # noqa: SM101', 'print(bucket_0)\n', 'if use_gpu_0:\n    ', 'def helper(a, b=1):\n    return a\n', 'class Config:\n    pass\n',
  '"s3://" + bucket_0', '.properties.TrainingJobname', '.properties.ModelArtifacts.S3ModelArtifacts', 'import sagemaker\n', 'from sagemaker.workflow.parameters import ParameterString\n',
  'ml.m5.xlarg', 'step_train_0.properties', 'lambda: (', 'x = [', ']', 'é', '😀', 'ExecutionVariables.PIPELINE_EXECUTION_ID', 'global bucket_0\n', 'return ', 'else:\n    ',
  'for s in steps:\n    ', 'async ', 'await ', 'yield ', '*', '**kwargs', 'bucket_0 = "b"\n', 'Join(on="/", values=[bucket_0])', 'instance_type="m5.large",', 'role=role, ',
];
const TYPED_LINES = [
  'print(bucket_0)', 'uri = f"s3://{bucket_0}/{count_0}"', 'step = TrainingStep(name="T", estimator=estimator_0)', '"""a docstring', "'''", 'if use_gpu_0:',
  'x = "s3://" + bucket_0 + "/out"', 'est = Estimator(image_uri=image_uri, role=role, instance_count=1, instance_type="ml.m5.xlarge")', 'pipeline = Pipeline(name="P", steps=[step_prep_0])',
  'p = ParameterString(name="P")', 'def f(x):', '    return x', 'sm_client.describe_training_job(TrainingJobName=name)', 'import sagemaker', '# %%', '%pip install sagemaker',
];

/** Moves an offset off the middle of a \r\n pair or of a surrogate pair (an editor never splits those). */
function snap(text: string, offset: number): number {
  const o = Math.max(0, Math.min(text.length, offset));
  if (o > 0 && o < text.length) {
    if (text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10) return o - 1;
    const high = text.charCodeAt(o - 1);
    if (high >= 0xd800 && high <= 0xdbff) return o - 1;
  }
  return o;
}

/** One text's edit generator: a cursor where typing continues, an undo stack, a line being typed. */
class EditGenerator {
  private cursor = 0;
  private readonly undo: Edit[] = [];
  private burst: { at: number; chars: string[] } | undefined;

  constructor(private readonly r: Prng) {}

  next(text: string): Edit {
    const edit = this.choose(text);
    const start = snap(text, Math.min(edit.start, edit.end));
    const end = Math.max(start, snap(text, Math.max(edit.start, edit.end)));
    const fixed = { ...edit, start, end };
    if (fixed.kind !== 'undo') {
      this.undo.push({ start, end: start + fixed.text.length, text: text.slice(start, end), kind: 'undo' });
      if (this.undo.length > 30) this.undo.shift();
    }
    this.cursor = start + fixed.text.length;
    return fixed;
  }

  private choose(text: string): Edit {
    const r = this.r;
    if (this.burst) {
      const ch = this.burst.chars.shift()!;
      const at = this.burst.at++;
      if (!this.burst.chars.length) this.burst = undefined;
      if (at <= text.length) return { start: at, end: at, text: ch, kind: 'typed line' };
      this.burst = undefined;
    }
    const starts = lineStarts(text);
    const randomOffset = () => r.int(text.length + 1);
    const lineStart = () => starts[r.int(starts.length)];
    const near = () => (r.chance(0.7) ? Math.min(this.cursor, text.length) : randomOffset());
    if (!text.length) return { start: 0, end: 0, text: this.chunk(), kind: 'paste' };
    // Keep documents small (the budget): long ones lose lines more often than they gain them.
    const tooLong = starts.length > 400;
    const roll = r.int(100);
    if (tooLong && r.chance(0.5)) {
      const line = r.int(starts.length);
      const last = Math.min(starts.length - 1, line + 5 + r.int(40));
      return { start: starts[line], end: last + 1 < starts.length ? starts[last + 1] : text.length, text: '', kind: 'delete lines' };
    }
    if (roll < 22) {
      const at = near();
      return { start: at, end: at, text: r.pick(TYPED), kind: 'type' };
    }
    if (roll < 30) {
      const at = near();
      return { start: Math.max(0, at - 1), end: at, text: '', kind: 'backspace' };
    }
    if (roll < 46) {
      const at = r.chance(0.4) ? near() : randomOffset();
      return { start: at, end: at, text: r.pick(SNIPPETS), kind: 'snippet' };
    }
    if (roll < 52) {
      const line = r.pick(TYPED_LINES) + (r.chance(0.6) ? '\n' : '');
      const at = r.chance(0.6) ? lineStart() : near();
      this.burst = { at: at + 1, chars: [...line.slice(1)] };
      if (!this.burst.chars.length) this.burst = undefined;
      return { start: at, end: at, text: line[0], kind: 'typed line' };
    }
    if (roll < 61) {
      const at = randomOffset();
      return { start: at, end: Math.min(text.length, at + 1 + r.int(r.chance(0.3) ? 600 : 120)), text: '', kind: 'delete span' };
    }
    if (roll < 66) {
      const line = r.int(starts.length);
      const last = Math.min(starts.length - 1, line + r.int(6));
      return { start: starts[line], end: last + 1 < starts.length ? starts[last + 1] : text.length, text: '', kind: 'delete lines' };
    }
    if (roll < 72) {
      const at = lineStart();
      return { start: at, end: at, text: r.pick(['    ', '    ', '  ', '\t', '        ']), kind: 'indent' };
    }
    if (roll < 77) {
      const at = lineStart();
      let n = 0;
      while (n < 4 && (text[at + n] === ' ' || text[at + n] === '\t')) n++;
      return { start: at, end: at + Math.max(n, 1), text: '', kind: 'dedent' };
    }
    if (roll < 84) {
      const at = r.chance(0.85) ? lineStart() : randomOffset();
      return { start: at, end: at, text: this.chunk(), kind: 'paste' };
    }
    if (roll < 89) {
      const at = randomOffset();
      return { start: at, end: Math.min(text.length, at + r.int(60)), text: r.pick(SNIPPETS), kind: 'replace' };
    }
    if (roll < 97 && this.undo.length) {
      const inverse = this.undo.pop()!;
      if (inverse.end <= text.length) return inverse;
    }
    if (roll < 99) {
      const at = lineStart();
      return text.startsWith('# ', at) ? { start: at, end: at + 2, text: '', kind: 'uncomment' } : { start: at, end: at, text: '# ', kind: 'comment' };
    }
    const line = r.int(starts.length);
    const end = line + 1 < starts.length ? starts[line + 1] : text.length;
    const copied = text.slice(starts[line], end);
    return { start: end, end, text: copied.endsWith('\n') || !copied ? copied : `\n${copied}`, kind: 'duplicate line' };
  }

  /** A run of whole lines from a fixture (what a paste from another file brings). */
  chunk(): string {
    const r = this.r;
    const lines = r.pick(fixtureTexts).split('\n');
    const from = r.int(lines.length);
    return lines.slice(from, from + 1 + r.int(30)).join('\n') + '\n';
  }
}

// ---------------------------------------------------------------------------------------------------
// What is compared

interface Observed {
  diagnostics: string;
  /** A module's quick fixes for all its diagnostics (comparableActions), as JSON of a list. */
  fixes?: string;
  hovers: string[];
}

/** A publication as comparable text: the version fields of `data` dropped, the document's own URIs named by role. */
function comparableDiagnostics(diagnostics: readonly Diagnostic[], uriPrefix: string): string {
  const stripped = diagnostics.map((d) => {
    const data = d.data as Record<string, unknown> | undefined;
    const rest = data ? Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'version' && key !== 'notebookVersion')) : undefined;
    return { range: d.range, severity: d.severity, code: d.code, source: d.source, message: d.message, codeDescription: d.codeDescription, tags: d.tags, data: rest };
  });
  return JSON.stringify(stripped).split(uriPrefix).join('<document>');
}

/** Code actions as comparable text: each with its diagnostic's range and code (not its data), URIs named by role. */
function comparableActions(actions: readonly CodeAction[], uriPrefix: string): string {
  const stripped = actions.map((a) => ({ ...a, diagnostics: a.diagnostics?.map((d) => ({ range: d.range, code: d.code })) }));
  return JSON.stringify(stripped).split(uriPrefix).join('<document>');
}

const comparableHover = (hover: Hover | null): string => JSON.stringify(hover);

/** The first line where two observations differ, expected (fresh analysis) against actual (incremental). */
function difference(expected: Observed, actual: Observed, label: string): string | undefined {
  if (expected.diagnostics !== actual.diagnostics) return listDifference(`${label}: diagnostics`, expected.diagnostics, actual.diagnostics);
  if (expected.fixes !== actual.fixes) return listDifference(`${label}: quick fixes`, expected.fixes ?? '[]', actual.fixes ?? '[]');
  for (let i = 0; i < expected.hovers.length; i++) {
    if (expected.hovers[i] !== actual.hovers[i]) return `${label}: hover ${i} differs\n  fresh:       ${expected.hovers[i].slice(0, 600)}\n  incremental: ${actual.hovers[i].slice(0, 600)}`;
  }
  return undefined;
}

/** The entries of two JSON lists that only one of them has. */
function listDifference(what: string, expected: string, actual: string): string {
  const e = JSON.parse(expected) as unknown[];
  const a = JSON.parse(actual) as unknown[];
  const lines = [`${what} differ (fresh analysis ${e.length}, incremental ${a.length})`];
  const es = new Set(e.map((x) => JSON.stringify(x)));
  const as = new Set(a.map((x) => JSON.stringify(x)));
  for (const x of as) if (!es.has(x)) lines.push(`  only incremental: ${x.slice(0, 600)}`);
  for (const x of es) if (!as.has(x)) lines.push(`  only fresh:       ${x.slice(0, 600)}`);
  if (lines.length === 1) lines.push('  (the same entries in another order)');
  return lines.slice(0, 12).join('\n');
}

/** Positions to hover at: where the edit ended, and two identifiers elsewhere. */
function hoverOffsets(text: string, editEnd: number, r: Prng): number[] {
  const offsets = [Math.min(editEnd, text.length)];
  for (let k = 0; k < 2 && text.length; k++) {
    let at = r.int(text.length);
    const stop = Math.min(text.length, at + 200);
    while (at < stop && !/[A-Za-z_]/.test(text[at])) at++;
    offsets.push(at);
  }
  return offsets;
}

let edits = 0;
let modulesRun = 0;
let notebooksRun = 0;
let referenceCounter = 0;

// ---------------------------------------------------------------------------------------------------
// .py modules: textDocument/didChange with one range change per edit

interface LspEdit {
  range: Range;
  text: string;
}

const moduleDir = 'file:///sagelint-diff/modules';

async function observeModule(client: LeanClient, uri: string, version: number, text: string, offsets: number[]): Promise<Observed> {
  const diagnostics = await client.diagnostics(uri, version);
  const [actions, ...hovers] = await Promise.all([client.codeActions(uri, diagnostics), ...offsets.map((o) => client.hover(uri, positionAt(text, o)))]);
  // The quick fixes of every diagnostic (its fixes and its noqa edit): a module's publication carries none.
  return { diagnostics: comparableDiagnostics(diagnostics, uri), fixes: comparableActions(actions as CodeAction[], uri), hovers: hovers.map(comparableHover) };
}

/** The same text opened fresh in the reference server. */
async function freshModule(name: string, text: string, offsets: number[]): Promise<Observed> {
  const uri = `${moduleDir}/ref${referenceCounter++}-${name}`;
  await reference.notifyServer('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  try {
    return await observeModule(reference, uri, 1, text, offsets);
  } finally {
    await reference.notifyServer('textDocument/didClose', { textDocument: { uri } });
    reference.forget(uri);
  }
}

let editorCounter = 0;

/** Opens `start` in the editor server, applies `history`, and returns the first difference after any edit. */
async function replayModule(name: string, start: string, history: readonly LspEdit[], r: Prng): Promise<string | undefined> {
  const uri = `${moduleDir}/replay${editorCounter++}-${name}`;
  let text = start;
  let version = 1;
  await editor.notifyServer('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
  try {
    await editor.diagnostics(uri, version);
    for (const edit of history) {
      text = applyEdits(text, [{ range: edit.range, newText: edit.text }]);
      await editor.notifyServer('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: edit.range, text: edit.text }] });
      const offsets = hoverOffsets(text, 0, r);
      const [actual, expected] = await Promise.all([observeModule(editor, uri, version, text, offsets), freshModule(name, text, offsets)]);
      const diff = difference(expected, actual, 'replay');
      if (diff) return diff;
    }
    return undefined;
  } finally {
    await editor.notifyServer('textDocument/didClose', { textDocument: { uri } });
    editor.forget(uri);
  }
}

/** The shortest suffix of the history (opened fresh, then edited) that still shows a difference. */
async function minimalModuleRepro(name: string, texts: readonly string[], history: readonly LspEdit[]): Promise<string> {
  const last = history.length;
  for (let n = 1; n <= last; n = n * 2 > last && n < last ? last : n * 2) {
    const from = last - n;
    const diff = await replayModule(name, texts[from], history.slice(from), prng(SEED));
    if (diff) {
      return `minimal reproduction (the last ${n} of ${last} edits): open this text, then apply the edits one by one, analysing after each:\n` +
        `${JSON.stringify({ text: texts[from], edits: history.slice(from) })}\n${diff}`;
    }
    if (n === last) break;
  }
  return `no shorter reproduction: the difference needs the whole history; first text and edits:\n${JSON.stringify({ text: texts[0], edits: history })}`;
}

async function runModule(job: { name: string; text: string; edits: number; seed: number }): Promise<void> {
  const r = prng(job.seed);
  const generator = new EditGenerator(r);
  const uri = `${moduleDir}/${editorCounter++}-${job.name}`;
  let text = job.text;
  let version = 1;
  const texts = [text];
  const history: LspEdit[] = [];
  await editor.notifyServer('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
  try {
    for (let i = 0; i <= job.edits; i++) {
      let editEnd = 0;
      let kind = 'open';
      if (i > 0) {
        const edit = generator.next(text);
        kind = edit.kind;
        const range = { start: positionAt(text, edit.start), end: positionAt(text, edit.end) };
        history.push({ range, text: edit.text });
        text = applyEdits(text, [{ range, newText: edit.text }]);
        texts.push(text);
        editEnd = edit.start + edit.text.length;
        await editor.notifyServer('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range, text: edit.text }] });
        edits++;
      }
      const offsets = hoverOffsets(text, editEnd, r);
      const [actual, expected] = await Promise.all([observeModule(editor, uri, version, text, offsets), freshModule(job.name, text, offsets)]);
      const diff = difference(expected, actual, `${job.name}, edit ${i} (${kind})`);
      if (diff) {
        const repro = await minimalModuleRepro(job.name, texts, history);
        assert.fail(`incremental analysis differs from a fresh analysis (SAGELINT_DIFF_SEED=${SEED}, document ${job.name}, job seed ${job.seed}, after edit ${i} of ${job.edits})\n${diff}\n${repro}`);
      }
    }
    modulesRun++;
  } finally {
    await editor.notifyServer('textDocument/didClose', { textDocument: { uri } });
    editor.forget(uri);
  }
}

// ---------------------------------------------------------------------------------------------------
// Notebooks: notebookDocument/didChange with cell text edits, cell inserts and cell deletes

interface Cell {
  id: number;
  kind: 1 | 2;
  languageId: 'python' | 'markdown';
  text: string;
  version: number;
}

type NotebookOp =
  | { type: 'edit'; cell: number; range: Range; text: string }
  | { type: 'insert'; at: number; cell: Cell }
  | { type: 'delete'; at: number };

const notebookDir = '/sagelint-diff/notebooks';
const cellUri = (notebookPath: string, id: number) => `vscode-notebook-cell:${notebookPath}#c${id}`;
const isCode = (c: Cell) => c.kind === 2 && c.languageId === 'python';

async function openNotebook(client: LeanClient, notebookPath: string, cells: readonly Cell[]): Promise<void> {
  await client.notifyServer('notebookDocument/didOpen', {
    notebookDocument: { uri: `file://${notebookPath}`, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((c) => ({ kind: c.kind, document: cellUri(notebookPath, c.id) })) },
    cellTextDocuments: cells.map((c) => ({ uri: cellUri(notebookPath, c.id), languageId: c.languageId, version: c.version, text: c.text })),
  });
}

async function closeNotebook(client: LeanClient, notebookPath: string, cells: readonly Cell[]): Promise<void> {
  await client.notifyServer('notebookDocument/didClose', { notebookDocument: { uri: `file://${notebookPath}` }, cellTextDocuments: cells.map((c) => ({ uri: cellUri(notebookPath, c.id) })) });
  for (const c of cells) client.forget(cellUri(notebookPath, c.id));
}

/** Applies an operation to the cells (a new array; cells are replaced, never mutated) and returns the protocol change. */
function applyOp(cells: readonly Cell[], op: NotebookOp, notebookPath: string): { cells: Cell[]; change: unknown } {
  if (op.type === 'edit') {
    const next = cells.map((c) => (c.id === op.cell ? { ...c, text: applyEdits(c.text, [{ range: op.range, newText: op.text }]), version: c.version + 1 } : c));
    const cell = next.find((c) => c.id === op.cell)!;
    return { cells: next, change: { cells: { textContent: [{ document: { uri: cellUri(notebookPath, cell.id), version: cell.version }, changes: [{ range: op.range, text: op.text }] }] } } };
  }
  if (op.type === 'insert') {
    const next = [...cells.slice(0, op.at), op.cell, ...cells.slice(op.at)];
    const uri = cellUri(notebookPath, op.cell.id);
    return {
      cells: next,
      change: { cells: { structure: { array: { start: op.at, deleteCount: 0, cells: [{ kind: op.cell.kind, document: uri }] }, didOpen: [{ uri, languageId: op.cell.languageId, version: op.cell.version, text: op.cell.text }] } } },
    };
  }
  const removed = cells[op.at];
  return {
    cells: [...cells.slice(0, op.at), ...cells.slice(op.at + 1)],
    change: { cells: { structure: { array: { start: op.at, deleteCount: 1 }, didClose: [{ uri: cellUri(notebookPath, removed.id) }] } } },
  };
}

/**
 * Each code cell's latest publication, once the server has analysed the notebook as it is now. The server
 * publishes a cell again only when its text changed (a new version) or its diagnostics did (through an edit
 * elsewhere): so every code cell must have a publication for its current version, and then a hover (which
 * the server answers from the current analysis, published before the answer) marks the point where every
 * publication of that analysis has arrived. A cell left with diagnostics that are no longer true shows up
 * as a difference from the fresh analysis.
 */
async function observeNotebook(client: LeanClient, notebookPath: string, cells: readonly Cell[], hovers: { cell: number; offset: number }[]): Promise<Observed> {
  const code = cells.filter(isCode);
  await client.until(`diagnostics of every code cell of ${notebookPath}`, () =>
    code.every((c) => client.published(cellUri(notebookPath, c.id))?.version === c.version));
  if (code.length) await client.hover(cellUri(notebookPath, code[0].id), { line: 0, character: 0 });
  const answers = await Promise.all(hovers.map(({ cell, offset }) => {
    const c = cells.find((x) => x.id === cell)!;
    return client.hover(cellUri(notebookPath, cell), positionAt(c.text, offset));
  }));
  const prefix = `vscode-notebook-cell:${notebookPath}#`;
  const diagnostics = JSON.stringify(code.map((c) => `c${c.id}: ${comparableDiagnostics(client.published(cellUri(notebookPath, c.id))!.diagnostics, prefix)}`));
  return { diagnostics, hovers: answers.map(comparableHover) };
}

async function freshNotebook(name: string, cells: readonly Cell[], hovers: { cell: number; offset: number }[]): Promise<Observed> {
  const notebookPath = `${notebookDir}/ref${referenceCounter++}-${name}`;
  await openNotebook(reference, notebookPath, cells);
  try {
    return await observeNotebook(reference, notebookPath, cells, hovers);
  } finally {
    await closeNotebook(reference, notebookPath, cells);
  }
}

function notebookHovers(cells: readonly Cell[], edited: { cell: number; offset: number } | undefined, r: Prng): { cell: number; offset: number }[] {
  const code = cells.filter(isCode);
  const chosen = edited && cells.some((c) => c.id === edited.cell && isCode(c)) ? [edited] : [];
  for (let k = 0; k < 2 && code.length; k++) {
    const cell = r.pick(code);
    const [offset] = hoverOffsets(cell.text, 0, r).slice(1);
    chosen.push({ cell: cell.id, offset: offset ?? 0 });
  }
  return chosen;
}

class NotebookEditor {
  private readonly generators = new Map<number, EditGenerator>();
  constructor(private readonly r: Prng, private nextId: number) {}

  next(cells: readonly Cell[]): NotebookOp {
    const r = this.r;
    const roll = r.int(100);
    const codeCount = cells.filter(isCode).length;
    if (roll < 7 || !cells.length) {
      const kind: 1 | 2 = r.chance(0.2) ? 1 : 2;
      const generator = new EditGenerator(r);
      const text = kind === 1 ? '## Notes\nSome *markdown*.' : r.pick(['', generator.chunk().replace(/\n$/, ''), '%pip install sagemaker', 'print(bucket_0)', 'import sagemaker\nfrom sagemaker.workflow.parameters import ParameterString']);
      return { type: 'insert', at: r.int(cells.length + 1), cell: { id: this.nextId++, kind, languageId: kind === 1 ? 'markdown' : 'python', text, version: 1 } };
    }
    if (roll < 13 && cells.length > 1) {
      const at = r.int(cells.length);
      if (!isCode(cells[at]) || codeCount > 1) return { type: 'delete', at };
    }
    const code = cells.filter(isCode);
    const cell = r.pick(code.length ? code : cells);
    let generator = this.generators.get(cell.id);
    if (!generator) this.generators.set(cell.id, (generator = new EditGenerator(r)));
    const edit = generator.next(cell.text);
    return { type: 'edit', cell: cell.id, range: { start: positionAt(cell.text, edit.start), end: positionAt(cell.text, edit.end) }, text: edit.text };
  }
}

/** Replays `ops` on a notebook opened with `start`; the first difference after any operation. */
async function replayNotebook(name: string, start: readonly Cell[], ops: readonly NotebookOp[]): Promise<string | undefined> {
  const r = prng(SEED);
  const notebookPath = `${notebookDir}/replay${editorCounter++}-${name}`;
  let cells = [...start];
  let version = 1;
  await openNotebook(editor, notebookPath, cells);
  try {
    await observeNotebook(editor, notebookPath, cells, []);
    for (const op of ops) {
      const applied = applyOp(cells, op, notebookPath);
      cells = applied.cells;
      await editor.notifyServer('notebookDocument/didChange', { notebookDocument: { uri: `file://${notebookPath}`, version: ++version }, change: applied.change });
      const hovers = notebookHovers(cells, undefined, r);
      const [actual, expected] = await Promise.all([observeNotebook(editor, notebookPath, cells, hovers), freshNotebook(name, cells, hovers)]);
      const diff = difference(expected, actual, 'replay');
      if (diff) return diff;
    }
    return undefined;
  } finally {
    await closeNotebook(editor, notebookPath, cells);
  }
}

async function runNotebook(job: { name: string; cells: Cell[]; edits: number; seed: number }): Promise<void> {
  const r = prng(job.seed);
  const ops = new NotebookEditor(r, job.cells.length);
  const notebookPath = `${notebookDir}/${editorCounter++}-${job.name}`;
  let cells = job.cells;
  let version = 1;
  const states: Cell[][] = [cells];
  const history: NotebookOp[] = [];
  await openNotebook(editor, notebookPath, cells);
  try {
    for (let i = 0; i <= job.edits; i++) {
      let edited: { cell: number; offset: number } | undefined;
      let kind = 'open';
      if (i > 0) {
        const op = ops.next(cells);
        kind = op.type;
        history.push(op);
        const applied = applyOp(cells, op, notebookPath);
        cells = applied.cells;
        states.push(cells);
        if (op.type === 'edit') {
          const cell = cells.find((c) => c.id === op.cell)!;
          const lines = lineStarts(cell.text);
          edited = { cell: op.cell, offset: Math.min(cell.text.length, (lines[Math.min(op.range.start.line, lines.length - 1)] ?? 0) + op.range.start.character + op.text.length) };
        }
        await editor.notifyServer('notebookDocument/didChange', { notebookDocument: { uri: `file://${notebookPath}`, version: ++version }, change: applied.change });
        edits++;
      }
      const hovers = notebookHovers(cells, edited, r);
      const [actual, expected] = await Promise.all([observeNotebook(editor, notebookPath, cells, hovers), freshNotebook(job.name, cells, hovers)]);
      const diff = difference(expected, actual, `${job.name}, operation ${i} (${kind})`);
      if (diff) {
        let repro = `no shorter reproduction: the difference needs the whole history; cells and operations:\n${JSON.stringify({ cells: states[0], operations: history })}`;
        const last = history.length;
        for (let n = 1; n <= last; n = n * 2 > last && n < last ? last : n * 2) {
          const found = await replayNotebook(job.name, states[last - n], history.slice(last - n));
          if (found) {
            repro = `minimal reproduction (the last ${n} of ${last} operations): open a notebook with these cells, then apply the operations one by one:\n${JSON.stringify({ cells: states[last - n], operations: history.slice(last - n) })}\n${found}`;
            break;
          }
          if (n === last) break;
        }
        assert.fail(`incremental notebook analysis differs from a fresh analysis (SAGELINT_DIFF_SEED=${SEED}, notebook ${job.name}, job seed ${job.seed}, after operation ${i} of ${job.edits})\n${diff}\n${repro}`);
      }
    }
    notebooksRun++;
  } finally {
    await closeNotebook(editor, notebookPath, cells);
  }
}

// ---------------------------------------------------------------------------------------------------
// The documents

/** A notebook exported as a script (`# %%` separators, markdown cells) split back into cells. */
function cellsOfScript(script: string): Cell[] {
  const cells: Cell[] = [];
  let current: string[] | undefined;
  let markdown = false;
  const flush = () => {
    if (current) cells.push({ id: cells.length, kind: markdown ? 1 : 2, languageId: markdown ? 'markdown' : 'python', text: current.join('\n').replace(/\n+$/, ''), version: 1 });
  };
  for (const line of script.split('\n')) {
    if (line.startsWith('# %%')) {
      flush();
      current = [];
      markdown = line.includes('[markdown]');
    } else (current ??= []).push(line);
  }
  flush();
  return cells;
}

/** A pipeline module cut into cells at its blank lines (one stage per cell or so). */
function cellsOfModule(text: string, r: Prng): Cell[] {
  const cells: Cell[] = [];
  for (const part of text.split(/\n\n(?=\S)/)) {
    if (cells.length && r.chance(0.4)) {
      const last = cells[cells.length - 1];
      last.text += `\n\n${part}`;
    } else cells.push({ id: cells.length, kind: 2, languageId: 'python', text: part, version: 1 });
  }
  if (cells.length > 1) cells.splice(1, 0, { id: cells.length, kind: 1, languageId: 'markdown', text: '# Pipeline\nThe steps follow.', version: 1 });
  return cells.map((c, index) => ({ ...c, id: index }));
}

function cellsOfIpynb(file: string): Cell[] | undefined {
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
    return json.cells.map((c, id) => {
      const code = c.cell_type === 'code';
      return { id, kind: code ? 2 : 1, languageId: code ? 'python' : 'markdown', text: Array.isArray(c.source) ? c.source.join('') : c.source, version: 1 } as Cell;
    });
  } catch {
    return undefined; // the invalid fixture notebook
  }
}

type Job = { type: 'module'; name: string; text: string; edits: number; seed: number } | { type: 'notebook'; name: string; cells: Cell[]; edits: number; seed: number };

function jobs(): Job[] {
  const r = prng(SEED);
  const n = (count: number) => Math.max(1, Math.round(count * SCALE));
  const list: Job[] = [];
  for (let i = 0; i < 30; i++) {
    // 30-300 lines, most of them short: every edit costs a full analysis in the reference server.
    const lines = r.chance(0.2) ? 150 + r.int(151) : 30 + r.int(91);
    const text = pipelineModule(SEED * 100 + i, lines, { v3: i % 3 === 1, mistakes: [0.15, 0.5, 0.9][i % 3] });
    list.push({ type: 'module', name: `pipeline${i}-${lines}.py`, text: i % 7 === 3 ? text.replace(/\n/g, '\r\n') : text, edits: n(165), seed: SEED * 1000 + list.length });
  }
  for (let i = 0; i < 6; i++) {
    list.push({ type: 'notebook', name: `notebook${i}.ipynb`, cells: cellsOfScript(notebookModule(SEED * 100 + 50 + i, 40 + r.int(140))), edits: n(150), seed: SEED * 1000 + list.length });
    list.push({ type: 'notebook', name: `stages${i}.ipynb`, cells: cellsOfModule(pipelineModule(SEED * 100 + 70 + i, 40 + r.int(140), { v3: i % 2 === 1, mistakes: 0.5 }), r), edits: n(150), seed: SEED * 1000 + list.length });
  }
  for (const file of fixtureFiles()) {
    const name = path.relative(path.join(SAGELINT_ROOT, 'test/fixtures/rules'), file).replace(/[\\/]/g, '_');
    list.push({ type: 'module', name, text: fs.readFileSync(file, 'utf8'), edits: n(12), seed: SEED * 1000 + list.length });
  }
  const notebooks = path.join(SAGELINT_ROOT, 'test/fixtures/notebooks');
  for (const file of fs.readdirSync(notebooks).sort()) {
    const cells = cellsOfIpynb(path.join(notebooks, file));
    if (cells) list.push({ type: 'notebook', name: file, cells, edits: n(100), seed: SEED * 1000 + list.length });
  }
  return list;
}

test('incremental analysis equals a fresh analysis after every one of 10,000+ random edits (modules and notebooks, real protocol)', async () => {
  const queue = jobs();
  const planned = queue.reduce((sum, job) => sum + job.edits, 0);
  const t0 = performance.now();
  let failure: unknown;
  const lane = async () => {
    while (queue.length && !failure) {
      const job = queue.shift()!;
      try {
        if (job.type === 'module') await runModule(job);
        else await runNotebook(job);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  const seconds = (performance.now() - t0) / 1000;
  console.log(`  incremental differential: ${edits} edits (${planned} planned) on ${modulesRun} modules and ${notebooksRun} notebooks in ${seconds.toFixed(1)} s (CPU: editor server ${editor.cpuSeconds().toFixed(1)} s, reference server ${reference.cpuSeconds().toFixed(1)} s, test ${(process.cpuUsage().user / 1e6).toFixed(1)} s), SAGELINT_DIFF_SEED=${SEED}`);
  if (failure) throw failure;
  assert.equal(edits, planned);
  if (SCALE >= 1) assert.ok(edits >= 10_000, `at least 10,000 edits per run (${edits})`);
});
