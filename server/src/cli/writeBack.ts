import * as fs from 'fs';
import type { FileReport } from './check';
import { Source, encodeSource } from './source';
import type { Task, TaskResult } from './worker';

/**
 * The common end of a text file's task (Python, requirements): with --fix, the fixed text is encoded
 * in the file's own coding and written back (or, from standard input, returned to print); a file whose
 * bytes do not decode cleanly is left untouched, and the report says why.
 */
export function finishFix(task: Task, source: Source, text: string, report: FileReport): TaskResult {
  if (task.fix.mode !== 'none' && source.unwritable) {
    const wanted = report.findings.some((f) => f.fix && (f.fix.applicability === 'safe' || task.fix.unsafe));
    report = { ...report, changed: false, ...(wanted ? { notFixed: source.unwritable } : {}) };
  }
  const original = (): Uint8Array => task.stdinBytes ?? new Uint8Array();
  if (task.fix.mode !== 'none' && report.changed) {
    const encoded = encodeSource(source, text);
    if ('error' in encoded) {
      // --diff shows what --fix would write: nothing.
      report = { ...report, notFixed: encoded.error, changed: false, fixed: 0, ...(report.diff !== undefined ? { diff: '' } : {}) };
      if (task.stdinBytes !== undefined) return { report: { ...report, fixedOutput: original() } };
      return { report };
    }
    if (task.fix.mode === 'diff') return { report };
    if (task.stdinBytes !== undefined) return { report: { ...report, fixedOutput: encoded.bytes } };
    try {
      fs.writeFileSync(task.filename, encoded.bytes);
    } catch (error) {
      return { error: `${task.filename}: cannot write the fixes (${(error as Error).message})` };
    }
    return { report };
  }
  if (task.stdinBytes !== undefined && task.fix.mode === 'fix') return { report: { ...report, fixedOutput: original() } };
  return { report };
}
