import { CodeAction, CodeActionParams, Diagnostic, TextDocumentContentChangeEvent, WorkspaceEdit, TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzedFinding } from '../analysis/analyze';
import type { Settings } from '../config/settings';
import type { SdkEnvironment } from '../environment/types';
import { uriPath } from '../environment/service';
import { LineIndex } from '../text/lineIndex';
import { analyzeRequirements, isRequirementsFile } from '../requirements/analyzeRequirements';
import { CurrentDiagnostics, quickFixes, wantsQuickFix } from './codeActions';
import { ChangeCoalescer } from './coalesce';

interface Dependencies {
  settingsFor(uri: string): Settings;
  environmentFor(uri: string): SdkEnvironment | undefined;
  /** The conversion Python findings get (codeDescription), with the fix and noqa data its code actions read. */
  toDiagnostic(finding: AnalyzedFinding, lines: LineIndex, version: number): Diagnostic;
  publish(uri: string, version: number, diagnostics: Diagnostic[]): void;
  log(message: string): void;
}

/**
 * Open pip requirements files (requirements*.txt, file: URIs): kept in sync, checked by the
 * requirements-file rules (SM703) instead of the Python pipeline, with quick fixes from diagnostic data.
 */
export class RequirementsDocuments {
  private readonly documents = new Map<string, TextDocument>();
  /** A burst of changes is checked once, at its end (see ChangeCoalescer). */
  private readonly checks = new ChangeCoalescer((uri) => this.publish(uri));

  constructor(private readonly deps: Dependencies) {}

  /** Whether a document being opened is a requirements file this class takes. */
  static handles(uri: string): boolean {
    if (!uri.startsWith('file:')) return false;
    try {
      return isRequirementsFile(new URL(uri).pathname);
    } catch {
      return false;
    }
  }

  owns(uri: string): boolean {
    return this.documents.has(uri);
  }

  open(uri: string, version: number, text: string): void {
    this.documents.set(uri, TextDocument.create(uri, 'pip-requirements', version, text));
    this.publish(uri);
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    const document = this.documents.get(uri);
    if (!document) return;
    this.documents.set(uri, TextDocument.update(document, changes, version));
    this.checks.changed(uri);
  }

  close(uri: string): void {
    this.documents.delete(uri);
    this.checks.cancel(uri);
  }

  /** Settings or the environment changed: check every open requirements file again. */
  refreshAll(): void {
    for (const uri of this.documents.keys()) this.publish(uri);
  }

  private publish(uri: string): void {
    const document = this.documents.get(uri);
    if (!document) return;
    try {
      this.deps.publish(uri, document.version, this.diagnostics(document));
    } catch (error) {
      this.deps.log(`sagelint: analysing ${uri} failed: ${String((error as Error)?.stack ?? error)}`);
    }
  }

  private diagnostics(document: TextDocument): Diagnostic[] {
    const settings = this.deps.settingsFor(document.uri);
    if (!settings.enable) return [];
    const analysis = analyzeRequirements(document.getText(), settings, { environment: this.deps.environmentFor(document.uri), path: uriPath(document.uri) });
    for (const failure of analysis.ruleErrors) this.deps.log(`sagelint: rule ${failure.code} failed on ${document.uri}: ${String((failure.error as Error)?.stack ?? failure.error)}`);
    return analysis.findings.map((finding) => this.deps.toDiagnostic(finding, analysis.lines, document.version));
  }

  codeActions(params: CodeActionParams, versionedEdits: boolean): CodeAction[] {
    const document = this.documents.get(params.textDocument.uri);
    if (!document || !this.deps.settingsFor(document.uri).enable || !wantsQuickFix(params.context)) return [];
    const edit = (edits: LspTextEdit[]): WorkspaceEdit =>
      versionedEdits ? { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] } : { changes: { [document.uri]: edits } };
    type Data = { version?: number; fix?: { title: string; applicability: 'safe' | 'unsafe'; edits: LspTextEdit[] }; noqa?: LspTextEdit };
    const actions: CodeAction[] = [];
    const current = new CurrentDiagnostics(() => this.diagnostics(document), params.range);
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'sagelint') continue;
      for (const fresh of current.resolve(diagnostic)) {
        const freshData = fresh.data as Data;
        actions.push(...quickFixes(fresh, freshData.fix, freshData.noqa, edit));
      }
    }
    return actions;
  }
}
