import { Settings } from '../config/settings';
import { PythonParser, describeRefusal } from '../parse/parser';
import type { FileReport, ReportedFinding } from '../cli/check';
import { location } from '../cli/check';
import { AnalyzeOptions } from '../analysis/analyze';
import { CellEdit, CellFinding, analyzeNotebook } from './analyzeNotebook';
import { NotebookFormatError, parseIpynb, pythonCodeCells, writeIpynb } from './ipynb';
import type { FixMode } from '../cli/check';
import { MAX_FIX_PASSES, applyEdits } from '../cli/fix';

/**
 * Checks one .ipynb file for the CLI: findings carry the 1-based cell number (position among all cells,
 * as ruff counts) and rows and columns within that cell. With --fix the fixed cells are written back
 * into the notebook JSON (returned as `json`); --diff is not supported for notebooks (nothing is fixed).
 */
export function checkNotebookText(
  parser: PythonParser,
  filename: string,
  json: string,
  settings: Settings,
  options?: AnalyzeOptions,
  fixMode: FixMode = { mode: 'none', unsafe: false },
): { report: FileReport; json?: string } | { error: string } {
  let notebook;
  try {
    notebook = parseIpynb(json);
  } catch (error) {
    if (error instanceof NotebookFormatError) return { error: `${filename}: ${error.message}` };
    throw error;
  }
  let cells = pythonCodeCells(notebook).map((c) => ({ index: c.index, text: c.text }));
  let result = analyzeNotebook(parser, cells, settings, options);
  // --fix: apply non-overlapping fixes cell by cell until none applies, then write the cells back.
  let fixed = 0;
  let changed = false;
  for (let pass = 0; fixMode.mode === 'fix' && pass < MAX_FIX_PASSES; pass++) {
    const chosen = chooseCellFixes(result.findings, fixMode.unsafe);
    if (!chosen.edits.length) break;
    cells = cells.map((cell) => {
      const edits = chosen.edits.filter((e) => e.cell === cell.index);
      return edits.length ? { index: cell.index, text: applyEdits(cell.text, edits) } : cell;
    });
    fixed += chosen.fixed;
    changed = true;
    result = analyzeNotebook(parser, cells, settings, options);
  }
  const findings: ReportedFinding[] = result.findings.map((finding) => {
    const lines = result.notebook.cellByIndex(finding.cell)!.lines;
    const cellLines = (cell: number) => result.notebook.cellByIndex(cell)!.lines;
    return {
      cell: finding.cell + 1,
      code: finding.code,
      message: finding.message,
      severity: finding.severity,
      location: location(lines, finding.start),
      endLocation: location(lines, finding.end),
      noqaRow: (finding.noqa ? lines.positionAt(finding.noqa.start).line : lines.positionAt(finding.start).line) + 1,
      ...(finding.fix
        ? {
            fix: {
              title: finding.fix.title,
              applicability: finding.fix.applicability,
              edits: finding.fix.edits.map((edit) => ({ content: edit.newText, location: location(cellLines(edit.cell), edit.start), endLocation: location(cellLines(edit.cell), edit.end) })),
            },
          }
        : {}),
    };
  });
  const skipped = result.skipped === 'too-large' ? `larger than ${settings.maxFileSizeMB} MB` : result.skipped === 'not-parsed' ? describeRefusal(result.refusal) : undefined;
  const ruleErrors = result.ruleErrors.map((failure) => `rule ${failure.code} failed: ${String((failure.error as Error)?.stack ?? failure.error)}`);
  const report: FileReport = { filename, findings, skipped, ruleErrors, fixed, ...(fixMode.mode === 'fix' ? { changed } : {}) };
  return changed ? { report, json: writeIpynb(json, new Map(cells.map((c) => [c.index, c.text]))) } : { report };
}

/** Non-overlapping fixes over all cells, first come first served (safe ones; unsafe ones when asked). */
function chooseCellFixes(findings: readonly CellFinding[], unsafe: boolean): { edits: CellEdit[]; fixed: number } {
  const edits: CellEdit[] = [];
  let fixed = 0;
  for (const finding of findings) {
    const fix = finding.fix;
    if (!fix || (fix.applicability !== 'safe' && !unsafe)) continue;
    const overlaps = fix.edits.some((e) => edits.some((c) => c.cell === e.cell && ((e.start < c.end && c.start < e.end) || (e.start === c.start && e.end === c.end))));
    if (overlaps) continue;
    edits.push(...fix.edits);
    fixed++;
  }
  return { edits, fixed };
}
