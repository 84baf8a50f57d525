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
    const line = lines.positionAt(comment.start).line;
    const codes = match[1] ? new Set(match[1].split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase())) : undefined;
    directives.set(line, { line, codes, comment });
  }
  return directives;
}

export function isSuppressed(directives: Map<number, NoqaDirective>, code: string, lines: readonly number[]): boolean {
  for (const line of lines) {
    const directive = directives.get(line);
    if (directive && (!directive.codes || directive.codes.has(code))) return true;
  }
  return false;
}

/**
 * The line a `# noqa` for a finding belongs on: the finding's first line, unless that line ends inside
 * a multi-line string, where a comment cannot go; then the line the string ends on.
 */
export function noqaLine(tree: SyntaxTree, lines: LineIndex, start: number): number {
  let line = lines.positionAt(start).line;
  for (let guard = 0; guard < 1000; guard++) {
    const lineEnd = lines.lineEndOffset(line);
    const spanning = innermostSpanning(tree.root, lineEnd);
    if (!spanning) return line;
    line = lines.positionAt(spanning.end).line;
  }
  return line;
}

function innermostSpanning(root: SyntaxNode, offset: number): SyntaxNode | undefined {
  // A string (or f-string) that contains the end of the line, other than at its very end.
  let node: SyntaxNode | undefined = root;
  let found: SyntaxNode | undefined;
  while (node) {
    const next = childAround(node.children, offset);
    if (next && next.type === 'string') found = next;
    node = next;
  }
  return found;
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

/** The edit that suppresses `code` on `line`: extend an existing noqa comment, or append a new one. */
export function noqaEdit(tree: SyntaxTree, lines: LineIndex, directives: Map<number, NoqaDirective>, code: string, line: number): TextEdit {
  const existing = directives.get(line);
  if (existing?.codes) {
    const text = tree.textOf(existing.comment);
    const match = NOQA.exec(text)!;
    const codes = [...existing.codes, code].join(', ');
    const start = existing.comment.start + match.index;
    return { start, end: start + match[0].length, newText: `# noqa: ${codes}` };
  }
  // Replace trailing white space too, so the comment sits two spaces after the code (PEP 8).
  const contentEnd = lines.lineStartOffset(line) + lines.lineText(line).trimEnd().length;
  return { start: contentEnd, end: lines.lineEndOffset(line), newText: `  # noqa: ${code}` };
}
