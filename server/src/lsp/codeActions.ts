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
 * Code actions for the document as it is now. A client may ask right after an edit, before the new
 * version's diagnostics reached it (Ctrl+. just after typing): the diagnostics it sends then carry an
 * older version's fix data, whose edits no longer fit the text. Such a diagnostic is replaced by the
 * current version's diagnostics of the same code in the requested range (analysed on demand, once);
 * stale edits are never offered, and no finding is offered twice.
 */
export class CurrentDiagnostics {
  private current: Diagnostic[] | undefined;
  private readonly offered = new Set<string>();

  constructor(private readonly compute: () => Diagnostic[], private readonly range: Range) {}

  /** A diagnostic of the current version: offered as it is. */
  taken(diagnostic: Diagnostic): Diagnostic {
    this.offered.add(diagnosticKey(diagnostic));
    return diagnostic;
  }

  /** The current version's diagnostics that stand for a stale one. */
  replacing(stale: Diagnostic): Diagnostic[] {
    this.current ??= this.compute();
    const result: Diagnostic[] = [];
    for (const fresh of this.current) {
      const key = diagnosticKey(fresh);
      if (String(fresh.code) !== String(stale.code) || !rangesTouch(fresh.range, this.range) || this.offered.has(key)) continue;
      this.offered.add(key);
      result.push(fresh);
    }
    return result;
  }
}

const diagnosticKey = (d: Diagnostic) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

/** Whether two ranges overlap or touch (a cursor at either end of a range counts, as editors ask). */
function rangesTouch(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
