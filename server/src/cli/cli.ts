/**
 * The command line: `sagelint check|rule|rules|lsp`. Layout of this folder:
 *   cli.ts     arguments, configuration per file, running the checks, output and exit status
 *   source.ts  readSource/writeSource: the seam where files become Python text (add new file kinds there)
 *   files.ts   expanding folders into files (.gitignore, virtual environments, `exclude`)
 *   check.ts   checking one text, with fixing; findings as plain data
 *   fix.ts     choosing and applying fixes until they converge;  diff.ts  unified diffs
 *   report.ts  text, json, sarif and github output;  worker.ts  worker threads for large trees
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMainThread, workerData } from 'worker_threads';
import { WasmPythonParser } from '../parse/wasmParser';
import { ConfigResolver, ProjectConfig, RuleSelection, isExcluded, loadPyproject, unknownCodeReason } from '../config/pyproject';
import { settingsForFile } from '../config/resolve';
import { RULES, ruleByCode } from '../rules/registry';
import { renderRuleDoc } from '../rules/docs';
import { collectFiles } from './files';
import { cliAnalyzeOptions, cliProjectFilesNotRead } from '../environment/cli';
import { PYPROJECT_FILE, REQUIREMENTS_FILE, SOURCE_EXTENSIONS } from './source';
import { FileReport } from './check';
import { FORMATS, Format, RunSummary, exitStatus, toGithub, toJson, toSarif, toText } from './report';
import { isRequirementsFile } from '../requirements/analyzeRequirements';
import { Task, TaskResult, automaticJobs, defaultJobs, runInWorkers, runTask, serveWorker } from './worker';
import { decodeSource, readSource } from './source';
import { parseIpynb, pythonCodeCells } from '../notebook/ipynb';
import { cliNotebookEnvironment } from '../notebook/cli';
import type { NotebookPinScan } from '../notebook/sdkPin';
import { describeFileSdkVersion, FileSdkVersion } from '../environment/fileVersion';
import { BoundedReadError } from '../io/boundedRead';

export { checkText } from './check';

const USAGE = `Usage:
  sagelint check [OPTIONS] PATH...   check Python files, notebooks, requirements*.txt and folders ("-" reads standard input)
  sagelint rule CODE                 print a rule's documentation
  sagelint rules                     list every rule
  sagelint lsp                       run the language server on stdio
  sagelint --version

Options of check:
  --format text|json|sarif|github    output format (default: text)
  --select CODES                     rules to run (codes or prefixes, comma-separated); replaces the configured selection
  --extend-select CODES              rules to run in addition to the configured ones
  --ignore CODES                     rules not to run
  --fix                              apply safe fixes in place
  --unsafe-fixes                     with --fix or --diff, apply unsafe fixes too
  --diff                             print the fixes as a unified diff instead of applying them
  --exit-zero                        exit 0 even when problems are found
  --stdin-filename NAME              the file name of the text read from standard input
  --config PATH                      use this pyproject.toml for every file
  --no-config                        ignore every pyproject.toml
  --force-exclude                    apply "exclude" to files named on the command line too
  --jobs N                           check on N worker threads (0: one per core; default 1, no threads)
  --show-version                     print, per file, the SageMaker SDK version (or range) it is checked against and
                                     why (a notebook's own %pip install, the installed environment, a requirements
                                     file), instead of findings; exits 0

Configuration: [tool.sagelint] in the nearest pyproject.toml (select, ignore, extend-select,
per-file-ignores, severity, exclude); options on the command line override it.

Exit status: 0 no problems, 1 problems found (or, with --diff, fixes to apply), 2 usage, I/O or internal error.`;

declare const SAGELINT_VERSION: string | undefined;
const VERSION = typeof SAGELINT_VERSION === 'string' ? SAGELINT_VERSION : '0.0.0-dev';

class UsageError extends Error {}

export interface CheckOptions {
  readonly paths: readonly string[];
  readonly format: Format;
  readonly overrides: RuleSelection;
  readonly fix: boolean;
  readonly unsafeFixes: boolean;
  readonly diff: boolean;
  readonly exitZero: boolean;
  readonly stdinFilename?: string;
  readonly config?: string;
  readonly noConfig: boolean;
  readonly forceExclude: boolean;
  readonly jobs?: number;
  readonly showVersion: boolean;
}

/** A list of codes; one that names no rule is a usage error, as in ruff (running no rule would pass silently). */
function codesArgument(option: string, value: string): string[] {
  const codes = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const code of codes) {
    const unknown = unknownCodeReason(code.toUpperCase());
    if (unknown) throw new UsageError(`${option}: "${code}" ${unknown}`);
  }
  return codes.map((c) => c.toUpperCase());
}

export function parseCheckArguments(args: readonly string[]): CheckOptions {
  const paths: string[] = [];
  let format: Format = 'text';
  const overrides: { select?: string[]; ignore?: string[]; extendSelect?: string[] } = {};
  const flags = { fix: false, unsafeFixes: false, diff: false, exitZero: false, noConfig: false, forceExclude: false, showVersion: false };
  let stdinFilename: string | undefined;
  let config: string | undefined;
  let jobs: number | undefined;
  for (let i = 0; i < args.length; i++) {
    let arg = args[i];
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const value = () => {
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--format': {
        const f = value();
        if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${f}"`);
        format = f as Format;
        break;
      }
      case '--select':
        overrides.select = codesArgument(arg, value());
        break;
      case '--ignore':
        overrides.ignore = [...(overrides.ignore ?? []), ...codesArgument(arg, value())];
        break;
      case '--extend-select':
        overrides.extendSelect = [...(overrides.extendSelect ?? []), ...codesArgument(arg, value())];
        break;
      case '--fix':
        flags.fix = true;
        break;
      case '--unsafe-fixes':
        flags.unsafeFixes = true;
        break;
      case '--diff':
        flags.diff = true;
        break;
      case '--exit-zero':
        flags.exitZero = true;
        break;
      case '--no-config':
        flags.noConfig = true;
        break;
      case '--force-exclude':
        flags.forceExclude = true;
        break;
      case '--show-version':
        flags.showVersion = true;
        break;
      case '--stdin-filename':
        stdinFilename = value();
        break;
      case '--config':
        config = value();
        break;
      case '--jobs': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0) throw new UsageError('--jobs needs a whole number (0: one thread per core, 1: no worker threads)');
        jobs = n;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${args[i]}`);
        paths.push(arg);
    }
  }
  if (stdinFilename !== undefined && !paths.length) paths.push('-');
  if (!paths.length) throw new UsageError('check needs at least one file or folder ("-" for standard input)');
  if (paths.includes('-') && paths.length > 1) throw new UsageError('"-" (standard input) cannot be combined with other paths');
  if (config !== undefined && flags.noConfig) throw new UsageError('--config and --no-config contradict each other');
  if (flags.fix && flags.diff) throw new UsageError('--fix and --diff contradict each other (--diff shows the fixes without applying them)');
  if (flags.showVersion && (flags.fix || flags.diff)) throw new UsageError('--show-version prints versions and checks nothing: it cannot be combined with --fix or --diff');
  if (flags.showVersion && format !== 'text' && format !== 'json') throw new UsageError('--show-version prints text or json');
  return { paths, format, overrides, ...flags, stdinFilename, config, jobs };
}

/** Standard input as bytes: each task decodes them as it decodes a file (coding line, byte order mark). */
function readStdin(): Uint8Array {
  return fs.readFileSync(0);
}

/** A progress line on a terminal's stderr, at most ten updates a second; nothing when stderr is piped. */
function progress(total: number): { tick(): void; done(): void } {
  if (!process.stderr.isTTY || total < 50) return { tick() {}, done() {} };
  let count = 0;
  let last = 0;
  return {
    tick() {
      count++;
      const now = Date.now();
      if (now - last < 100 && count < total) return;
      last = now;
      process.stderr.write(`\rsagelint: ${count}/${total} files checked`);
    },
    done() {
      process.stderr.write('\r\x1b[K');
    },
  };
}

/**
 * Whether a file named on the command line is one sagelint checks: a Python file or notebook, a
 * requirements file or pyproject.toml, or a script without an extension (bin/train).
 */
function checkableFile(file: string): boolean {
  return SOURCE_EXTENSIONS.some((ext) => file.endsWith(ext)) || isRequirementsFile(file) || !path.extname(path.basename(file)).length;
}

export async function runCheck(options: CheckOptions, cliScript = __filename): Promise<number> {
  const errors: string[] = [];
  const reportedProblems = new Set<string>();
  const warn = (problems: readonly string[]) => {
    for (const problem of problems) {
      if (reportedProblems.has(problem)) continue;
      reportedProblems.add(problem);
      process.stderr.write(`sagelint: warning: ${problem}\n`);
    }
  };

  // Configuration: one explicit file, none, or the nearest pyproject.toml of each file.
  let fixed: ProjectConfig | undefined;
  if (options.config !== undefined) {
    if (!fs.existsSync(options.config)) {
      process.stderr.write(`sagelint: --config ${options.config}: no such file\n`);
      return 2;
    }
    fixed = loadPyproject(options.config);
    if (!fixed) warn([`${options.config} has no [tool.sagelint] table; using the defaults.`]);
  }
  const resolver = new ConfigResolver();
  // Unknown rule codes in a configuration are usage errors (exit 2, nothing checked), as in ruff.
  const configErrors = new Set<string>();
  const configFor = (file: string): ProjectConfig | undefined => {
    const config = options.noConfig ? undefined : options.config !== undefined ? fixed : resolver.forFile(file);
    if (config) {
      warn(config.problems);
      for (const message of config.unknownCodes) configErrors.add(message);
    }
    return config;
  };

  const fix = { mode: options.fix ? ('fix' as const) : options.diff ? ('diff' as const) : ('none' as const), unsafe: options.unsafeFixes };
  const tasks: Task[] = [];
  if (options.paths[0] === '-') {
    const filename = options.stdinFilename ?? '-';
    const configPath = path.resolve(options.stdinFilename ?? 'stdin.py');
    const config = configFor(configPath);
    let bytes: Uint8Array;
    try {
      bytes = readStdin();
    } catch (error) {
      process.stderr.write(`sagelint: cannot read standard input: ${(error as Error).message}\n`);
      return 2;
    }
    if (options.forceExclude && isExcluded(config, configPath)) {
      if (options.fix) process.stdout.write(bytes);
      return 0;
    }
    tasks.push({ filename, settings: settingsForFile(configPath, { config, overrides: options.overrides }), fix, stdinBytes: bytes, analyzeOptions: cliAnalyzeOptions(configPath) });
  } else {
    const collected = collectFiles(options.paths, [...SOURCE_EXTENSIONS, REQUIREMENTS_FILE, PYPROJECT_FILE], (full) => isExcluded(configFor(full), full));
    errors.push(...collected.errors);
    for (const { file, why } of collected.skipped) process.stderr.write(`sagelint: skipped ${file}: ${why}\n`);
    for (const file of collected.files) {
      if (!checkableFile(file)) {
        // Named on the command line (folders yield only checkable files): said, not counted as checked.
        warn([`${file} is not a Python file, notebook or requirements file; not checked.`]);
        continue;
      }
      const config = configFor(file);
      if (options.forceExclude && isExcluded(config, file)) continue;
      tasks.push({ filename: file, settings: settingsForFile(file, { config, overrides: options.overrides }), fix, analyzeOptions: cliAnalyzeOptions(file) });
    }
  }

  if (!tasks.length && !errors.length && options.paths[0] !== '-') warn(['no Python files, notebooks or requirements files found under the given paths.']);

  // Project files the environment detection refused (a requirements.txt -> /dev/zero, an include outside the repository).
  warn(cliProjectFilesNotRead());

  if (configErrors.size) {
    for (const message of configErrors) process.stderr.write(`sagelint: error: ${message}\n`);
    return 2;
  }

  if (options.showVersion) {
    process.stdout.write(showVersions(tasks, options.format));
    return 0;
  }

  const bar = progress(tasks.length);
  const jobs = options.jobs === 0 ? automaticJobs(tasks.length) : options.jobs ?? defaultJobs(tasks.length);
  let results: TaskResult[];
  if (jobs > 1 && tasks.length > 1) {
    results = await runInWorkers(cliScript, tasks, jobs, bar.tick);
  } else {
    const parser = await WasmPythonParser.create();
    results = [];
    for (const task of tasks) {
      results.push(runTask(parser, task));
      bar.tick();
    }
  }
  bar.done();

  const reports: FileReport[] = [];
  for (const result of results) {
    if (result.error !== undefined) errors.push(result.error);
    else reports.push(result.report);
  }
  for (const error of errors) process.stderr.write(`sagelint: ${error}\n`);
  for (const report of reports) {
    if (report.skipped) process.stderr.write(`sagelint: skipped ${report.filename}: ${report.skipped}\n`);
    for (const failure of report.ruleErrors ?? []) process.stderr.write(`sagelint: internal error: ${report.filename}: ${failure}\n`);
    if (report.notFixed) process.stderr.write(`sagelint: warning: ${report.filename} left as it is, no fix applied: ${report.notFixed}\n`);
  }

  const summary: RunSummary = { fixMode: fix.mode, unsafe: options.unsafeFixes, errors, version: VERSION };
  const stdinFix = options.paths[0] === '-' && options.fix;
  // With --fix on standard input the fixed text goes to stdout and the report to stderr, as ruff does.
  const out = stdinFix ? process.stderr : process.stdout;
  if (stdinFix && reports[0]?.fixedOutput !== undefined) process.stdout.write(reports[0].fixedOutput);
  if (options.diff) {
    for (const report of reports) if (report.diff) process.stdout.write(report.diff);
    process.stderr.write(diffSummary(reports));
  } else if (options.format === 'json') {
    out.write(`${JSON.stringify(toJson(reports), null, 2)}\n`);
  } else if (options.format === 'sarif') {
    out.write(`${JSON.stringify(toSarif(reports, summary), null, 2)}\n`);
  } else if (options.format === 'github') {
    out.write(toGithub(reports));
  } else {
    out.write(toText(reports, summary));
  }

  return exitStatus(reports, summary, options);
}

/**
 * `check --show-version`: each file's SDK version or range and why, one line a file (or a JSON array).
 * Nothing is parsed as Python: only the notebook's cells are read for its install lines.
 */
export function showVersions(tasks: readonly Task[], format: Format): string {
  const rows = tasks.filter((task) => !isRequirementsFile(task.filename)).map((task) => ({ filename: task.filename, ...fileVersion(task) }));
  if (format === 'json') return `${JSON.stringify(rows.map(({ filename, summary, reason, source, range }) => ({ filename, version: summary, reason, ...(source ? { source } : {}), ...(range ? { range } : {}) })), null, 2)}\n`;
  return rows.map((row) => `${row.filename}: ${row.summary} (${row.reason})\n`).join('');
}

function fileVersion(task: Task): FileSdkVersion & { range?: { intervals: readonly { from?: string; until?: string }[]; text: string } } {
  let environment = task.analyzeOptions?.environment;
  let scan: NotebookPinScan | undefined;
  if (task.filename.endsWith('.ipynb')) {
    try {
      const source = task.stdinBytes !== undefined ? decodeSource(task.stdinBytes, { codingLine: false }) : readSource(task.filename, { codingLine: false, maxBytes: Math.max(50, 10 * task.settings.maxFileSizeMB) * 1024 * 1024 });
      const cells = pythonCodeCells(parseIpynb(source.text)).map((c) => ({ index: c.index, text: c.text }));
      ({ environment, scan } = cliNotebookEnvironment(task.filename, cells, environment));
    } catch (error) {
      return { summary: 'not read', reason: error instanceof BoundedReadError ? error.failure.message : (error as Error).message };
    }
  }
  const described = describeFileSdkVersion(environment, scan, process.cwd());
  return { ...described, ...(environment?.sdk ? { range: environment.sdk.range } : {}) };
}

const COMMANDS = ['check', 'rule', 'rules', 'lsp', 'server'];
/** What --diff says after the diffs (on stderr, after a blank line when diffs were printed, as ruff does). */
export function diffSummary(reports: readonly FileReport[]): string {
  const changed = reports.filter((r) => r.diff);
  const count = changed.reduce((n, r) => n + r.fixed, 0);
  const notFixed = reports.filter((r) => r.notFixed).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const unfixed = notFixed ? `${plural(notFixed, 'file')} left unfixed (see the warnings above).\n` : '';
  return changed.length ? `\nWould fix ${plural(count, 'problem')} in ${plural(changed.length, 'file')}.\n${unfixed}` : `No fixes available.\n${unfixed}`;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // `sagelint check --help` (any command's help) prints the usage and succeeds, as in ruff.
  if (COMMANDS.includes(command) && rest.some((arg) => arg === '--help' || arg === '-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
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

if (!isMainThread && (workerData as { sagelintWorker?: boolean } | undefined)?.sagelintWorker) {
  serveWorker();
} else if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    if (code >= 0) process.exitCode = code;
  });
}
