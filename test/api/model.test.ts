import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { apiModel, modelLoadMs, pythonTypeText } from '../../server/src/api/model';

declare const SAGELINT_ROOT: string;

test('the committed model data is what `npm run gen:model` writes from the pinned packages (deterministic)', () => {
  // --check regenerates both files in memory and compares them with the committed ones (it throws when they differ).
  execFileSync(process.execPath, [path.join(SAGELINT_ROOT, 'scripts/gen-model.mjs'), '--check'], { stdio: 'pipe' });
});

test('the data names the pinned package versions', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(SAGELINT_ROOT, 'package.json'), 'utf8'));
  const sm = apiModel('sagemaker')!;
  const rt = apiModel('sagemaker-runtime')!;
  assert.equal(sm.source, `@aws-sdk/client-sagemaker@${pkg.devDependencies['@aws-sdk/client-sagemaker']}`);
  assert.equal(rt.source, `@aws-sdk/client-sagemaker-runtime@${pkg.devDependencies['@aws-sdk/client-sagemaker-runtime']}`);
});

test('the sagemaker model is small and records its load time (the bench reports it)', () => {
  const size = fs.statSync(path.join(SAGELINT_ROOT, 'server/src/api/data/sagemaker.json')).size;
  assert.ok(size < 1_500_000, `sagemaker.json is ${size} bytes`);
  apiModel('sagemaker');
  assert.ok(Number.isFinite(modelLoadMs('sagemaker')), 'load time recorded');
});

test('operations: boto3 names, input members with types and required flags, output shapes, docs', () => {
  const sm = apiModel('sagemaker')!;
  const op = sm.operationByPython('create_training_job')!;
  assert.equal(op.name, 'CreateTrainingJob');
  assert.match(op.doc, /training job/);
  const input = op.input!;
  assert.equal(input.members.get('TrainingJobName')!.required, true);
  assert.equal(input.members.get('HyperParameters')!.required, false);
  assert.equal(pythonTypeText(input.members.get('HyperParameters')!.type), 'dict[str, str]');
  assert.equal(input.members.get('ResourceConfig')!.type.kind, 'structure');
  assert.equal(input.members.get('InputDataConfig')!.typeText, 'Channel[]');
  const instanceType = sm.shape('ResourceConfig')!.members.get('InstanceType')!;
  assert.equal(instanceType.type.kind, 'enum');
  assert.ok(sm.enumValues('TrainingInstanceType')!.includes('ml.m5.xlarge'));
  assert.equal(op.output!.name, 'CreateTrainingJobResponse');
  // Idempotency tokens are filled in by boto3, so they are not required.
  assert.equal(sm.operationByPython('create_pipeline')!.input!.members.get('ClientRequestToken')!.required, false);
  for (const name of ['describe_hyper_parameter_tuning_job', 'list_training_jobs_for_hyper_parameter_tuning_job', 'create_auto_ml_job_v2', 'list_mlflow_tracking_servers', 'create_presigned_mlflow_tracking_server_url', 'describe_feature_group', 'batch_describe_model_package']) {
    assert.ok(sm.operationByPython(name), name);
  }
  assert.ok(sm.pythonNames.length > 390);
  const rt = apiModel('sagemaker-runtime')!;
  assert.deepEqual(rt.pythonNames, ['invoke_endpoint', 'invoke_endpoint_async', 'invoke_endpoint_with_response_stream']);
  assert.equal(rt.operationByPython('invoke_endpoint')!.input!.members.get('Body')!.typeText, 'blob');
  assert.equal(apiModel('s3'), undefined);
});

test('step property shapes: lists, maps, unions and numeric enums are typed', () => {
  const sm = apiModel('sagemaker')!;
  const processing = sm.shape('DescribeProcessingJobResponse')!;
  assert.equal(processing.members.get('ProcessingOutputConfig')!.type.kind, 'structure');
  assert.equal(sm.shape('ProcessingOutputConfig')!.members.get('Outputs')!.typeText, 'ProcessingOutput[]');
  assert.equal(sm.shape('DescribeTrainingJobResponse')!.members.get('ModelArtifacts')!.typeText, 'ModelArtifacts');
  assert.equal(sm.shape('MetricsConfig')!.members.get('MetricPublishFrequencyInSeconds')!.typeText, 'number');
  assert.equal(sm.shape('AIAdapterSource')!.kind, 'union');
});

test("names of Object.prototype's members are not operations, enums or types (the tables are plain objects)", () => {
  const sm = apiModel('sagemaker')!;
  for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
    assert.equal(sm.operation(name), undefined, name);
    assert.equal(sm.enumValues(name), undefined, name);
    assert.deepEqual(sm.type(name), { kind: 'primitive', name: 'any' }, name);
  }
});
