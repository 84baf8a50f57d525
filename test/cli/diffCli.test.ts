/** `sagelint check --diff` on the command line: notebooks, the closing line and its count (issues 15.11, 16.2). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run';

function withDir(files: Record<string, string>, body: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-diff-'));
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const notebook = (...cells: string[]) =>
  `${JSON.stringify({ cells: cells.map((text) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: text.split(/(?<=\n)/) })), metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;

test('--diff shows notebook fixes per cell, exits 1, and matches what --fix writes', () => {
  const nb = notebook('%pip install -q sagemaker==2.232.1', 'from sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="B")\n', 'x = str(bucket)\ny = "s3://" + bucket\n');
  withDir({ 'churn.ipynb': nb }, (dir) => {
    const diff = runCli(['check', '--no-config', '--diff', '--unsafe-fixes', 'churn.ipynb'], { cwd: dir });
    assert.equal(diff.status, 1, diff.stderr);
    assert.equal(
      diff.stdout,
      [
        '--- churn.ipynb:cell 2',
        '+++ churn.ipynb:cell 2',
        '@@ -1,2 +1,3 @@',
        ' from sagemaker.workflow.parameters import ParameterString',
        '+from sagemaker.workflow.functions import Join',
        ' bucket = ParameterString(name="B")',
        '--- churn.ipynb:cell 3',
        '+++ churn.ipynb:cell 3',
        '@@ -1,2 +1,2 @@',
        '-x = str(bucket)',
        '-y = "s3://" + bucket',
        '+x = bucket.to_string()',
        '+y = Join(on="", values=["s3://", bucket])',
        '',
      ].join('\n'),
    );
    assert.equal(diff.stderr, '\nWould fix 2 problems in 1 file.\n');
    assert.equal(fs.readFileSync(path.join(dir, 'churn.ipynb'), 'utf8'), nb, '--diff changes nothing');
    runCli(['check', '--no-config', '--fix', '--unsafe-fixes', 'churn.ipynb'], { cwd: dir });
    const cells = (JSON.parse(fs.readFileSync(path.join(dir, 'churn.ipynb'), 'utf8')) as { cells: { source: string[] }[] }).cells.map((c) => c.source.join(''));
    assert.deepEqual(cells, ['%pip install -q sagemaker==2.232.1', 'from sagemaker.workflow.parameters import ParameterString\nfrom sagemaker.workflow.functions import Join\nbucket = ParameterString(name="B")\n', 'x = bucket.to_string()\ny = Join(on="", values=["s3://", bucket])\n']);
    const again = runCli(['check', '--no-config', '--diff', '--unsafe-fixes', 'churn.ipynb'], { cwd: dir });
    assert.equal(again.status, 0);
    assert.equal(again.stdout, '');
  });
});

test('"Would fix N" counts the problems check reported, not the ones a fix creates and a later pass fixes', () => {
  // The count is the problems check reported. (The parenthesized chain `("s3://" + bucket) + "/out"` used to take two passes; it is one Join now.)
  const text = 'from sagemaker.workflow.parameters import ParameterString\nfrom sagemaker.workflow.functions import Join\nbucket = ParameterString(name="B")\nf = ("s3://" + bucket) + "/out"\n';
  withDir({ 'a.py': text }, (dir) => {
    const check = runCli(['check', '--no-config', 'a.py'], { cwd: dir });
    assert.match(check.stdout, /Found 1 problem \(1 file checked; 1 fixable with --fix/);
    const diff = runCli(['check', '--no-config', '--diff', 'a.py'], { cwd: dir });
    assert.match(diff.stdout, /\+f = Join\(on="", values=\["s3:\/\/", bucket, "\/out"\]\)/);
    assert.equal(diff.stderr, '\nWould fix 1 problem in 1 file.\n');
    const fix = runCli(['check', '--no-config', '--fix', 'a.py'], { cwd: dir });
    assert.match(fix.stdout, /Found 1 problem \(1 fixed, 0 remaining; 1 file checked\)/);
  });
});
