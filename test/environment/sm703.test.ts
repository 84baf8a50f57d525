import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { detectEnvironment } from '../../server/src/environment/detect';
import { analyzeRequirements, isRequirementsFile } from '../../server/src/requirements/analyzeRequirements';
import { applyEdits } from '../helpers/python';

declare const SAGELINT_ROOT: string;
const ENVS = path.join(SAGELINT_ROOT, 'test/fixtures/environments');
const CLI = path.join(SAGELINT_ROOT, 'dist/cli.js');

const sm703 = (text: string, options: Parameters<typeof analyzeRequirements>[2] = {}, settings = DEFAULT_SETTINGS) =>
  analyzeRequirements(text, settings, options).findings.filter((f) => f.code === 'SM703');

test('SM703: boto3 and its stubs pinned to different major.minor versions, a warning on the stubs line', () => {
  const text = '# pinned\nboto3==1.35.10\nsagemaker==2.257.6\nboto3-stubs[sagemaker]==1.34.0  # types\nmypy-boto3-sagemaker==1.33.1\n';
  const findings = sm703(text);
  assert.deepEqual(findings.map((f) => text.slice(f.start, f.end)), ['boto3-stubs[sagemaker]==1.34.0', 'mypy-boto3-sagemaker==1.33.1']);
  assert.equal(findings[0].severity, 'warning');
  assert.match(findings[0].message, /^boto3-stubs 1\.34\.0 does not match boto3 1\.35\.10 \(line 2\): pin boto3-stubs==1\.35\.10\. /);
  // The fix re-pins the stubs to boto3's version (unsafe: changes what is installed).
  assert.equal(findings[0].fix?.applicability, 'unsafe');
  assert.equal(applyEdits(text, findings[0].fix!.edits), text.replace('boto3-stubs[sagemaker]==1.34.0', 'boto3-stubs[sagemaker]==1.35.10'));
  assert.equal(applyEdits(text, findings[1].fix!.edits), text.replace('mypy-boto3-sagemaker==1.33.1', 'mypy-boto3-sagemaker==1.35.10'));
  for (const name of ['types-boto3[sagemaker]', 'types-boto3-lite[sagemaker]', 'boto3-stubs-lite[sagemaker]', 'types-boto3-sagemaker', 'boto3_stubs']) {
    assert.equal(sm703(`boto3==1.35.0\n${name}==1.30.0\n`).length, 1, name);
  }
});

test('SM703 stays silent: patch-only differences, ranges, unpinned boto3, unrelated packages, noqa, ignore', () => {
  assert.deepEqual(sm703('boto3==1.35.10\nboto3-stubs[sagemaker]==1.35.0\n'), []);
  assert.deepEqual(sm703('boto3==1.35.0\nboto3-stubs[sagemaker]>=1.34.0\n'), []);
  assert.deepEqual(sm703('boto3>=1.35\nboto3-stubs[sagemaker]==1.34.0\n'), []);
  assert.deepEqual(sm703('boto3-stubs[sagemaker]==1.34.0\n'), []);
  assert.deepEqual(sm703('boto3==1.35.0\nmypy-boto3-s3==1.30.0\nbotocore-stubs==1.30.0\n'), []);
  assert.deepEqual(sm703('boto3==1.35.0\nboto3-stubs[sagemaker]==1.34.0  # noqa: SM703\n'), []);
  assert.deepEqual(sm703('boto3==1.35.0\nboto3-stubs[sagemaker]==1.34.0  # noqa\n'), []);
  assert.deepEqual(sm703('boto3==1.35.0\nboto3-stubs[sagemaker]==1.34.0\n', {}, { ...DEFAULT_SETTINGS, ignore: ['SM7'] }), []);
  // Another code's noqa does not hide it; the suppression edit extends that comment.
  const text = 'boto3==1.35.0\nboto3-stubs[sagemaker]==1.34.0  # noqa: SM999\n';
  const [finding] = sm703(text);
  assert.equal(applyEdits(text, [finding.noqaEdit]), 'boto3==1.35.0\nboto3-stubs[sagemaker]==1.34.0  # noqa: SM999, SM703\n');
  const plain = 'boto3==1.35.0\nboto3-stubs==1.34.0\n';
  assert.equal(applyEdits(plain, [sm703(plain)[0].noqaEdit]), 'boto3==1.35.0\nboto3-stubs==1.34.0  # noqa: SM703\n');
});

test('SM703: boto3 pinned in another requirement file of the project', () => {
  const environment = detectEnvironment({ root: path.join(ENVS, 'stubs-none-txt'), env: {} }).environment;
  const findings = sm703('-r requirements.txt\nboto3-stubs[sagemaker]==1.33.0\n', { environment, path: path.join(ENVS, 'stubs-none-txt', 'requirements-dev.txt') });
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /boto3 1\.35\.0 \(requirements\.txt\)/);
  // The file that pins boto3 is the document itself: only its own (edited) text counts.
  assert.deepEqual(sm703('boto3>=1\nboto3-stubs[sagemaker]==1.33.0\n', { environment, path: path.join(ENVS, 'stubs-none-txt', 'requirements.txt') }), []);
});

test('requirements files: which names count', () => {
  for (const name of ['requirements.txt', 'requirements-dev.txt', '/a/b/requirements_test.txt', 'file:///w/requirements.in.txt']) assert.ok(isRequirementsFile(name), name);
  for (const name of ['dev-requirements.txt', 'requirements.in', 'requirements/dev.txt', 'app.py']) assert.ok(!isRequirementsFile(name), name);
});

test('the CLI checks requirements*.txt found in folders, reports JSON, and re-pins with --fix --unsafe-fixes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-sm703-'));
  try {
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'boto3==1.35.2\nboto3-stubs[sagemaker]==1.34.0\n');
    fs.writeFileSync(path.join(dir, 'app.py'), 'print("no sdk")\n');
    const env = { ...process.env };
    delete env.VIRTUAL_ENV;
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'check', ...args], { encoding: 'utf8', cwd: dir, env });
    const json = JSON.parse(run('.', '--format', 'json').stdout) as { code: string; filename: string; location: { row: number; column: number }; fix: { applicability: string } }[];
    assert.deepEqual(json.map((f) => [f.code, path.basename(f.filename), f.location.row, f.location.column, f.fix?.applicability]), [['SM703', 'requirements.txt', 2, 1, 'unsafe']]);
    const text = run('requirements.txt');
    assert.equal(text.status, 1);
    assert.match(text.stdout, /requirements\.txt:2:1: SM703 boto3-stubs 1\.34\.0 does not match boto3 1\.35\.2 \(line 1\): pin boto3-stubs==1\.35\.2\. /);
    assert.match(run('.', '--format', 'sarif').stdout, /"ruleId": "SM703"/);
    const fixed = run('.', '--fix', '--unsafe-fixes');
    assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'requirements.txt'), 'utf8'), 'boto3==1.35.2\nboto3-stubs[sagemaker]==1.35.2\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('SM703 doc: the example (a requirements file) triggers it, the corrected one does not', async () => {
  const { stubsVersionDrift: rule } = await import('../../server/src/rules/environment/SM703-stubs-version-drift');
  assert.equal(sm703(rule.doc.example).length, 1);
  assert.equal(sm703(rule.doc.useInstead).length, 0);
});

test('SM703 fixtures: requirements files with `# expect: SM703` on the lines that fire; silent ones fire nothing', () => {
  const dir = path.join(SAGELINT_ROOT, 'test/fixtures/rules/SM703');
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.txt'))) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const expected = text.split('\n').flatMap((line, i) => (/#\s*expect:\s*SM703/.test(line) ? [i] : []));
    // The expectation comments are pip comments; they are not noqa, so they change nothing.
    const analysis = analyzeRequirements(text, DEFAULT_SETTINGS);
    const actual = analysis.findings.filter((f) => f.code === 'SM703').map((f) => analysis.lines.positionAt(f.start).line);
    if (name.includes('silent_')) assert.deepEqual(expected, [], name);
    else assert.ok(expected.length > 0, name);
    assert.deepEqual(actual, expected, name);
  }
});

test('SM703 in pyproject.toml: PEP 621, dependency groups, uv and pdm arrays are located; poetry tables, other strings and invalid TOML are not', () => {
  const path = '/tmp/project/pyproject.toml';
  const text = [
    '[project]',
    'dependencies = ["boto3==1.35.10", "sagemaker>=2"]',
    '[project.optional-dependencies]',
    "types = ['mypy-boto3-sagemaker==1.33.1']",
    '[dependency-groups]',
    'dev = ["boto3-stubs[sagemaker]==1.34.0"]  # noqa: SM703',
    '[tool.uv]',
    'dev-dependencies = ["types-boto3[sagemaker]==1.30.0"]',
    '[tool.poetry.dependencies]',
    'boto3-stubs = "==1.20.0"',
    '[tool.other]',
    'note = "types-boto3-lite==1.10.0"',
    '',
  ].join('\n');
  const findings = sm703(text, { path });
  assert.deepEqual(findings.map((f) => text.slice(f.start, f.end)), ['mypy-boto3-sagemaker==1.33.1', 'types-boto3[sagemaker]==1.30.0']);
  assert.equal(applyEdits(text, findings[0].fix!.edits), text.replace("'mypy-boto3-sagemaker==1.33.1'", "'mypy-boto3-sagemaker==1.35.10'"));
  // The same text as a requirements file is not TOML-aware, and an invalid pyproject.toml has no requirements.
  assert.deepEqual(sm703('[project\ndependencies = ["boto3==1.35.0", "boto3-stubs==1.30.0"]\n', { path }), []);
  assert.ok(isRequirementsFile('file:///w/pyproject.toml') && isRequirementsFile('/w/requirements-dev.txt') && !isRequirementsFile('/w/setup.cfg'));
});
