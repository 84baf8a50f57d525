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
    let count = 0;
    for (const finding of fixed) {
      const index = this.tracked.findIndex((t) => t.code === finding.code && t.cell === (finding.cell ?? 0) && t.start === finding.start && t.end === finding.end);
      if (index < 0) continue;
      this.tracked.splice(index, 1);
      count++;
    }
    return count;
  }

  /** Moves the tracked findings through a pass's edits; one an edit touches can no longer be told apart. */
  applyEdits(edits: readonly (TextEdit & { cell?: number })[]): void {
    this.tracked = this.tracked.flatMap((t) => {
      let shift = 0;
      for (const edit of edits) {
        if ((edit.cell ?? 0) !== t.cell) continue;
        if (edit.start < t.end && t.start < edit.end) return [];
        if (edit.end <= t.start && !(edit.start === edit.end && edit.start === t.start && t.start === t.end)) shift += edit.newText.length - (edit.end - edit.start);
      }
      return [{ ...t, start: t.start + shift, end: t.end + shift }];
    });
  }
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
