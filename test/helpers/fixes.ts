import { AnalyzedFinding, analyze } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS, Settings } from '../../server/src/config/settings';
import { TextEdit } from '../../server/src/rules/types';
import { analyzeText, applyEdits, parsePython, syntaxProblems } from './python';
import { pre312Problems } from '../../server/src/analysis/fstringFields';

export interface AppliedFix {
  readonly code: string;
  readonly title: string;
  readonly before: string;
  readonly after: string;
}

/** The edit of a fix that replaces the finding's own text (the others add imports). */
export function mainEdit(finding: AnalyzedFinding): TextEdit {
  const edit = finding.fix?.edits.find((e) => e.start <= finding.start && finding.end <= e.end);
  if (!edit) throw new Error(`${finding.code}: no fix edit covers the finding`);
  return edit;
}

/**
 * Applies fixes one at a time, re-analysing after each (as `ruff --fix` does), until no finding has a
 * fix. After each fix, checks that the text still parses and that the same rule does not fire inside the
 * replaced text. Returns the final text and the fixes applied.
 */
export async function fixAll(text: string, settings: Partial<Settings> = {}, maxFixes = 50): Promise<{ text: string; applied: AppliedFix[] }> {
  let current = text;
  const applied: AppliedFix[] = [];
  for (let round = 0; round < maxFixes; round++) {
    const analysis = await analyzeText(current, settings);
    const finding = analysis.findings.find((f) => f.fix);
    if (!finding) return { text: current, applied };
    const main = mainEdit(finding);
    const next = applyEdits(current, finding.fix!.edits);
    const tree = await parsePython(next);
    const problems = syntaxProblems(tree);
    if (problems.length) throw new Error(`fix "${finding.fix!.title}" produced code that does not parse:\n${next}`);
    // Python 3.9-3.11 read f-strings by the pre-PEP 701 rules: a fix must not need 3.12.
    const before = pre312Problems((await parsePython(current)).root, current);
    const after = pre312Problems(tree.root, next);
    if (after.length > before.length) throw new Error(`fix "${finding.fix!.title}" produced code that needs Python 3.12 (${after.join('; ')}):\n${next}`);
    let delta = 0;
    for (const edit of finding.fix!.edits) if (edit !== main && edit.end <= main.start) delta += edit.newText.length - (edit.end - edit.start);
    const regionStart = main.start + delta;
    const regionEnd = regionStart + main.newText.length;
    const again = analyze(tree, { ...DEFAULT_SETTINGS, ...settings }).findings.find((f) => f.code === finding.code && f.start >= regionStart && f.start < regionEnd);
    if (again) throw new Error(`${finding.code} still fires at \`${next.slice(again.start, again.end)}\` after "${finding.fix!.title}":\n${next}`);
    applied.push({ code: finding.code, title: finding.fix!.title, before: current.slice(main.start, main.end), after: main.newText });
    current = next;
  }
  throw new Error(`still fixing after ${maxFixes} fixes`);
}
