import { SyntaxNode, SyntaxTree } from '../parse/syntaxNode';
import { LineIndex } from '../text/lineIndex';
import { TextEdit } from '../rules/types';

/** `# noqa` (all codes) or `# noqa: SM101, SM102` as ruff reads them. */
const NOQA = /#\s*noqa(?::\s*((?:[A-Za-z]+\d+)(?:\s*,?\s*[A-Za-z]+\d+)*))?/i;

export interface NoqaDirective {
  readonly line: number;
  /** Undefined: every code. */
  readonly codes?: ReadonlySet<string>;
  /** The comment holding it, so a quick-fix can add a code to it. */
  readonly comment: SyntaxNode;
}

export function collectNoqa(comments: readonly SyntaxNode[], tree: SyntaxTree, lines: LineIndex): Map<number, NoqaDirective> {
  const directives = new Map<number, NoqaDirective>();
  for (const comment of comments) {
    const match = NOQA.exec(tree.textOf(comment));
    if (!match) continue;
    const line = lines.lineAt(comment.start);
    const codes = match[1] ? new Set(match[1].split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase())) : undefined;
    directives.set(line, { line, codes, comment });
  }
  return directives;
}

/** Whether a directive on the finding's first line or on its noqa line suppresses `code`. */
export function isSuppressed(directives: Map<number, NoqaDirective>, code: string, startLine: number, noqaLine: number): boolean {
  if (!directives.size) return false;
  const suppresses = (directive: NoqaDirective | undefined) => !!directive && (!directive.codes || directive.codes.has(code));
  return suppresses(directives.get(startLine)) || suppresses(directives.get(noqaLine));
}

/**
 * The line a `# noqa` for a finding belongs on: the finding's first line, unless that line ends inside
 * a multi-line string, where a comment cannot go; then the line the string ends on.
 */
export function noqaLine(tree: SyntaxTree, lines: LineIndex, start: number, startLine = lines.lineAt(start)): number {
  let line = startLine;
  for (let guard = 0; guard < 1000; guard++) {
    const lineEnd = lines.lineEndOffset(line);
    const spanning = innermostSpanning(tree, lineEnd);
    if (!spanning) return line;
    line = lines.lineAt(spanning.end);
  }
  return line;
}

function innermostSpanning(tree: SyntaxTree, offset: number): SyntaxNode | undefined {
  // A string (or f-string) that contains the end of the line, other than at its very end.
  // Only a top-level statement that contains it can hold one, and only if it holds a string over lines:
  // most do not, and the descent to the innermost node around the line end stops there (a finding in a
  // step's arguments went down eight levels, each a binary search).
  const statement = childAround(tree.root.children, offset);
  if (!statement || !holdsStringOverLines(statement, tree.text)) return undefined;
  let node: SyntaxNode | undefined = tree.root;
  let found: SyntaxNode | undefined;
  while (node) {
    const next = childAround(node.children, offset);
    if (next && next.type === 'string') found = next;
    node = next;
  }
  return found;
}

/**
 * Whether a top-level statement holds a string whose text has a line break: only such a string can
 * contain a line's end. It depends on the statement's own subtree (its nodes and the text they cover),
 * so it is kept with the node: a statement the next tree takes over unchanged (the same object) keeps it.
 */
const stringsOverLines = new WeakMap<SyntaxNode, boolean>();

function holdsStringOverLines(statement: SyntaxNode, text: string): boolean {
  let holds = stringsOverLines.get(statement);
  if (holds === undefined) {
    holds = false;
    const stack = [statement];
    while (stack.length && !holds) {
      const node = stack.pop()!;
      if (node.type === 'string') {
        // (The line breaks LineIndex counts.)
        for (let i = node.start; i < node.end && !holds; i++) {
          const c = text.charCodeAt(i);
          holds = c === 10 || c === 13;
        }
      }
      for (let i = 0; i < node.children.length; i++) stack.push(node.children[i]);
    }
    stringsOverLines.set(statement, holds);
  }
  return holds;
}

/**
 * The child with start < offset < end. Children are in order and do not overlap, so a binary search finds
 * it: a linear scan made every finding cost the module's statement count (50,000 findings: minutes).
 */
function childAround(children: readonly SyntaxNode[], offset: number): SyntaxNode | undefined {
  let low = 0;
  let high = children.length - 1;
  let candidate = -1; // the last child starting before the offset
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (children[middle].start < offset) {
      candidate = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  const child = candidate >= 0 ? children[candidate] : undefined;
  return child && offset < child.end ? child : undefined;
}

/**
 * The edit that suppresses `code` on `line`: extend an existing noqa comment, or append a new one.
 * `earlier` (this finding's edit in the analysis before) is returned itself when the edit is the same.
 */
export function noqaEdit(tree: SyntaxTree, lines: LineIndex, directives: Map<number, NoqaDirective>, code: string, line: number, earlier?: TextEdit): TextEdit {
  const existing = directives.get(line);
  if (existing?.codes) {
    const text = tree.textOf(existing.comment);
    const match = NOQA.exec(text)!;
    const codes = [...existing.codes, code].join(', ');
    const start = existing.comment.start + match.index;
    const newText = `# noqa: ${codes}`;
    if (earlier && earlier.start === start && earlier.end === start + match[0].length && earlier.newText === newText) return earlier;
    return { start, end: start + match[0].length, newText };
  }
  // Replace trailing white space too, so the comment sits two spaces after the code (PEP 8).
  const end = lines.lineEndOffset(line);
  const contentEnd = trimmedEnd(lines.text, lines.lineStartOffset(line), end);
  const newText = appendedNoqa(code);
  if (earlier && earlier.start === contentEnd && earlier.end === end && earlier.newText === newText) return earlier;
  return { start: contentEnd, end, newText };
}

/** `  # noqa: CODE`, one string per code (made for every finding of every analysis otherwise). */
const appended = new Map<string, string>();
function appendedNoqa(code: string): string {
  let text = appended.get(code);
  if (text === undefined) appended.set(code, (text = `  # noqa: ${code}`));
  return text;
}

/** The end of text[start, end) without its trailing white space, as String.prototype.trimEnd reads it, without a copy. */
function trimmedEnd(text: string, start: number, end: number): number {
  while (end > start && isTrimmedSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

/** The characters trimEnd removes: ECMAScript WhiteSpace and LineTerminator. */
function isTrimmedSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
