import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePython } from '../helpers/python';
import { analyze } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { parseVersionSpecifier } from '../../server/src/environment/sdkVersionRange';
import type { SdkEnvironment } from '../../server/src/environment/types';

/** An environment whose requirements file declares `sagemaker<specifier>`. */
function declared(specifier: string): SdkEnvironment {
  const range = parseVersionSpecifier(specifier, `sagemaker${specifier}`)!;
  const version = range.intervals[0]?.from ?? '2.0.0';
  return { sdk: { major: Number(version.split('.')[0]) || 2, version, source: 'declared', from: '/project/requirements.txt', range } };
}

async function findings(text: string, environment?: SdkEnvironment) {
  return analyze(await parsePython(text), DEFAULT_SETTINGS, undefined, environment ? { environment } : {}).findings;
}

const PARAMETERS = [
  'from sagemaker.workflow.parameters import ParameterString, ParameterInteger',
  'from sagemaker.workflow.execution_variables import ExecutionVariables',
  'bucket = ParameterString(name="Bucket", default_value="my-bucket")',
  'count = ParameterInteger(name="Count", default_value=3)',
  '',
].join('\n');

test('SM101 before v2.81.0: an f-string on a ParameterString silently becomes its default value; the Join fix stays', async () => {
  const text = `${PARAMETERS}uri = f"s3://{bucket}/data"\n`;
  const [finding] = (await findings(text, declared('==2.70.0'))).filter((f) => f.code === 'SM101');
  assert.match(finding.message, /^Pipeline variable `bucket` in an f-string silently becomes its default value \("my-bucket"\): build the string with Join/);
  assert.match(finding.message, /sagemaker==2\.70\.0 \(requirements\.txt\), before v2\.81\.0, ParameterString subclasses str/);
  assert.doesNotMatch(finding.message, /raises TypeError \(/);
  assert.equal(finding.fix?.applicability, 'safe');
  assert.match(finding.fix!.edits[0].newText, /^Join\(on="", values=\["s3:\/\/", bucket, "\/data"\]\)$/);
});

test('SM101 from v2.81.0, for a range that admits it, and with no environment: the TypeError text', async () => {
  const text = `${PARAMETERS}uri = f"s3://{bucket}/data"\n`;
  for (const environment of [declared('==2.81.0'), declared('>=2.50'), declared('>=2.70,<2.90'), undefined]) {
    const [finding] = (await findings(text, environment)).filter((f) => f.code === 'SM101');
    assert.match(finding.message, /^Pipeline variable `bucket` in an f-string raises TypeError: /, environment?.sdk?.range.text ?? 'unknown');
  }
});

test('SM101 before v2.81.0: str() of a ParameterInteger gives its repr, and no .to_string() fix (it arrived in v2.81.0)', async () => {
  const text = `${PARAMETERS}n = str(count)\nrun = f"{ExecutionVariables.PIPELINE_EXECUTION_ID}"\n`;
  const [str, run] = (await findings(text, declared('<2.81'))).filter((f) => f.code === 'SM101');
  assert.match(str.message, /^str\(\) on pipeline variable `count` silently becomes its repr text: pass `count` itself/);
  assert.match(str.message, /attrs repr, `ParameterInteger\(name=/);
  assert.equal(str.fix, undefined);
  assert.match(run.message, /silently becomes the Python object's text/);
  assert.match(run.message, /ExecutionVariable object at 0x/);
  const [later] = (await findings(text, declared('==2.100.0'))).filter((f) => f.code === 'SM101');
  assert.equal(later.fix?.edits[0].newText, 'count.to_string()');
});

test('SM101 before v2.24.0: no fix adds Join, which that SDK does not have', async () => {
  const text = `${PARAMETERS}uri = f"s3://{bucket}/data"\nkey = "s3://{}/x".format(bucket)\n`;
  const sm101 = (await findings(text, declared('==2.23.0'))).filter((f) => f.code === 'SM101');
  assert.equal(sm101.length, 2);
  for (const finding of sm101) {
    assert.equal(finding.fix, undefined, finding.message);
    assert.match(finding.message, /Join exists from v2\.24\.0/);
  }
});

async function hoverWith(text: string, offset: number, environment?: SdkEnvironment) {
  const { hoverAt } = await import('../../server/src/features/hover');
  const analysis = analyze(await parsePython(text), DEFAULT_SETTINGS, undefined, environment ? { environment } : {});
  return hoverAt(analysis, offset)?.markdown ?? '';
}

test('pipeline-variable hovers state the text behaviour of the SDK the module runs', async () => {
  const text = `${PARAMETERS}uri = f"s3://{bucket}/data"\n`;
  const at = text.indexOf('bucket}') + 1;
  const old = await hoverWith(text, at, declared('==2.70.0'));
  assert.match(old, /before v2\.81\.0, `str\(\)`, `print\(\)`, f-strings, `%` and `\.format\(\)` raise nothing: a `ParameterString` silently becomes its default value/);
  assert.doesNotMatch(old, /raise `TypeError`|`\.to_string\(\)`/);
  for (const environment of [declared('==2.81.0'), undefined]) {
    const current = await hoverWith(text, at, environment);
    assert.match(current, /`\.format\(\)` and `\+` raise `TypeError`/);
  }
});

test('the Athena hover says what an f-string does in the SDK the module runs', async () => {
  const text = 'from sagemaker.dataset_definition.inputs import AthenaDatasetDefinition\nq = AthenaDatasetDefinition(catalog="c")\n';
  const at = text.indexOf('AthenaDatasetDefinition(') + 2;
  assert.match(await hoverWith(text, at, declared('<2.81')), /never an f-string \(with sagemaker<2\.81 \(requirements\.txt\), before v2\.81\.0, the f-string silently bakes in the parameter's default value/);
  assert.match(await hoverWith(text, at), /never an f-string \(it raises TypeError when the pipeline is defined\)/);
  assert.doesNotMatch(await hoverWith(text, at), /\u0000/);
});

test('the ExecutionVariables.TRAINING_JOB_NAME hover says when the project pins a release before v2.104.0', async () => {
  const text = 'from sagemaker.workflow.execution_variables import ExecutionVariables\nname = ExecutionVariables.TRAINING_JOB_NAME\n';
  const at = text.indexOf('TRAINING_JOB_NAME') + 2;
  assert.match(await hoverWith(text, at, declared('==2.90.0')), /\*\*Not in this project's SDK\*\* \(sagemaker==2\.90\.0 \(requirements\.txt\)\): `ExecutionVariables\.TRAINING_JOB_NAME` raises AttributeError there; upgrade to v2\.104\.0 or later\./);
  for (const environment of [declared('==2.104.0'), declared('>=2.90'), undefined]) assert.doesNotMatch(await hoverWith(text, at, environment), /Not in this project/);
});

test('SM106: ExecutionVariables.TRAINING_JOB_NAME / PROCESSING_JOB_NAME in a project whose SDK predates v2.104.0', async () => {
  const text = [
    'from sagemaker.workflow.execution_variables import ExecutionVariables',
    'from sagemaker.workflow.functions import Join',
    'job = ExecutionVariables.TRAINING_JOB_NAME',
    'path = Join(on="/", values=["s3://b/models", job, ExecutionVariables.PROCESSING_JOB_NAME])',
    'run = ExecutionVariables.PIPELINE_EXECUTION_ID',
    '',
  ].join('\n');
  const sm106 = (await findings(text, declared('==2.90.0'))).filter((f) => f.code === 'SM106');
  assert.deepEqual(sm106.map((f) => text.slice(f.start, f.end)), ['TRAINING_JOB_NAME', 'PROCESSING_JOB_NAME']);
  assert.equal(sm106[0].message, "ExecutionVariables.TRAINING_JOB_NAME is not in sagemaker==2.90.0 (requirements.txt): upgrade to sagemaker>=2.104.0. It exists from v2.104.0; before, defining the pipeline raises AttributeError: type object 'ExecutionVariables' has no attribute 'TRAINING_JOB_NAME'. From another step, `training_step.properties.TrainingJobName` names that job in every release.");
  assert.equal(sm106[0].fix, undefined);
  // Silent: the version unknown, a release that has them, a range that admits one, a v3 project.
  for (const environment of [undefined, declared('==2.104.0'), declared('>=2.90'), declared('>=2.90,<2.110')]) {
    assert.deepEqual((await findings(text, environment)).filter((f) => f.code === 'SM106'), [], environment?.sdk?.range.text ?? 'unknown');
  }
  const v3 = text.replace(/sagemaker\.workflow\./g, 'sagemaker.core.workflow.');
  assert.deepEqual((await findings(v3, { sdk: { major: 3, version: '3.0.0', source: 'installed', range: parseVersionSpecifier('==3.0.0')! } })).filter((f) => f.code === 'SM106'), []);
  // A range whose every release is older says so, and the installed SDK is named as installed.
  const installed = (await findings(text, { sdk: { major: 2, version: '2.100.0', source: 'installed', range: parseVersionSpecifier('==2.100.0')! } })).filter((f) => f.code === 'SM106');
  assert.match(installed[0].message, /^ExecutionVariables\.TRAINING_JOB_NAME is not in sagemaker 2\.100\.0 \(installed\): upgrade/);
  assert.equal((await findings(text, declared('>=2.80,<2.100'))).filter((f) => f.code === 'SM106').length, 2);
});

test('a v2 step form in a project the environment says is v3: SM609 only, never SM203 or its v2-only step_args=est.fit(...) fix', async () => {
  const text = [
    'from sagemaker.workflow.steps import TrainingStep',
    'from sagemaker.workflow.pipeline_context import PipelineSession',
    'from sagemaker.estimator import Estimator',
    'est = Estimator(image_uri="img", role="arn:aws:iam::111111111111:role/r", instance_count=1, instance_type="ml.m5.large", sagemaker_session=PipelineSession())',
    'step = TrainingStep(name="T", estimator=est, inputs={"train": "s3://bucket/train"})',
    '',
  ].join('\n');
  const v3 = await findings(text, { sdk: { major: 3, version: '3.1.0', source: 'installed', range: parseVersionSpecifier('==3.1.0')! } });
  assert.ok(v3.some((f) => f.code === 'SM609'));
  assert.ok(!v3.some((f) => f.code === 'SM203'));
  assert.ok(!v3.some((f) => f.fix?.edits.some((e) => /\.fit\(/.test(e.newText))), 'no finding offers the v2 step_args=est.fit(...) rewrite');
  const v2 = await findings(text, declared('==2.200.0'));
  assert.ok(v2.some((f) => f.code === 'SM203' && f.fix?.edits.some((e) => /\.fit\(/.test(e.newText))));
  assert.ok(!v2.some((f) => f.code === 'SM609'));
});

test('SM102 for the SDK the module runs: `+` on a ParameterString uses its default before v2.81.0, and `"x" + p` still does until v2.92.2', async () => {
  const text = `${PARAMETERS}uri = "s3://" + bucket + "/data"\nkey = bucket + "/key"\ntotal = count + 1\n`;
  const byText = (fs: Awaited<ReturnType<typeof findings>>) => fs.filter((f) => f.code === 'SM102').map((f) => `${text.slice(f.start, f.end)}: ${f.message.split(':')[0]}`);
  assert.deepEqual(byText(await findings(text, declared('==2.70.0'))), [
    'bucket: `+` on pipeline variable `bucket` silently uses its default value ("my-bucket")',
    'bucket: `+` on pipeline variable `bucket` silently uses its default value ("my-bucket")',
    'count: `+` on pipeline variable `count` silently uses its default value',
  ]);
  assert.deepEqual(byText(await findings(text, declared('==2.90.0'))), [
    'bucket: `+` on pipeline variable `bucket` silently uses its default value ("my-bucket")',
    'bucket: `+` on pipeline variable `bucket` raises TypeError',
    'count: `+` on pipeline variable `count` raises TypeError',
  ]);
  for (const environment of [declared('==2.92.2'), undefined]) {
    assert.ok(byText(await findings(text, environment)).every((line) => line.endsWith('raises TypeError')));
  }
  const [first] = (await findings(text, declared('==2.90.0'))).filter((f) => f.code === 'SM102');
  assert.match(first.message, /before v2\.92\.2 ParameterString still subclasses str/);
  assert.equal(first.fix?.applicability, 'safe');
});

test('SM101 through a helper function before v2.81.0 says what the conversion gives, not TypeError', async () => {
  const text = `${PARAMETERS}def make_path(b):\n    return f"s3://{b}/models"\n\npath = make_path(bucket)\n`;
  const [old] = (await findings(text, declared('==2.70.0'))).filter((f) => f.code === 'SM101');
  assert.match(old.message, /There an f-string calls str\(\) on it; with sagemaker==2\.70\.0 \(requirements\.txt\), before v2\.81\.0, ParameterString subclasses str/);
  assert.doesNotMatch(old.message, /raises TypeError \(/);
  const [current] = (await findings(text)).filter((f) => f.code === 'SM101');
  assert.match(current.message, /which raises TypeError \("Pipeline variables do not support __str__ operation"\)\.$/);
});

test('a notebook that pins an old SDK with %pip gets the messages of that release (CLI)', async () => {
  const { runCli, tempDir } = await import('../helpers/cli');
  const project = tempDir();
  try {
    const source = (lines: string[]) => lines.map((line, i) => (i < lines.length - 1 ? `${line}\n` : line));
    const cell = (lines: string[]) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: source(lines) });
    const notebook = {
      cells: [
        cell(['%pip install -q sagemaker==2.70.0 pandas']),
        cell([
          'from sagemaker.workflow.parameters import ParameterString',
          'from sagemaker.workflow.execution_variables import ExecutionVariables',
          'bucket = ParameterString(name="Bucket", default_value="my-bucket")',
          'uri = f"s3://{bucket}/data"',
          'job = ExecutionVariables.TRAINING_JOB_NAME',
        ]),
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    project.write('requirements.txt', 'sagemaker==2.200.0\n'); // the notebook's own pin wins for the notebook
    const file = project.write('pinned.ipynb', JSON.stringify(notebook, null, 1));
    const result = runCli(['check', '--format', 'json', file], { cwd: project.dir });
    const found = (JSON.parse(result.stdout) as { code: string; message: string }[]).map((f) => `${f.code} ${f.message.split(':')[0]}`);
    assert.deepEqual(found, [
      'SM101 Pipeline variable `bucket` in an f-string silently becomes its default value ("my-bucket")',
      'SM106 ExecutionVariables.TRAINING_JOB_NAME is not in sagemaker==2.70.0 (cell 1 of this notebook)',
    ]);
  } finally {
    project.cleanup();
  }
});

test('SM203 is silent for a project whose SDK predates step_args (v2.88.2) or ModelStep (v2.90.0)', async () => {
  const text = [
    'from sagemaker.workflow.steps import TrainingStep',
    'from sagemaker.workflow.step_collections import RegisterModel',
    'step = TrainingStep(name="T", estimator=est, inputs={"train": "s3://bucket/train"})',
    'register = RegisterModel(name="R", estimator=est, content_types=["text/csv"], response_types=["text/csv"])',
    '',
  ].join('\n');
  const sm203 = async (environment?: SdkEnvironment) => (await findings(text, environment)).filter((f) => f.code === 'SM203').map((f) => text.slice(f.start, f.end));
  assert.deepEqual(await sm203(declared('==2.41.0')), []);
  assert.deepEqual(await sm203(declared('==2.88.2')), ['estimator=est']);
  assert.deepEqual(await sm203(declared('==2.90.0')), ['estimator=est', 'RegisterModel']);
  assert.deepEqual(await sm203(), ['estimator=est', 'RegisterModel']);
});
