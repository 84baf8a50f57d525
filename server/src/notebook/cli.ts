import { Settings } from '../config/settings';
import { PythonParser, describeRefusal } from '../parse/parser';
import type { FileReport, ReportedFinding } from '../cli/check';
import { location } from '../cli/check';
import { AnalyzeOptions } from '../analysis/analyze';
import { CellEdit, CellFinding, analyzeNotebook } from './analyzeNotebook';
import { NotebookFormatError, parseIpynb, pythonCodeCells, writeIpynb } from './ipynb';
import type { FixMode } from '../cli/check';
import { MAX_FIX_PASSES, ReportedProblems, applyEdits } from '../cli/fix';
import { unifiedDiff } from '../cli/diff';
import { notCheckedFinding } from '../cli/fileStatus';
import * as path from 'path';
import { projectRoot, repositoryRoot } from '../environment/cli';
import { NotebookPinScan, notebookEnvironment, scanNotebookSdkPins } from './sdkPin';
import type { SdkEnvironment } from '../environment/types';

/**
 * The environment a notebook's code runs in, for the CLI: its own install lines over the project's
 * environment. `-r` files are read relative to the notebook, inside its repository only.
 */
export function cliNotebookEnvironment(filename: string, cells: readonly { index: number; text: string }[], base: SdkEnvironment | undefined): { environment?: SdkEnvironment; scan: NotebookPinScan } {
  const notebook = filename === '-' ? undefined : path.resolve(filename);
  const scan = scanNotebookSdkPins(cells, { notebook, within: notebook ? [repositoryRoot(projectRoot(notebook))] : [] });
  return { environment: notebookEnvironment(base, scan, notebook), scan };
}

/**
 * Checks one .ipynb file for the CLI: findings carry the 1-based cell number (position among all cells,
 * as ruff counts) and rows and columns within that cell. With --fix the fixed cells are written back
 * into the notebook JSON (returned as `json`); with --diff the same fixes are shown as one diff per
 * changed cell, headed `path:cell N`.
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
    // A file that is not a notebook is reported like a finding (SM002), not as a usage error.
    if (error instanceof NotebookFormatError) return { report: { filename, findings: [notCheckedFinding(error.message)], ruleErrors: [], fixed: 0 } };
    throw error;
  }
  const original = pythonCodeCells(notebook).map((c) => ({ index: c.index, text: c.text }));
  // The notebook's own `%pip install sagemaker...` decides the version its code runs (read once: fixes do not touch it).
  options = { ...options, environment: cliNotebookEnvironment(filename, original, options?.environment).environment };
  let cells = original;
  let result = analyzeNotebook(parser, cells, settings, options);
  // --fix: apply non-overlapping fixes cell by cell until none applies, then write the cells back.
  let fixed = 0;
  let changed = false;
  const reported = new ReportedProblems(result.findings);
  for (let pass = 0; fixMode.mode !== 'none' && pass < MAX_FIX_PASSES; pass++) {
    const chosen = chooseCellFixes(result.findings, fixMode.unsafe);
    if (!chosen.edits.length) break;
    const next = cells.map((cell) => {
      const edits = chosen.edits.filter((e) => e.cell === cell.index);
      return edits.length ? { index: cell.index, text: applyEdits(cell.text, edits) } : cell;
    });
    if (next.every((cell, i) => cell.text === cells[i].text)) break;
    cells = next;
    fixed += reported.takeFixed(chosen.fixed);
    reported.applyEdits(chosen.edits);
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
  const skipped = result.skipped === 'too-large' ? `larger than ${settings.maxFileSizeMB} MB` : undefined;
  // SM002 when the cells could not be parsed at all. No SM001 in notebooks: IPython runs more than
  // Python parses (a `!cmd \` continued on the next line, automagic `pip install x`, aliases like `rm`),
  // and on the corpus most cells Python rejects run fine in Jupyter.
  if (result.skipped === 'not-parsed') findings.push(notCheckedFinding(describeRefusal(result.refusal)));
  const ruleErrors = result.ruleErrors.map((failure) => `rule ${failure.code} failed: ${String((failure.error as Error)?.stack ?? failure.error)}`);
  const diff =
    fixMode.mode === 'diff'
      ? original.map((cell, i) => unifiedDiff(cell.text, cells[i].text, `${filename}:cell ${cell.index + 1}`, `${filename}:cell ${cell.index + 1}`)).join('')
      : undefined;
  const report: FileReport = { filename, findings, skipped, ruleErrors, fixed, ...(fixMode.mode !== 'none' ? { changed } : {}), ...(diff !== undefined ? { diff } : {}) };
  return changed ? { report, json: writeIpynb(json, new Map(cells.filter((c, i) => c.text !== original[i].text).map((c) => [c.index, c.text]))) } : { report };
}

/** Non-overlapping fixes over all cells, first come first served (safe ones; unsafe ones when asked). */
function chooseCellFixes(findings: readonly CellFinding[], unsafe: boolean): { edits: CellEdit[]; fixed: CellFinding[] } {
  const edits: CellEdit[] = [];
  const fixed: CellFinding[] = [];
  for (const finding of findings) {
    const fix = finding.fix;
    // A fix that edits other files (SM702's requirements line) is the editor's alone, as for .py files.
    if (!fix || (fix.applicability !== 'safe' && !unsafe) || fix.otherFiles?.length) continue;
    const overlaps = fix.edits.some((e) => edits.some((c) => c.cell === e.cell && ((e.start < c.end && c.start < e.end) || (e.start === c.start && e.end === c.end))));
    if (overlaps) {
      // The identical edit already chosen (two findings fixed by one rewrite) still counts as a fix.
      if (fix.edits.every((e) => edits.some((c) => c.cell === e.cell && c.start === e.start && c.end === e.end && c.newText === e.newText))) fixed.push(finding);
      continue;
    }
    edits.push(...fix.edits);
    fixed.push(finding);
  }
  return { edits, fixed };
}
