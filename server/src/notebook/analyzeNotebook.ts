import { Analysis, AnalyzedFinding, AnalyzeOptions, analyze } from '../analysis/analyze';
import { Settings } from '../config/settings';
import { ModulePart, ParseRefusal, ParserTree, PythonParser } from '../parse/parser';
import { LineIndex } from '../text/lineIndex';
import { Applicability, FileEdit, Severity, TextEdit } from '../rules/types';
import { CellSpan, NotebookText } from './concat';
import { detectEol } from '../text/lineIndex';
import { commonAffixes } from '../text/commonAffixes';

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
  readonly fix?: { readonly title: string; readonly applicability: Applicability; readonly edits: readonly CellEdit[]; readonly otherFiles?: readonly FileEdit[] };
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
  /** When a previous parse was passed: the parse of this text (each cell's parser tree), for the next analysis (the caller frees it). */
  readonly parsed?: ParsedText;
}

/**
 * The parse of a notebook kept between analyses: each code cell's parser tree (cells are parsed one by
 * one), so that a cell edit reparses only that cell, incrementally.
 */
export interface ParsedText {
  /** Per cell of `notebook.cells`, in order: the text the parser saw and its tree. */
  readonly cells: readonly { readonly text: string; readonly tree: ParserTree }[];
  /** The module text. */
  readonly text: string;
  /** The cells `text` was made of: the next text reuses those left unchanged. */
  readonly notebook: NotebookText;
  /** The line index of `text`. */
  readonly lines: LineIndex;
  /** The analysis's findings, and each one as placed in its cell (undefined: not placed): see placeAll. */
  readonly placements?: { readonly findings: readonly AnalyzedFinding[]; readonly placed: readonly (CellFinding | undefined)[] };
}

/** Frees a kept parse's trees (wasm memory is not garbage-collected). */
export function freeParse(parse: ParsedText | null | undefined): void {
  for (const cell of parse?.cells ?? []) cell.tree.free();
}

/**
 * The one edit that turns the previous text into the notebook's text: the span between their common
 * prefix and common suffix (a cell edit changes one such span of the concatenated module). Cells
 * unchanged at either end are the same text in both, so the comparison starts past them.
 */
function editBetween(previous: ParsedText, notebook: NotebookText): { start: number; oldEnd: number; newEnd: number } {
  const before = previous.text;
  const after = notebook.text;
  const old = previous.notebook.cells;
  const now = notebook.cells;
  let first = 0;
  while (first < old.length && first < now.length && old[first].text === now[first].text) first++;
  let last = 0;
  while (last < old.length - first && last < now.length - first && old[old.length - 1 - last].text === now[now.length - 1 - last].text) last++;
  const known = { prefix: first < old.length ? old[first].start : before.length, suffix: last ? before.length - old[old.length - last].start : 0 };
  const { prefix, suffix } = commonAffixes(before, after, known, true);
  return { start: prefix, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

/**
 * Analyses a notebook's code cells as one module (so names bound in an earlier cell are known in later
 * ones; each cell is parsed on its own, see parseCells) and places every finding, fix edit and noqa edit in its cell. A fix whose edit would span two
 * cells is dropped; the finding stays.
 */
export function analyzeNotebook(
  parser: PythonParser,
  cells: readonly { index: number; text: string }[],
  settings: Settings,
  options?: AnalyzeOptions,
  /**
   * The previous analysis of this notebook: its unchanged statements are taken over, and their findings
   * too while what their rules read is unchanged (the analysis then records reads for the next one).
   */
  previous?: Analysis,
  /**
   * The parse of the previous text (spent here), or null for none yet: either way this parse is kept
   * and returned as `parsed`, so that a cell edit reparses only what changed. Undefined: not kept.
   */
  previousParse?: ParsedText | null,
): NotebookAnalysis {
  const notebook = new NotebookText(cells, previousParse?.notebook);
  const keep = previousParse !== undefined;
  const spend = () => freeParse(previousParse);
  if (!notebook.text.includes('sagemaker')) {
    spend();
    return { notebook, findings: [], ruleErrors: [] };
  }
  if (notebook.text.length > settings.maxFileSizeMB * 1024 * 1024) {
    spend();
    return { notebook, findings: [], ruleErrors: [], skipped: 'too-large' };
  }
  const edit = previousParse ? editBetween(previousParse, notebook) : undefined;
  // The previous text's line index, updated by the edit: a cell edit costs the notebook's line count.
  const lines = edit && previousParse ? previousParse.lines.afterEdit(notebook.text, edit.start, edit.oldEnd, edit.newEnd) : new LineIndex(notebook.text);
  const parsed = parseCells(parser, notebook, previousParse ?? undefined);
  if (!parsed) return { notebook, findings: [], ruleErrors: [], skipped: 'not-parsed', refusal: parser.lastRefusal };
  const free = () => parsed.forEach((part) => part.tree.free());
  let tree;
  try {
    tree = parser.joinParts(notebook.text, parsed, previous?.tree);
  } catch (error) {
    free();
    throw error;
  }
  if (!keep) free();
  const keptCells = keep ? parsed.map((part, i) => ({ text: notebook.parsedText(i), tree: part.tree })) : undefined;
  // Each cell parses on its own, so a syntax error stays in its cell and the trees never depend on the
  // edit history: the statements of the other cells keep their findings while what they read is
  // unchanged, as without an error (a statement with an error in it records nothing; one that no longer
  // starts its line, as when `return ` is typed before it, is checked again).
  // The parser reads the files the notebook names (options.scripts) too.
  const withParser = { ...options, parser };
  const analysis = analyze(tree, settings, lines, previous ? { ...withParser, incremental: true, previous } : withParser);
  const { findings, placements } = placeAll(notebook, analysis, previousParse ?? undefined);
  const kept = keptCells ? { parsed: { cells: keptCells, text: notebook.text, notebook, lines, placements } } : {};
  return { notebook, analysis, findings, ruleErrors: analysis.ruleErrors, ...kept };
}

/**
 * Places every finding in its cell. A finding this analysis took over from the one before (the same
 * object: its statement and what its rules read are unchanged) keeps its placement while every offset it
 * holds lies before the first cell that is not the same as before (index, start and text): each of those
 * offsets is then in the same cell at the same place. A keystroke in one cell thus places anew only the
 * findings from that cell on. Findings come in the order of their offsets, so the one before is looked
 * for from where the last one was found, among those that start no later.
 */
function placeAll(notebook: NotebookText, analysis: Analysis, previous: ParsedText | undefined): { findings: CellFinding[]; placements: NonNullable<ParsedText['placements']> } {
  const findings: CellFinding[] = [];
  const placed = new Array<CellFinding | undefined>(analysis.findings.length);
  const known = previous?.placements;
  const limit = known ? unchangedBefore(previous.notebook, notebook) : 0;
  const places = new ImportPlaces(notebook, analysis);
  let from = 0;
  analysis.findings.forEach((finding, i) => {
    const relocated = places.relocate(finding);
    let cellFinding: CellFinding | undefined;
    let found = -1;
    if (known && relocated === finding && lastOffset(finding) < limit) {
      for (let k = from; k < known.findings.length && known.findings[k].start <= finding.start; k++) {
        if (known.findings[k] === finding) {
          found = k;
          break;
        }
      }
    }
    if (found >= 0) {
      cellFinding = known!.placed[found];
      from = found + 1;
    } else cellFinding = placeFinding(notebook, relocated);
    placed[i] = cellFinding;
    if (cellFinding) findings.push(cellFinding);
  });
  return { findings, placements: { findings: analysis.findings, placed } };
}

/** The module offset before which two texts of a notebook have the same cells at the same places. */
function unchangedBefore(previous: NotebookText, notebook: NotebookText): number {
  const before = previous.cells;
  const now = notebook.cells;
  let i = 0;
  while (i < before.length && i < now.length && before[i].index === now[i].index && before[i].start === now[i].start && before[i].text === now[i].text) i++;
  return Math.min(before[i]?.start ?? Infinity, now[i]?.start ?? Infinity);
}

/** The last module offset a finding's placement reads: its range, its fix's edits and its noqa edit. */
function lastOffset(finding: AnalyzedFinding): number {
  let last = Math.max(finding.start, finding.end, finding.noqaEdit.start, finding.noqaEdit.end);
  for (const edit of finding.fix?.edits ?? []) last = Math.max(last, edit.start, edit.end);
  return last;
}

/**
 * Parses each code cell on its own: a cell whose text is unchanged keeps its tree and is not parsed; an
 * edited cell is reparsed from the tree of the cell that was at its position, told the edit. Cells are
 * what the kernel runs one at a time, so a syntax error in one does not reach into the next. With a
 * syntax error a cell is parsed afresh (tree-sitter's recovery depends on the tree it reparses from).
 * Spends `previous` (its trees are kept in the result or freed). Undefined when a cell was not parsed.
 */
function parseCells(parser: PythonParser, notebook: NotebookText, previous: ParsedText | undefined): ModulePart[] | undefined {
  const oldCells = previous?.notebook.cells ?? [];
  // Trees of a replaced wasm instance can't be read (nor reparsed from): every cell is parsed afresh then.
  const oldTrees = previous && previous.cells.every((cell) => cell.tree.live) ? previous.cells : [];
  const used = new Set<number>();
  let byText: Map<string, number[]> | undefined;
  const unchanged = (position: number, text: string): number | undefined => {
    if (position < oldTrees.length && !used.has(position) && oldTrees[position].text === text) return position;
    if (!byText) {
      byText = new Map();
      oldTrees.forEach((cell, i) => byText!.set(cell.text, [...(byText!.get(cell.text) ?? []), i]));
    }
    return byText.get(text)?.find((i) => !used.has(i));
  };
  const parts: ModulePart[] = [];
  let refused = false;
  notebook.cells.forEach((span, position) => {
    if (refused) return;
    const text = notebook.parsedText(position);
    const same = unchanged(position, text);
    if (same !== undefined) {
      used.add(same);
      const was = oldCells[same];
      parts.push({ tree: oldTrees[same].tree, start: span.start, length: text.length, was: { start: was.start, length: text.length, same: true, prefix: text.length, suffix: 0 } });
      return;
    }
    const from = position < oldTrees.length && !used.has(position) ? position : undefined;
    let tree: ParserTree | undefined;
    let was: ModulePart['was'];
    if (from !== undefined) {
      used.add(from);
      const old = oldTrees[from];
      const change = commonAffixes(old.text, text, {}, true);
      const oldLines = oldCells[from].lines;
      const point = (lines: LineIndex, offset: number) => {
        const position = lines.positionAt(offset);
        return { row: position.line, column: position.character };
      };
      old.tree.edit({
        startIndex: change.prefix,
        oldEndIndex: old.text.length - change.suffix,
        newEndIndex: text.length - change.suffix,
        startPosition: point(oldLines, change.prefix),
        oldEndPosition: point(oldLines, old.text.length - change.suffix),
        newEndPosition: point(span.lines, text.length - change.suffix),
      });
      tree = parser.parse(text, old.tree);
      old.tree.free();
      if (tree?.hasError) {
        tree.free();
        tree = parser.parse(text);
      }
      was = { start: oldCells[from].start, length: old.text.length, same: false, ...change };
    } else {
      tree = parser.parse(text);
    }
    if (!tree) {
      refused = true;
      return;
    }
    parts.push({ tree, start: span.start, length: text.length, ...(was ? { was } : {}) });
  });
  oldTrees.forEach((cell, i) => {
    if (!used.has(i)) cell.tree.free();
  });
  if (refused) {
    parts.forEach((part) => part.tree.free());
    return undefined;
  }
  return parts;
}


const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/**
 * Where an added import goes in a notebook, so that "Run All" on a fresh kernel still works: in the
 * first code cell (up to the one that uses the name) that already imports from sagemaker, else in the
 * cell that uses the name, after that cell's imports and never above one of its magic or shell lines
 * (`%pip install` must run before the import). A use earlier in the same cell bounds the place.
 */
class ImportPlaces {
  private listed?: readonly { start: number; end: number; isImport: boolean; sagemaker: boolean }[];

  constructor(
    private readonly notebook: NotebookText,
    private readonly analysis: Analysis,
  ) {}

  /** The module's statements, listed when a fix first adds an import (most analyses have none: a keystroke made this list for nothing). */
  private get statements(): readonly { start: number; end: number; isImport: boolean; sagemaker: boolean }[] {
    this.listed ??= this.analysis.tree.root.children
      .filter((s) => s.type !== 'comment')
      .map((s) => {
        const isImport = IMPORT_TYPES.has(s.type);
        const text = isImport ? this.notebook.text.slice(s.start, s.end) : '';
        return { start: s.start, end: s.end, isImport, sagemaker: isImport && /^(?:from\s+sagemaker\b|import\s+(?:[\w.]+\s*(?:as\s+\w+\s*)?,\s*)*sagemaker\b)/.test(text) };
      });
    return this.listed;
  }

  /** Moves a fix's added import (insertImport's edit) to where it belongs in the notebook. */
  relocate(finding: AnalyzedFinding): AnalyzedFinding {
    if (!finding.fix?.edits.some((e) => e.addsImport !== undefined)) return finding;
    const others = finding.fix.edits.filter((e) => e.addsImport === undefined);
    const use = others.length ? Math.min(...others.map((e) => e.start)) : finding.start;
    const edits: TextEdit[] = [];
    for (const edit of finding.fix.edits) {
      if (edit.addsImport === undefined) {
        edits.push(edit);
        continue;
      }
      const place = this.placeFor(use);
      if (!place) return { ...finding, fix: undefined }; // nowhere safe: the finding stays, without a fix
      edits.push({ start: place.offset, end: place.offset, newText: place.after ? `${place.eol}${edit.addsImport}` : `${edit.addsImport}${place.eol}`, addsImport: edit.addsImport });
    }
    return { ...finding, fix: { ...finding.fix, edits } };
  }

  private placeFor(use: number): { offset: number; after: boolean; eol: string } | undefined {
    const useCell = this.notebook.cellAt(use);
    if (!useCell) return undefined;
    const useStatement = this.statements.find((s) => s.start <= use && use < s.end);
    const limit = Math.min(useStatement?.start ?? use, use);
    const cells = this.notebook.cells.filter((c) => c.start <= useCell.start);
    const importing = cells.find((cell) => this.statements.some((s) => s.sagemaker && s.start >= cell.start && s.end <= cell.start + cell.text.length && s.start < limit));
    return this.placeInCell(importing ?? useCell, limit);
  }

  /** After the cell's last top-level import and last magic line that come before `limit`. */
  private placeInCell(cell: CellSpan, limit: number): { offset: number; after: boolean; eol: string } | undefined {
    const cellEnd = cell.start + cell.text.length;
    const bound = Math.min(limit, cellEnd);
    const eol = detectEol(cell.text);
    let after: number | undefined;
    for (const statement of this.statements) {
      if (statement.start < cell.start || statement.end > bound) continue;
      if (statement.isImport) after = Math.max(after ?? 0, cell.start + cell.lines.lineEndOffset(cell.lines.positionAt(statement.end - cell.start).line));
    }
    // Magic and shell lines: the lines the parser saw blanked. Only unindented ones run at the top level.
    const blanked = this.notebook.text.slice(cell.start, cellEnd);
    for (let line = 0; line < cell.lines.lineCount; line++) {
      const start = cell.lines.lineStartOffset(line);
      const end = cell.lines.lineEndOffset(line);
      if (cell.start + end > bound && cell.start + start >= bound) break;
      if (cell.text.slice(start, end) !== blanked.slice(start, end) && !/^[ \t]/.test(cell.text.slice(start, end))) after = Math.max(after ?? 0, cell.start + end);
    }
    if (after !== undefined) {
      // An import on the same line as the use (`import x; y = f"{p}"`): after the import statement itself.
      if (after > limit) after = Math.max(...this.statements.filter((s) => s.isImport && s.start >= cell.start && s.end <= limit).map((s) => s.end), cell.start);
      if (after > limit) return undefined;
      return after === cell.start ? { offset: cell.start, after: false, eol } : { offset: after, after: true, eol };
    }
    return { offset: cell.start, after: false, eol };
  }
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
    if (edits.every((e): e is CellEdit => !!e)) fix = { title: finding.fix.title, applicability: finding.fix.applicability, edits, ...(finding.fix.otherFiles?.length ? { otherFiles: finding.fix.otherFiles } : {}) };
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
