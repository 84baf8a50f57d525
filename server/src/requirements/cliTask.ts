import * as path from 'path';
import { Task, TaskResult, maxSourceBytes, skippedUnread } from '../cli/worker';
import { FileReport, reportFinding } from '../cli/check';
import { unifiedDiff } from '../cli/diff';
import { fixUntilStable } from '../cli/fix';
import { Source, decodeSource, readSource } from '../cli/source';
import { finishFix } from '../cli/writeBack';
import { PYPROJECT_FILE } from '../environment/declared';
import { analyzeRequirements } from './analyzeRequirements';

/** The CLI's task for a requirements*.txt (or standard input named so): check, and with --fix/--diff fix, like a Python file. */
export function runRequirementsTask(task: Task): TaskResult {
  let source: Source;
  // pip honours a `coding:` line in requirements files as Python does; TOML is UTF-8 by definition.
  const decode = { codingLine: !PYPROJECT_FILE.test(path.basename(task.filename)) };
  try {
    source = task.stdinBytes !== undefined ? decodeSource(task.stdinBytes, decode) : readSource(task.filename, { ...decode, maxBytes: maxSourceBytes(task.settings) });
  } catch (error) {
    return skippedUnread(task, error) ?? { error: `${task.filename}: ${(error as Error).message}` };
  }
  const options = { environment: task.analyzeOptions?.environment, path: path.resolve(task.filename) };
  try {
    const analyse = (text: string) => analyzeRequirements(text, task.settings, options);
    const outcome = task.fix.mode === 'none' || source.unwritable ? { text: source.text, fixed: 0, result: analyse(source.text) } : fixUntilStable(source.text, analyse, task.fix.unsafe);
    const { result, text } = outcome;
    const report: FileReport = {
      filename: task.filename,
      findings: result.findings.map((finding) => reportFinding(finding, result.lines)),
      ruleErrors: result.ruleErrors.map((failure) => `rule ${failure.code} failed: ${String((failure.error as Error)?.stack ?? failure.error)}`),
      fixed: outcome.fixed,
      ...(task.fix.mode !== 'none' ? { changed: text !== source.text } : {}),
      ...(task.fix.mode === 'diff' ? { diff: unifiedDiff(source.text, text, task.filename, task.filename) } : {}),
    };
    return finishFix(task, source, text, report);
  } catch (error) {
    return { error: `${task.filename}: checking failed: ${String((error as Error)?.stack ?? error)}` };
  }
}
