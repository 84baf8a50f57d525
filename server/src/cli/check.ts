import { AnalyzeOptions, AnalyzedFinding, analyze } from '../analysis/analyze';
import { Settings } from '../config/settings';
import { PythonParser, describeRefusal } from '../parse/parser';
import { Applicability, Severity } from '../rules/types';
import { LineIndex } from '../text/lineIndex';
import { unifiedDiff } from './diff';
import { SYNTAX_ERROR, SYNTAX_ERROR_MESSAGE, firstSyntaxError, notCheckedFinding, notSourceText } from './fileStatus';
import { fixUntilStable } from './fix';

/** 1-based row and column; the column counts code points, as ruff reports it. */
export interface Location {
  readonly row: number;
  readonly column: number;
}

/** A finding in the form every output format needs: plain data, so it can cross a worker boundary. */
export interface ReportedFinding {
  readonly code: string;
  readonly message: string;
  readonly severity: Severity;
  readonly location: Location;
  readonly endLocation: Location;
  readonly noqaRow: number;
  /** Notebooks: the 1-based cell (rows and columns count within it). */
  readonly cell?: number;
  readonly fix?: {
    readonly title: string;
    readonly applicability: Applicability;
    readonly edits: readonly { readonly content: string; readonly location: Location; readonly endLocation: Location }[];
  };
}

export interface FileReport {
  /** The path as given (or found under a given folder), or the --stdin-filename. */
  readonly filename: string;
  /** Findings left after any fixing. */
  readonly findings: readonly ReportedFinding[];
  /** Why the file was not analysed. */
  readonly skipped?: string;
  /** Rules that threw (logged, never reported as findings). */
  readonly ruleErrors?: readonly string[];
  /** Findings fixed (with --fix or --diff). */
  readonly fixed: number;
  /** With --diff: the unified diff of the fixes ('' when nothing would change). */
  readonly diff?: string;
  /** With --fix on standard input: the bytes to print (the fixed text, or the input when nothing was written). */
  readonly fixedOutput?: Uint8Array;
  /** With --fix or --diff: why no fix was applied to this file (its bytes do not decode cleanly), which is left as it is. */
  readonly notFixed?: string;
  /** With --fix: whether the text changed (and was written back, for files). */
  readonly changed?: boolean;
}

export interface FixMode {
  /** 'none': report only; 'fix': apply fixes; 'diff': compute the fixes as a diff, change nothing. */
  readonly mode: 'none' | 'fix' | 'diff';
  readonly unsafe: boolean;
}

interface TextAnalysis {
  readonly findings: readonly AnalyzedFinding[];
  readonly lines?: LineIndex;
  readonly skipped?: string;
  /** Why the text was not checked at all (SM002). */
  readonly unchecked?: string;
  /** The first syntax error (SM001), as offsets. */
  readonly syntaxError?: { start: number; end: number };
  readonly ruleErrors: readonly string[];
}

/** Analyses one text. Texts that never mention the SDK are not parsed. */
export function analyzeText(parser: PythonParser, text: string, settings: Settings, options?: AnalyzeOptions): TextAnalysis {
  if (text.length > settings.maxFileSizeMB * 1024 * 1024) return { findings: [], skipped: `larger than ${settings.maxFileSizeMB} MB`, ruleErrors: [] };
  const notSource = notSourceText(text);
  if (notSource) return { findings: [], unchecked: notSource, ruleErrors: [] };
  if (!text.includes('sagemaker')) return { findings: [], ruleErrors: [] };
  const parsed = parser.parse(text);
  if (!parsed) return { findings: [], unchecked: describeRefusal(parser.lastRefusal), ruleErrors: [] };
  let tree;
  try {
    tree = parsed.toSyntaxTree(text);
  } finally {
    parsed.free();
  }
  // The parser reads the files the module names (options.scripts) too; it does not cross worker threads, so it is added here.
  const analysis = analyze(tree, settings, undefined, { ...options, parser });
  const ruleErrors = analysis.ruleErrors.map((failure) => `rule ${failure.code} failed: ${String((failure.error as Error)?.stack ?? failure.error)}`);
  return { findings: analysis.findings, lines: analysis.lines, syntaxError: firstSyntaxError(tree), ruleErrors };
}

/** The findings of a text analysis as reported, with SM001/SM002 for what could not be checked. */
function reportedFindings(result: TextAnalysis): ReportedFinding[] {
  if (result.unchecked) return [notCheckedFinding(result.unchecked)];
  if (!result.lines) return [];
  const findings = result.findings.map((f) => reportFinding(f, result.lines!));
  if (result.syntaxError) {
    const { start, end } = result.syntaxError;
    const at = location(result.lines, start);
    findings.push({ code: SYNTAX_ERROR, message: SYNTAX_ERROR_MESSAGE, severity: 'error', location: at, endLocation: location(result.lines, end), noqaRow: at.row });
    findings.sort((a, b) => a.location.row - b.location.row || a.location.column - b.location.column);
  }
  return findings;
}

export function location(lines: LineIndex, offset: number): Location {
  const position = lines.positionAt(offset);
  const prefix = lines.text.slice(lines.lineStartOffset(position.line), offset);
  return { row: position.line + 1, column: [...prefix].length + 1 };
}

export function reportFinding(finding: AnalyzedFinding, lines: LineIndex): ReportedFinding {
  return {
    code: finding.code,
    message: finding.message,
    severity: finding.severity,
    location: location(lines, finding.start),
    endLocation: location(lines, finding.end),
    noqaRow: finding.noqaLine + 1,
    ...(finding.fix
      ? {
          fix: {
            title: finding.fix.title,
            applicability: finding.fix.applicability,
            edits: finding.fix.edits.map((edit) => ({ content: edit.newText, location: location(lines, edit.start), endLocation: location(lines, edit.end) })),
          },
        }
      : {}),
  };
}

/**
 * Checks (and with fixing on, fixes) one text. The caller reads and writes files; this only computes.
 */
export function checkText(parser: PythonParser, filename: string, text: string, settings: Settings, fixMode: FixMode = { mode: 'none', unsafe: false }, options?: AnalyzeOptions): FileReport & { text: string } {
  if (fixMode.mode === 'none') {
    const result = analyzeText(parser, text, settings, options);
    return {
      filename,
      text,
      findings: reportedFindings(result),
      skipped: result.skipped,
      ruleErrors: result.ruleErrors,
      fixed: 0,
    };
  }
  const ruleErrors = new Set<string>();
  const outcome = fixUntilStable(
    text,
    (current) => {
      const result = analyzeText(parser, current, settings, options);
      for (const error of result.ruleErrors) ruleErrors.add(error);
      return result;
    },
    fixMode.unsafe,
  );
  const { result } = outcome;
  return {
    filename,
    text: outcome.text,
    findings: reportedFindings(result),
    skipped: result.skipped,
    ruleErrors: [...ruleErrors],
    fixed: outcome.fixed,
    changed: outcome.text !== text,
    ...(fixMode.mode === 'diff' ? { diff: unifiedDiff(text, outcome.text, filename, filename) } : {}),
  };
}
