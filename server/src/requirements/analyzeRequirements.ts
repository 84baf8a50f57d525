/**
 * The requirements-file pipeline: pip requirements files (requirements*.txt) are not Python, so they
 * skip the parser and the semantic model; the rules that have `checkRequirements` (SM703) read their
 * parsed lines. Findings have the same shape as Python findings (noqa line and edit included), so the
 * editor and the command line report and fix them the same way.
 */
import type { AnalyzedFinding } from '../analysis/analyze';
import { Settings, isRuleEnabled, severityFor } from '../config/settings';
import { PYPROJECT_FILE, REQUIREMENTS_FILE, parsePyprojectRequirementLines, parseRequirementsText } from '../environment/declared';
import type { SdkEnvironment } from '../environment/types';
import { RULES } from '../rules/registry';
import { Finding, Rule, TextEdit } from '../rules/types';
import { LineIndex } from '../text/lineIndex';

function fileName(pathOrUri: string): string {
  const last = pathOrUri.split(/[\\/]/).pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last; // not percent-encoded: the name as it is
  }
}

/** Whether a path or URI names a file whose requirements sagelint lints: requirements*.txt or pyproject.toml. */
export function isRequirementsFile(pathOrUri: string): boolean {
  const name = fileName(pathOrUri);
  return REQUIREMENTS_FILE.test(name) || PYPROJECT_FILE.test(name);
}

export interface RequirementsAnalysis {
  readonly lines: LineIndex;
  readonly findings: readonly AnalyzedFinding[];
  readonly ruleErrors: readonly { code: string; error: unknown }[];
}

/** `# noqa` or `# noqa: SM703, ...` in a requirements line's comment (pip comments start at `#` after white space). */
const NOQA = /(?:^|\s)#\s*noqa(?::\s*((?:[A-Za-z]+\d+)(?:\s*,?\s*[A-Za-z]+\d+)*))?/i;

export function analyzeRequirements(
  text: string,
  settings: Settings,
  options: { environment?: SdkEnvironment; path?: string; rules?: readonly Rule[] } = {},
): RequirementsAnalysis {
  const lines = new LineIndex(text);
  const parsed = options.path && PYPROJECT_FILE.test(fileName(options.path)) ? parsePyprojectRequirementLines(text) : parseRequirementsText(text);
  const raw: Finding[] = [];
  const ruleErrors: { code: string; error: unknown }[] = [];
  for (const rule of options.rules ?? RULES) {
    if (!rule.checkRequirements || !isRuleEnabled(rule.code, settings)) continue;
    try {
      rule.checkRequirements({
        text,
        lines: parsed,
        environment: options.environment,
        ...(options.path ? { path: options.path } : {}),
        report: ({ start, end, message, fix }) => raw.push({ code: rule.code, message, start, end, severity: severityFor(rule.code, rule.defaultSeverity, settings), fix }),
      });
    } catch (error) {
      ruleErrors.push({ code: rule.code, error });
    }
  }
  const findings: AnalyzedFinding[] = [];
  for (const finding of raw) {
    const line = lines.positionAt(finding.start).line;
    const noqa = NOQA.exec(lines.lineText(line));
    if (noqa && (!noqa[1] || noqa[1].toUpperCase().split(/[\s,]+/).includes(finding.code))) continue;
    findings.push({ ...finding, noqaLine: line, noqaEdit: noqaEdit(lines, line, finding.code, noqa) });
  }
  findings.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
  return { lines, findings, ruleErrors };
}

function noqaEdit(lines: LineIndex, line: number, code: string, existing: RegExpExecArray | null): TextEdit {
  const lineStart = lines.lineStartOffset(line);
  if (existing?.[1]) {
    const at = lineStart + existing.index + existing[0].indexOf('#');
    const length = existing[0].length - existing[0].indexOf('#');
    return { start: at, end: at + length, newText: `# noqa: ${existing[1].split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase()).concat(code).join(', ')}` };
  }
  const contentEnd = lineStart + lines.lineText(line).trimEnd().length;
  return { start: contentEnd, end: lines.lineEndOffset(line), newText: `  # noqa: ${code}` };
}
