import { AnalyzedFinding } from '../analysis/analyze';
import { TextEdit } from '../rules/types';
import { NonOverlappingEdits } from '../text/editSet';

/**
 * Fixes whose edits do not overlap, first come first served (the same choice as the editor's fix-all):
 * safe ones, and unsafe ones too when asked. Returns the edits and the findings they fix.
 */
export function chooseFixes(findings: readonly AnalyzedFinding[], unsafe: boolean): { edits: TextEdit[]; fixed: AnalyzedFinding[] } {
  const chosen = new NonOverlappingEdits();
  const edits: TextEdit[] = [];
  const fixed: AnalyzedFinding[] = [];
  for (const finding of findings) {
    const fix = finding.fix;
    // A fix that edits other files (SM702's requirements line) is the editor's alone: never applied here.
    if (!fix || (fix.applicability !== 'safe' && !unsafe) || fix.otherFiles?.length) continue;
    if (fix.edits.some((e) => chosen.overlaps(e))) {
      // The identical edit already chosen (two findings fixed by one rewrite) still counts as a fix.
      if (fix.edits.every((e) => chosen.has(e))) fixed.push(finding);
      continue;
    }
    for (const e of fix.edits) chosen.add(e);
    edits.push(...fix.edits);
    fixed.push(finding);
  }
  return { edits, fixed };
}

/** Applies non-overlapping edits (offsets in the original text). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  // In text order; of two insertions at one offset, the later in the list goes first (as when applied back to front).
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || b.index - a.index);
  // One pass that copies the text between edits: splicing each edit into the whole text was quadratic.
  const parts: string[] = [];
  let at = 0;
  for (const { edit } of sorted) {
    if (edit.start < at) return applyOneByOne(text, edits); // overlapping edits: keep the old, stepwise meaning
    parts.push(text.slice(at, edit.start), edit.newText);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Edits applied back to front, each to the result of the previous: what overlapping edits always meant here. */
function applyOneByOne(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

/** Passes of fix-then-reanalyse before giving up on convergence (ruff uses 100; our fixes settle in one or two). */
export const MAX_FIX_PASSES = 10;

/**
 * The findings first reported, followed through the edits of each pass, so that the count of fixed
 * problems counts only those: a problem that a fix creates and a later pass fixes (the inner `+` of
 * `("s3://" + b) + "/x"`) was never reported, and "Would fix N" must agree with what `check` reported.
 */
export class ReportedProblems {
  private tracked: { code: string; cell: number; start: number; end: number }[];

  constructor(findings: readonly { code: string; start: number; end: number; cell?: number }[]) {
    this.tracked = findings.map((f) => ({ code: f.code, cell: f.cell ?? 0, start: f.start, end: f.end }));
  }

  /** How many of `fixed` (the findings whose fixes a pass applies) were first reported; they stop being tracked. */
  takeFixed(fixed: readonly { code: string; start: number; end: number; cell?: number }[]): number {
    // Looked up by key, not searched for one by one: 50,000 fixes made that quadratic.
    const key = (f: { code: string; cell: number; start: number; end: number }) => `${f.code}:${f.cell}:${f.start}:${f.end}`;
    const remaining = new Map<string, number>();
    for (const t of this.tracked) remaining.set(key(t), (remaining.get(key(t)) ?? 0) + 1);
    const taken = new Map<string, number>();
    let count = 0;
    for (const finding of fixed) {
      const k = key({ ...finding, cell: finding.cell ?? 0 });
      const left = remaining.get(k) ?? 0;
      if (!left) continue;
      remaining.set(k, left - 1);
      taken.set(k, (taken.get(k) ?? 0) + 1);
      count++;
    }
    if (count) {
      this.tracked = this.tracked.filter((t) => {
        const k = key(t);
        const n = taken.get(k) ?? 0;
        if (!n) return true;
        taken.set(k, n - 1);
        return false;
      });
    }
    return count;
  }

  /** Moves the tracked findings through a pass's edits; one an edit touches can no longer be told apart. */
  applyEdits(edits: readonly (TextEdit & { cell?: number })[]): void {
    // Per cell: edits by start with the furthest end so far (does any edit overlap?), and by end with the
    // running sum of length changes (how far do the edits before a finding move it?): a binary search
    // each, instead of every edit for every finding.
    const cells = new Map<number, { byStart: TextEdit[]; furthestEnd: number[]; byEnd: TextEdit[]; shiftBefore: number[]; insertedAt: Map<number, number> }>();
    for (const edit of edits) {
      const cell = edit.cell ?? 0;
      let entry = cells.get(cell);
      if (!entry) cells.set(cell, (entry = { byStart: [], furthestEnd: [], byEnd: [], shiftBefore: [0], insertedAt: new Map() }));
      entry.byStart.push(edit);
      entry.byEnd.push(edit);
      // Insertions at a zero-width finding's own offset do not move it.
      if (edit.start === edit.end) entry.insertedAt.set(edit.start, (entry.insertedAt.get(edit.start) ?? 0) + edit.newText.length);
    }
    for (const entry of cells.values()) {
      entry.byStart.sort((a, b) => a.start - b.start);
      let furthest = -Infinity;
      for (const edit of entry.byStart) entry.furthestEnd.push((furthest = Math.max(furthest, edit.end)));
      entry.byEnd.sort((a, b) => a.end - b.end);
      for (const edit of entry.byEnd) entry.shiftBefore.push(entry.shiftBefore[entry.shiftBefore.length - 1] + edit.newText.length - (edit.end - edit.start));
    }
    this.tracked = this.tracked.flatMap((t) => {
      const entry = cells.get(t.cell);
      if (!entry) return [t];
      const startingBefore = countBelow(entry.byStart, (e) => e.start < t.end);
      if (startingBefore && entry.furthestEnd[startingBefore - 1] > t.start) return [];
      let shift = entry.shiftBefore[countBelow(entry.byEnd, (e) => e.end <= t.start)];
      if (t.start === t.end) shift -= entry.insertedAt.get(t.start) ?? 0;
      return [{ ...t, start: t.start + shift, end: t.end + shift }];
    });
  }
}

/** How many items of a sorted list, from its start, satisfy a condition that holds for a prefix of it. */
function countBelow<T>(sorted: readonly T[], holds: (item: T) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (holds(sorted[middle])) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Applies fixes until none applies any more (or MAX_FIX_PASSES): `analyse` is called on each new text.
 * Returns the final text, how many of the findings first reported were fixed, and the findings that remain.
 */
export function fixUntilStable<R extends { findings: readonly AnalyzedFinding[] }>(
  text: string,
  analyse: (text: string) => R,
  unsafe: boolean,
): { text: string; fixed: number; result: R; passes: number } {
  let result = analyse(text);
  const reported = new ReportedProblems(result.findings);
  let fixed = 0;
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const chosen = chooseFixes(result.findings, unsafe);
    if (!chosen.edits.length) break;
    const next = applyEdits(text, chosen.edits);
    if (next === text) break;
    passes++;
    text = next;
    fixed += reported.takeFixed(chosen.fixed);
    reported.applyEdits(chosen.edits);
    result = analyse(text);
  }
  return { text, fixed, result, passes };
}
