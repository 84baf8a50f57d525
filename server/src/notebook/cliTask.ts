import { PythonParser } from '../parse/parser';
import { Task, TaskResult, skippedUnread } from '../cli/worker';
import { BoundedReadError } from '../io/boundedRead';
import { Source, decodeSource, readSource } from '../cli/source';
import { finishFix } from '../cli/writeBack';
import { checkNotebookText } from './cli';

/**
 * The CLI's task for an .ipynb file (or standard input named *.ipynb): read, check, report, and with
 * --fix write the fixed cells back. Notebook JSON is UTF-8; one that is not valid UTF-8 is checked but
 * never written.
 */
export function runNotebookTask(parser: PythonParser, task: Task): TaskResult {
  let source: Source;
  try {
    source = task.stdinBytes !== undefined ? decodeSource(task.stdinBytes, { codingLine: false }) : readSource(task.filename, { codingLine: false, maxBytes: maxNotebookBytes(task) });
  } catch (error) {
    return skippedUnread(task, error, error instanceof BoundedReadError ? error.failure.message : undefined) ?? { error: `${task.filename}: ${(error as Error).message}` };
  }
  try {
    const fixMode = source.unwritable ? { ...task.fix, mode: 'none' as const } : task.fix;
    const result = checkNotebookText(parser, task.filename, source.text, task.settings, task.analyzeOptions, fixMode);
    if ('error' in result) return result;
    const report = task.fix.mode === 'none' ? result.report : { changed: false, ...result.report };
    return finishFix(task, source, result.json ?? source.text, report);
  } catch (error) {
    return { error: `${task.filename}: checking failed: ${String((error as Error)?.stack ?? error)}` };
  }
}

/**
 * A notebook's JSON carries outputs (images, tables) besides the code that maxFileSizeMB limits, so the
 * file may be larger: up to ten times that, and at least 50 MB. Only a regular file is read.
 */
function maxNotebookBytes(task: Task): number {
  return Math.max(50, 10 * task.settings.maxFileSizeMB) * 1024 * 1024;
}
