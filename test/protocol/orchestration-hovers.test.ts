/**
 * Hovers on Feature Store and dataset-definition symbols (what runs in your Python process, in the job,
 * when the pipeline runs) and on AWS Step Functions orchestration (the Step Functions Data Science SDK,
 * boto3's stepfunctions client), through the built server over stdio. Facts: SageMaker SDK v2.257.6
 * src/sagemaker/feature_store/feature_group.py, v3 sagemaker-mlops feature_store/feature_utils.py,
 * stepfunctions v2.3.0 src/stepfunctions/steps/sagemaker.py, workflow/stepfunctions.py; botocore.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { ProtocolClient, docUri, positionAt } from './client';

let client: ProtocolClient;
before(async () => {
  client = await ProtocolClient.start();
});
after(async () => {
  await client?.dispose();
});

/** Opens `text`, returns the hover text at the first character after the n-th occurrence of `needle` (or null). */
async function hoversIn(text: string, name: string, needles: readonly (readonly [string, number?])[]): Promise<string[]> {
  const uri = docUri(name);
  await client.open(uri, text);
  try {
    const results: string[] = [];
    for (const [needle, occurrence = 0] of needles) {
      let index = -1;
      for (let i = 0; i <= occurrence; i++) index = text.indexOf(needle, index + 1);
      assert.ok(index >= 0, `${needle} is in the sample`);
      const hover = await client.hover(uri, positionAt(text, index + 1));
      assert.ok(hover, `a hover on ${needle}`);
      results.push((hover.contents as MarkupContent).value);
    }
    return results;
  } finally {
    await client.close(uri);
  }
}

const FEATURE_GROUP_V2 = [
  'import pandas as pd',
  'from sagemaker.session import Session',
  'from sagemaker.feature_store.feature_group import FeatureGroup',
  'df = pd.read_csv("data.csv")',
  'fg = FeatureGroup(name="customers", sagemaker_session=Session())',
  'fg.load_feature_definitions(data_frame=df)',
  'fg.create(s3_uri="s3://bucket/offline", record_identifier_name="id", event_time_feature_name="ts", role_arn="arn:aws:iam::111122223333:role/R")',
  'fg.ingest(data_frame=df, max_workers=3, wait=True)',
  'query = fg.athena_query()',
  '',
].join('\n');

test('hover on FeatureGroup and its ingest, athena_query, load_feature_definitions and create: signature, then what runs where', async () => {
  const [cls, load, create, ingest, athena] = await hoversIn(FEATURE_GROUP_V2, 'feature-group', [
    ['FeatureGroup(name'],
    ['load_feature_definitions('],
    ['create('],
    ['ingest('],
    ['athena_query('],
  ]);
  assert.deepEqual([cls, load, create, ingest, athena].map((h) => h !== null), [true, true, true, true, true], 'every one has a hover');
  assert.match(cls, /```python\nclass FeatureGroup\(/, 'the generated signature comes first');
  assert.match(cls, /\*\*Runs in your Python process\.\*\*/);
  assert.match(cls, /no input reads a feature group directly/);
  assert.match(cls, /AthenaDatasetDefinition/, 'how a step reads the offline store');
  assert.match(ingest, /```python\ndef ingest\(/);
  assert.match(ingest, /one `PutRecord` request per DataFrame row/);
  assert.match(ingest, /`max_processes` processes \(a pathos `ProcessingPool`\), each with `max_workers` threads/);
  assert.match(ingest, /IngestionError/);
  assert.match(ingest, /feature_group\.py/, 'names its source');
  assert.match(athena, /starts an Athena query from this process/);
  assert.match(athena, /AttributeError/);
  assert.match(athena, /In a pipeline step/);
  assert.match(load, /calls no AWS API/);
  assert.match(load, /Failed to infer Feature type/);
  assert.match(create, /CreateFeatureGroup/);
  assert.match(create, /FeatureGroupStatus/);
});

test('hover on FeatureStoreOutput and RedshiftDatasetDefinition (v2) and their v3 shapes; on v3 ingest_dataframe', async () => {
  const v2 = [
    'from sagemaker.processing import ProcessingOutput, FeatureStoreOutput',
    'from sagemaker.dataset_definition.inputs import DatasetDefinition, RedshiftDatasetDefinition',
    'out = ProcessingOutput(output_name="fs", app_managed=True, feature_store_output=FeatureStoreOutput(feature_group_name="customers"))',
    'ds = DatasetDefinition(local_path="/opt/ml/processing/rs", redshift_dataset_definition=RedshiftDatasetDefinition(cluster_id="c", database="d", db_user="u", query_string="select 1", cluster_role_arn="arn:aws:iam::111122223333:role/R", output_s3_uri="s3://b/r/", output_format="PARQUET"))',
    '',
  ].join('\n');
  const [featureStoreOutput, redshift] = await hoversIn(v2, 'dataset-v2', [['FeatureStoreOutput(feature'], ['RedshiftDatasetDefinition(cluster']]);
  assert.match(featureStoreOutput ?? '', /```python\nclass FeatureStoreOutput\(/);
  assert.match(featureStoreOutput ?? '', /\*\*Writes nothing by itself\.\*\*/);
  assert.match(featureStoreOutput ?? '', /only with `AppManaged` set \(SM526 reports `app_managed` left out or False\)/);
  assert.match(featureStoreOutput ?? '', /your processing script is responsible for putting records/);
  assert.match(redshift ?? '', /```python\nclass RedshiftDatasetDefinition\(/);
  assert.match(redshift ?? '', /Runs when the processing job starts/);
  assert.match(redshift ?? '', /`cluster_role_arn`/);

  const v3 = [
    'from sagemaker.core.shapes import ProcessingFeatureStoreOutput, RedshiftDatasetDefinition, AthenaDatasetDefinition',
    'from sagemaker.mlops.feature_store import FeatureGroup, ingest_dataframe, create_athena_query',
    'group = FeatureGroup.get(feature_group_name="customers")',
    'out = ProcessingFeatureStoreOutput(feature_group_name="customers")',
    'rs = RedshiftDatasetDefinition(cluster_id="c", database="d", db_user="u", query_string="q", cluster_role_arn="r", output_s3_uri="s3://b/", output_format="PARQUET")',
    'ingest_dataframe(feature_group_name="customers", data_frame=df)',
    'query = create_athena_query("customers", session)',
    '',
  ].join('\n');
  const [v3Group, shapeOutput, shapeRedshift, ingest, athena] = await hoversIn(v3, 'dataset-v3', [
    ['FeatureGroup.get'],
    ['ProcessingFeatureStoreOutput(feature'],
    ['RedshiftDatasetDefinition(cluster'],
    ['ingest_dataframe(feature'],
    ['create_athena_query("'],
  ]);
  assert.match(v3Group ?? '', /sagemaker-core resource, not v2's wrapper/);
  assert.match(v3Group ?? '', /no `ingest\(\)` or `athena_query\(\)`/);
  assert.match(shapeOutput ?? '', /Writes nothing by itself/);
  assert.match(shapeRedshift ?? '', /Runs when the processing job starts/);
  assert.match(ingest ?? '', /```python\ndef ingest_dataframe\(/);
  assert.match(ingest ?? '', /Runs in your Python process/);
  assert.match(ingest ?? '', /multiprocessing\.Pool/);
  assert.match(athena ?? '', /RuntimeError\("No metastore is configured/);
});

const STEP_FUNCTIONS = [
  'import json',
  'import boto3',
  'import sagemaker',
  'from sagemaker.sklearn.estimator import SKLearn',
  'from sagemaker.sklearn.processing import SKLearnProcessor',
  'from sagemaker.transformer import Transformer',
  'from stepfunctions import steps',
  'from stepfunctions.steps import ProcessingStep, Chain',
  'from stepfunctions.workflow import Workflow',
  'est = SKLearn(entry_point="train.py", role="arn:aws:iam::111122223333:role/R", instance_type="ml.m5.xlarge", framework_version="1.2-1")',
  'proc = SKLearnProcessor(framework_version="1.2-1", role="arn:aws:iam::111122223333:role/R", instance_type="ml.m5.xlarge", instance_count=1)',
  'train = steps.TrainingStep("Train the model", estimator=est, job_name="job-1", data="s3://bucket/train")',
  'prep = ProcessingStep("Prepare", processor=proc, job_name="prep-1")',
  'batch = steps.TransformStep("Batch", transformer=Transformer(model_name="m", instance_count=1, instance_type="ml.m5.xlarge"), job_name="t-1", model_name="m", data="s3://bucket/batch")',
  'workflow = Workflow(name="ml-workflow", definition=Chain([prep, train, batch]), role="arn:aws:iam::111122223333:role/StepFunctionsRole")',
  'sfn = boto3.client("stepfunctions")',
  'sfn.start_execution(stateMachineArn="arn:aws:states:us-east-1:111122223333:stateMachine:ml", input=json.dumps({}))',
  '',
].join('\n');

test('hover on the Step Functions Data Science SDK steps and Workflow: not a pipeline step, the upload trap, the trade-offs with their sources', async () => {
  const [training, importedProcessing, processing, transform, workflow, startExecution] = await hoversIn(STEP_FUNCTIONS, 'step-functions', [
    ['TrainingStep('],
    ['ProcessingStep, Chain'],
    ['ProcessingStep("'],
    ['TransformStep('],
    ['Workflow(name'],
    ['start_execution('],
  ]);
  assert.ok(training && importedProcessing && processing && transform && workflow && startExecution, 'every one has a hover');
  assert.match(training, /\(class\) stepfunctions\.steps\.TrainingStep\(state_id, estimator, job_name/);
  assert.match(training, /\*\*not\*\* `sagemaker\.workflow\.steps`/);
  assert.match(training, /Your code is uploaded now, once/);
  assert.match(training, /role names are not expanded/);
  assert.match(training, /createTrainingJob\.sync/);
  for (const hover of [training, processing, transform, workflow, startExecution]) {
    assert.match(hover, /\*Lineage\*: .*\(AWS docs, "Lineage Tracking Entities"\)/);
    assert.match(hover, /\*Caching\*: .*AWS docs, "Caching pipeline steps"/, 'each trade-off names its source');
    assert.match(hover, /\*Graph\*: .*render_graph/);
    assert.match(hover, /\*Retries\*: .*add_retry\(Retry\(.*retry_policies=/);
  }
  assert.equal(importedProcessing, processing, 'the name in its import statement gets the same hover');
  assert.match(processing, /no `code=`, nothing uploaded/);
  assert.match(transform, /\(class\) stepfunctions\.steps\.TransformStep\(/);
  assert.match(workflow, /not a SageMaker pipeline/);
  assert.match(workflow, /update\(\)/);
  assert.match(startExecution, /Starts a Step Functions state machine execution/);
  assert.match(startExecution, /ExecutionAlreadyExists/);
  assert.match(startExecution, /StartPipelineExecution/);
  assert.match(startExecution, /"Not supported"/);
});

test('look-alikes keep their own hovers: sagemaker.workflow.steps.TrainingStep is not described as a Step Functions state', async () => {
  const text = [
    'from sagemaker.workflow.steps import TrainingStep',
    'from sagemaker.workflow.pipeline_context import PipelineSession',
    'step = TrainingStep(name="Train", step_args=None)',
    'sm = __import__("boto3").client("sagemaker")',
    '',
  ].join('\n');
  const [pipelineStep] = await hoversIn(text, 'look-alike', [['TrainingStep(name']]);
  assert.ok(pipelineStep);
  assert.doesNotMatch(pipelineStep, /Step Functions/);
  assert.match(pipelineStep, /step_args/);
});
