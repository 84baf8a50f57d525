/**
 * Indentation depth, measured before parsing. tree-sitter-python's external scanner serialises its stack
 * of indentation levels into a fixed 1 KB buffer, two bytes per level, and past about 510 levels (fewer
 * with open strings) it writes beyond the buffer: web-tree-sitter then fails with "memory access out of
 * bounds". CPython refuses more than 100 levels ("too many levels of indentation"), so a file past that
 * is not Python anyway and is reported as not checkable instead of being parsed.
 */
export const MAX_INDENTATION_LEVELS = 100;

/** How many indentation levels the text reaches when that is more than MAX_INDENTATION_LEVELS, else undefined. */
export function tooDeeplyIndented(text: string): number | undefined {
  // Each level needs at least one more character of indentation: without a line indented by more than
  // the limit, the text cannot be over it.
  if (!new RegExp(`^[ \\t\\f]{${MAX_INDENTATION_LEVELS + 1}}`, 'm').test(text)) return undefined;
  const levels = indentationLevels(text);
  return levels > MAX_INDENTATION_LEVELS ? levels : undefined;
}

/**
 * The deepest stack of indentation levels at the start of a logical line (what Python's tokenizer keeps),
 * with strings, brackets, comments and backslash continuations followed just well enough to know where
 * logical lines start. Linear in the text.
 */
export function indentationLevels(text: string): number {
  const stack: number[] = [0];
  let deepest = 0;
  let brackets = 0;
  /** The open string's quote ('"', "'", '"""' or "'''"), or '' outside strings. */
  let quote = '';
  let continued = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // At the start of a physical line.
    let column = 0;
    let j = i;
    if (!quote && brackets === 0 && !continued) {
      for (; j < n; j++) {
        const c = text[j];
        if (c === ' ') column++;
        else if (c === '\t') column = (Math.floor(column / 8) + 1) * 8;
        else if (c === '\f') column = 0;
        else break;
      }
      const blank = j >= n || text[j] === '\n' || text[j] === '\r' || text[j] === '#';
      if (!blank) {
        if (column > stack[stack.length - 1]) stack.push(column);
        else while (stack.length > 1 && column < stack[stack.length - 1]) stack.pop();
        if (stack.length - 1 > deepest) deepest = stack.length - 1;
      }
    }
    continued = false;
    // The rest of the physical line.
    for (; j < n; j++) {
      const c = text[j];
      if (c === '\n' || c === '\r') break;
      if (quote) {
        if (c === '\\') j++;
        else if (text.startsWith(quote, j)) {
          j += quote.length - 1;
          quote = '';
        }
        continue;
      }
      if (c === '#') {
        while (j < n && text[j] !== '\n' && text[j] !== '\r') j++;
        break;
      }
      if (c === '"' || c === "'") {
        quote = text.startsWith(c.repeat(3), j) ? c.repeat(3) : c;
        j += quote.length - 1;
      } else if (c === '(' || c === '[' || c === '{') brackets++;
      else if ((c === ')' || c === ']' || c === '}') && brackets > 0) brackets--;
      else if (c === '\\' && (text[j + 1] === '\n' || text[j + 1] === '\r')) continued = true;
    }
    // A single-quoted string ends at the line break (unterminated: a syntax error; the scanner does the same).
    if (quote.length === 1 && !(j > 0 && text[j - 1] === '\\')) quote = '';
    if (text[j] === '\r' && text[j + 1] === '\n') j++;
    i = j + 1;
  }
  return deepest;
}
