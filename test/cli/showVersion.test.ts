/**
 * `sagelint check --show-version`: the SDK version each file is checked against, and why. The order:
 * a notebook's own install lines, then the installed environment, then requirement and project files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, runCli } from './run';

const VERSIONS = path.join(ROOT, 'test/fixtures/versions');

function showVersion(...files: string[]): Map<string, string> {
  const result = runCli(['check', '--show-version', ...files], { cwd: VERSIONS });
  assert.equal(result.status, 0, result.stderr);
  return new Map(result.stdout.trim().split('\n').map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]));
}

test('requirements pins: exact, range, none', () => {
  const shown = showVersion('req-exact', 'req-range', 'req-none');
  assert.equal(shown.get('req-exact/train.py'), 'sagemaker 2.160.0 (declared in req-exact/requirements.txt: sagemaker==2.160.0)');
  assert.equal(shown.get('req-range/train.py'), 'sagemaker 2.173.0 up to but not including 3 (declared in req-range/requirements.txt: sagemaker>=2.173.0,<3)');
  assert.equal(shown.get('req-none/train.py'), 'no SDK version known (checked against v2.257.6 and v3)');
});

test('the installed environment wins over requirement files; a notebook pin wins over both', () => {
  const shown = showVersion('installed-wins');
  assert.equal(shown.get('installed-wins/train.py'), 'sagemaker 2.257.6 (installed: installed-wins/venv/lib/python3.11/site-packages)');
  assert.equal(shown.get('installed-wins/plain.ipynb'), 'sagemaker 2.257.6 (installed: installed-wins/venv/lib/python3.11/site-packages)');
  assert.equal(shown.get('installed-wins/pinned.ipynb'), 'sagemaker 3 up to but not including 4 (cell 2, line 1: %pip install -q "sagemaker>=3,<4")');
  assert.equal(shown.size, 3, 'requirements.txt is not a file with code: no line for it');
});

test('notebook %pip pins: exact, range, -U, several packages on one line, -r, last one wins, redirection, conda', () => {
  const shown = showVersion('notebooks');
  assert.deepEqual(Object.fromEntries(shown), {
    'notebooks/exact.ipynb': 'sagemaker 2.160.0 (cell 1, line 1: !pip install sagemaker==2.160.0)',
    'notebooks/last-wins.ipynb': 'sagemaker 2.200 up to but not including 3 (cell 4, line 1: %pip install --upgrade "sagemaker>=2.200,<3" datasets)',
    'notebooks/range.ipynb': 'sagemaker 2.173.0 and later (cell 1, line 1: %pip install -q "sagemaker>=2.173.0")',
    'notebooks/redirect.ipynb':
      'no SDK version known (checked against v2.257.6 and v3; ignored cell 1, line 1: %pip install -q sagemaker>=2.173.0: the unquoted ">=2.173.0" is a shell redirection, so pip gets "sagemaker" without a version; without --upgrade pip keeps the sagemaker the kernel already has)',
    'notebooks/requirements.ipynb': 'sagemaker 2.200 up to but not including 2.230 (cell 1, line 1: %pip install --quiet -r env/requirements-nb.txt; requirements-nb.txt says sagemaker[local]>=2.200,<2.230)',
    'notebooks/several.ipynb': 'sagemaker 2.139.0 (cell 1, line 2: !{sys.executable} -m pip install -q awswrangler==2.20.1 sagemaker[local]==2.139.0 boto3==1.26.97 --upgrade)',
    'notebooks/upgrade.ipynb': 'the newest sagemaker release (cell 1, line 1: !pip install -U sagemaker; the newest release changes over time, so checked against v2.257.6 and v3)',
    'notebooks/v3.ipynb': 'sagemaker any 3.4.x release (cell 1, line 1: %conda install -y sagemaker-python-sdk=3.4)',
  });
});

test('--show-version --format json: the range as intervals, and the source', () => {
  const result = runCli(['check', '--show-version', '--format', 'json', 'notebooks/range.ipynb', 'req-exact/train.py'], { cwd: VERSIONS });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), [
    { filename: 'notebooks/range.ipynb', version: 'sagemaker 2.173.0 and later', reason: 'cell 1, line 1: %pip install -q "sagemaker>=2.173.0"', source: 'notebook', range: { intervals: [{ from: '2.173.0' }], text: 'sagemaker>=2.173.0' } },
    { filename: 'req-exact/train.py', version: 'sagemaker 2.160.0', reason: 'declared in req-exact/requirements.txt: sagemaker==2.160.0', source: 'declared', range: { intervals: [{ from: '2.160.0', until: '2.160.0.post0.dev0' }], text: 'sagemaker==2.160.0' } },
  ]);
  assert.equal(runCli(['check', '--show-version', '--fix', 'req-exact'], { cwd: VERSIONS }).status, 2);
});

test('the rules see the notebook pin: a v3 pin makes a v2 import SM606, in the same project whose environment is v2', () => {
  const result = runCli(['check', '--select', 'SM606', 'installed-wins'], { cwd: VERSIONS });
  assert.equal(result.status, 1, result.stderr);
  const lines = result.stdout.trim().split('\n').filter((l) => /SM606/.test(l));
  assert.deepEqual(lines.map((l) => l.slice(0, l.indexOf(' SM606'))), ['installed-wins/pinned.ipynb:cell 3:2:6:']);
  const pinnedV2 = runCli(['check', '--select', 'SM606', 'notebooks/exact.ipynb', 'notebooks/v3.ipynb'], { cwd: VERSIONS });
  assert.match(pinnedV2.stdout, /v3\.ipynb:cell 2:2:6: SM606/);
  assert.doesNotMatch(pinnedV2.stdout, /exact\.ipynb/);
});

test('--help documents --show-version', () => {
  const result = runCli(['check', '--help']);
  assert.match(result.stdout, /--show-version\s+print, per file, the SageMaker SDK version/);
});
