import { Analysis, AnalyzedFinding, AnalyzeOptions, analyze } from '../analysis/analyze';
import { Settings } from '../config/settings';
import { ParseRefusal, PythonParser } from '../parse/parser';
import { SyntaxTree } from '../parse/syntaxNode';
import { Applicability, Severity, TextEdit } from '../rules/types';
import { CellSpan, NotebookText } from './concat';

/** An edit inside one cell (offsets in the cell's text). */
export interface CellEdit extends TextEdit {
  readonly cell: number;
}

/** A finding placed in a cell: offsets in that cell's text; fix edits may touch other cells. */
export interface CellFinding {
  readonly cell: number;
  readonly code: string;
  readonly message: string;
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
  readonly fix?: { readonly title: string; readonly applicability: Applicability; readonly edits: readonly CellEdit[] };
  readonly noqa?: CellEdit;
}

export interface NotebookAnalysis {
  readonly notebook: NotebookText;
  readonly analysis?: Analysis;
  readonly findings: readonly CellFinding[];
  readonly ruleErrors: readonly { code: string; error: unknown }[];
  readonly skipped?: 'too-large' | 'not-parsed';
  /** With skipped 'not-parsed': why. */
  readonly refusal?: ParseRefusal;
}

/**
 * Analyses a notebook's code cells as one module (so names bound in an earlier cell are known in later
 * ones) and places every finding, fix edit and noqa edit in its cell. A fix whose edit would span two
 * cells is dropped; the finding stays.
 */
export function analyzeNotebook(
  parser: PythonParser,
  cells: readonly { index: number; text: string }[],
  settings: Settings,
  options?: AnalyzeOptions,
  /** The tree of the previous analysis of this notebook: its unchanged statements are taken over. */
  previousTree?: SyntaxTree,
): NotebookAnalysis {
  const notebook = new NotebookText(cells);
  if (!notebook.text.includes('sagemaker')) return { notebook, findings: [], ruleErrors: [] };
  if (notebook.text.length > settings.maxFileSizeMB * 1024 * 1024) return { notebook, findings: [], ruleErrors: [], skipped: 'too-large' };
  const parsed = parser.parse(notebook.text);
  if (!parsed) return { notebook, findings: [], ruleErrors: [], skipped: 'not-parsed', refusal: parser.lastRefusal };
  let tree;
  try {
    tree = parsed.toSyntaxTree(notebook.text, previousTree);
  } finally {
    parsed.free();
  }
  const analysis = analyze(tree, settings, undefined, options);
  const findings: CellFinding[] = [];
  const importAnchor = firstCellImportAnchor(notebook, analysis);
  for (const finding of analysis.findings) {
    const placed = placeFinding(notebook, relocateImports(finding, importAnchor));
    if (placed) findings.push(placed);
  }
  return { notebook, analysis, findings, ruleErrors: analysis.ruleErrors };
}

/**
 * Where an added import goes in a notebook: after the last top-level import of the first code cell
 * (its end), or at the start of the first code cell.
 */
function firstCellImportAnchor(notebook: NotebookText, analysis: Analysis): { offset: number; before: boolean } {
  const first = notebook.cells[0];
  if (!first) return { offset: 0, before: true };
  const cellEnd = first.start + first.text.length;
  let anchor: number | undefined;
  for (const statement of analysis.tree.root.children) {
    if (statement.start >= cellEnd) break;
    if (statement.type === 'import_statement' || statement.type === 'import_from_statement' || statement.type === 'future_import_statement') anchor = statement.end;
  }
  return anchor === undefined ? { offset: first.start, before: true } : { offset: anchor, before: false };
}

/** Moves an added import line (insertImport's edit) into the first code cell. */
function relocateImports(finding: AnalyzedFinding, anchor: { offset: number; before: boolean }): AnalyzedFinding {
  if (!finding.fix) return finding;
  let changed = false;
  const edits = finding.fix.edits.map((edit) => {
    if (edit.start !== edit.end) return edit;
    const match = /^(\r?\n)?((?:from|import) [^\r\n]+)(\r?\n)?$/.exec(edit.newText);
    if (!match || !!match[1] === !!match[3]) return edit;
    changed = true;
    const line = match[2];
    return { start: anchor.offset, end: anchor.offset, newText: anchor.before ? `${line}\n` : `\n${line}` };
  });
  return changed ? { ...finding, fix: { ...finding.fix, edits } } : finding;
}

function toCellEdit(notebook: NotebookText, edit: TextEdit): CellEdit | undefined {
  const placed = notebook.toCell(edit.start, edit.end);
  if (!placed) return undefined;
  // An insertion at the end of a cell that starts with a line break (an added import after the cell's
  // last line) is fine as is; nothing else needs adjusting since cells keep their own text.
  return { cell: placed.cell.index, start: placed.start, end: placed.end, newText: edit.newText };
}

function placeFinding(notebook: NotebookText, finding: AnalyzedFinding): CellFinding | undefined {
  const range = notebook.toCell(finding.start, finding.end) ?? clampToStartCell(notebook, finding.start);
  if (!range) return undefined;
  let fix: CellFinding['fix'];
  if (finding.fix) {
    const edits = finding.fix.edits.map((e) => toCellEdit(notebook, e));
    if (edits.every((e): e is CellEdit => !!e)) fix = { title: finding.fix.title, applicability: finding.fix.applicability, edits };
  }
  return {
    cell: range.cell.index,
    code: finding.code,
    message: finding.message,
    severity: finding.severity,
    start: range.start,
    end: range.end,
    fix,
    noqa: toCellEdit(notebook, finding.noqaEdit),
  };
}

/** A finding spanning cells (rare: an unclosed bracket) is shown to the end of its first cell. */
function clampToStartCell(notebook: NotebookText, start: number): { cell: CellSpan; start: number; end: number } | undefined {
  const cell = notebook.cellAt(start);
  if (!cell) return undefined;
  return { cell, start: Math.min(start - cell.start, cell.text.length), end: cell.text.length };
}
