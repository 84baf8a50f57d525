import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePython } from '../helpers/python';
import { analyze } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { exactVersion, parseVersionSpecifier } from '../../server/src/environment/sdkVersionRange';
import type { SdkEnvironment } from '../../server/src/environment/types';

/** The SDK as a notebook's `%pip install sagemaker<spec>` pins it (or installed, or nothing). */
function environment(spec: string | undefined, source: 'notebook' | 'installed' | 'declared' = 'notebook'): SdkEnvironment | undefined {
  if (spec === undefined) return undefined;
  const range = source === 'installed' ? exactVersion(spec) : parseVersionSpecifier(spec, `sagemaker${spec}`)!;
  const version = source === 'installed' ? spec : spec.replace(/^[^\d]*/, '').split(',')[0];
  return { sdk: { major: Number(version.split('.')[0]), version, source, range, ...(source === 'declared' ? { from: '/project/requirements.txt' } : {}) } };
}

async function findings(text: string, spec?: string, source?: 'notebook' | 'installed' | 'declared') {
  const env = environment(spec, source);
  return analyze(await parsePython(text), DEFAULT_SETTINGS, undefined, env ? { environment: env } : {}).findings.map((f) => ({ code: f.code, text: text.slice(f.start, f.end), message: f.message }));
}

const DEEPSPEED = 'from sagemaker.djl_inference import DeepSpeedModel\n';

test('SM605: DeepSpeedModel in a notebook pinned to sagemaker==2.160.0 exists there: silent', async () => {
  assert.deepEqual(await findings(DEEPSPEED, '==2.160.0'), []);
  assert.deepEqual(await findings(DEEPSPEED, '2.224.1', 'installed'), []);
  assert.deepEqual(await findings(DEEPSPEED, '>=2.150,<2.224.2'), []);
});

test('SM605: DeepSpeedModel reached through `import sagemaker.djl_inference` is judged by the pinned release too', async () => {
  const text = 'import sagemaker.djl_inference\nmodel = sagemaker.djl_inference.DeepSpeedModel("s3://b/m.tar.gz", role="r")\n';
  assert.deepEqual((await findings(text, '==2.160.0')).filter((f) => f.code === 'SM605'), []);
  const unpinned = (await findings(text)).filter((f) => f.code === 'SM605');
  assert.deepEqual(unpinned.map((f) => f.text), ['DeepSpeedModel'], 'without a pin, the newest release decides (it has no DeepSpeedModel)');
});

test('SM605: DeepSpeedModel with sagemaker>=2.173.0 names the release that removed it and the pin that keeps it', async () => {
  const [finding, ...rest] = await findings(DEEPSPEED, '>=2.173.0');
  assert.deepEqual(rest, []);
  assert.equal(finding.code, 'SM605');
  assert.equal(finding.text, 'DeepSpeedModel');
  assert.match(finding.message, /^`DeepSpeedModel` was removed in v2\.224\.2; this notebook installs sagemaker>=2\.173\.0, which admits v2\.224\.2 and later: pin sagemaker<2\.224\.2 or use DJLModel\./);
  assert.match(finding.message, /raises ImportError/);
  const [exact] = await findings(DEEPSPEED, '==2.224.2');
  assert.match(exact.message, /^`DeepSpeedModel` was removed in v2\.224\.2; this notebook installs sagemaker==2\.224\.2: pin sagemaker<2\.224\.2/);
  const [installed] = await findings(DEEPSPEED, '2.230.0', 'installed');
  assert.match(installed.message, /the installed sagemaker is 2\.230\.0/);
  const [declared] = await findings(DEEPSPEED, '==2.230.0', 'declared');
  assert.match(declared.message, /requirements\.txt requires sagemaker==2\.230\.0/);
});

test('SM605 without a known release: as before (the snapshots decide), and the history says when it was removed', async () => {
  const [finding] = await findings(DEEPSPEED);
  assert.equal(finding.code, 'SM605');
  assert.match(finding.message, /^No SDK has `DeepSpeedModel` here/);
  assert.match(finding.message, /It was removed in v2\.224\.2: pin sagemaker<2\.224\.2 to keep it\./);
});

test('SM605: a name or module added after the pinned release', async () => {
  const [name] = await findings('from sagemaker.djl_inference import djl_predictor\n', '==2.200.0');
  assert.equal(name.code, 'SM605');
  assert.match(name.message, /^`djl_predictor` was added in v2\.224\.2; this notebook installs sagemaker==2\.200\.0: require sagemaker>=2\.224\.2\./);
  const [module] = await findings('from sagemaker.djl_inference import DJLModel\n', '==2.100.0');
  assert.equal(module.code, 'SM605');
  assert.equal(module.text, 'sagemaker.djl_inference');
  assert.match(module.message, /^`djl_inference` was added in v2\.136\.0/);
  assert.match(module.message, /ModuleNotFoundError/);
  assert.deepEqual(await findings('from sagemaker.djl_inference import DJLModel\n', '==2.136.0'), []);
});

const TRAINING_INPUT = 'from sagemaker.inputs import TrainingInput\n\nTrainingInput(s3_data="s3://my-bucket/train", instance_groups=["a"])\n';

test('SM801: a keyword added after the exactly pinned release is reported with the release that added it', async () => {
  const [finding, ...rest] = await findings(TRAINING_INPUT, '==2.50.0');
  assert.deepEqual(rest, []);
  assert.equal(finding.code, 'SM801');
  assert.equal(finding.text, 'instance_groups');
  assert.match(finding.message, /^`instance_groups=` was added in v2\.99\.0; this notebook installs sagemaker==2\.50\.0: require sagemaker>=2\.99\.0 or remove it\./);
  assert.match(finding.message, /In sagemaker 2\.50\.0, the call raises `TypeError/);
});

test('SM801: silent when the keyword exists in the judged release, and when a range leaves the release open', async () => {
  assert.deepEqual(await findings(TRAINING_INPUT, '==2.99.0'), []);
  assert.deepEqual(await findings(TRAINING_INPUT, '>=2.50.0'), []);
  assert.deepEqual(await findings(TRAINING_INPUT), []);
});

const DATA_CONFIG = 'from sagemaker.clarify import DataConfig\n\nDataConfig(s3_data_input_path="s3://my-bucket/in", s3_output_path="s3://my-bucket/out", s3_data_distribution_type="FullyReplicated")\n';

test('SM801: a keyword the snapshot lacks but the pinned release takes is silent; after its removal the message says when', async () => {
  const [snapshot] = await findings(DATA_CONFIG);
  assert.equal(snapshot.code, 'SM801');
  assert.deepEqual(await findings(DATA_CONFIG, '==2.60.0'), []);
  assert.deepEqual(await findings(DATA_CONFIG, '2.74.0', 'installed'), []);
  const [removed] = await findings(DATA_CONFIG, '==2.100.0');
  assert.equal(removed.code, 'SM801');
  assert.match(removed.message, /^`s3_data_distribution_type=` was removed in v2\.75\.0; this notebook installs sagemaker==2\.100\.0\./);
});

test('SM802: a PyTorch keyword added after the pinned release is dropped there', async () => {
  const text = 'from sagemaker.pytorch import PyTorch\n\nPyTorch(entry_point="t.py", role="r", framework_version="1.8", py_version="py3", instance_type="ml.m5.xlarge", instance_count=1, keep_alive_period_in_seconds=600)\n';
  assert.deepEqual(await findings(text, '==2.110.0'), []);
  const [finding] = await findings(text, '==2.100.0');
  assert.equal(finding.code, 'SM802');
  assert.match(finding.message, /^`keep_alive_period_in_seconds=` was added in v2\.110\.0;/);
  assert.match(finding.message, /silently dropped by PyTorch\(\) in sagemaker 2\.100\.0/);
});

test('SM608: LambdaModel was a real class before v2.66.3', async () => {
  const text = 'from sagemaker.serverless import LambdaModel\n\nLambdaModel(image_uri="i", role="r")\n';
  assert.deepEqual((await findings(text, '==2.60.0')).map((f) => f.code), []);
  assert.ok((await findings(text, '==2.100.0')).some((f) => f.code === 'SM608'));
});

test('hovers on SDK classes and keywords say since when they exist (from the release history)', async () => {
  const { hoverAt } = await import('../../server/src/features/hover');
  const { analyzeText } = await import('../helpers/python');
  const text = 'from sagemaker.djl_inference import DJLModel\nfrom sagemaker.pytorch import PyTorch\n\nDJLModel(model_id="m", role="r")\nPyTorch(entry_point="t.py", keep_alive_period_in_seconds=600, role="r")\n';
  const analysis = await analyzeText(text);
  const at = (word: string) => hoverAt(analysis, text.lastIndexOf(word) + 1)?.markdown ?? '';
  assert.match(at('DJLModel('), /SageMaker SDK class `sagemaker\.djl_inference\.model\.DJLModel` \(since v2\.136\.0\)/);
  assert.match(at('keep_alive_period_in_seconds'), /\(since v2\.110\.0\)\./);
  assert.doesNotMatch(at('PyTorch('), /since v/, 'PyTorch exists in every v2 release');
});

test('SM605: a name missing for a while (JsonGet left sagemaker.workflow.functions in v2.47.1, back in v2.51.0)', async () => {
  const text = 'from sagemaker.workflow.functions import JsonGet\n';
  assert.deepEqual(await findings(text, '==2.47.0'), []);
  assert.deepEqual(await findings(text, '==2.51.0'), []);
  const [gap] = await findings(text, '==2.47.1');
  assert.equal(gap.code, 'SM605');
  assert.match(gap.message, /^`JsonGet` is missing from v2\.47\.1 until v2\.51\.0; this notebook installs sagemaker==2\.47\.1: require sagemaker>=2\.51\.0 \(or <2\.47\.1\)\./);
});
