import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt } from '../../server/src/features/hover';
import { analyzeText } from '../helpers/python';

/** Hover at the first occurrence of `word` after `after` in the text. */
async function hover(text: string, word: string, after = '') {
  const analysis = await analyzeText(text);
  const offset = text.indexOf(word, text.indexOf(after) + after.length) + 1;
  return hoverAt(analysis, offset);
}

const STEPS = 'from sagemaker.workflow.steps import ProcessingStep, TrainingStep\nstep = TrainingStep(name="T", step_args=args)\nproc = ProcessingStep(name="P", step_args=args)\n';

test('hover on a property member shows its type, owner and doc from the model', async () => {
  const h = await hover(`${STEPS}x = step.properties.ModelArtifacts.S3ModelArtifacts\n`, 'S3ModelArtifacts');
  assert.ok(h);
  assert.match(h.markdown, /\*\*S3ModelArtifacts\*\*: `str` \(required\)/);
  assert.match(h.markdown, /Member of `ModelArtifacts`/);
  assert.match(h.markdown, /model artifacts/i);
  const list = await hover(`${STEPS}x = proc.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri\n`, 'Outputs');
  assert.match(list!.markdown, /`list\[dict \(ProcessingOutput\)\]`/);
  const root = await hover(`${STEPS}x = step.properties.TrainingJobName\n`, 'properties', 'x = ');
  assert.match(root!.markdown, /DescribeTrainingJobResponse/);
});

test('hover on a boto3 method shows the operation doc and its required and optional parameters', async () => {
  const h = await hover('import boto3\nsm = boto3.client("sagemaker")\nsm.create_training_job(**request)\n', 'create_training_job');
  assert.ok(h);
  assert.match(h.markdown, /\*\*create_training_job\*\* — `CreateTrainingJob`/);
  assert.match(h.markdown, /\*\*Required parameters\*\*[\s\S]*`TrainingJobName`: `str`/);
  assert.match(h.markdown, /\*\*Optional parameters\*\*[\s\S]*`HyperParameters`: `dict\[str, str\]`/);
  const runtime = await hover('import boto3\nrt = boto3.client("sagemaker-runtime")\nrt.invoke_endpoint(EndpointName="e", Body=b"")\n', 'invoke_endpoint');
  assert.match(runtime!.markdown, /InvokeEndpoint/);
});

test('hover on a boto3 keyword argument shows the member', async () => {
  const h = await hover('import boto3\nsm = boto3.client("sagemaker")\nsm.list_training_jobs(SortOrder="Descending")\n', 'SortOrder');
  assert.match(h!.markdown, /\*\*SortOrder\*\*: `str \(SortOrder\)`/);
});

test('no API hover on unknown members or other clients', async () => {
  // An unknown member keeps the pipeline-variable hover.
  assert.doesNotMatch((await hover(`${STEPS}x = step.properties.Nope\n`, 'Nope'))!.markdown, /Member of/);
  assert.equal(await hover('import boto3\nimport sagemaker\ns3 = boto3.client("s3")\ns3.put_object(Bucket="b")\n', 'put_object'), undefined);
});

test('hover on LambdaStep/CallbackStep properties.Outputs: a plain dict of the declared outputs, not a pipeline variable', async () => {
  const lambda = 'from sagemaker.lambda_helper import Lambda\nfrom sagemaker.workflow.lambda_step import LambdaOutput, LambdaStep\nstep = LambdaStep(name="L", lambda_func=Lambda(function_arn=arn), outputs=[LambdaOutput(output_name="job_id")])\nx = step.properties.Outputs["job_id"]\n';
  const h = await hover(lambda, 'Outputs', 'x = ');
  assert.ok(h);
  assert.match(h.markdown, /Outputs: dict\[str, Properties\]/);
  assert.match(h.markdown, /not a pipeline variable/);
  assert.match(h.markdown, /`"job_id"`/);
  assert.doesNotMatch(h.markdown, /\(pipeline variable\)/);
  const root = await hover(lambda, 'properties', 'x = ');
  assert.match(root!.markdown, /built by the SDK, with `Outputs`/);
  assert.doesNotMatch(root!.markdown, /client-sagemaker/);
  const callback = await hover('from sagemaker.mlops.workflow import CallbackOutput, CallbackStep\nstep = CallbackStep(name="C", sqs_queue_url=url, inputs={}, outputs=[CallbackOutput(output_name="result")])\nx = step.properties.Outputs["result"]\n', 'Outputs', 'x = ');
  assert.match(callback!.markdown, /CallbackStep constructor/);
  assert.match(callback!.markdown, /`"result"`/);
});
