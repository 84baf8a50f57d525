import * as path from 'path';
import { pathToFileURL } from 'url';
import type * as Sarif from 'sarif';
import { RULES, ruleByCode, ruleDocUrl } from '../rules/registry';
import { FAMILIES, Severity } from '../rules/types';
import { FileReport, ReportedFinding } from './check';
import { FILE_STATUS_CODES, FILE_STATUS_URL } from './fileStatus';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface RunSummary {
  readonly fixMode: 'none' | 'fix' | 'diff';
  readonly unsafe: boolean;
  /** Files that could not be read: they count as errors, not findings. */
  readonly errors: readonly string[];
  readonly version: string;
}

/** ruff's JSON output, one object per finding. */
export function toJson(reports: readonly FileReport[]): object[] {
  return reports.flatMap((report) =>
    report.findings.map((finding) => ({
      cell: finding.cell ?? null,
      code: finding.code,
      end_location: finding.endLocation,
      filename: report.filename === '-' ? '-' : path.resolve(report.filename),
      fix: finding.fix
        ? {
            applicability: finding.fix.applicability,
            edits: finding.fix.edits.map((edit) => ({ content: edit.content, end_location: edit.endLocation, location: edit.location })),
            message: finding.fix.title,
          }
        : null,
      location: finding.location,
      message: finding.message,
      noqa_row: finding.noqaRow,
      url: FILE_STATUS_CODES.includes(finding.code) ? FILE_STATUS_URL : ruleDocUrl(finding.code),
    })),
  );
}

/** Rules that threw, by file: internal errors (exit 2), never findings and never a clean result. */
export function internalErrors(reports: readonly FileReport[]): { filename: string; code?: string; message: string }[] {
  return reports.flatMap((report) =>
    (report.ruleErrors ?? []).map((message) => ({ filename: report.filename, code: /^rule (SM\d{3}) failed/.exec(message)?.[1], message })),
  );
}

/**
 * 2 for usage, I/O and internal errors (a rule that threw: the file's result is incomplete, and ruff
 * exits 2 on a panic too), whatever --exit-zero says; else 1 for findings (with --diff: fixes to apply),
 * which --exit-zero turns into 0.
 */
export function exitStatus(reports: readonly FileReport[], summary: RunSummary, options: { readonly exitZero: boolean; readonly diff: boolean }): number {
  if (summary.errors.length || internalErrors(reports).length) return 2;
  if (options.exitZero) return 0;
  if (options.diff) return reports.some((r) => r.diff) ? 1 : 0;
  return reports.some((r) => r.findings.length) ? 1 : 0;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function toText(reports: readonly FileReport[], summary: RunSummary): string {
  const out: string[] = [];
  for (const report of reports) {
    for (const finding of report.findings) {
      const marker = finding.fix?.applicability === 'safe' || (summary.unsafe && finding.fix) ? ' [*]' : '';
      out.push(`${report.filename}:${finding.cell !== undefined ? `cell ${finding.cell}:` : ''}${finding.location.row}:${finding.location.column}: ${finding.code}${marker} ${finding.message}`);
    }
  }
  const remaining = reports.reduce((n, r) => n + r.findings.length, 0);
  const fixed = reports.reduce((n, r) => n + r.fixed, 0);
  const checked = plural(reports.length, 'file') + ' checked';
  const fixable = reports.reduce((n, r) => n + r.findings.filter((f) => f.fix && (f.fix.applicability === 'safe' || summary.unsafe)).length, 0);
  const hidden = summary.unsafe ? 0 : reports.reduce((n, r) => n + r.findings.filter((f) => f.fix?.applicability === 'unsafe').length, 0);
  const failures = summary.errors.length + internalErrors(reports).length;
  if (failures) {
    // A run with errors never reads as a clean one, whatever was found in the files that worked.
    const found = remaining === 0 ? 'no problems found in the rest' : `${plural(remaining, 'problem')} found`;
    out.push(`${plural(failures, 'error')} (see above); ${found} (${checked}).`);
  } else if (!reports.length) {
    out.push('No files checked.');
  } else if (summary.fixMode === 'fix') {
    const total = remaining + fixed;
    out.push(total === 0 ? `All checks passed! (${checked})` : `Found ${plural(total, 'problem')} (${fixed} fixed, ${remaining} remaining; ${checked}).`);
  } else if (summary.fixMode === 'diff') {
    out.push(fixed === 0 ? `No fixes available (${checked}).` : `Would fix ${plural(fixed, 'problem')} (${checked}).`);
  } else {
    out.push(remaining === 0 ? `All checks passed! (${checked})` : `Found ${plural(remaining, 'problem')} (${checked}; ${fixable} fixable with --fix, marked [*]).`);
  }
  const notFixed = reports.filter((r) => r.notFixed).length;
  if (notFixed) out.push(`${plural(notFixed, 'file')} left unfixed: ${reports.filter((r) => r.notFixed).map((r) => `${r.filename} (${r.notFixed})`).join('; ')}.`);
  if (hidden && summary.fixMode !== 'diff') out.push(`(${`${hidden} more fix${hidden === 1 ? '' : 'es'}`} can be applied with --unsafe-fixes.)`);
  return `${out.join('\n')}\n`;
}

function githubEscapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function githubEscapeProperty(text: string): string {
  return githubEscapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** GitHub Actions workflow commands: one annotation per finding. */
export function toGithub(reports: readonly FileReport[], cwd = process.cwd()): string {
  const out: string[] = [];
  for (const report of reports) {
    // Annotations want paths relative to the workspace (the working folder in a workflow step).
    const relative = path.relative(cwd, path.resolve(cwd, report.filename));
    const shown = report.filename === '-' || relative.startsWith('..') || path.isAbsolute(relative) ? report.filename : relative;
    const file = githubEscapeProperty(shown.split(path.sep).join('/'));
    for (const f of report.findings) {
      out.push(
        `::${GITHUB_LEVEL[f.severity]} file=${file},line=${f.location.row},col=${f.location.column},endLine=${f.endLocation.row},endColumn=${f.endLocation.column},title=${githubEscapeProperty(f.code)}::${githubEscapeData(`${f.code} ${f.message}`)}`,
      );
    }
  }
  for (const failure of internalErrors(reports)) {
    const relative = path.relative(cwd, path.resolve(cwd, failure.filename));
    const shown = failure.filename === '-' || relative.startsWith('..') || path.isAbsolute(relative) ? failure.filename : relative;
    out.push(`::error file=${githubEscapeProperty(shown.split(path.sep).join('/'))},title=sagelint internal error::${githubEscapeData(failure.message.split('\n')[0])}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

const SARIF_LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function artifactLocation(filename: string, cwd: string): Sarif.ArtifactLocation {
  if (filename === '-') return { uri: 'stdin' };
  const absolute = path.resolve(cwd, filename);
  const relative = path.relative(cwd, absolute);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri: pathToFileURL(absolute).href };
}

function region(start: { row: number; column: number }, end: { row: number; column: number }): Sarif.Region {
  return { startLine: start.row, startColumn: start.column, endLine: end.row, endColumn: end.column };
}

/** SARIF 2.1.0, as GitHub code scanning reads it: paths relative to %SRCROOT% (the working folder). */
export function toSarif(reports: readonly FileReport[], summary: RunSummary, cwd = process.cwd()): Sarif.Log {
  const ruleIndex = new Map(RULES.map((rule, i) => [rule.code, i]));
  const results: Sarif.Result[] = [];
  for (const report of reports) {
    const artifact = artifactLocation(report.filename, cwd);
    for (const finding of report.findings) results.push(sarifResult(finding, artifact, ruleIndex));
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sagelint',
            semanticVersion: /^\d+\.\d+\.\d+/.test(summary.version) ? summary.version : undefined,
            version: summary.version,
            informationUri: 'https://github.com/sagelint/sagelint',
            rules: RULES.map((rule) => ({
              id: rule.code,
              name: rule.name,
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.doc.what },
              helpUri: ruleDocUrl(rule.code),
              help: { text: `${rule.summary} See ${ruleDocUrl(rule.code)}` },
              defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
              properties: { tags: [FAMILIES[rule.code[2]] ?? 'other'] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'unicodeCodePoints',
        invocations: [
          {
            executionSuccessful: summary.errors.length === 0 && internalErrors(reports).length === 0,
            toolExecutionNotifications: [
              ...summary.errors.map((error) => ({ level: 'error' as const, message: { text: error } })),
              ...internalErrors(reports).map((failure): Sarif.Notification => ({
                level: 'error',
                message: { text: failure.message },
                locations: [{ physicalLocation: { artifactLocation: artifactLocation(failure.filename, cwd) } }],
                ...(failure.code && ruleIndex.has(failure.code) ? { associatedRule: { id: failure.code, index: ruleIndex.get(failure.code) } } : {}),
              })),
            ],
          },
        ],
        results,
      },
    ],
  };
}

function sarifResult(finding: ReportedFinding, artifact: Sarif.ArtifactLocation, ruleIndex: Map<string, number>): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.code,
    level: SARIF_LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation: artifact, region: region(finding.location, finding.endLocation) } }],
  };
  const index = ruleIndex.get(finding.code);
  if (index !== undefined) result.ruleIndex = index;
  if (!ruleByCode(finding.code)) delete result.ruleIndex;
  if (finding.fix) {
    result.fixes = [
      {
        description: { text: `${finding.fix.title}${finding.fix.applicability === 'unsafe' ? ' (unsafe fix)' : ''}` },
        artifactChanges: [
          {
            artifactLocation: artifact,
            replacements: finding.fix.edits.map((edit) => ({ deletedRegion: region(edit.location, edit.endLocation), insertedContent: { text: edit.content } })),
          },
        ],
      },
    ];
  }
  return result;
}
