/**
 * Hovers for the dataset-definition classes of processing inputs: how to read an Athena table or a
 * Feature Store feature group in a processing step, with an example that works (v2.257.6
 * src/sagemaker/dataset_definition/inputs.py, feature_store/feature_group.py; botocore
 * AthenaDatasetDefinition; see /work/shared facts §7).
 */
import type { SdkEnvironment } from '../environment/types';
import { sdkOnlyBefore, sdkPinText } from '../environment/releaseWindow';
import { TYPE_ERROR_SINCE } from '../rules/pipeline-variables/oldReleases';

const FENCE = '```';

const ATHENA_EXAMPLE = [
  'from sagemaker.dataset_definition.inputs import AthenaDatasetDefinition, DatasetDefinition',
  'from sagemaker.processing import ProcessingInput',
  '',
  'features = ProcessingInput(',
  '    input_name="features",',
  '    dataset_definition=DatasetDefinition(',
  '        local_path="/opt/ml/processing/features",',
  '        data_distribution_type="FullyReplicated",',
  '        input_mode="File",',
  '        athena_dataset_definition=AthenaDatasetDefinition(',
  '            catalog="AwsDataCatalog",',
  '            database="sagemaker_featurestore",',
  '            query_string=\'SELECT * FROM "my_feature_group_1700000000"\',',
  '            output_s3_uri="s3://my-bucket/athena-results/",',
  '            output_format="PARQUET",',
  '        ),',
  '    ),',
  ')',
  '# processor.run(code="prep.py", inputs=[features], ...) under a PipelineSession',
].join('\n');

/** Replaced per module by what an f-string with a parameter does in its SDK (fStringOutcome). */
const FSTRING_OUTCOME = '\u0000fstring\u0000';

/**
 * What an f-string with a pipeline parameter does when the pipeline is defined: TypeError from v2.81.0 (and
 * when nothing is known); before, a ParameterString silently became its default value (oldReleases.ts).
 */
function fStringOutcome(environment: SdkEnvironment | undefined): string {
  const sdk = sdkOnlyBefore(environment, TYPE_ERROR_SINCE);
  return sdk && sdk.major === 2
    ? `(with ${sdkPinText(sdk)}, before v${TYPE_ERROR_SINCE}, the f-string silently bakes in the parameter's default value: every execution runs the same query)`
    : '(it raises TypeError when the pipeline is defined)';
}

const WAYS = [
  '**Reading an Athena table or a Feature Store feature group in a processing step**',
  '',
  '1. *Athena* — `ProcessingInput(dataset_definition=DatasetDefinition(athena_dataset_definition=AthenaDatasetDefinition(...)))`. The query runs when the job starts and its result is copied to `local_path` (under `/opt/ml/processing/`). A feature group\'s **offline store** is a Glue table: query it here (its name is in `FeatureGroup.describe()["OfflineStoreConfig"]["DataCatalogConfig"]`).',
  '2. *Feature Store, client side* — `FeatureGroup.athena_query()` returns an `AthenaQuery(catalog, database, table_name)` that runs **in your Python process** when you call `.run()`, not as a step; use its `database`/`table_name` to build the step\'s `AthenaDatasetDefinition` instead.',
  '3. *Writing to a feature group* — `ProcessingOutput(output_name=..., feature_store_output=FeatureStoreOutput(feature_group_name=...), app_managed=True)`; the API supports this output type "only when `AppManaged` is specified" (botocore; the SDK\'s own tests set `app_managed=True`, the Data Wrangler flow).',
  '4. *Feature processor* — `@feature_processor` with `FeatureGroupDataSource`/`CSVDataSource`/`ParquetDataSource` and `to_pipeline(...)` builds its own pipeline (`sagemaker.feature_store.feature_processor`).',
  '',
  'There is no step-input type that reads a feature group directly. To make the query depend on a pipeline parameter, build `query_string` with `Join(on="", values=[...])`, never an f-string ' + FSTRING_OUTCOME + '.',
].join('\n');

const DOCS: Record<string, string> = {
  AthenaDatasetDefinition: [
    `${FENCE}python\n(class) AthenaDatasetDefinition(catalog=None, database=None, query_string=None, output_s3_uri=None, work_group=None, kms_key_id=None, output_format=None, output_compression=None)\n${FENCE}`,
    '---',
    'An Athena query whose result becomes a processing input. The API **requires** `catalog`, `database`, `query_string` (1-4096 characters), `output_s3_uri` and `output_format` — one of `PARQUET`, `ORC`, `AVRO`, `JSON`, `TEXTFILE`; `output_compression` is `GZIP`, `SNAPPY` or `ZLIB`. The v2 SDK defaults them all to `None`, so a missing one fails only when the job starts.',
    '',
    WAYS,
    '',
    `${FENCE}python\n${ATHENA_EXAMPLE}\n${FENCE}`,
  ].join('\n'),
  DatasetDefinition: [
    `${FENCE}python\n(class) DatasetDefinition(data_distribution_type="ShardedByS3Key", input_mode="File", local_path=None, redshift_dataset_definition=None, athena_dataset_definition=None)\n${FENCE}`,
    '---',
    'A processing input produced by an Athena or Redshift query. Pass it as `ProcessingInput(input_name=..., dataset_definition=...)` with **no** `source`/`destination`; `local_path` (under `/opt/ml/processing/`) is where the query result appears in the container. `data_distribution_type` is `FullyReplicated` or `ShardedByS3Key` (the default: each instance gets a share); `input_mode` is `File` or `Pipe`.',
    '',
    WAYS,
    '',
    `${FENCE}python\n${ATHENA_EXAMPLE}\n${FENCE}`,
  ].join('\n'),
};

const PATHS: Record<string, string> = {
  'sagemaker.dataset_definition.inputs.AthenaDatasetDefinition': 'AthenaDatasetDefinition',
  'sagemaker.dataset_definition.AthenaDatasetDefinition': 'AthenaDatasetDefinition',
  'sagemaker.dataset_definition.inputs.DatasetDefinition': 'DatasetDefinition',
  'sagemaker.dataset_definition.DatasetDefinition': 'DatasetDefinition',
};

/** Markdown for a dataset-definition class at a fully qualified (v2) path; undefined for anything else. */
export function inputsClassHover(path: string, environment?: SdkEnvironment): string | undefined {
  const id = PATHS[path];
  return id ? DOCS[id]?.split(FSTRING_OUTCOME).join(fStringOutcome(environment)) : undefined;
}
