import * as fs from 'fs';
import * as path from 'path';
import { WasmPythonParser } from '../parse/wasmParser';
import { PythonParser } from '../parse/parser';
import { analyze, AnalyzedFinding } from '../analysis/analyze';
import { DEFAULT_SETTINGS, Settings, parseSettings } from '../config/settings';
import { RULES, ruleByCode, ruleDocUrl } from '../rules/registry';
import { renderRuleDoc } from '../rules/docs';
import { LineIndex } from '../text/lineIndex';
import { collectFiles } from './files';

const USAGE = `Usage:
  sagelint check PATH... [--format text|json] [--select CODES] [--ignore CODES]
  sagelint rule CODE          print a rule's documentation
  sagelint rules              list every rule
  sagelint lsp                run the language server on stdio
  sagelint --version

Exit status: 0 no problems, 1 problems found, 2 usage or I/O error.`;

declare const SAGELINT_VERSION: string | undefined;
const VERSION = typeof SAGELINT_VERSION === 'string' ? SAGELINT_VERSION : '0.0.0-dev';

class UsageError extends Error {}

interface CheckOptions {
  paths: string[];
  format: 'text' | 'json';
  settings: Settings;
}

export interface FileResult {
  readonly filename: string;
  readonly findings: readonly AnalyzedFinding[];
  readonly lines?: LineIndex;
  readonly skipped?: string;
}

/** Checks one file's text. Files that never mention the SDK are not parsed. */
export function checkText(parser: PythonParser, text: string, settings: Settings): { findings: readonly AnalyzedFinding[]; lines?: LineIndex; skipped?: string } {
  if (text.length > settings.maxFileSizeMB * 1024 * 1024) return { findings: [], skipped: `larger than ${settings.maxFileSizeMB} MB` };
  if (!text.includes('sagemaker')) return { findings: [] };
  const parsed = parser.parse(text);
  if (!parsed) return { findings: [], skipped: 'parsing took too long' };
  let tree;
  try {
    tree = parsed.toSyntaxTree(text);
  } finally {
    parsed.free();
  }
  const analysis = analyze(tree, settings);
  for (const failure of analysis.ruleErrors) process.stderr.write(`sagelint: rule ${failure.code} failed: ${String((failure.error as Error)?.stack ?? failure.error)}\n`);
  return { findings: analysis.findings, lines: analysis.lines };
}

function parseCheckArguments(args: string[]): CheckOptions {
  const paths: string[] = [];
  let format: 'text' | 'json' = 'text';
  const raw: { select?: string[]; ignore?: string[] } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not "${f}"`);
      format = f;
    } else if (arg.startsWith('--format=')) {
      const f = arg.slice('--format='.length);
      if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not "${f}"`);
      format = f;
    } else if (arg === '--select' || arg === '--ignore') {
      raw[arg.slice(2) as 'select' | 'ignore'] = value().split(',').map((s) => s.trim()).filter(Boolean);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      paths.push(arg);
    }
  }
  if (!paths.length) throw new UsageError('check needs at least one file or folder');
  const { settings, problems } = parseSettings({ ...raw }, 'command line');
  if (problems.length) throw new UsageError(problems.join('\n'));
  return { paths, format, settings: { ...DEFAULT_SETTINGS, ...settings } };
}

/** 1-based column in characters (code points), as ruff reports it. */
function column(lines: LineIndex, offset: number): { row: number; column: number } {
  const position = lines.positionAt(offset);
  const prefix = lines.text.slice(lines.lineStartOffset(position.line), offset);
  return { row: position.line + 1, column: [...prefix].length + 1 };
}

function toJson(result: FileResult): object[] {
  const lines = result.lines!;
  return result.findings.map((finding) => ({
    cell: null,
    code: finding.code,
    end_location: column(lines, finding.end),
    filename: path.resolve(result.filename),
    fix: finding.fix
      ? {
          applicability: finding.fix.applicability,
          edits: finding.fix.edits.map((edit) => ({ content: edit.newText, end_location: column(lines, edit.end), location: column(lines, edit.start) })),
          message: finding.fix.title,
        }
      : null,
    location: column(lines, finding.start),
    message: finding.message,
    noqa_row: finding.noqaLine + 1,
    url: ruleDocUrl(finding.code),
  }));
}

async function runCheck(options: CheckOptions): Promise<number> {
  const { files, errors } = collectFiles(options.paths);
  const parser = await WasmPythonParser.create();
  const results: FileResult[] = [];
  for (const file of files) {
    let text: string;
    try {
      // Invalid UTF-8 becomes U+FFFD rather than an error: the rest of the file is still worth checking.
      text = new TextDecoder('utf-8', { fatal: false }).decode(fs.readFileSync(file));
    } catch (error) {
      errors.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    results.push({ filename: file, ...checkText(parser, text, options.settings) });
  }
  for (const error of errors) process.stderr.write(`sagelint: ${error}\n`);
  for (const result of results) if (result.skipped) process.stderr.write(`sagelint: skipped ${result.filename}: ${result.skipped}\n`);
  const count = results.reduce((n, r) => n + r.findings.length, 0);
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(results.flatMap(toJson), null, 2)}\n`);
  } else {
    const out: string[] = [];
    for (const result of results) {
      for (const finding of result.findings) {
        const at = column(result.lines!, finding.start);
        out.push(`${result.filename}:${at.row}:${at.column}: ${finding.code}${finding.fix?.applicability === 'safe' ? ' [*]' : ''} ${finding.message}`);
      }
    }
    const fixable = results.reduce((n, r) => n + r.findings.filter((f) => f.fix?.applicability === 'safe').length, 0);
    const checked = `${results.length} file${results.length === 1 ? '' : 's'} checked`;
    out.push(count === 0 ? `All checks passed! (${checked})` : `Found ${count} problem${count === 1 ? '' : 's'} (${checked}; ${fixable} with a safe fix, marked [*]).`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
  if (errors.length) return 2;
  return count > 0 ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await runCheck(parseCheckArguments(rest));
      case 'rule': {
        const rule = rest[0] && ruleByCode(rest[0]);
        if (!rule) throw new UsageError(rest[0] ? `no rule ${rest[0]}; run "sagelint rules" for the list` : 'rule needs a code, e.g. sagelint rule SM101');
        process.stdout.write(renderRuleDoc(rule));
        return 0;
      }
      case 'rules':
        for (const rule of RULES) process.stdout.write(`${rule.code}  ${rule.name.padEnd(36)} ${rule.summary}\n`);
        return 0;
      case 'lsp':
      case 'server': {
        if (!process.argv.includes('--stdio')) process.argv.push('--stdio');
        const { runServer } = await import('../main');
        runServer();
        return -1; // keeps running
      }
      case '--version':
      case '-V':
        process.stdout.write(`sagelint ${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`sagelint: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`sagelint: ${String((error as Error)?.stack ?? error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    if (code >= 0) process.exitCode = code;
  });
}
