import * as os from 'os';
import { Worker, parentPort } from 'worker_threads';
import { Settings } from '../config/settings';
import type { AnalyzeOptions } from '../analysis/analyze';
import { PythonParser } from '../parse/parser';
import { WasmPythonParser } from '../parse/wasmParser';
import { FileReport, FixMode, checkText } from './check';
import { Source, decodeSource, readSource } from './source';
import { finishFix } from './writeBack';
import { BoundedReadError } from '../io/boundedRead';
import { runNotebookTask } from '../notebook/cliTask';
import { isRequirementsFile } from '../requirements/analyzeRequirements';
import { runRequirementsTask } from '../requirements/cliTask';

/** One file to check: plain data, so it can be posted to a worker thread. */
export interface Task {
  readonly filename: string;
  readonly settings: Settings;
  readonly fix: FixMode;
  /** Bytes read from standard input (then nothing is read or written on disk). */
  readonly stdinBytes?: Uint8Array;
  /** The detected Python environment (SDK version, mypy) of the file's project. */
  readonly analyzeOptions?: AnalyzeOptions;
}

export type TaskResult = { report: FileReport; error?: undefined } | { report?: undefined; error: string };

/**
 * The most bytes read of a source file: a UTF-8 file of maxFileSizeMB characters can be three times as
 * many bytes (the size check proper is on the text); anything larger is skipped unread.
 */
export function maxSourceBytes(settings: Settings): number {
  return 3 * settings.maxFileSizeMB * 1024 * 1024;
}

/** A file that was not read because it is too large or not a regular file: reported as skipped, not as an error. */
export function skippedUnread(task: Task, error: unknown, tooLarge = `larger than ${task.settings.maxFileSizeMB} MB`): TaskResult | undefined {
  if (!(error instanceof BoundedReadError)) return undefined;
  const { reason, message } = error.failure;
  if (reason === 'too-large') return { report: { filename: task.filename, findings: [], fixed: 0, skipped: tooLarge } };
  if (reason === 'not-a-file') return { report: { filename: task.filename, findings: [], fixed: 0, skipped: message } };
  return undefined;
}

/** Reads, checks and (with --fix) writes back one file. I/O errors are returned, never thrown. */
export function runTask(parser: PythonParser, task: Task): TaskResult {
  if (task.filename.endsWith('.ipynb')) return runNotebookTask(parser, task);
  if (isRequirementsFile(task.filename)) return runRequirementsTask(task);
  let source: Source;
  try {
    source = task.stdinBytes !== undefined ? decodeSource(task.stdinBytes) : readSource(task.filename, { maxBytes: maxSourceBytes(task.settings) });
  } catch (error) {
    return skippedUnread(task, error) ?? { error: `${task.filename}: ${(error as Error).message}` };
  }
  let checked;
  try {
    checked = checkText(parser, task.filename, source.text, task.settings, source.unwritable ? { ...task.fix, mode: 'none' } : task.fix, task.analyzeOptions);
  } catch (error) {
    return { error: `${task.filename}: checking failed: ${String((error as Error)?.stack ?? error)}` };
  }
  const { text, ...report } = checked;
  return finishFix(task, source, text, report);
}

/**
 * Worker threads are opt-in (`--jobs N`). Measured on a generated tree of 300 files (2.1 MB) on a 2-core
 * machine: one thread 1.03 s wall (1.37 s CPU), two workers 1.14 s wall (1.92 s CPU): each worker loads
 * the bundle and the wasm parser and warms its own JIT, which costs more than it saves on 2 cores.
 * Revisit the default on machines with more cores.
 */
export function defaultJobs(_files: number): number {
  return 1;
}

/** Worker count for `--jobs 0` ("as many as useful"). */
export function automaticJobs(files: number): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cores, 8, Math.ceil(files / 32)));
}

/**
 * Runs tasks on `jobs` worker threads started from `script` (the CLI bundle itself). Each worker takes
 * the next task when it finishes one, so slow files do not hold up the others; results come back in
 * task order whatever the finishing order.
 */
export async function runInWorkers(script: string, tasks: readonly Task[], jobs: number, onDone: () => void): Promise<TaskResult[]> {
  const results = new Array<TaskResult>(tasks.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: Math.min(jobs, tasks.length) }, () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(script, { workerData: { sagelintWorker: true } });
          workers.push(worker);
          let current = -1;
          const feed = () => {
            if (next >= tasks.length) {
              void worker.terminate().then(() => resolve());
              return;
            }
            current = next++;
            worker.postMessage({ index: current, task: tasks[current] });
          };
          worker.on('message', (message: { index: number; result: TaskResult }) => {
            results[message.index] = message.result;
            onDone();
            feed();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (next < tasks.length || (current >= 0 && !results[current])) reject(new Error(`a worker thread stopped (exit code ${code})`));
          });
          feed();
        }),
      ),
    );
  } finally {
    for (const worker of workers) void worker.terminate();
  }
  return results;
}

/** The worker thread's side: load the parser once, then check whatever arrives. */
export function serveWorker(): void {
  const port = parentPort!;
  const parser = WasmPythonParser.create();
  port.on('message', (message: { index: number; task: Task }) => {
    void parser.then(
      (p) => port.postMessage({ index: message.index, result: runTask(p, message.task) }),
      (error) => port.postMessage({ index: message.index, result: { error: `${message.task.filename}: the parser failed to load (${String(error)})` } }),
    );
  });
}
