import { TextEdit } from '../rules/types';

/**
 * Edits chosen so far, none overlapping another, kept sorted by (start, end) so that whether a new edit
 * overlaps one of them is two comparisons after a binary search. (Comparing each new edit with every
 * chosen one made `--fix` and fix-all quadratic: 20,000 fixes took two minutes.)
 *
 * Two edits overlap when their ranges share a character, or when they are the same range (two
 * insertions at one offset: their order would be arbitrary). An insertion at the boundary of a
 * replacement does not overlap it.
 */
export class NonOverlappingEdits {
  private readonly sorted: TextEdit[] = [];
  private readonly exact = new Set<string>();

  /** The chosen edits, in the order of the text. */
  get edits(): readonly TextEdit[] {
    return this.sorted;
  }

  overlaps(edit: TextEdit): boolean {
    const at = this.insertionPoint(edit);
    // Chosen edits do not overlap each other, so their ends rise with their starts: the nearest edit on
    // each side is the only one that can overlap.
    return [this.sorted[at - 1], this.sorted[at]].some((c) => c !== undefined && ((edit.start < c.end && c.start < edit.end) || (edit.start === c.start && edit.end === c.end)));
  }

  /** The very same edit (range and text) was chosen. */
  has(edit: TextEdit): boolean {
    return this.exact.has(key(edit));
  }

  /** Adds an edit that does not overlap the chosen ones (check with `overlaps` first). */
  add(edit: TextEdit): void {
    const at = this.insertionPoint(edit);
    if (at === this.sorted.length) this.sorted.push(edit); // the usual case: fixes come in text order
    else this.sorted.splice(at, 0, edit);
    this.exact.add(key(edit));
  }

  /** Index of the first chosen edit after `edit` in (start, end) order. */
  private insertionPoint(edit: TextEdit): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const c = this.sorted[middle];
      if (c.start < edit.start || (c.start === edit.start && c.end <= edit.end)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function key(edit: TextEdit): string {
  return `${edit.start}:${edit.end}:${edit.newText}`;
}
