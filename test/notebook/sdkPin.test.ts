/** A notebook's own install lines decide the sagemaker its code runs: what they say, and what sagelint makes of them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NotebookPinScan, notebookEnvironment, scanNotebookSdkPins } from '../../server/src/notebook/sdkPin';
import { commandLines } from '../../server/src/notebook/magics';
import { describeRange, exactVersion } from '../../server/src/environment/sdkVersionRange';
import { describeFileSdkVersion } from '../../server/src/environment/fileVersion';
import type { SdkEnvironment } from '../../server/src/environment/types';

const scan = (...cells: string[]): NotebookPinScan => scanNotebookSdkPins(cells.map((text, index) => ({ index, text })));
const admits = (...cells: string[]): string | undefined => {
  const pin = scan(...cells).pin;
  return pin?.outcome === 'range' ? describeRange(pin.range!) : pin?.outcome;
};

test('pins: exact, ranges, extras, quoting, flags, several packages, every way of running pip', () => {
  assert.equal(admits('%pip install sagemaker==2.160.0'), '2.160.0');
  assert.equal(admits('!pip install -q "sagemaker>=2.173.0"'), '2.173.0 and later');
  assert.equal(admits("%pip install -qU 'sagemaker>=2.15.0' 's3fs==0.4.2'"), '2.15.0 and later');
  assert.equal(admits('!pip install "sagemaker>=2,<3"'), '2 up to but not including 3');
  assert.equal(admits('%pip install "sagemaker[local]>=2.1"'), '2.1 and later');
  assert.equal(admits('!pip install sagemaker[local]==2.139.0 --quiet'), '2.139.0');
  assert.equal(admits('import sys\n!{sys.executable} -m pip install sagemaker==2.114.0'), '2.114.0');
  assert.equal(admits('!python3 -m pip install -U sagemaker==2.162.0'), '2.162.0');
  assert.equal(admits('!python -m pip install -q awswrangler==2.20.1 imbalanced-learn==0.10.1 sagemaker==2.139.0 boto3==1.26.97'), '2.139.0');
  assert.equal(admits('! pip install "sagemaker==2.133.0" --upgrade --quiet'), '2.133.0');
  assert.equal(admits('!~/anaconda3/envs/mxnet_p36/bin/pip install --upgrade \'sagemaker>=2.33.0\''), '2.33.0 and later');
  assert.equal(admits('!pip3 install --index-url https://pypi.org/simple sagemaker==2.5.0'), '2.5.0');
  assert.equal(admits('!uv pip install --python /usr/bin/python3 "sagemaker~=2.200.0"'), '2.200.0 up to but not including 2.201');
  assert.equal(admits('%pip install --upgrade \\\n    "sagemaker>=2.200,<3" \\\n    datasets'), '2.200 up to but not including 3');
  assert.equal(admits('%%bash\npip install sagemaker==2.80.0'), '2.80.0');
  assert.equal(admits('%%capture\n%pip install sagemaker==2.81.0'), '2.81.0');
  assert.equal(admits('out = !pip install sagemaker==2.82.0'), '2.82.0');
  assert.equal(admits('!pip install -U pip && pip install sagemaker==2.83.0'), '2.83.0');
  assert.equal(admits('!pip install ./dist/sagemaker-2.72.2-py3-none-any.whl'), '2.72.2');
  assert.equal(admits('pip install sagemaker==2.84.0'), '2.84.0', 'automagic: IPython runs `pip install` as %pip');
  assert.equal(admits('%conda install -y -c conda-forge sagemaker-python-sdk=3.4'), 'any 3.4.x release');
  assert.equal(admits('!pip install "sagemaker>=2" "sagemaker<3"'), '2 up to but not including 3', 'pip applies both');
});

test('-U without a version: the newest release (every version); without -U: the kernel keeps its sagemaker', () => {
  for (const line of ['!pip install -U sagemaker', '%pip install sagemaker --upgrade --quiet', '!pip install -qU pip awscli boto3 sagemaker', '%pip install sagemaker -Uqq', '!pip install --force-reinstall sagemaker']) {
    const result = scan(line);
    assert.equal(result.pin?.outcome, 'newest', line);
    assert.deepEqual(result.pin?.range?.intervals, [{}], line);
  }
  const kept = scan('!pip install sagemaker boto3');
  assert.equal(kept.pin, undefined);
  assert.match(kept.ignored[0].why, /without a version and without --upgrade: pip keeps the sagemaker the kernel already has/);
});

test('an unquoted > or < is a shell redirection: pip never sees the version (%pip runs through the shell too)', () => {
  const kept = scan('%pip install -q sagemaker>=2.173.0');
  assert.equal(kept.pin, undefined);
  assert.match(kept.ignored[0].why, /the unquoted ">=2\.173\.0" is a shell redirection, so pip gets "sagemaker" without a version/);
  const upgraded = scan('%pip install --upgrade --quiet boto3>=1.28.39 sagemaker>=2.173.0');
  assert.equal(upgraded.pin?.outcome, 'newest');
  assert.match(upgraded.pin?.why ?? '', /">=2\.173\.0" is a shell redirection/);
  // Quoted, the specifier reaches pip; `2>&1` is a redirection of its own and leaves the words alone.
  assert.equal(admits('!pip install "sagemaker>=2.173.0" 2>&1'), '2.173.0 and later');
  assert.equal(admits('!pip install sagemaker==2.1.0 > /dev/null'), '2.1.0');
});

test('the last install in cell order wins; uninstalls, other packages, comments and indented lines do not count', () => {
  assert.equal(admits('%pip install sagemaker==2.100.0', '!pip uninstall -y sagemaker\n!pip install boto3==1.34.0', '%pip install "sagemaker>=2.200,<3"'), '2.200 up to but not including 3');
  assert.equal(admits('%pip install "sagemaker>=2.200,<3"', '!pip install sagemaker'), '2.200 up to but not including 3', 'no version, no upgrade: the pinned one stays');
  assert.equal(admits('%pip install sagemaker==2.100.0', '!pip install -U sagemaker'), 'newest');
  assert.equal(scan('!pip install sagemaker-core==1.0.0 sagemaker-experiments sagemaker_studio_image_build').pin, undefined);
  assert.equal(scan('# !pip install -q -U "sagemaker==3.4.0"').pin, undefined);
  assert.equal(scan('x = """\n!pip install sagemaker==2.1.0\n"""').pin, undefined, 'inside a string: Python, not a command');
  const indented = scan('if False:\n    !pip install -q sagemaker==2.47.1');
  assert.equal(indented.pin, undefined);
  assert.match(indented.ignored[0].why, /indented/);
});

test('versions sagelint cannot read: Python values, URLs, archives without a version', () => {
  for (const line of ['!pip install sagemaker=={version}', '%pip install sagemaker==$SM_VERSION', '! pip install /tmp/sagemaker.tar.gz --force-reinstall', '!pip install git+https://github.com/aws/sagemaker-python-sdk.git']) {
    const result = scan(line);
    assert.equal(result.pin?.outcome, 'unknown', line);
  }
  // An unknown install after a pin: the version is unknown, so is the notebook's.
  assert.equal(admits('%pip install sagemaker==2.1.0', '!pip install sagemaker=={v}'), 'unknown');
});

test('-r requirements files: relative to the notebook, includes followed, only inside the project', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-pin-')));
  try {
    fs.mkdirSync(path.join(dir, 'nb', 'env'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'nb', 'env', 'requirements.txt'), '-r base.txt\nsagemaker>=2.200,<2.230  # pinned\n');
    fs.writeFileSync(path.join(dir, 'nb', 'env', 'base.txt'), 'boto3\n');
    fs.writeFileSync(path.join(dir, 'nb', 'env', 'other.txt'), 'boto3\n');
    const notebook = path.join(dir, 'nb', 'a.ipynb');
    const cells = (text: string) => [{ index: 0, text }];
    const pinned = scanNotebookSdkPins(cells('%pip install -q -r env/requirements.txt'), { notebook, within: [dir] });
    assert.equal(pinned.pin?.outcome, 'range');
    assert.equal(describeRange(pinned.pin!.range!), '2.200 up to but not including 2.230');
    assert.equal(pinned.pin?.file, path.join(dir, 'nb', 'env', 'requirements.txt'));
    assert.equal(scanNotebookSdkPins(cells('%pip install -renv/other.txt'), { notebook, within: [dir] }).pin, undefined);
    const missing = scanNotebookSdkPins(cells('!pip install -r missing.txt'), { notebook, within: [dir] });
    assert.equal(missing.pin, undefined);
    assert.match(missing.ignored[0].why, /missing\.txt is not read \(no such file\)/);
    const outside = scanNotebookSdkPins(cells('!pip install -r ../../etc/requirements.txt'), { notebook, within: [path.join(dir, 'nb')] });
    assert.match(outside.ignored[0].why, /outside the project/);
    const untrusted = scanNotebookSdkPins(cells('%pip install -r env/requirements.txt'), { notebook, within: [] });
    assert.equal(untrusted.pin, undefined, 'nothing may be read: nothing is');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the notebook pin wins over the installed and declared SDK; a pin with no generation removes the version', () => {
  const installed: SdkEnvironment = { sdk: { major: 2, version: '2.257.6', typed: true, source: 'installed', from: '/p/venv/lib/python3.11/site-packages/sagemaker-2.257.6.dist-info/METADATA', range: exactVersion('2.257.6') }, mypyConfig: '/p/mypy.ini' };
  const v3 = notebookEnvironment(installed, scan('', '%pip install "sagemaker>=3,<4"'), '/p/a.ipynb');
  assert.deepEqual(v3?.sdk && { major: v3.sdk.major, version: v3.sdk.version, source: v3.sdk.source, from: v3.sdk.from, cell: v3.sdk.cell, line: v3.sdk.line }, { major: 3, version: '3.0.0', source: 'notebook', from: '/p/a.ipynb', cell: 2, line: 1 });
  assert.equal(v3?.mypyConfig, '/p/mypy.ini', 'the rest of the environment stays');
  assert.equal(notebookEnvironment(installed, scan('!pip install -U sagemaker'))?.sdk, undefined);
  assert.equal(notebookEnvironment(installed, scan('!pip install sagemaker=={v}'))?.sdk, undefined);
  assert.equal(notebookEnvironment(installed, scan('!pip install boto3')), installed, 'no pin: the environment as it is');
  assert.equal(notebookEnvironment(installed, scan('%pip install "sagemaker<3"'))?.sdk?.major, 2);

  const described = describeFileSdkVersion(v3, scan('', '%pip install "sagemaker>=3,<4"'));
  assert.deepEqual(described, { summary: 'sagemaker 3 up to but not including 4', reason: 'cell 2, line 1: %pip install "sagemaker>=3,<4"', source: 'notebook' });
  assert.equal(describeFileSdkVersion(installed, undefined, '/p').reason, 'installed: venv/lib/python3.11/site-packages');
  assert.match(describeFileSdkVersion(undefined).reason, /^checked against v2\.257\.6 and v3$/);
});

test('commandLines: magics and shell lines at statement starts, continuations joined', () => {
  const lines = commandLines('import os\n%pip install a \\\n  b\nx = (\n!not a command\n)\n  !pip install c\n');
  assert.deepEqual(lines.map((l) => [l.line, l.kind, l.text, l.indented]), [[1, '%', 'pip install a    b', false], [6, '!', 'pip install c', true]]);
  assert.equal(lines[0].written, '%pip install a b');
});
