import { LineIndex, Position } from '../text/lineIndex';
import { blankMagics } from './magics';

/** One code cell's place in the concatenated module. */
export interface CellSpan {
  /** The caller's index for the cell (its position among all cells, 0-based). */
  readonly index: number;
  /** Offset of the cell's first character in the concatenated text. */
  readonly start: number;
  /** The cell's text as the user sees it (magics included). */
  readonly text: string;
  readonly lines: LineIndex;
}

/**
 * A notebook's code cells as one Python module: each cell's text, magics blanked (same length), then a
 * line break. Offsets map both ways between the module and (cell, offset in the cell).
 */
export class NotebookText {
  readonly text: string;
  readonly cells: readonly CellSpan[];
  /** Each cell's text as the parser sees it (magics blanked), in the order of `cells`. */
  private readonly blanked: readonly string[];

  /**
   * `previous`: the same notebook before an edit. Its cells whose text is unchanged lend their blanked
   * text and line index, so that a keystroke costs the edited cell, not every cell.
   */
  constructor(cells: readonly { index: number; text: string }[], previous?: NotebookText) {
    const known = new Map<string, { blanked: string; lines: LineIndex }>();
    previous?.cells.forEach((span, i) => known.set(span.text, { blanked: previous.blanked[i], lines: span.lines }));
    const spans: CellSpan[] = [];
    const blanked: string[] = [];
    let text = '';
    for (const cell of cells) {
      const reused = known.get(cell.text);
      const lines = reused?.lines ?? new LineIndex(cell.text);
      const parsed = reused?.blanked ?? blankMagics(cell.text);
      spans.push({ index: cell.index, start: text.length, text: cell.text, lines });
      blanked.push(parsed);
      text += `${parsed}\n`;
    }
    this.text = text;
    this.cells = spans;
    this.blanked = blanked;
  }

  /** The text the parser sees for the cell at a position in `cells` (magics blanked). */
  parsedText(position: number): string {
    return this.blanked[position];
  }

  /** The cell holding an offset; an offset at a cell's end (before the joining break) belongs to that cell. */
  cellAt(offset: number): CellSpan | undefined {
    let found: CellSpan | undefined;
    for (const cell of this.cells) {
      if (cell.start <= offset) found = cell;
      else break;
    }
    return found;
  }

  /** Maps a module range to one cell; undefined when it spans cells. */
  toCell(start: number, end: number): { cell: CellSpan; start: number; end: number } | undefined {
    const cell = this.cellAt(start);
    if (!cell) return undefined;
    const cellEnd = cell.start + cell.text.length;
    if (start > cellEnd) return { cell, start: cell.text.length, end: cell.text.length }; // the joining break
    if (end > cellEnd) return undefined;
    return { cell, start: start - cell.start, end: end - cell.start };
  }

  cellByIndex(index: number): CellSpan | undefined {
    return this.cells.find((c) => c.index === index);
  }

  /** Module offset of a position in a cell. */
  offsetAt(index: number, position: Position): number | undefined {
    const cell = this.cellByIndex(index);
    return cell ? cell.start + cell.lines.offsetAt(position) : undefined;
  }
}
