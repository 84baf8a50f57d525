import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, applyEdits } from '../helpers/python';

/** The one finding of `code` in `text`, with its fix applied. */
async function fixOf(text: string, code: string) {
  const findings = (await analyzeText(text)).findings.filter((f) => f.code === code);
  assert.equal(findings.length, 1, `expected one ${code} finding, got ${findings.map((f) => f.message).join(' | ')}`);
  const fix = findings[0].fix;
  assert.ok(fix, `${code}: no fix`);
  return { text: applyEdits(text, fix.edits), title: fix.title, applicability: fix.applicability, message: findings[0].message };
}

const STEPS = 'from sagemaker.workflow.steps import TrainingStep\nstep = TrainingStep(name="T", step_args=args)\n';
const BOTO = 'import boto3\nsm = boto3.client("sagemaker")\n';
const EST = 'from sagemaker.estimator import Estimator\n';

test('a property path typo gets "did you mean" with a safe fix to the known member', async () => {
  const fixed = await fixOf(`${STEPS}x = step.properties.ModelArtifacts.S3ModelArtifact\n`, 'SM301');
  assert.equal(fixed.applicability, 'safe');
  assert.equal(fixed.title, 'Replace with S3ModelArtifacts');
  assert.match(fixed.message, /did you mean `S3ModelArtifacts`/);
  assert.ok(fixed.text.endsWith('x = step.properties.ModelArtifacts.S3ModelArtifacts\n'));
});

test('a did-you-mean that could change what the value means is unsafe; a case slip or one-letter slip is safe', async () => {
  const register = 'from sagemaker.model import Model\nfrom sagemaker.workflow.model_step import ModelStep\nfrom sagemaker.workflow.pipeline_context import PipelineSession\nmodel = Model(image_uri="i", model_data="s3://bucket/m.tar.gz", role="r", sagemaker_session=PipelineSession())\nstep = ModelStep(name="R", step_args=model.register(content_types=["a"], response_types=["a"], model_package_group_name="g"))\n';
  const arn = await fixOf(`${register}x = step.properties.ModelArn\n`, 'SM301');
  assert.equal(arn.applicability, 'unsafe');
  assert.match(arn.message, /did you mean `ModelCard`\? \(Not a one-letter slip/);
  assert.equal((await fixOf(`${register}x = step.properties.ModelPackageArm\n`, 'SM301')).applicability, 'safe');
  assert.equal((await fixOf(`${STEPS}x = step.properties.TrainingJobNmae\n`, 'SM301')).applicability, 'safe');
  assert.equal((await fixOf(`${STEPS}x = step.properties.trainingJobName\n`, 'SM301')).applicability, 'safe');
});

test('an undeclared processing output key gets an unsafe fix to the closest declared name, keeping the quotes', async () => {
  const text = [
    'from sagemaker.processing import ProcessingOutput, ScriptProcessor',
    'from sagemaker.workflow.steps import ProcessingStep',
    'p = ScriptProcessor(image_uri="i", command=["python3"], role="r", instance_type="ml.m5.xlarge", instance_count=1)',
    "a = p.run(code='x.py', outputs=[ProcessingOutput(output_name='train', source='/a'), ProcessingOutput(output_name='test', source='/b')])",
    's = ProcessingStep(name="P", step_args=a)',
    "u = s.properties.ProcessingOutputConfig.Outputs['tset'].S3Output.S3Uri",
    '',
  ].join('\n');
  const fixed = await fixOf(text, 'SM303');
  assert.equal(fixed.applicability, 'unsafe');
  assert.match(fixed.message, /declared: "train", "test"/);
  assert.ok(fixed.text.includes("Outputs['test'].S3Output"));
});

test('a boto3 method typo and a CamelCase method get safe fixes', async () => {
  assert.ok((await fixOf(`${BOTO}sm.describe_trainig_job(TrainingJobName="j")\n`, 'SM401')).text.includes('sm.describe_training_job('));
  const camel = await fixOf(`${BOTO}sm.CreateAutoMLJobV2(**kw)\n`, 'SM401');
  assert.equal(camel.applicability, 'safe');
  assert.ok(camel.text.includes('sm.create_auto_ml_job_v2('));
});

test('a boto3 parameter typo, a snake_case parameter and a nested dict key get safe fixes', async () => {
  assert.ok((await fixOf(`${BOTO}sm.describe_training_job(TrainingJobname="j")\n`, 'SM402')).text.includes('(TrainingJobName="j")'));
  assert.ok((await fixOf(`${BOTO}sm.describe_training_job(training_job_name="j")\n`, 'SM402')).text.includes('(TrainingJobName="j")'));
  const nested = await fixOf(`${BOTO}sm.update_training_job(TrainingJobName="j", ResourceConfig={'KeepAlivePeriodInSecond': 60})\n`, 'SM402');
  assert.ok(nested.text.includes("{'KeepAlivePeriodInSeconds': 60}"));
});

test('enum values: a case slip is a safe fix, a near miss an unsafe one', async () => {
  assert.equal((await fixOf(`${BOTO}sm.list_training_jobs(SortOrder="descending")\n`, 'SM404')).applicability, 'safe');
  const near = await fixOf(`${BOTO}sm.list_training_jobs(StatusEquals="Complete")\n`, 'SM404');
  assert.equal(near.applicability, 'unsafe');
  assert.ok(near.text.includes('StatusEquals="Completed"'));
});

test('instance types: missing ml. and local-gpu are safe fixes; a near miss in the enum is unsafe', async () => {
  const prefix = await fixOf(`${EST}e = Estimator(image_uri="i", role="r", instance_count=1, instance_type="m5.xlarge")\n`, 'SM501');
  assert.equal(prefix.applicability, 'safe');
  assert.ok(prefix.text.includes('instance_type="ml.m5.xlarge"'));
  const local = await fixOf(`${EST}e = Estimator(image_uri="i", role="r", instance_count=1, instance_type="local-gpu")\n`, 'SM501');
  assert.ok(local.text.includes('instance_type="local_gpu"'));
  const near = await fixOf(`${EST}e = Estimator(image_uri="i", role="r", instance_count=1, instance_type="ml.m5.xlarg")\n`, 'SM502');
  assert.equal(near.applicability, 'unsafe');
  assert.match(near.message, /TrainingInstanceType/);
  assert.ok(near.text.includes('instance_type="ml.m5.xlarge"'));
  const boto = await fixOf(`${BOTO}sm.create_endpoint_config(EndpointConfigName="c", ProductionVariants=[{"VariantName": "v", "InstanceType": "m5.large"}])\n`, 'SM501');
  assert.ok(boto.text.includes('"InstanceType": "ml.m5.large"'));
});

test('a named literal is reported where it is used, without a fix', async () => {
  const findings = (await analyzeText(`${EST}t = "m5.xlarge"\ne = Estimator(image_uri="i", role="r", instance_count=1, instance_type=t)\n`)).findings.filter((f) => f.code === 'SM501');
  assert.equal(findings.length, 1);
  assert.equal(findings[0].fix, undefined);
});
