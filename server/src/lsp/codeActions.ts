import { CodeAction, CodeActionContext, CodeActionKind, Diagnostic, Position, Range, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.sagelint`;

/** Whether the client asked for quick fixes (no `only`, or a kind that covers quickfix). */
export function wantsQuickFix(context: CodeActionContext): boolean {
  return !context.only || context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind) || kind.startsWith(CodeActionKind.QuickFix));
}

export function wantsFixAll(context: CodeActionContext): boolean {
  return !!context.only?.some((kind) => FIX_ALL_KIND.startsWith(kind));
}

/** Edits a fix makes to other files than the diagnostic's (SM702's requirements line), as diagnostic data carries them. */
export interface OtherFileEdits {
  readonly uri: string;
  readonly edits: LspTextEdit[];
}

export interface FixData<E> {
  title: string;
  applicability: 'safe' | 'unsafe';
  edits: E[];
  otherFiles?: OtherFileEdits[];
}

/** Adds the edits of other files to a workspace edit: more `changes` keys, or unversioned `documentChanges` entries. */
export function withOtherFiles(edit: WorkspaceEdit, others: readonly OtherFileEdits[] | undefined): WorkspaceEdit {
  if (!others?.length) return edit;
  if (edit.documentChanges) {
    return { documentChanges: [...edit.documentChanges, ...others.map((other) => ({ textDocument: { uri: other.uri, version: null }, edits: other.edits }))] };
  }
  const changes = { ...(edit.changes ?? {}) };
  for (const other of others) changes[other.uri] = [...(changes[other.uri] ?? []), ...other.edits];
  return { changes };
}

/**
 * The quick fixes of one diagnostic, from the fix data it carries: its fix (preferred when safe; unsafe
 * ones say so in the title), further fixes (`more`), and the "Disable SMxxx for this line" comment. Text
 * documents and notebook cells differ only in how edits become a WorkspaceEdit.
 */
export function quickFixes<E>(
  diagnostic: Diagnostic,
  fix: FixData<E> | undefined,
  noqa: E | undefined,
  toWorkspaceEdit: (edits: E[]) => WorkspaceEdit,
  more: readonly FixData<E>[] = [],
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const [index, each] of [fix, ...more].entries()) {
    if (!each) continue;
    actions.push({
      title: each.applicability === 'safe' ? each.title : `${each.title} (unsafe fix)`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: index === 0 && each.applicability === 'safe',
      edit: withOtherFiles(toWorkspaceEdit(each.edits), each.otherFiles),
    });
  }
  if (noqa) {
    actions.push({ title: `Disable ${String(diagnostic.code)} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: toWorkspaceEdit([noqa]) });
  }
  return actions;
}

/**
 * Code actions for the document as it is now, from the server's own diagnostics only: the `data` a client
 * sends back is never turned into edits (a forged one could name any file as an edit target, or any text
 * as the edit). A diagnostic the server publishes now (same code, range and message) stands for itself.
 * A client may also ask right after an edit, before the new version's diagnostics reached it (Ctrl+.
 * just after typing): a diagnostic it sends then is replaced by the current version's diagnostics of the
 * same code in the requested range. The current diagnostics are computed on demand, once; no finding is
 * offered twice.
 */
export class CurrentDiagnostics {
  private current: Diagnostic[] | undefined;
  private readonly offered = new Set<string>();

  constructor(private readonly compute: () => Diagnostic[], private readonly range: Range) {}

  /** The server's current diagnostics that stand for one the client sent. */
  resolve(sent: Diagnostic): Diagnostic[] {
    this.current ??= this.compute();
    const same = this.current.find((own) => String(own.code) === String(sent.code) && own.message === sent.message && sameRange(own.range, sent.range));
    if (same) {
      const key = diagnosticKey(same);
      if (this.offered.has(key)) return [];
      this.offered.add(key);
      return [same];
    }
    const result: Diagnostic[] = [];
    for (const fresh of this.current) {
      const key = diagnosticKey(fresh);
      if (String(fresh.code) !== String(sent.code) || !rangesTouch(fresh.range, this.range) || this.offered.has(key)) continue;
      this.offered.add(key);
      result.push(fresh);
    }
    return result;
  }
}

function sameRange(a: Range, b: Range | undefined): boolean {
  return a.start.line === b?.start?.line && a.start.character === b.start.character && a.end.line === b.end?.line && a.end.character === b.end.character;
}

const diagnosticKey = (d: Diagnostic) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

/** Whether two ranges overlap or touch (a cursor at either end of a range counts, as editors ask). */
function rangesTouch(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
