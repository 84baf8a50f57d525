import {
  CodeAction, CodeActionParams, Connection, Diagnostic, DidChangeNotebookDocumentParams,
  DidCloseNotebookDocumentParams, DidOpenNotebookDocumentParams, Hover, MarkupKind, NotebookCellKind, Position,
  TextDocumentContentChangeEvent, TextEdit as LspTextEdit, WorkspaceEdit,
} from 'vscode-languageserver/node';
import { AnalyzeOptions } from '../analysis/analyze';
import { Settings } from '../config/settings';
import { hoverAt } from '../features/hover';
import { PythonParser } from '../parse/parser';
import { ruleDocUrl } from '../rules/registry';
import { LineIndex } from '../text/lineIndex';
import { CellEdit, CellFinding, NotebookAnalysis, ParsedText, analyzeNotebook, freeParse } from '../notebook/analyzeNotebook';
import { CurrentDiagnostics, FIX_ALL_KIND, quickFixes, wantsFixAll, wantsQuickFix } from './codeActions';
import { NotebookText } from '../notebook/concat';
import type { SdkEnvironment } from '../environment/types';
import { ChangeCoalescer } from './coalesce';
import { SEVERITY, SOURCE } from './publication';
import { NotebookPinScan, notebookEnvironment, PinScanContext, scanNotebookSdkPins } from '../notebook/sdkPin';
import { uriPath } from '../environment/service';
import { CommandLine, commandLines } from '../notebook/magics';

/** What the notebook selector in the server's capabilities matches. */
export const NOTEBOOK_SYNC = {
  notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }],
};


interface CellDocument {
  text: string;
  version: number;
  languageId: string;
  notebook: string;
}

interface NotebookState {
  version: number;
  cells: { document: string; kind: number }[];
  analysis?: { version: number; result: NotebookAnalysis; cellUris: string[] };
  /** What the notebook's install lines say, at a version; `said`: its description, to notice changes. */
  pins?: { version: number; scan: NotebookPinScan; said: string };
  /** The command lines of each code cell's text at the last scan: a keystroke scans only the edited cell again. */
  commands?: Map<string, readonly CommandLine[]>;
  /** The parser tree of the last analysed text: the next analysis reparses only the edited cell. */
  parse?: ParsedText;
  /**
   * What was last published for each cell (cleared when it leaves the notebook): the cell's version and
   * the findings its diagnostics were made from. A cell is published again only when either differs.
   */
  published: Map<string, PublishedCell>;
}

/**
 * A cell's findings as last published, with what their diagnostics were made from besides: for each
 * finding, in order, the URI and text of the cells its fix and noqa edits go to (the ranges of those
 * edits are positions in those texts).
 */
interface PublishedCell {
  readonly version: number | undefined;
  readonly findings: readonly CellFinding[];
  readonly targets: readonly (string | undefined)[];
}

/** What a notebook diagnostic carries: fix edits name their cells, which may differ from the diagnostic's. */
interface NotebookDiagnosticData {
  fix?: { title: string; applicability: 'safe' | 'unsafe'; edits: { uri: string; edit: LspTextEdit }[] };
  noqa?: { uri: string; edit: LspTextEdit };
}

export interface NotebookDeps {
  readonly parserReady: Promise<unknown>;
  parser(): PythonParser | undefined;
  settingsFor(uri: string): Settings;
  optionsFor(uri: string): AnalyzeOptions | undefined;
  versionedEdits(): boolean;
  log(message: string): void;
  /** Told how long each analysis of a notebook took (the server logs the slow ones). */
  analysed?(uri: string, ms: number): void;
  /** Where a notebook's `-r` files may be read from (none in an untrusted workspace). */
  pinContext?(notebookUri: string): PinScanContext;
  /** Told when what a notebook's install lines say has changed (the status bar shows it). */
  pinChanged?(notebookUri: string): void;
}

/**
 * LSP 3.17 notebook sync: each notebook's Python code cells are analysed as one module (cells in
 * order, magics blanked, each parsed on its own), and diagnostics, hovers and quick-fixes are mapped back to
 * cell URIs and cell positions.
 */
export class NotebookSync {
  private readonly notebooks = new Map<string, NotebookState>();
  private readonly cellDocs = new Map<string, CellDocument>();
  /** Analyses run once per burst of changes (see ChangeCoalescer). */
  private readonly analyses = new ChangeCoalescer((uri) => {
    // Before the parser has loaded, one publication per notebook waits for it (with the newest cells then).
    if (this.waitingForParser.has(uri)) return;
    this.waitingForParser.add(uri);
    void this.deps.parserReady.then(() => {
      this.waitingForParser.delete(uri);
      this.publish(uri);
    });
  });
  private readonly waitingForParser = new Set<string>();

  constructor(private readonly connection: Connection, private readonly deps: NotebookDeps) {}

  register(): void {
    const sync = this.connection.notebooks.synchronization;
    sync.onDidOpenNotebookDocument((params) => this.open(params));
    sync.onDidChangeNotebookDocument((params) => this.change(params));
    sync.onDidSaveNotebookDocument(() => undefined);
    sync.onDidCloseNotebookDocument((params) => this.close(params));
  }

  /** Whether a URI is a cell of an open notebook. */
  owns(uri: string): boolean {
    return this.cellDocs.has(uri);
  }

  /** Re-analyse everything (settings or environment changed). */
  refreshAll(): void {
    for (const [uri, state] of this.notebooks) {
      state.analysis = undefined;
      state.pins = undefined;
      this.schedule(uri);
    }
  }

  /** Re-analyse the notebooks whose analysis read one of these files (they changed on disk). */
  filesChanged(files: ReadonlySet<string>): void {
    for (const [uri, state] of this.notebooks) {
      if (!state.analysis?.result.analysis?.filesRead.some((file) => files.has(file))) continue;
      state.analysis = undefined;
      this.schedule(uri);
    }
  }

  open({ notebookDocument, cellTextDocuments }: DidOpenNotebookDocumentParams): void {
    for (const doc of cellTextDocuments) this.cellDocs.set(doc.uri, { text: doc.text, version: doc.version, languageId: doc.languageId, notebook: notebookDocument.uri });
    this.notebooks.set(notebookDocument.uri, {
      version: notebookDocument.version,
      cells: notebookDocument.cells.map((c) => ({ document: c.document, kind: c.kind })),
      published: new Map(),
    });
    this.schedule(notebookDocument.uri);
  }

  change({ notebookDocument, change }: DidChangeNotebookDocumentParams): void {
    const state = this.notebooks.get(notebookDocument.uri);
    if (!state) return;
    state.version = notebookDocument.version;
    const cells = change.cells;
    if (cells?.structure) {
      const { array, didOpen, didClose } = cells.structure;
      for (const doc of didClose ?? []) this.cellDocs.delete(doc.uri);
      for (const doc of didOpen ?? []) this.cellDocs.set(doc.uri, { text: doc.text, version: doc.version, languageId: doc.languageId, notebook: notebookDocument.uri });
      state.cells.splice(array.start, array.deleteCount, ...(array.cells ?? []).map((c) => ({ document: c.document, kind: c.kind })));
    }
    for (const data of cells?.data ?? []) {
      const cell = state.cells.find((c) => c.document === data.document);
      if (cell) cell.kind = data.kind;
    }
    for (const content of cells?.textContent ?? []) {
      const doc = this.cellDocs.get(content.document.uri);
      if (!doc) continue;
      for (const edit of content.changes) doc.text = applyChange(doc.text, edit);
      doc.version = content.document.version;
    }
    this.analyses.changed(notebookDocument.uri);
  }

  close({ notebookDocument, cellTextDocuments }: DidCloseNotebookDocumentParams): void {
    const state = this.notebooks.get(notebookDocument.uri);
    freeParse(state?.parse);
    this.notebooks.delete(notebookDocument.uri);
    this.analyses.cancel(notebookDocument.uri);
    for (const doc of cellTextDocuments) this.cellDocs.delete(doc.uri);
    for (const uri of state?.published.keys() ?? []) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private schedule(uri: string): void {
    this.analyses.schedule(uri);
  }

  /** A notebook's code cells (their module order and URIs), as analysed. */
  private codeCells(state: NotebookState): { cellUris: string[]; cells: { index: number; text: string }[] } {
    const cellUris: string[] = [];
    const cells: { index: number; text: string }[] = [];
    state.cells.forEach((cell, index) => {
      const doc = this.cellDocs.get(cell.document);
      cellUris.push(cell.document);
      if (cell.kind === NotebookCellKind.Code && doc && doc.languageId === 'python') cells.push({ index, text: doc.text });
    });
    return { cellUris, cells };
  }

  /**
   * The module text of the notebook a cell belongs to, the cursor's offset in it, and the way back to
   * cell positions: what completion and signature help read (they need the text, not the analysis).
   */
  moduleTextAt(cellUri: string, position: Position): { text: string; offset: number; environment?: SdkEnvironment; toCellPosition(offset: number): Position | undefined } | undefined {
    const doc = this.cellDocs.get(cellUri);
    const state = doc && this.notebooks.get(doc.notebook);
    if (!doc || !state || !this.deps.settingsFor(doc.notebook).enable) return undefined;
    const { cellUris, cells } = this.codeCells(state);
    const index = cellUris.indexOf(cellUri);
    const notebook = new NotebookText(cells);
    const offset = notebook.offsetAt(index, position);
    if (offset === undefined) return undefined;
    return {
      text: notebook.text,
      offset,
      environment: this.optionsOf(doc.notebook)?.environment,
      toCellPosition: (at) => {
        const placed = notebook.toCell(at, at);
        return placed && placed.cell.index === index ? placed.cell.lines.positionAt(placed.start) : undefined;
      },
    };
  }

  /** The notebook a URI names: itself, or the notebook of a cell. */
  notebookOf(uri: string): string | undefined {
    if (this.notebooks.has(uri)) return uri;
    return this.cellDocs.get(uri)?.notebook;
  }

  /**
   * What a notebook's install lines say (`%pip install sagemaker==...`), and the environment its code runs
   * in: the notebook's pin over the workspace's environment.
   */
  notebookEnvironment(uri: string): { scan: NotebookPinScan; environment?: SdkEnvironment } | undefined {
    const state = this.notebooks.get(uri);
    if (!state) return undefined;
    let pins = state.pins;
    if (pins?.version !== state.version) {
      const context = this.deps.pinContext?.(uri) ?? {};
      const known = state.commands;
      const commands = new Map<string, readonly CommandLine[]>();
      const commandsOf = (text: string): readonly CommandLine[] => {
        const lines = commands.get(text) ?? known?.get(text) ?? commandLines(text);
        commands.set(text, lines);
        return lines;
      };
      const scan = scanNotebookSdkPins(this.codeCells(state).cells, { notebook: uriPath(uri), ...context }, commandsOf);
      state.commands = commands;
      const said = JSON.stringify(scan);
      const changed = pins !== undefined && pins.said !== said;
      pins = state.pins = { version: state.version, scan, said };
      if (changed) this.deps.pinChanged?.(uri);
    }
    return { scan: pins.scan, environment: notebookEnvironment(this.deps.optionsFor(uri)?.environment, pins.scan, uriPath(uri)) };
  }

  /** The analysis options of a notebook: the workspace's, with the notebook's own SDK pin. */
  private optionsOf(uri: string): AnalyzeOptions | undefined {
    const options = this.deps.optionsFor(uri);
    const own = this.notebookEnvironment(uri);
    return own ? { ...options, environment: own.environment } : options;
  }

  /**
   * The analysis of a notebook's current version, computed if stale. A new analysis is published at once,
   * whoever asked for it (the coalesced publication, a hover, a code action): the diagnostics on screen are
   * never older than an analysis the server has answered from.
   */
  private analysisOf(uri: string): NotebookState['analysis'] | undefined {
    const state = this.notebooks.get(uri);
    const parser = this.deps.parser();
    if (!state || !parser) return undefined;
    if (state.analysis?.version === state.version) return state.analysis;
    const { cellUris, cells } = this.codeCells(state);
    // The previous analysis's tree lends its unchanged statements to the new one and is spent by it, so
    // it is dropped first: nothing may read it afterwards, even if this analysis fails.
    const previous = state.analysis?.result.analysis;
    const previousParse = state.parse ?? null;
    state.analysis = undefined;
    state.parse = undefined; // spent by the analysis, whatever happens
    const started = performance.now();
    const result = analyzeNotebook(parser, cells, this.deps.settingsFor(uri), { ...this.optionsOf(uri), incremental: true }, previous, previousParse);
    state.parse = result.parsed;
    for (const failure of result.ruleErrors) this.deps.log(`sagelint: rule ${failure.code} failed on ${uri}: ${String((failure.error as Error)?.stack ?? failure.error)}`);
    state.analysis = { version: state.version, result, cellUris };
    this.publishChanges(uri, state, state.analysis);
    this.deps.analysed?.(uri, performance.now() - started);
    return state.analysis;
  }

  /** Makes sure the current analysis is published (the coalesced run after a burst of changes). */
  private publish(uri: string): void {
    try {
      this.analysisOf(uri);
    } catch (error) {
      this.deps.log(`sagelint: analysing ${uri} failed: ${String((error as Error)?.stack ?? error)}`);
    }
  }

  /**
   * Publishes the cells whose diagnostics differ from what the client was last sent: every cell whose
   * text changed (a new version), first, since that is where the user types; then cells whose diagnostics
   * changed through an edit elsewhere (a parameter defined in another cell); then empty lists for cells
   * that left the notebook or stopped being Python. The unchanged rest is not sent again: the client
   * still shows the same diagnostics for the same text.
   */
  private publishChanges(uri: string, state: NotebookState, analysis: NonNullable<NotebookState['analysis']>): void {
    const enabled = this.deps.settingsFor(uri).enable;
    const byCell = new Map<string, CellFinding[]>();
    for (const span of analysis.result.notebook.cells) byCell.set(analysis.cellUris[span.index], []);
    if (enabled) {
      for (const finding of analysis.result.findings) byCell.get(analysis.cellUris[finding.cell])?.push(finding);
    }
    // Each cell's text by its index (the cells the edits go to), and where the findings' edits go: see targetsOf.
    const cellTexts: (string | undefined)[] = [];
    for (const span of analysis.result.notebook.cells) cellTexts[span.index] = span.text;
    const edited: { uri: string; cell: PublishedCell }[] = [];
    const changed: typeof edited = [];
    for (const [cellUri, findings] of byCell) {
      const version = this.cellDocs.get(cellUri)?.version;
      const last = state.published.get(cellUri);
      // A cell published at this version is compared as it is, without making what would be published.
      if (last && last.version === version && samePublication(last, findings, analysis.cellUris, cellTexts)) continue;
      const cell = { version, findings, targets: targetsOf(findings, analysis.cellUris, cellTexts) };
      (last && last.version === version ? changed : edited).push({ uri: cellUri, cell });
    }
    for (const [old] of state.published) {
      if (byCell.has(old)) continue;
      state.published.delete(old);
      void this.connection.sendDiagnostics({ uri: old, diagnostics: [] });
    }
    for (const { uri: cellUri, cell } of [...edited, ...changed]) {
      state.published.set(cellUri, cell);
      const diagnostics = cell.findings.map((finding) => this.toDiagnostic(finding, analysis.result, analysis.cellUris));
      void this.connection.sendDiagnostics({ uri: cellUri, version: cell.version, diagnostics });
    }
  }

  private toDiagnostic(finding: CellFinding, result: NotebookAnalysis, cellUris: string[]): Diagnostic {
    const lines = result.notebook.cellByIndex(finding.cell)!.lines;
    const lspEdit = (edit: CellEdit) => ({ uri: cellUris[edit.cell], edit: { range: result.notebook.cellByIndex(edit.cell)!.lines.range(edit.start, edit.end), newText: edit.newText } });
    const data: NotebookDiagnosticData = {
      fix: finding.fix && { title: finding.fix.title, applicability: finding.fix.applicability, edits: finding.fix.edits.map(lspEdit) },
      noqa: finding.noqa && lspEdit(finding.noqa),
    };
    return {
      range: lines.range(finding.start, finding.end),
      severity: SEVERITY[finding.severity],
      code: finding.code,
      codeDescription: { href: ruleDocUrl(finding.code) },
      source: SOURCE,
      message: finding.message,
      data,
    };
  }

  hover(cellUri: string, position: Position): Hover | null {
    const doc = this.cellDocs.get(cellUri);
    if (!doc || !this.deps.settingsFor(doc.notebook).enable) return null;
    const analysis = this.analysisOf(doc.notebook);
    const module = analysis?.result.analysis;
    if (!analysis || !module) return null;
    const index = analysis.cellUris.indexOf(cellUri);
    const offset = analysis.result.notebook.offsetAt(index, position);
    if (offset === undefined) return null;
    const hover = hoverAt(module, offset);
    if (!hover) return null;
    const placed = analysis.result.notebook.toCell(hover.start, hover.end);
    if (!placed || placed.cell.index !== index) return null;
    return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: placed.cell.lines.range(placed.start, placed.end) };
  }

  codeActions({ textDocument, context, range }: CodeActionParams): CodeAction[] {
    const doc = this.cellDocs.get(textDocument.uri);
    const state = doc && this.notebooks.get(doc.notebook);
    if (!doc || !state || !this.deps.settingsFor(doc.notebook).enable) return [];
    const actions: CodeAction[] = [];
    if (wantsFixAll(context)) {
      const fixAll = this.fixAll(textDocument.uri);
      if (fixAll) actions.push(fixAll);
    }
    if (!wantsQuickFix(context)) return actions;
    const current = new CurrentDiagnostics(() => this.currentCellDiagnostics(textDocument.uri), range);
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'sagelint') continue;
      for (const fresh of current.resolve(diagnostic)) {
        const freshData = fresh.data as NotebookDiagnosticData;
        actions.push(...quickFixes(fresh, freshData.fix, freshData.noqa, (edits) => this.workspaceEdit(edits)));
      }
    }
    return actions;
  }

  /** The diagnostics of one cell at the notebook's current version. */
  private currentCellDiagnostics(cellUri: string): Diagnostic[] {
    const doc = this.cellDocs.get(cellUri);
    const analysis = doc && this.analysisOf(doc.notebook);
    if (!analysis) return [];
    const index = analysis.cellUris.indexOf(cellUri);
    return analysis.result.findings.filter((f) => f.cell === index).map((f) => this.toDiagnostic(f, analysis.result, analysis.cellUris));
  }

  /**
   * Fix-all for one cell (editors ask cell by cell): the safe fixes whose edits all stay in that cell,
   * without overlaps. A fix that also edits another cell (an added import) is left to its quick-fix.
   */
  private fixAll(cellUri: string): CodeAction | undefined {
    const doc = this.cellDocs.get(cellUri);
    const analysis = doc && this.analysisOf(doc.notebook);
    if (!analysis) return undefined;
    const index = analysis.cellUris.indexOf(cellUri);
    const chosen: CellEdit[] = [];
    for (const finding of analysis.result.findings) {
      const fix = finding.fix;
      if (!fix || fix.applicability !== 'safe' || fix.edits.some((e) => e.cell !== index)) continue;
      if (fix.edits.some((e) => chosen.some((c) => e.start < c.end && c.start < e.end || (e.start === e.end && c.start === e.start)))) continue;
      chosen.push(...fix.edits);
    }
    if (!chosen.length) return undefined;
    const lines = analysis.result.notebook.cellByIndex(index)!.lines;
    return {
      title: 'SageLint: fix all safe problems',
      kind: FIX_ALL_KIND,
      edit: this.workspaceEdit(chosen.map((e) => ({ uri: cellUri, edit: { range: lines.range(e.start, e.end), newText: e.newText } }))),
    };
  }

  private workspaceEdit(edits: { uri: string; edit: LspTextEdit }[]): WorkspaceEdit {
    const byUri = new Map<string, LspTextEdit[]>();
    for (const { uri, edit } of edits) byUri.set(uri, [...(byUri.get(uri) ?? []), edit]);
    if (this.deps.versionedEdits()) {
      return { documentChanges: [...byUri].map(([uri, list]) => ({ textDocument: { uri, version: this.cellDocs.get(uri)?.version ?? null }, edits: list })) };
    }
    return { changes: Object.fromEntries(byUri) };
  }

  dispose(): void {
    this.notebooks.clear();
    this.cellDocs.clear();
  }
}

function applyChange(text: string, change: TextDocumentContentChangeEvent): string {
  if (!('range' in change) || !change.range) return change.text;
  const lines = new LineIndex(text);
  const start = lines.offsetAt(change.range.start);
  const end = Math.max(start, lines.offsetAt(change.range.end));
  return text.slice(0, start) + change.text + text.slice(end);
}

/**
 * Whether a cell's findings give the diagnostics last published for it (same version of the cell): the
 * same findings, with edits to the same cells at the same texts. Compared field by field: serialising
 * every cell's diagnostics to compare them cost more than the rest of publishing.
 */
function samePublication(last: PublishedCell, findings: readonly CellFinding[], cellUris: readonly string[], cellTexts: readonly (string | undefined)[]): boolean {
  if (last.findings.length !== findings.length) return false;
  // The targets targetsOf would list, compared one by one as they come.
  let at = 0;
  const same = (edit: CellEdit) => last.targets[at++] === cellUris[edit.cell] && last.targets[at++] === cellTexts[edit.cell];
  for (const finding of findings) {
    for (const edit of finding.fix?.edits ?? NO_EDITS) if (!same(edit)) return false;
    if (finding.noqa && !same(finding.noqa)) return false;
  }
  if (at !== last.targets.length) return false;
  for (let i = 0; i < findings.length; i++) if (!sameFinding(last.findings[i], findings[i])) return false;
  return true;
}

const NO_EDITS: readonly CellEdit[] = [];

/** The URI and text of each cell the findings' edits go to, in order (two entries per edit: its fix's edits, then its noqa edit). */
function targetsOf(findings: readonly CellFinding[], cellUris: readonly string[], cellTexts: readonly (string | undefined)[]): (string | undefined)[] {
  const targets: (string | undefined)[] = [];
  for (const finding of findings) {
    for (const edit of finding.fix?.edits ?? NO_EDITS) targets.push(cellUris[edit.cell], cellTexts[edit.cell]);
    if (finding.noqa) targets.push(cellUris[finding.noqa.cell], cellTexts[finding.noqa.cell]);
  }
  return targets;
}

function sameFinding(a: CellFinding, b: CellFinding): boolean {
  if (a === b) return true;
  if (a.cell !== b.cell || a.code !== b.code || a.message !== b.message || a.severity !== b.severity || a.start !== b.start || a.end !== b.end) return false;
  if (!sameEdit(a.noqa, b.noqa)) return false;
  if (!a.fix || !b.fix) return a.fix === b.fix;
  if (a.fix.title !== b.fix.title || a.fix.applicability !== b.fix.applicability || a.fix.edits.length !== b.fix.edits.length) return false;
  for (let i = 0; i < a.fix.edits.length; i++) if (!sameEdit(a.fix.edits[i], b.fix.edits[i])) return false;
  return JSON.stringify(a.fix.otherFiles) === JSON.stringify(b.fix.otherFiles);
}

function sameEdit(a: CellEdit | undefined, b: CellEdit | undefined): boolean {
  if (!a || !b) return a === b;
  return a.cell === b.cell && a.start === b.start && a.end === b.end && a.newText === b.newText;
}
