/**
 * A rule that throws must never look like a clean result: the command line reports the internal error
 * per file (stderr, SARIF notifications, GitHub annotations), never says "All checks passed!", and exits
 * 2 (as ruff does on a panic), with or without --exit-zero.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleByCode } from '../../server/src/rules/registry';
import { Rule } from '../../server/src/rules/types';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { runTask } from '../../server/src/cli/worker';
import { FileReport } from '../../server/src/cli/check';
import { RunSummary, exitStatus, toGithub, toSarif, toText } from '../../server/src/cli/report';
import { getParser } from '../helpers/python';
import { runCli, tempDir } from '../helpers/cli';

const SOURCE = [
  'from sagemaker.workflow.parameters import ParameterString',
  'bucket = ParameterString(name="Bucket")',
  'print(bucket)',
  '',
].join('\n');

const temp = tempDir();
after(() => temp.cleanup());

/** Runs one task with SM101 made to throw (the stimulus; everything after it is the real CLI path). */
async function reportWithThrowingRule(filename: string): Promise<FileReport> {
  const rule = ruleByCode('SM101') as { -readonly [K in keyof Rule]: Rule[K] };
  const original = rule.check;
  rule.check = () => {
    throw new Error('boom from a test');
  };
  try {
    const result = runTask(await getParser(), { filename, settings: DEFAULT_SETTINGS, fix: { mode: 'none', unsafe: false } });
    assert.ok(result.report, result.error);
    return result.report;
  } finally {
    rule.check = original;
  }
}

const SUMMARY: RunSummary = { fixMode: 'none', unsafe: false, errors: [], version: '0.0.0-test' };

test('a rule that throws: exit 2 (also with --exit-zero), no "All checks passed!", the error in text, SARIF and GitHub output', async () => {
  const file = temp.write('thrower.py', SOURCE);
  const report = await reportWithThrowingRule(file);
  assert.equal(report.findings.length, 0);
  assert.equal(report.ruleErrors?.length, 1);
  assert.match(report.ruleErrors![0], /^rule SM101 failed: Error: boom from a test/);

  assert.equal(exitStatus([report], SUMMARY, { exitZero: false, diff: false }), 2);
  assert.equal(exitStatus([report], SUMMARY, { exitZero: true, diff: false }), 2);

  const text = toText([report], SUMMARY);
  assert.doesNotMatch(text, /All checks passed/);
  assert.match(text, /1 error \(see above\); no problems found in the rest \(1 file checked\)/);

  const sarif = toSarif([report], SUMMARY);
  const invocation = sarif.runs[0].invocations![0];
  assert.equal(invocation.executionSuccessful, false);
  const notification = invocation.toolExecutionNotifications![0];
  assert.equal(notification.associatedRule?.id, 'SM101');
  assert.match(notification.message.text!, /rule SM101 failed/);
  assert.ok(notification.locations?.[0].physicalLocation?.artifactLocation?.uri?.endsWith('thrower.py'));

  const github = toGithub([report]);
  assert.match(github, /^::error file=[^,]*thrower\.py,title=sagelint internal error::rule SM101 failed: Error: boom from a test$/m);
});

test('a clean run still passes, and findings alone exit 1 (0 with --exit-zero)', async () => {
  const clean: FileReport = { filename: 'a.py', findings: [], fixed: 0, ruleErrors: [] };
  assert.equal(exitStatus([clean], SUMMARY, { exitZero: false, diff: false }), 0);
  assert.match(toText([clean], SUMMARY), /^All checks passed! \(1 file checked\)$/m);
  const errors: RunSummary = { ...SUMMARY, errors: ['missing.py: no such file or directory'] };
  assert.equal(exitStatus([clean], errors, { exitZero: true, diff: false }), 2);
  assert.doesNotMatch(toText([clean], errors), /All checks passed/);
});

test('module-level `global` (valid Python): the CLI reports the finding after it and no rule fails', () => {
  const file = temp.write('module_global.py', `global bucket\n${SOURCE}`);
  const result = runCli(['check', '--format', 'json', file]);
  assert.equal(result.stderr, '');
  assert.equal(result.status, 1);
  assert.deepEqual((JSON.parse(result.stdout) as { code: string; location: { row: number } }[]).map((f) => `${f.location.row} ${f.code}`), ['4 SM101']);
});
