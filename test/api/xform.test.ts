import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { xformName } from '../../server/src/api/xform';

declare const SAGELINT_ROOT: string;

/**
 * Real boto3 method names: botocore 1.43.11's `xform_name` applied to every sagemaker and
 * sagemaker-runtime operation, plus operations of other services with acronyms (ec2, iam, s3, ...).
 */
const reference = JSON.parse(fs.readFileSync(path.join(SAGELINT_ROOT, 'test/api/fixtures/boto3-method-names.json'), 'utf8')) as Record<string, Record<string, string> | string>;

test('xform_name matches the documented SageMaker examples', () => {
  const examples: Record<string, string> = {
    CreateTrainingJob: 'create_training_job',
    DescribeHyperParameterTuningJob: 'describe_hyper_parameter_tuning_job',
    ListTrainingJobsForHyperParameterTuningJob: 'list_training_jobs_for_hyper_parameter_tuning_job',
    CreateAutoMLJobV2: 'create_auto_ml_job_v2',
    InvokeEndpoint: 'invoke_endpoint',
    ListMlflowTrackingServers: 'list_mlflow_tracking_servers',
    CreatePresignedMlflowTrackingServerUrl: 'create_presigned_mlflow_tracking_server_url',
    DescribeFeatureGroup: 'describe_feature_group',
    BatchDescribeModelPackage: 'batch_describe_model_package',
    ListWebACLs: 'list_web_acls',
    DescribeCachediSCSIVolumes: 'describe_cached_iscsi_volumes',
    create_training_job: 'create_training_job',
  };
  for (const [name, expected] of Object.entries(examples)) assert.equal(xformName(name), expected, name);
  assert.equal(xformName('ListWebACLs', '-'), 'list-web-acls');
});

test('xform_name matches botocore for every sagemaker and sagemaker-runtime operation and acronym-heavy names elsewhere', () => {
  let count = 0;
  for (const group of ['sagemaker', 'sagemaker-runtime', 'other']) {
    for (const [name, expected] of Object.entries(reference[group] as Record<string, string>)) {
      assert.equal(xformName(name), expected, name);
      count++;
    }
  }
  assert.ok(count > 500, `only ${count} reference names`);
});

test('the generator script uses the same xform_name', () => {
  const script = `import('${path.join(SAGELINT_ROOT, 'scripts/gen-model.mjs')}').then((m) => process.stdout.write(JSON.stringify(process.argv.slice(1).map(m.xformName))))`;
  const names = [...Object.keys(reference.sagemaker as Record<string, string>), ...Object.keys(reference.other as Record<string, string>)];
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script, ...names], { encoding: 'utf8' })) as string[];
  assert.deepEqual(out, names.map((n) => xformName(n)));
});
