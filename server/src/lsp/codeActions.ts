import { CodeAction, CodeActionContext, CodeActionKind, Diagnostic, WorkspaceEdit } from 'vscode-languageserver/node';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.sagelint`;

/** Whether the client asked for quick fixes (no `only`, or a kind that covers quickfix). */
export function wantsQuickFix(context: CodeActionContext): boolean {
  return !context.only || context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind) || kind.startsWith(CodeActionKind.QuickFix));
}

export function wantsFixAll(context: CodeActionContext): boolean {
  return !!context.only?.some((kind) => FIX_ALL_KIND.startsWith(kind));
}

/**
 * The quick fixes of one diagnostic, from the fix data it carries: its fix (preferred when safe; unsafe
 * ones say so in the title) and the "Disable SMxxx for this line" comment. Text documents and notebook
 * cells differ only in how edits become a WorkspaceEdit.
 */
export function quickFixes<E>(
  diagnostic: Diagnostic,
  fix: { title: string; applicability: 'safe' | 'unsafe'; edits: E[] } | undefined,
  noqa: E | undefined,
  toWorkspaceEdit: (edits: E[]) => WorkspaceEdit,
): CodeAction[] {
  const actions: CodeAction[] = [];
  if (fix) {
    actions.push({
      title: fix.applicability === 'safe' ? fix.title : `${fix.title} (unsafe fix)`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: fix.applicability === 'safe',
      edit: toWorkspaceEdit(fix.edits),
    });
  }
  if (noqa) {
    actions.push({ title: `Disable ${String(diagnostic.code)} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: toWorkspaceEdit([noqa]) });
  }
  return actions;
}
