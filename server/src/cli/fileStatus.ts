import { SyntaxTree, walk } from '../parse/syntaxNode';
import type { ReportedFinding } from './check';

/**
 * Files the command line could not check completely are reported per file, as ruff does, with codes of
 * their own (not rules: no --select/--ignore or noqa turns them off, and the editor does not show them,
 * as the Python extension already marks syntax errors there):
 *   SM001  a syntax error in a Python file (not in notebooks, where IPython accepts more than Python):
 *          findings in the broken part are not reported, the rest is checked;
 *   SM002  the file was not checked at all (binary content, not notebook JSON, deeper nesting than Python
 *          allows, a parser failure or time-out).
 * Both count as problems: exit 1, which --exit-zero turns into 0.
 */
export const SYNTAX_ERROR = 'SM001';
export const NOT_CHECKED = 'SM002';

export const FILE_STATUS_CODES: readonly string[] = [SYNTAX_ERROR, NOT_CHECKED];

/** Where the README documents them (they have no rule page). */
export const FILE_STATUS_URL = 'https://github.com/sagelint/sagelint#files-that-could-not-be-checked';

/** The first syntax error of a tree (an ERROR node, or a token the parser had to assume), as offsets. */
export function firstSyntaxError(tree: SyntaxTree): { start: number; end: number } | undefined {
  // tree-sitter-python accepts an indented first statement; Python stops there ("unexpected indent").
  const first = tree.root.children.find((child) => child.named && child.type !== 'comment');
  if (first) {
    const lineStart = Math.max(tree.text.lastIndexOf('\n', first.start - 1), tree.text.lastIndexOf('\r', first.start - 1)) + 1;
    const indent = tree.text.slice(lineStart, first.start);
    if (indent.length && /^[ \t]+$/.test(indent)) {
      return { start: first.start, end: Math.min(first.end, lineEnd(tree.text, first.start)) };
    }
  }
  if (!tree.root.containsError) return undefined;
  for (const node of walk(tree.root)) {
    if (node.broken && (!node.parent || !node.parent.broken)) return { start: node.start, end: Math.max(node.start, Math.min(node.end, lineEnd(tree.text, node.start))) };
  }
  return undefined;
}

function lineEnd(text: string, offset: number): number {
  const match = /\r\n|\r|\n/g;
  match.lastIndex = offset;
  const found = match.exec(text);
  return found ? found.index : text.length;
}

export const SYNTAX_ERROR_MESSAGE = 'Syntax error: Python cannot run this file, and SageLint skips the broken code. Fix the syntax to have it checked.';

/** Why a text is not Python source at all, or undefined. CPython refuses NUL bytes in source too. */
export function notSourceText(text: string): string | undefined {
  const nul = text.indexOf('\0');
  return nul >= 0 ? 'it contains NUL bytes (a binary file, not Python source)' : undefined;
}

/** The SM002 finding of a file not checked, at its start. */
export function notCheckedFinding(why: string, cell?: number): ReportedFinding {
  const start = { row: 1, column: 1 };
  return { code: NOT_CHECKED, message: `File not checked: ${why}.`, severity: 'error', location: start, endLocation: start, noqaRow: 1, ...(cell !== undefined ? { cell } : {}) };
}
