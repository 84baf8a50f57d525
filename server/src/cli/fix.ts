import { AnalyzedFinding } from '../analysis/analyze';
import { TextEdit } from '../rules/types';

/**
 * Fixes whose edits do not overlap, first come first served (the same choice as the editor's fix-all):
 * safe ones, and unsafe ones too when asked. Returns the edits and the findings they fix.
 */
export function chooseFixes(findings: readonly AnalyzedFinding[], unsafe: boolean): { edits: TextEdit[]; fixed: AnalyzedFinding[] } {
  const edits: TextEdit[] = [];
  const fixed: AnalyzedFinding[] = [];
  for (const finding of findings) {
    const fix = finding.fix;
    // A fix that edits other files (SM702's requirements line) is the editor's alone: never applied here.
    if (!fix || (fix.applicability !== 'safe' && !unsafe) || fix.otherFiles?.length) continue;
    const overlaps = fix.edits.some((e) => edits.some((c) => (e.start < c.end && c.start < e.end) || (e.start === c.start && e.end === c.end)));
    if (overlaps) {
      // The identical edit already chosen (two findings fixed by one rewrite) still counts as a fix.
      if (fix.edits.every((e) => edits.some((c) => c.start === e.start && c.end === e.end && c.newText === e.newText))) fixed.push(finding);
      continue;
    }
    edits.push(...fix.edits);
    fixed.push(finding);
  }
  return { edits, fixed };
}

/** Applies non-overlapping edits (offsets in the original text). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

/** Passes of fix-then-reanalyse before giving up on convergence (ruff uses 100; our fixes settle in one or two). */
export const MAX_FIX_PASSES = 10;

/**
 * Applies fixes until none applies any more (or MAX_FIX_PASSES): `analyse` is called on each new text.
 * Returns the final text, how many findings were fixed, and the findings that remain.
 */
export function fixUntilStable<R extends { findings: readonly AnalyzedFinding[] }>(
  text: string,
  analyse: (text: string) => R,
  unsafe: boolean,
): { text: string; fixed: number; result: R; passes: number } {
  let result = analyse(text);
  let fixed = 0;
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const chosen = chooseFixes(result.findings, unsafe);
    if (!chosen.edits.length) break;
    const next = applyEdits(text, chosen.edits);
    if (next === text) break;
    passes++;
    text = next;
    fixed += chosen.fixed.length;
    result = analyse(text);
  }
  return { text, fixed, result, passes };
}
