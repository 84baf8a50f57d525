import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { describeRange } from '../../server/src/environment/sdkVersionRange';
import { detectEnvironment } from '../../server/src/environment/detect';
import { lowestVersion, readDeclaredSagemaker } from '../../server/src/environment/declared';
import { findMypyConfig } from '../../server/src/environment/mypy';
import { readInstalledSagemaker, sitePackagesOf } from '../../server/src/environment/sitePackages';

declare const SAGELINT_ROOT: string;
const ENVS = path.join(SAGELINT_ROOT, 'test/fixtures/environments');
const env = (name: string) => path.join(ENVS, name);

test('installed sagemaker is read from dist-info METADATA, with py.typed presence', () => {
  const v2 = readInstalledSagemaker(sitePackagesOf(env('v2-untyped'))!);
  assert.deepEqual([v2?.version, v2?.typed], ['2.232.0', false]);
  const typed = readInstalledSagemaker(sitePackagesOf(env('v2-typed'))!);
  assert.deepEqual([typed?.version, typed?.typed], ['2.257.6', true]);
  const v3 = readInstalledSagemaker(sitePackagesOf(env('v3'))!);
  assert.deepEqual([v3?.version, v3?.typed], ['3.20.0', false], 'sagemaker_core-*.dist-info is not sagemaker');
  assert.match(v3!.metadata, /sagemaker-3\.20\.0\.dist-info[\\/]METADATA$/);
});

test('the interpreter: sagelint.pythonPath, then the Python extension, then .venv / venv, then VIRTUAL_ENV', () => {
  const ws = env('ws-venv-v3-mypy');
  assert.equal(detectEnvironment({ root: ws }).interpreter?.source, '.venv');
  assert.equal(detectEnvironment({ root: ws }).environment.sdk?.version, '3.20.0');
  assert.equal(detectEnvironment({ root: env('ws-venv-v2-mypy') }).interpreter?.source, 'venv');
  // The setting wins over everything; an interpreter path (bin/python) or a prefix both work.
  const bySetting = detectEnvironment({ root: ws, pythonPath: path.join(env('v2-typed'), 'bin/python'), interpreter: path.join(env('v2-untyped'), 'bin/python') });
  assert.deepEqual([bySetting.interpreter?.source, bySetting.environment.sdk?.version], ['sagelint.pythonPath', '2.257.6']);
  const byExtension = detectEnvironment({ root: ws, interpreter: path.join(env('v2-untyped'), 'bin/python') });
  assert.deepEqual([byExtension.interpreter?.source, byExtension.environment.sdk?.version], ['python-extension', '2.232.0']);
  // A relative setting is relative to the workspace folder.
  assert.equal(detectEnvironment({ root: ENVS, pythonPath: 'v3' }).environment.sdk?.major, 3);
  const byVirtualEnv = detectEnvironment({ root: env('empty'), env: { VIRTUAL_ENV: env('v2-untyped') } });
  assert.deepEqual([byVirtualEnv.interpreter?.source, byVirtualEnv.environment.sdk?.major], ['VIRTUAL_ENV', 2]);
  const none = detectEnvironment({ root: env('empty'), env: {} });
  assert.equal(none.interpreter, undefined);
  assert.equal(none.environment.sdk, undefined);
  assert.equal(none.summary, 'SageMaker version unknown');
});

test('an untrusted workspace reads nothing', () => {
  const found = detectEnvironment({ root: env('ws-venv-v3-mypy'), trusted: false, pythonPath: env('v3') });
  assert.deepEqual(found.environment, {});
  assert.equal(found.untrusted, true);
  assert.equal(found.interpreter, undefined);
});

test('declared versions come from every kind of requirements file', () => {
  const cases: [string, string | undefined, number | undefined, string, string][] = [
    ['req-txt', '2.200.0', 2, 'requirements.txt', '2.200.0 up to but not including 3'],
    ['req-txt-dev', '3.1.0', 3, 'requirements-dev.txt', '3.1.0'],
    ['req-pyproject', '3.4.0', 3, 'pyproject.toml', '3.4 up to but not including 4'],
    ['req-poetry', '2.190.0', 2, 'pyproject.toml', '2.190 up to but not including 3'],
    ['req-setupcfg', '2.150.0', 2, 'setup.cfg', '2.150 up to but not including 3'],
    ['req-pipfile', '3.0.0', 3, 'Pipfile', '3.0 and later'],
    ['req-poetry-lock', '2.243.1', 2, 'poetry.lock', '2.243.1'],
    ['req-uv-lock', '3.20.0', 3, 'uv.lock', '3.20.0'],
  ];
  for (const [dir, version, major, file, admits] of cases) {
    const declared = readDeclaredSagemaker(env(dir));
    assert.ok(declared, `${dir}: nothing declared`);
    assert.deepEqual([declared.version, declared.major, path.basename(declared.file)], [version, major, file], dir);
    assert.ok(declared.range, `${dir}: the specifier is understood`);
    assert.equal(describeRange(declared.range), admits, dir);
    const detected = detectEnvironment({ root: env(dir), env: {} });
    assert.equal(detected.environment.sdk?.source, 'declared', dir);
    assert.deepEqual(detected.environment.sdk?.range, declared.range, `${dir}: the environment carries the declared range`);
  }
  assert.equal(readDeclaredSagemaker(env('empty')), undefined);
  const detected = detectEnvironment({ root: env('req-uv-lock'), env: {} });
  assert.deepEqual(detected.environment.sdk, {
    major: 3, version: '3.20.0', source: 'declared', from: path.join(env('req-uv-lock'), 'uv.lock'),
    range: { intervals: [{ from: '3.20.0', until: '3.20.0.post0.dev0' }], text: 'sagemaker==3.20.0' },
  });
  assert.match(detected.summary, /SageMaker 3\.20\.0 \(declared in uv\.lock\)/);
});

test('version specifiers: the lowest version allowed', () => {
  assert.equal(lowestVersion('sagemaker==2.257.6'), '2.257.6');
  assert.equal(lowestVersion('sagemaker>=2.100,<3'), '2.100.0');
  assert.equal(lowestVersion('sagemaker[local] ~= 3.2'), '3.2.0');
  assert.equal(lowestVersion('sagemaker^2.1'), '2.1.0');
  assert.equal(lowestVersion('sagemaker'), undefined);
  assert.equal(lowestVersion('sagemaker ; python_version >= "3.8"'), undefined);
});

test('mypy configuration: mypy.ini, pyproject [tool.mypy], setup.cfg [mypy]', () => {
  assert.equal(path.basename(findMypyConfig(env('ws-venv-v2-mypy')) ?? ''), 'mypy.ini');
  assert.equal(path.basename(findMypyConfig(env('ws-venv-v3-mypy')) ?? ''), 'pyproject.toml');
  assert.equal(path.basename(findMypyConfig(env('ws-venv-v2-typed-mypy')) ?? ''), 'setup.cfg');
  assert.equal(findMypyConfig(env('req-pyproject')), undefined);
  assert.equal(detectEnvironment({ root: env('ws-venv-v3-mypy') }).environment.mypyConfig, path.join(env('ws-venv-v3-mypy'), 'pyproject.toml'));
});

test('boto3 typing: declared boto3, stubs declared or installed, where to add them, and when nothing is certain', async () => {
  const { coversSagemakerClient } = await import('../../server/src/environment/typing');
  const { readDeclaredRequirements } = await import('../../server/src/environment/declared');
  const typing = (name: string) => detectEnvironment({ root: env(name), env: {} }).environment.boto3Typing;

  const none = typing('stubs-none-txt')!;
  assert.deepEqual(none.files, [path.join(env('stubs-none-txt'), 'requirements.txt')]);
  assert.deepEqual(none.boto3, { requirement: 'boto3==1.35.0', version: '1.35.0', exact: '1.35.0', file: path.join(env('stubs-none-txt'), 'requirements.txt'), source: 'declared' });
  assert.equal(none.stubs, undefined);
  assert.equal(none.uncertain, undefined);
  assert.equal(none.declaresAws, true);
  assert.deepEqual(none.addTo, { file: path.join(env('stubs-none-txt'), 'requirements.txt'), relative: 'requirements.txt', end: { line: 3, character: 0 }, endsWithNewline: true, eol: '\n' });

  // requirements-dev.txt (which includes requirements.txt with -r) declares boto3-stubs[sagemaker].
  assert.deepEqual(typing('stubs-declared-dev')!.stubs, { name: 'boto3-stubs', requirement: 'boto3-stubs[sagemaker]==1.35.0', file: path.join(env('stubs-declared-dev'), 'requirements-dev.txt'), source: 'declared' });
  assert.equal(typing('stubs-poetry-group')!.stubs?.name, 'mypy-boto3-sagemaker');
  assert.equal(typing('stubs-poetry-group')!.boto3?.exact, '1.35.0');
  assert.equal(typing('stubs-poetry-group')!.addTo, undefined, 'pyproject.toml: nothing to append to');
  assert.deepEqual(typing('stubs-installed')!.stubs, { name: 'mypy_boto3_sagemaker', file: path.join(env('stubs-installed'), '.venv/lib/python3.11/site-packages/mypy_boto3_sagemaker'), source: 'installed' });
  assert.deepEqual(typing('stubs-boto3-installed')!.boto3, { version: '1.35.7', exact: '1.35.7', file: path.join(env('stubs-boto3-installed'), '.venv/lib/python3.11/site-packages/boto3-1.35.7.dist-info/METADATA'), source: 'installed' });
  // A plain boto3-stubs (or its essential extra) does not type the sagemaker client.
  assert.equal(typing('stubs-plain')!.stubs, undefined);
  assert.equal(typing('stubs-plain')!.addTo?.endsWithNewline, false);
  // Unknowns: a file naming stubs that is not parsed, an include that cannot be read.
  assert.match(typing('stubs-precommit')!.uncertain ?? '', /\.pre-commit-config\.yaml mentions boto3 stubs/);
  assert.match(typing('stubs-broken-include')!.uncertain ?? '', /base-requirements\.txt could not be read/);
  assert.equal(typing('stubs-no-aws')!.declaresAws, false);
  assert.equal(typing('empty'), undefined, 'no requirement file read: nothing known');

  const covers = (requirement: string) => {
    const m = /^([\w.-]+)(?:\[([^\]]*)\])?/.exec(requirement)!;
    return coversSagemakerClient({ name: m[1].toLowerCase().replace(/[-_.]+/g, '-'), extras: (m[2] ?? '').split(',').filter(Boolean) });
  };
  for (const yes of ['boto3-stubs[sagemaker]', 'boto3-stubs[s3,sagemaker]', 'boto3-stubs[full]', 'boto3-stubs[all]', 'boto3-stubs-lite[sagemaker]', 'mypy-boto3-sagemaker', 'mypy_boto3_sagemaker', 'types-boto3[sagemaker]', 'types-boto3-lite[sagemaker]', 'types-boto3-sagemaker', 'boto3-stubs-full']) {
    assert.ok(covers(yes), yes);
  }
  for (const no of ['boto3-stubs', 'boto3-stubs[essential]', 'boto3-stubs[s3]', 'types-boto3', 'mypy-boto3-s3', 'boto3-stubs-lite', 'mypy-boto3-sagemaker-runtime']) assert.ok(!covers(no), no);

  // One generic read: every requirement of every file, with extras and exact pins.
  const project = readDeclaredRequirements(env('stubs-declared-dev'));
  assert.deepEqual(project.requirements.map((r) => [r.name, r.extras, r.exact, path.basename(r.file)]), [
    ['boto3', [], '1.35.0', 'requirements.txt'],
    ['sagemaker', [], '2.257.6', 'requirements.txt'],
    ['boto3-stubs', ['sagemaker'], '1.35.0', 'requirements-dev.txt'],
    ['mypy', [], undefined, 'requirements-dev.txt'],
  ]);
});

test('boto3 typing: the stubs line added to a requirements file with lone \\r line breaks ends with \\r', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-cr-'));
  try {
    fs.writeFileSync(path.join(root, 'requirements.txt'), 'sagemaker==2.232.0\rboto3==1.35.0\r');
    const typing = detectEnvironment({ root, env: {} }).environment.boto3Typing!;
    assert.equal(typing.addTo?.eol, '\r');
    assert.deepEqual(typing.addTo?.end, { line: 2, character: 0 });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
