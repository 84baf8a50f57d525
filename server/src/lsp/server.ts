import * as path from 'path';
import {
  CodeAction, CodeActionKind, Connection, Diagnostic, InitializeResult,
  MarkupKind, Position, PublishDiagnosticsParams, TextDocumentSyncKind, TextEdit as LspTextEdit, WorkspaceEdit,
} from 'vscode-languageserver/node';
import { PythonParser, describeRefusal } from '../parse/parser';
import { WasmPythonParser } from '../parse/wasmParser';
import { DEFAULT_SETTINGS, Settings, parseSettings } from '../config/settings';
import { ProjectSettings } from '../config/projectSettings';
import { DidChangeWatchedFilesNotification } from 'vscode-languageserver/node';
import { AnalyzedFinding } from '../analysis/analyze';
import { hoverAt } from '../features/hover';
import { completionHandler } from '../features/completion';
import { signatureHelpHandler } from '../features/signatureHelp';
import { sdkCallTarget } from '../features/sdkCallTarget';
import { CursorText } from '../features/probe';
import { TextEdit } from '../rules/types';
import { LineIndex } from '../text/lineIndex';
import { NonOverlappingEdits } from '../text/editSet';
import { ChangeCoalescer } from './coalesce';
import { IdleCollector, limitHeapGrowth } from './idleCollector';
import { shareNamesAcrossVersions } from '../parse/syntaxNode';
import { moduleExists } from '../semantic/sdk/modules';
import { DocumentState } from './documents';
import { FindingsPublication, MessageTexts, PublishedData, SOURCE, toDiagnostic } from './publication';
import { CurrentDiagnostics, FIX_ALL_KIND, quickFixes, wantsFixAll, wantsQuickFix } from './codeActions';
export { FIX_ALL_KIND };
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';

/** The answer to a request cancelled before its work started (LSP: error RequestCancelled). */
const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
import { NOTEBOOK_SYNC, NotebookSync } from './notebooks';
import { ENVIRONMENT_WATCH_GLOBS, EnvironmentService, FILE_STATUS_REQUEST, SET_INTERPRETER_NOTIFICATION, STATUS_NOTIFICATION, uriPath } from '../environment/service';
import { pathToFileURL } from 'url';
import { RequirementsDocuments } from './requirementsDocuments';
import { OtherFileEdits } from './codeActions';
import { Fix } from '../rules/types';

export { SOURCE };

/** A finding's fixes and noqa edit, as code actions offer them (and a requirements file's diagnostics carry them). */
interface DiagnosticData extends PublishedData {
  fix?: FixData;
  /** Further quick fixes (SM702: add the stubs to requirements.txt, an edit to another file). */
  moreFixes?: FixData[];
  noqa: LspTextEdit;
}

interface FixData {
  title: string;
  applicability: 'safe' | 'unsafe';
  edits: LspTextEdit[];
  otherFiles?: OtherFileEdits[];
}

/** The watched files whose change may change what an analysis read from another file than its own. */
const SCRIPT_WATCH_GLOB = '**/*.py';

/** A `.py` file that is neither an environment file (setup.py) nor inside an installed environment. */
function isPlainPythonSource(uri: string): boolean {
  const file = uriPath(uri);
  return !!file && file.endsWith('.py') && path.basename(file) !== 'setup.py' && !file.split(/[\\/]/).includes('site-packages');
}

export function startServer(connection: Connection): void {
  // Documents live through many versions here: names their caches keep must not pin old texts.
  shareNamesAcrossVersions();
  limitHeapGrowth();
  const documents = new Map<string, DocumentState>();
  // The message texts of the last publications: dropped at rest, when nobody is typing.
  const messageTexts = new MessageTexts();
  const idleCollector = new IdleCollector();
  idleCollector.atRest = () => messageTexts.clear();
  /**
   * Analysis runs after the queued messages have been read, so a burst of keystrokes costs one
   * analysis, and diagnostics are always those of the newest version.
   */
  const waitingForParser = new Set<string>();
  const analyses = new ChangeCoalescer((uri) => {
    // Before the parser has loaded, one publication per document waits for it (with the newest text then).
    if (waitingForParser.has(uri)) return;
    waitingForParser.add(uri);
    void parserReady.then(() => {
      waitingForParser.delete(uri);
      publish(uri);
    });
  });
  let parser: PythonParser | undefined;
  let parserFailure: string | undefined;
  const parserReady = WasmPythonParser.create().then(
    (p) => (parser = p),
    (error) => {
      parserFailure = String(error?.stack ?? error);
      connection.console.error(`sagelint: the Python parser failed to load; no diagnostics will be produced.\n${parserFailure}`);
    },
  );
  let settings: Settings = DEFAULT_SETTINGS;
  let reportedProblems = '';
  let useConfigurationRequest = false;
  let versionedEdits = false;
  const warnedTooLarge = new Set<string>();
  // [tool.sagelint] of each document's nearest pyproject.toml, under the editor's settings (which win).
  const project = new ProjectSettings((file, problems) => {
    for (const problem of problems) connection.console.warn(`sagelint: ${problem}`);
    void connection.window.showWarningMessage(`SageLint: ${problems.length === 1 ? problems[0] : `${file} has ${problems.length} problems; see the SageLint output.`}`);
  });
  // Untrusted workspace (initializationOptions.trusted false): no project files are read, pyproject.toml included.
  let trusted = true;
  const settingsFor = (uri: string): Settings => (trusted ? project.settingsFor(uri, settings) : settings);
  let watchingConfig = false;
  const reloadProjectConfig = () => {
    for (const state of documents.values()) state.invalidate();
    for (const uri of documents.keys()) schedule(uri);
    notebooks.refreshAll();
    requirementsFiles.refreshAll();
  };
  // The workspace's Python environment (SDK version, mypy); notebooks are analysed whole, per cell URI.
  let initialized = false;
  // The output channel says what the server found: each new environment status once, with its source.
  let loggedEnvironment = '';
  const sendStatus = () => {
    const status = environments.status();
    const line = `sagelint: environment: ${status.summary}. ${status.details.join('; ')}`;
    if (line !== loggedEnvironment) connection.console.info(line);
    loggedEnvironment = line;
    void connection.sendNotification(STATUS_NOTIFICATION, status);
  };
  const environments = new EnvironmentService(
    () => {
      reloadProjectConfig();
      if (initialized) sendStatus();
    },
    (message) => connection.console.warn(message),
  );
  const notebooks = new NotebookSync(connection, {
    parserReady,
    parser: () => parser,
    settingsFor: (uri) => settingsFor(uri),
    optionsFor: (uri) => environments.optionsFor(uri),
    versionedEdits: () => versionedEdits,
    log: (message) => connection.console.error(message),
    analysed: (uri, ms) => logIfSlow(uri, ms),
    pinContext: (uri) => ({ within: environments.readableFolders(uri) }),
    // The status bar shows the active notebook's pin: the client asks again on every status notification.
    pinChanged: () => {
      if (initialized) sendStatus();
    },
  });
  notebooks.register();
  // The status of one document (the status bar follows the active editor): a notebook's own pin included.
  connection.onRequest(FILE_STATUS_REQUEST, (params: { uri?: unknown } | undefined) => {
    const uri = typeof params?.uri === 'string' ? params.uri : undefined;
    if (!uri) return environments.status();
    const notebook = notebooks.notebookOf(uri);
    return environments.fileStatus(uri, notebook ? notebooks.notebookEnvironment(notebook) : undefined);
  });
  // requirements*.txt: the requirements-file rules (SM703), not the Python pipeline.
  const requirementsFiles = new RequirementsDocuments({
    settingsFor: (uri) => settingsFor(uri),
    environmentFor: (uri) => environments.optionsFor(uri)?.environment,
    // A requirements file's few findings publish their fixes too (its code actions read them from there).
    toDiagnostic: (finding, lines, version) => ({ ...toDiagnostic(finding, lines, version), data: { version, ...fixData(finding, lines) } }),
    publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
    log: (message) => connection.console.error(message),
  });
  connection.onNotification(SET_INTERPRETER_NOTIFICATION, (params: { interpreter?: string | null } | undefined) => environments.configure({ interpreter: params?.interpreter ?? null }));

  const applySettings = (raw: unknown) => {
    const { settings: parsed, problems } = parseSettings(raw, 'sagelint settings');
    settings = parsed;
    environments.configure({ pythonPath: (raw as { pythonPath?: string } | undefined)?.pythonPath ?? null });
    const key = problems.join('\n');
    if (key && key !== reportedProblems) {
      for (const problem of problems) connection.console.warn(problem);
      connection.window.showWarningMessage(`SageLint: ${problems.length === 1 ? problems[0] : `${problems.length} settings have invalid values; see the SageLint output.`}`);
    }
    reportedProblems = key;
    for (const state of documents.values()) state.invalidate();
    for (const uri of documents.keys()) schedule(uri);
    notebooks.refreshAll();
    requirementsFiles.refreshAll();
  };

  const fetchSettings = async () => {
    if (!useConfigurationRequest) return;
    try {
      const [section] = await connection.workspace.getConfiguration([{ section: 'sagelint' }]);
      applySettings(section ?? undefined);
    } catch (error) {
      connection.console.warn(`sagelint: could not read settings (${String(error)}); using the defaults.`);
    }
  };

  connection.onInitialize((params): InitializeResult => {
    useConfigurationRequest = !!params.capabilities.workspace?.configuration;
    versionedEdits = !!params.capabilities.workspace?.workspaceEdit?.documentChanges;
    watchingConfig = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const options = params.initializationOptions as { settings?: unknown; trusted?: boolean; interpreter?: string } | undefined;
    const roots = (params.workspaceFolders ?? []).map((f) => uriPath(f.uri)).filter((p): p is string => !!p);
    if (!roots.length && params.rootUri) roots.push(...[uriPath(params.rootUri)].filter((p): p is string => !!p));
    trusted = options?.trusted !== false;
    environments.configure({ roots, trusted, interpreter: options?.interpreter ?? null });
    if (options?.settings !== undefined) applySettings(options.settings);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', '(', ',', '"', "'"] },
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: ['=', ')'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        notebookDocumentSync: NOTEBOOK_SYNC,
      },
      serverInfo: { name: 'sagelint', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    initialized = true;
    // The SDK module table is read on first use, not while the server starts (the start answers
    // `initialize` sooner); read it now, between the handshake and the first document if there is a gap.
    setImmediate(() => {
      for (const generation of ['v2', 'v3'] as const) moduleExists(generation, 'sagemaker');
    });
    connection.console.info(`sagelint: server ${SERVER_VERSION} started (Node ${process.version}, pid ${process.pid}${codeCacheNote()}${trusted ? '' : ', untrusted workspace'}); analyses slower than ${SLOW_ANALYSIS_MS} ms are logged.`);
    sendStatus();
    void fetchSettings();
    if (watchingConfig) {
      // Python files too: a module's findings may come from a script it names (a Lambda handler).
      const watchers = [{ globPattern: '**/pyproject.toml' }, ...ENVIRONMENT_WATCH_GLOBS.map((globPattern) => ({ globPattern })), { globPattern: SCRIPT_WATCH_GLOB }];
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => (watchingConfig = false));
    }
  });

  connection.onDidChangeConfiguration((change) => {
    if (useConfigurationRequest) void fetchSettings();
    else applySettings((change.settings as { sagelint?: unknown } | undefined)?.sagelint);
  });

  // pyproject.toml changed: watched when the client can register watchers, else re-checked (mtime) on open and save.
  connection.onDidChangeWatchedFiles(({ changes }) => {
    filesChanged(changes.map((change) => change.uri));
    // A change to a plain Python source concerns only the analyses that read it (above).
    if (changes.length && changes.every((change) => isPlainPythonSource(change.uri))) return;
    project.invalidate();
    environments.refresh();
    reloadProjectConfig();
  });
  connection.onDidSaveTextDocument(({ textDocument }) => {
    if (!watchingConfig && project.refreshIfChanged()) reloadProjectConfig();
    // Saved from the editor: without a watcher this is how a script's new content becomes known.
    filesChanged([textDocument.uri]);
  });

  /** Analyses that read one of these files (a Lambda helper's script) are made again. */
  function filesChanged(uris: readonly string[]): void {
    const files = new Set(uris.map(uriPath).filter((file): file is string => !!file));
    if (!files.size) return;
    for (const [uri, state] of documents) if (state.filesChanged(files)) schedule(uri);
    notebooks.filesChanged(files);
  }

  connection.onDidOpenTextDocument(({ textDocument }) => {
    if (notebooks.owns(textDocument.uri)) return; // a cell synced through its notebook
    if (!watchingConfig && project.refreshIfChanged()) reloadProjectConfig();
    if (RequirementsDocuments.handles(textDocument.uri)) return requirementsFiles.open(textDocument.uri, textDocument.version, textDocument.text);
    documents.get(textDocument.uri)?.dispose();
    const opened = new DocumentState(textDocument.uri, textDocument.version, textDocument.text);
    opened.deferRecording = true;
    // The uri, not the notification: a closure over `textDocument` would keep the text as opened alive as
    // long as the document stays open (2.4 MB for a 50,000-line module, beside each later version).
    const uri = textDocument.uri;
    opened.analyzeOptions = () => environments.optionsFor(uri);
    documents.set(textDocument.uri, opened);
    schedule(textDocument.uri);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    if (requirementsFiles.owns(textDocument.uri)) return requirementsFiles.change(textDocument.uri, textDocument.version, contentChanges);
    const state = documents.get(textDocument.uri);
    if (!state) return;
    for (const change of contentChanges) state.applyChange(change);
    state.version = textDocument.version;
    analyses.changed(textDocument.uri);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    requirementsFiles.close(textDocument.uri);
    documents.get(textDocument.uri)?.dispose();
    documents.delete(textDocument.uri);
    project.forget(textDocument.uri);
    analyses.cancel(textDocument.uri);
    warnedTooLarge.delete(textDocument.uri);
    messageTexts.forget(textDocument.uri);
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  });

  function schedule(uri: string): void {
    analyses.schedule(uri);
  }

  function publish(uri: string): void {
    const state = documents.get(uri);
    if (!state || !parser) return;
    try {
      const started = performance.now();
      const current = findingsFor(state);
      logIfSlow(uri, performance.now() - started);
      // Written from the findings (see FindingsPublication): the same JSON as toDiagnostic of each.
      void connection.sendDiagnostics(current ? new FindingsPublication(uri, state.version, current.findings, current.lines, messageTexts.of(uri)) as unknown as PublishDiagnosticsParams : { uri, version: state.version, diagnostics: [] });
      if (recordingTimer) recordingTimer.refresh();
      else if (state.awaitsRecording) recordingTimer = setTimeout(recordWhenQuiet, RECORDING_QUIET_MS).unref();
    } catch (error) {
      connection.console.error(`sagelint: analysing ${uri} failed: ${String((error as Error)?.stack ?? error)}`);
    }
  }

  /**
   * A document's first analysis after opening it does not record what its rules read (see
   * DocumentState.deferRecording), so that its diagnostics come sooner. Once no analysis has run for
   * RECORDING_QUIET_MS (the user is reading, or a burst of opens is over), the documents that still hold
   * such an analysis (the few most recently analysed) are analysed again with recording, so that their
   * first edit reuses the findings of the statements it leaves alone.
   */
  let recordingTimer: NodeJS.Timeout | undefined;
  function recordWhenQuiet(): void {
    recordingTimer = undefined;
    if (!parser) return;
    // One document per turn of the event loop: a keystroke or hover that arrives meanwhile is answered
    // after this one analysis, not after every waiting document's.
    const waiting = [...documents].find(([, state]) => state.awaitsRecording);
    if (!waiting) return;
    const [uri, state] = waiting;
    try {
      const started = performance.now();
      const changed = state.recordForEdits(parser, settingsFor(uri));
      logIfSlow(uri, performance.now() - started);
      if (changed) publish(uri);
    } catch (error) {
      connection.console.error(`sagelint: analysing ${uri} failed: ${String((error as Error)?.stack ?? error)}`);
      state.abandonRecording();
    }
    if (!recordingTimer && [...documents.values()].some((other) => other.awaitsRecording)) {
      recordingTimer = setTimeout(recordWhenQuiet, 0).unref();
    }
  }


  function logIfSlow(uri: string, ms: number): void {
    idleCollector.analysed();
    if (ms < SLOW_ANALYSIS_MS) return;
    connection.console.info(`sagelint: slow analysis: ${uriPath(uri) ?? uri} took ${Math.round(ms)} ms (the threshold is ${SLOW_ANALYSIS_MS} ms).`);
  }

  /**
   * The diagnostics of a document's current version, as published. `made`, when given, gets the finding
   * (and line index) each diagnostic was made from: code actions make its fixes from there.
   */
  function diagnosticsFor(state: DocumentState, made?: Map<Diagnostic, { finding: AnalyzedFinding; lines: LineIndex }>): Diagnostic[] {
    const current = findingsFor(state);
    if (!current) return [];
    return current.findings.map((finding) => {
      const diagnostic = toDiagnostic(finding, current.lines, state.version);
      made?.set(diagnostic, { finding, lines: current.lines });
      return diagnostic;
    });
  }

  /** The findings of a document's current version that are published (none: undefined), and their line index. */
  function findingsFor(state: DocumentState): { findings: readonly AnalyzedFinding[]; lines: LineIndex } | undefined {
    const settings = settingsFor(state.uri);
    const outcome = state.analysis(parser!, settings);
    if (!settings.enable) return undefined;
    if (outcome.kind === 'skipped') {
      if ((outcome.reason === 'too-large' || outcome.reason === 'not-parsed') && !warnedTooLarge.has(state.uri)) {
        warnedTooLarge.add(state.uri);
        const why = outcome.reason === 'too-large'
          ? `it is larger than sagelint.maxFileSizeMB (${settings.maxFileSizeMB} MB)`
          : describeRefusal(outcome.refusal);
        connection.console.warn(`sagelint: skipped ${state.uri}: ${why}.`);
        connection.window.showInformationMessage(`SageLint skipped this file: ${why}.`);
      }
      return undefined;
    }
    const { analysis } = outcome;
    for (const failure of analysis.ruleErrors) {
      connection.console.error(`sagelint: rule ${failure.code} failed on ${state.uri}: ${String((failure.error as Error)?.stack ?? failure.error)}`);
    }
    return { findings: analysis.findings, lines: analysis.lines };
  }

  // Requests that arrive while the parser is still loading wait for it rather than answering null/[].
  connection.onHover(async ({ textDocument, position }, token) => {
    await parserReady;
    if (token.isCancellationRequested) return cancelled();
    if (notebooks.owns(textDocument.uri)) return notebooks.hover(textDocument.uri, position);
    const state = documents.get(textDocument.uri);
    if (!state || !parser) return null;
    try {
      const settings = settingsFor(state.uri);
      const outcome = state.analysis(parser, settings);
      if (outcome.kind !== 'analyzed' || !settings.enable) return null;
      const hover = hoverAt(outcome.analysis, outcome.analysis.lines.offsetAt(position));
      if (!hover) return null;
      return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: outcome.analysis.lines.range(hover.start, hover.end) };
    } catch (error) {
      connection.console.error(`sagelint: hover failed: ${String((error as Error)?.stack ?? error)}`);
      return null;
    }
  });

  // Completion and signature help read the text at the cursor (a notebook cell's: its notebook's module).
  const cursorText = (uri: string, position: Position): CursorText | undefined => {
    if (notebooks.owns(uri)) {
      const at = notebooks.moduleTextAt(uri, position);
      return at && { text: at.text, offset: at.offset, environment: at.environment, toPosition: at.toCellPosition };
    }
    const state = documents.get(uri);
    if (!state || !settingsFor(uri).enable) return undefined;
    const lines = state.lines;
    return { text: state.text, offset: lines.offsetAt(position), environment: environments.optionsFor(uri)?.environment, toPosition: (offset) => lines.positionAt(offset) };
  };
  const enabledParser = () => (settings.enable ? parser : undefined);
  const complete = completionHandler(connection, cursorText, enabledParser, sdkCallTarget);
  const signatureHelp = signatureHelpHandler(connection, cursorText, enabledParser, sdkCallTarget);
  connection.onCompletion(async (params, token) => {
    await parserReady;
    return token.isCancellationRequested ? cancelled() : complete(params);
  });
  connection.onSignatureHelp(async (params, token) => {
    await parserReady;
    return token.isCancellationRequested ? cancelled() : signatureHelp(params);
  });

  connection.onCodeAction(async (params, token) => {
    const { textDocument, context, range } = params;
    await parserReady;
    if (token.isCancellationRequested) return cancelled();
    if (notebooks.owns(textDocument.uri)) return notebooks.codeActions(params);
    if (requirementsFiles.owns(textDocument.uri)) return requirementsFiles.codeActions(params, versionedEdits);
    const state = documents.get(textDocument.uri);
    // Disabled (sagelint.enable false): no fixes either, or fix-all on save would still edit the file.
    if (!state || !parser || !settingsFor(state.uri).enable) return [];
    const actions: CodeAction[] = [];
    const edit = (edits: LspTextEdit[]): WorkspaceEdit =>
      versionedEdits
        ? { documentChanges: [{ textDocument: { uri: textDocument.uri, version: state.version }, edits }] }
        : { changes: { [textDocument.uri]: edits } };
    if (wantsQuickFix(context)) {
      const made = new Map<Diagnostic, { finding: AnalyzedFinding; lines: LineIndex }>();
      const current = new CurrentDiagnostics(() => currentDiagnostics(state, made), range);
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== SOURCE) continue;
        for (const fresh of current.resolve(diagnostic)) {
          const { finding, lines } = made.get(fresh)!;
          const fixes = fixData(finding, lines);
          actions.push(...quickFixes(fresh, fixes.fix, fixes.noqa, edit, fixes.moreFixes));
        }
      }
    }
    if (wantsFixAll(context)) {
      const outcome = state.analysis(parser, settingsFor(state.uri));
      if (outcome.kind === 'analyzed') {
        const edits = nonOverlappingSafeEdits(outcome.analysis.findings);
        if (edits.length) {
          actions.push({ title: 'SageLint: fix all safe problems', kind: FIX_ALL_KIND, edit: edit(edits.map((e) => toLspEdit(e, outcome.analysis.lines))) });
        }
      }
    }
    return actions;
  });

  /** The diagnostics of a document's newest version (its analysis is cached per version). */
  function currentDiagnostics(state: DocumentState, made: Map<Diagnostic, { finding: AnalyzedFinding; lines: LineIndex }>): Diagnostic[] {
    try {
      return diagnosticsFor(state, made);
    } catch (error) {
      connection.console.error(`sagelint: analysing ${state.uri} failed: ${String((error as Error)?.stack ?? error)}`);
      return [];
    }
  }

  connection.onShutdown(() => {
    clearTimeout(recordingTimer);
    for (const state of documents.values()) state.dispose();
    documents.clear();
    idleCollector.dispose();
    notebooks.dispose();
  });

  connection.listen();
}

/** Safe fixes whose edits do not overlap, first come first served (what `--fix` and fix-all apply). */
export function nonOverlappingSafeEdits(findings: readonly AnalyzedFinding[], unsafe = false): TextEdit[] {
  const chosen: TextEdit[] = [];
  const taken = new NonOverlappingEdits();
  for (const finding of findings) {
    const fix = finding.fix;
    if (!fix || (fix.applicability !== 'safe' && !unsafe) || fix.otherFiles?.length) continue; // other files: quick fix only
    if (fix.edits.some((e) => taken.overlaps(e))) continue;
    for (const e of fix.edits) {
      if (taken.has(e)) continue; // the same edit twice in one fix
      chosen.push(e);
      taken.add(e);
    }
  }
  return chosen;
}

function toLspEdit(edit: TextEdit, lines: LineIndex): LspTextEdit {
  return { range: lines.range(edit.start, edit.end), newText: edit.newText };
}

function toFixData(fix: Fix, lines: LineIndex): FixData {
  const otherFiles: OtherFileEdits[] = [];
  for (const edit of fix.otherFiles ?? []) {
    const uri = pathToFileURL(edit.file).href;
    let entry = otherFiles.find((o) => o.uri === uri);
    if (!entry) otherFiles.push((entry = { uri, edits: [] }));
    entry.edits.push({ range: edit.range, newText: edit.newText });
  }
  return { title: fix.title, applicability: fix.applicability, edits: fix.edits.map((e) => toLspEdit(e, lines)), ...(otherFiles.length ? { otherFiles } : {}) };
}

/** A finding's quick-fix edits as LSP edits: its fixes and its noqa edit. */
function fixData(finding: AnalyzedFinding, lines: LineIndex): Omit<DiagnosticData, 'version'> {
  return {
    fix: finding.fix && toFixData(finding.fix, lines),
    ...(finding.moreFixes?.length ? { moreFixes: finding.moreFixes.map((fix) => toFixData(fix, lines)) } : {}),
    noqa: toLspEdit(finding.noqaEdit, lines),
  };
}

/**
 * Analyses slower than this are logged with file and time (SAGELINT_SLOW_ANALYSIS_MS changes it; the
 * tests set 0). A keystroke's analysis of a 2,000-line module takes about 20 ms, so 500 ms is unusual.
 */
const SLOW_ANALYSIS_MS = slowAnalysisThreshold(process.env.SAGELINT_SLOW_ANALYSIS_MS);

/** How long the server must be quiet before it records the first analyses of opened documents (see recordWhenQuiet). */
const RECORDING_QUIET_MS = 100;

function slowAnalysisThreshold(value: string | undefined): number {
  const ms = value === undefined || value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(ms) && ms >= 0 ? ms : 500;
}

/** What dist/server.js did with the build's V8 code cache (serverEntry.ts); nothing when run otherwise (the CLI's `lsp`). */
function codeCacheNote(): string {
  const outcome = (globalThis as Record<symbol, unknown>)[Symbol.for('sagelint.codeCache')];
  return typeof outcome === 'string' ? `, code cache ${outcome}` : '';
}

declare const SAGELINT_VERSION: string | undefined;
const SERVER_VERSION = typeof SAGELINT_VERSION === 'string' ? SAGELINT_VERSION : '0.0.0-dev';
