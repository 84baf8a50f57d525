/**
 * Offsets are UTF-16 code-unit indices into the document text. That is what JavaScript strings,
 * web-tree-sitter (for string input) and LSP's default position encoding all use, so no conversion
 * between the three is ever needed; only offset <-> (line, character) mapping.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  /**
   * Offset at which each line starts. A line break is \n, \r\n or a lone \r, as in LSP. A typed array:
   * every keystroke makes the next version's, and this keeps it out of the JavaScript heap (its young
   * generation fills up more slowly, so fewer keystrokes wait for a scavenge).
   */
  private readonly lineStarts: Uint32Array;

  constructor(readonly text: string, lineStarts?: Uint32Array) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = Uint32Array.from(starts);
  }

  /**
   * The line index of `text`, which is this index's text with [start, oldEnd) replaced by the new text's
   * [start, newEnd). Only the replaced span is read: lines before it are kept and lines after it moved,
   * so a keystroke in a long document costs its line count, not its length.
   */
  afterEdit(text: string, start: number, oldEnd: number, newEnd: number): LineIndex {
    const old = this.lineStarts;
    // A line start is decided by the two characters before it and the one at it (a lone \r is a break
    // only when no \n follows), so starts up to `start` are kept and the rest is read from start - 1.
    const kept = firstAtOrAfter(old, start, 0);
    const read: number[] = kept === 0 ? [0] : [];
    for (let at = Math.max(0, start - 1); at < newEnd; at++) {
      const c = text.charCodeAt(at);
      if (c === 13) {
        if (text.charCodeAt(at + 1) === 10) {
          // \r\n: one break. When its \n is the first unchanged character, the start after it is an old one.
          if (at + 1 >= newEnd) break;
          at++;
        }
        read.push(at + 1);
      } else if (c === 10) {
        read.push(at + 1);
      }
    }
    // Starts after the old span's end are decided by unchanged characters: moved by the length change.
    const delta = newEnd - oldEnd;
    const moved = firstAtOrAfter(old, oldEnd + 1, kept);
    const starts = new Uint32Array(kept + read.length + old.length - moved);
    starts.set(old.subarray(0, kept));
    for (let i = 0; i < read.length; i++) starts[kept + i] = read[i];
    let to = kept + read.length;
    if (delta === 0) starts.set(old.subarray(moved), to);
    else for (let i = moved; i < old.length; i++) starts[to++] = old[i] + delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(clamped);
    return { line, character: clamped - this.lineStarts[line] };
  }

  /** The line of an offset (positionAt's line, without making a position: analyses ask it per finding). */
  lineAt(offset: number): number {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line];
    const lineEnd = this.lineEndOffset(position.line);
    return Math.max(lineStart, Math.min(lineStart + Math.max(0, position.character), lineEnd));
  }

  lineStartOffset(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset of the end of a line's content, before its line break. */
  lineEndOffset(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStartOffset(line), this.lineEndOffset(line));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/**
 * The line break a document mostly uses (\r\n, a lone \r as old Mac files have, or \n; \n when it has
 * none), so inserted lines match the file.
 */
export function detectEol(text: string): string {
  let crlf = 0;
  let cr = 0;
  let lf = 0;
  for (let i = text.indexOf('\r') >= 0 ? 0 : text.length; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    } else if (c === 10) lf++;
  }
  if (crlf > lf && crlf >= cr) return '\r\n';
  if (cr > lf && cr > crlf) return '\r';
  return '\n';
}

/** The offset where the line holding `offset` starts, with \n, \r\n or a lone \r as line breaks. */
export function lineStartBefore(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

/** The first index from `from` on whose start is at or after `offset` (starts ascend). */
function firstAtOrAfter(starts: Uint32Array, offset: number, from: number): number {
  let low = from;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid] < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}
