/**
 * What the command line does with inputs it cannot check: each is reported, none passes silently.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const temp = tempDir();
after(() => temp.cleanup());

const FINDING = [
  'from sagemaker.workflow.execution_variables import ExecutionVariables',
  'print(ExecutionVariables.PIPELINE_EXECUTION_ID)',
  '',
].join('\n');

test('a named pipe or a device named on the command line is reported, and the other files are still checked', () => {
  const fifo = path.join(temp.dir, 'pipe.py');
  execFileSync('mkfifo', [fifo]);
  const normal = temp.write('normal.py', FINDING);
  const result = runCli(['check', fifo, '/dev/null', normal], { timeoutMs: 20_000 });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /skipped .*pipe\.py: a named pipe, not a regular file/);
  assert.match(result.stderr, /skipped \/dev\/null: a device, not a regular file/);
  assert.match(result.stdout, /normal\.py:2:7: SM101/);
});
