import { SyntaxNode } from '../parse/syntaxNode';
import { Fix, TextEdit } from '../rules/types';

/**
 * Python before 3.12 (PEP 701) reads an f-string as one string token and parses its replacement fields
 * afterwards, so a field cannot contain the f-string's own delimiter, a line break (unless the string is
 * triple-quoted), and its expression part cannot contain a backslash or a '#'. The SDK supports Python
 * 3.9+, so code a fix writes into a field must follow those rules: quotes are swapped where that is
 * enough, else the fix is not offered.
 */
export interface FStringField {
  /** After the `{`. */
  readonly start: number;
  /** Before the `}`. */
  readonly end: number;
  /** End of the expression part: before `=`, `!conversion`, `:spec` or the `}`. */
  readonly expressionEnd: number;
  /** The enclosing f-string's delimiter: `"`, `'`, `"""` or `'''`. */
  readonly delimiter: string;
}

/** The replacement fields of the f-strings among `strings` (tree-sitter `string` nodes). */
export function fStringFields(strings: readonly SyntaxNode[], text: string): FStringField[] {
  const fields: FStringField[] = [];
  for (const string of strings) {
    const start = string.children.find((c) => c.type === 'string_start');
    if (!start) continue;
    const startText = text.slice(start.start, start.end);
    const quoteAt = startText.search(/['"]/);
    if (quoteAt < 0 || !/f/i.test(startText.slice(0, quoteAt))) continue;
    const delimiter = startText.slice(quoteAt);
    for (const field of string.children) {
      if (field.type !== 'interpolation' || field.end - field.start < 2) continue;
      const tail = field.children.find((c, i) => i > 0 && (c.type === 'type_conversion' || c.type === 'format_specifier' || (!c.named && (c.type === '=' || c.type === '}'))));
      fields.push({ start: field.start + 1, end: field.end - 1, expressionEnd: tail ? tail.start : field.end - 1, delimiter });
    }
  }
  return fields;
}

/** Every string node under `root` that has replacement fields (iteratively). */
export function fStringNodes(root: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'string' && node.children.some((c) => c.type === 'interpolation')) found.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return found;
}

/** Why `code` cannot stand in a replacement field (in its expression part, or not) before Python 3.12. */
export function pre312FieldProblem(code: string, delimiter: string, inExpression: boolean): string | undefined {
  if (code.includes(delimiter)) return `the f-string's own quote ${delimiter}`;
  if (delimiter.length === 1 && /[\r\n]/.test(code)) return 'a line break in a single-quoted f-string';
  if (inExpression && code.includes('\\')) return 'a backslash';
  if (inExpression && outsideStrings(code).includes('#')) return "a '#' (a comment)";
  return undefined;
}

/** `code` with the text of its string literals blanked ('#' in a nested string is fine before 3.12). */
function outsideStrings(code: string): string {
  return code.replace(/'''[^]*?(?:'''|$)|"""[^]*?(?:"""|$)|'[^'\r\n]*(?:'|$)|"[^"\r\n]*(?:"|$)/g, (m) => ' '.repeat(m.length));
}

/** What in a whole text breaks the pre-3.12 f-string rules (empty when nothing does). */
export function pre312Problems(root: SyntaxNode, text: string): string[] {
  const problems: string[] = [];
  for (const field of fStringFields(fStringNodes(root), text)) {
    const problem = pre312FieldProblem(text.slice(field.start, field.expressionEnd), field.delimiter, true) ?? pre312FieldProblem(text.slice(field.expressionEnd, field.end), field.delimiter, false);
    if (problem) problems.push(`${problem} in the replacement field {${text.slice(field.start, field.end)}}`);
  }
  return problems;
}

/**
 * The fix, changed or dropped so that what it writes into replacement fields parses before Python 3.12:
 * string literals in the new text are re-quoted with the other quote when the field's delimiter is the
 * one they use; when that is not enough, undefined.
 */
export function fitFixToFStrings(fix: Fix, fields: readonly FStringField[]): Fix | undefined {
  if (!fields.length || !fix.edits.some((edit) => inAnyField(edit, fields))) return fix;
  let changed = false;
  const edits: TextEdit[] = [];
  for (const edit of fix.edits) {
    const enclosing = fields.filter((f) => f.start <= edit.start && edit.end <= f.end);
    if (!enclosing.length) {
      edits.push(edit);
      continue;
    }
    // A single quote character may appear in a triple-quoted string's field; only the triple may not.
    const forbidden = new Set(enclosing.filter((f) => f.delimiter.length === 1).map((f) => f.delimiter));
    const fits = (code: string) => enclosing.every((f) => !pre312FieldProblem(code, f.delimiter, edit.start < f.expressionEnd));
    if (fits(edit.newText)) {
      edits.push(edit);
      continue;
    }
    const requoted = requote(edit.newText, forbidden);
    if (requoted === undefined || !fits(requoted)) return undefined;
    edits.push({ ...edit, newText: requoted });
    changed = true;
  }
  return changed ? { ...fix, edits } : fix;
}

/** Whether an edit lies inside a replacement field (plain loop: asked of every fix at every analysis). */
function inAnyField(edit: TextEdit, fields: readonly FStringField[]): boolean {
  for (let i = 0; i < fields.length; i++) if (fields[i].start <= edit.start && edit.end <= fields[i].end) return true;
  return false;
}

/**
 * `code` with every string literal that uses a forbidden quote character rewritten in the other one,
 * or undefined when one cannot be (both quotes forbidden, a triple quote, the other quote in its text,
 * a backslash). Text outside string literals is kept as it is.
 */
export function requote(code: string, forbidden: ReadonlySet<string>): string | undefined {
  if (code.includes('\\')) return undefined;
  let out = '';
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if (c === '#') return undefined; // a comment in a field never parses before 3.12
    if (c !== '"' && c !== "'") {
      out += c;
      i++;
      continue;
    }
    if (code.startsWith(c.repeat(3), i)) {
      if (forbidden.has(c)) return undefined;
      const close = code.indexOf(c.repeat(3), i + 3);
      if (close < 0) return undefined;
      out += code.slice(i, close + 3);
      i = close + 3;
      continue;
    }
    const close = code.indexOf(c, i + 1);
    if (close < 0) return undefined;
    const body = code.slice(i + 1, close);
    if (forbidden.has(c)) {
      const other = c === '"' ? "'" : '"';
      if (forbidden.has(other) || body.includes(other)) return undefined;
      out += `${other}${body}${other}`;
    } else {
      out += code.slice(i, close + 1);
    }
    i = close + 1;
  }
  return out;
}
