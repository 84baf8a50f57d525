/**
 * Reading Python source text around the cursor without parsing it: while the user types, the code
 * near the cursor rarely parses (`PyTorch(entry_point="x", ` has no closing parenthesis), so
 * completion and signature help find brackets, strings, comments and expressions in the text itself.
 */

/**
 * Start of the expression that ends at `end`: a chain of names, dots, calls and subscripts
 * (`step.properties.Outputs["train"]`). Undefined when it holds something this cannot follow.
 */
export function expressionStart(text: string, end: number): number | undefined {
  let i = end;
  while (i > 0 && /[ \t]/.test(text[i - 1])) i--;
  for (;;) {
    const closeAt = i - 1;
    if (closeAt >= 0 && (text[closeAt] === ']' || text[closeAt] === ')')) {
      const open = matchingOpen(text, closeAt);
      if (open === undefined) return undefined;
      i = open;
      continue;
    }
    let j = i;
    while (j > 0 && /[A-Za-z0-9_]/.test(text[j - 1])) j--;
    if (j === i) return i === end ? undefined : i;
    i = j;
    let k = i;
    while (k > 0 && /[ \t]/.test(text[k - 1])) k--;
    if (k > 0 && text[k - 1] === '.') {
      i = k - 1;
      while (i > 0 && /[ \t]/.test(text[i - 1])) i--;
      continue;
    }
    return i;
  }
}

/** The bracket opening the one closing at `close`, skipping strings; undefined if unbalanced. */
export function matchingOpen(text: string, close: number): number | undefined {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const q = text.lastIndexOf(c, i - 1);
      if (q < 0) return undefined;
      i = q;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      depth--;
      if (depth === 0) return i;
    } else if (c === '\n' && depth === 0) return undefined;
  }
  return undefined;
}

export interface Inside {
  readonly kind: 'string' | 'comment';
  /** Where the string's content starts (after the opening quote). */
  readonly contentStart: number;
  readonly quote: string;
}

export function insideStringOrComment(text: string, offset: number): Inside | undefined {
  let inside: Inside | undefined;
  openBrackets(text, offset, (found) => (inside = found));
  return inside;
}

/**
 * Scans the text before `offset` (skipping strings and comments) for the open brackets at that point.
 * `onInside` is called when `offset` falls inside a string or a comment.
 */
export function openBrackets(text: string, offset: number, onInside?: (inside: Inside) => void): { char: string; at: number }[] {
  const stack: { char: string; at: number }[] = [];
  let i = 0;
  while (i < offset) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= offset) onInside?.({ kind: 'comment', contentStart: i + 1, quote: '' });
      i = nl < 0 ? offset : nl;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < offset && !text.startsWith(quote, j)) {
        if (text[j] === '\\') j++;
        else if (!triple && text[j] === '\n') break;
        j++;
      }
      if (j >= offset) onInside?.({ kind: 'string', contentStart: i + quote.length, quote });
      i = j + quote.length;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') stack.push({ char: c, at: i });
    else if ((c === ')' || c === ']' || c === '}') && stack.length) stack.pop();
    i++;
  }
  return stack;
}

/** The start of the line where the statement holding `offset` begins (outside any open bracket). */
export function statementStartBefore(text: string, offset: number): number {
  const open = openBrackets(text, offset);
  const from = open.length ? open[0].at : offset;
  let lineStart = text.lastIndexOf('\n', from - 1) + 1;
  // A backslash continuation: go up to the first line of the statement.
  while (lineStart > 1 && text[lineStart - 2] === '\\') lineStart = text.lastIndexOf('\n', lineStart - 3) + 1;
  return lineStart;
}

