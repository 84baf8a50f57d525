import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketProblem, judgeS3, parseHttpsS3 } from '../../server/src/rules/inputs/s3';
import { analyzeText } from '../helpers/python';

test('bucket naming rules', () => {
  for (const ok of ['abc', 'my-bucket', 'my.bucket.v2', 'a'.repeat(63), '123bucket']) assert.equal(bucketProblem(ok), undefined, ok);
  for (const bad of ['ab', 'a'.repeat(64), 'My-Bucket', 'my_bucket', '-bucket', 'bucket-', 'my..bucket', '192.168.1.1']) assert.ok(bucketProblem(bad), bad);
});

test('S3 URI verdicts', () => {
  assert.equal(judgeS3('s3://my-bucket/key').kind, 'ok');
  assert.equal(judgeS3('s3://my-bucket').kind, 'ok');
  assert.equal(judgeS3('s3://{}/x').kind, 'ok');
  assert.equal(judgeS3('/opt/ml/processing/x').kind, 'ok');
  assert.equal(judgeS3('s3:/my-bucket/key').kind, 'malformed');
  assert.equal(judgeS3('S3://my-bucket/key').kind, 'malformed');
  assert.equal(judgeS3('s3:///key').kind, 'malformed');
  assert.equal(judgeS3('https://example.com/a').kind, 'ok');
});

test('https S3 URLs, virtual-hosted and path style', () => {
  assert.deepEqual(parseHttpsS3('https://my-bucket.s3.amazonaws.com/a/b.csv'), { bucket: 'my-bucket', key: 'a/b.csv' });
  assert.deepEqual(parseHttpsS3('https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b'), { bucket: 'my-bucket', key: 'a b' });
  assert.deepEqual(parseHttpsS3('https://my.bucket.s3-us-west-2.amazonaws.com/k'), { bucket: 'my.bucket', key: 'k' });
  assert.deepEqual(parseHttpsS3('https://s3.us-east-1.amazonaws.com/my-bucket/k/x'), { bucket: 'my-bucket', key: 'k/x' });
  assert.equal(parseHttpsS3('https://example.com/my-bucket/k'), undefined);
  assert.equal(parseHttpsS3('https://s3.amazonaws.com/'), undefined);
});

test('the https fix is safe and the container-path fix unsafe', async () => {
  const text = 'from sagemaker.processing import ProcessingInput\nx = ProcessingInput(source="https://b-1.s3.amazonaws.com/k", destination="/tmp/k")\n';
  const findings = (await analyzeText(text)).findings;
  assert.deepEqual(findings.map((f) => [f.code, f.fix?.applicability]), [['SM518', 'safe'], ['SM510', 'unsafe']]);
});

test('v3 ProcessingInput shapes are not judged as v2 ProcessingInput', async () => {
  const text = 'from sagemaker.core.shapes import ProcessingInput, ProcessingS3Input\nx = ProcessingInput(input_name="raw", s3_input=ProcessingS3Input(s3_uri="s3://b-1/k", local_path="/opt/ml/processing/raw", s3_data_type="S3Prefix", s3_input_mode="File"))\n';
  assert.deepEqual((await analyzeText(text)).findings.map((f) => f.code), []);
});

test('hover on AthenaDatasetDefinition / DatasetDefinition shows the ways to read Athena and Feature Store, with an example', async () => {
  const { hoverAt } = await import('../../server/src/features/hover');
  const text = 'from sagemaker.dataset_definition.inputs import AthenaDatasetDefinition, DatasetDefinition\nd = DatasetDefinition(athena_dataset_definition=AthenaDatasetDefinition(catalog="AwsDataCatalog"))\n';
  const analysis = await analyzeText(text);
  const athena = hoverAt(analysis, text.indexOf('AthenaDatasetDefinition(') + 2);
  assert.ok(athena);
  assert.match(athena.markdown, /PARQUET`, `ORC`, `AVRO`, `JSON`, `TEXTFILE/);
  assert.match(athena.markdown, /athena_query\(\)/);
  assert.match(athena.markdown, /feature_store_output=FeatureStoreOutput/);
  const dataset = hoverAt(analysis, text.indexOf('DatasetDefinition(') + 2);
  assert.match(dataset!.markdown, /local_path/);
  // The example in the hover triggers no finding.
  const example = /```python\n(from sagemaker[\s\S]*?)```/.exec(athena.markdown)![1];
  assert.deepEqual((await analyzeText(example)).findings.map((f) => f.code), []);
});

test('SM526: the app_managed fix is unsafe and its message leads with the problem and the fix, then says the script must write the records', async () => {
  const text = 'from sagemaker.processing import FeatureStoreOutput, ProcessingOutput\nx = ProcessingOutput(output_name="c", feature_store_output=FeatureStoreOutput(feature_group_name="c-fg"))\n';
  const findings = (await analyzeText(text)).findings;
  assert.deepEqual(findings.map((f) => [f.code, f.fix?.applicability, f.fix?.title]), [['SM526', 'unsafe', 'Add app_managed=True']]);
  const message = findings[0].message;
  assert.match(message, /^A FeatureStoreOutput needs app_managed=True: add it to this ProcessingOutput\. /);
  assert.ok(message.indexOf('.') <= 100, 'the first sentence is short');
  assert.match(message, /"only when AppManaged is specified"/);
  assert.match(message, /the SDK's default, which it always sends/);
  assert.match(message, /your script must do that/);
});
