import * as fs from 'fs';
import { PythonParser } from '../parse/parser';
import { Task, TaskResult, skippedUnread } from '../cli/worker';
import { BoundedReadError, readBoundedText } from '../io/boundedRead';
import { checkNotebookText } from './cli';

/** The CLI's task for an .ipynb file (or standard input named *.ipynb): read, check, report, and with --fix write the fixed cells back. */
export function runNotebookTask(parser: PythonParser, task: Task): TaskResult {
  let json: string;
  try {
    json = task.stdinText ?? readNotebook(task);
  } catch (error) {
    return skippedUnread(task, error, error instanceof BoundedReadError ? error.failure.message : undefined) ?? { error: `${task.filename}: ${(error as Error).message}` };
  }
  try {
    const result = checkNotebookText(parser, task.filename, json, task.settings, task.analyzeOptions, task.fix);
    if ('error' in result) return result;
    // --fix on standard input prints the (possibly fixed) notebook; on a file, writes it back when changed.
    if (task.stdinText !== undefined) return { report: task.fix.mode === 'fix' ? { ...result.report, fixedText: result.json ?? json } : result.report };
    if (result.json !== undefined) {
      try {
        fs.writeFileSync(task.filename, result.json);
      } catch (error) {
        return { error: `${task.filename}: cannot write the fixes (${(error as Error).message})` };
      }
    }
    return { report: result.report };
  } catch (error) {
    return { error: `${task.filename}: checking failed: ${String((error as Error)?.stack ?? error)}` };
  }
}

/**
 * A notebook's JSON carries outputs (images, tables) besides the code that maxFileSizeMB limits, so the
 * file may be larger: up to ten times that, and at least 50 MB. Only a regular file is read.
 */
function readNotebook(task: Task): string {
  const read = readBoundedText(task.filename, { maxBytes: Math.max(50, 10 * task.settings.maxFileSizeMB) * 1024 * 1024 });
  if (!read.ok) throw new BoundedReadError(task.filename, read);
  return read.text;
}
