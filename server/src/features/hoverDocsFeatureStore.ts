/**
 * Curated notes for Feature Store and dataset-definition symbols, added under the signature hover
 * (hoverSdk.ts): what runs where (in your Python process, in the processing job, when the pipeline runs)
 * and how a pipeline step reads a feature group's offline store. Every statement names its source:
 *
 * - v2: sagemaker-python-sdk v2.257.6 src/sagemaker/feature_store/feature_group.py (FeatureGroup,
 *   IngestionManagerPandas, AthenaQuery), src/sagemaker/processing.py (FeatureStoreOutput,
 *   ProcessingOutput), src/sagemaker/dataset_definition/inputs.py, doc/amazon_sagemaker_featurestore.rst.
 * - v3 (a24812666d): sagemaker-mlops/src/sagemaker/mlops/feature_store/{__init__,feature_utils,
 *   ingestion_manager_pandas}.py; sagemaker-core shapes.
 * - botocore: sagemaker service-2.json (ProcessingOutput, ProcessingFeatureStoreOutput,
 *   RedshiftDatasetDefinition, DatasetDefinition), sagemaker-featurestore-runtime service-2.json (PutRecord).
 */

const V2_GROUP = 'sagemaker.feature_store.feature_group.FeatureGroup';
const V2_SOURCE = 'Source: SageMaker Python SDK v2.257.6 `src/sagemaker/feature_store/feature_group.py`.';
const V3_UTILS_SOURCE = 'Source: SageMaker Python SDK v3 `sagemaker-mlops/src/sagemaker/mlops/feature_store/feature_utils.py`.';

/** How a pipeline step reads the offline store: shared by the FeatureGroup and query notes. */
const OFFLINE_STORE_IN_A_STEP = [
  '**In a pipeline step**, nothing of this runs, and no input reads a feature group directly (a processing input is an `S3Input` or a `DatasetDefinition`: botocore ProcessingInput). Read the offline store (the Glue table in `describe()["OfflineStoreConfig"]["DataCatalogConfig"]`, which `athena_query()` uses) in the job instead:',
  '`ProcessingInput(input_name=..., dataset_definition=DatasetDefinition(local_path="/opt/ml/processing/...", athena_dataset_definition=AthenaDatasetDefinition(catalog=..., database=..., query_string=..., output_s3_uri=..., output_format="PARQUET")))`',
  '(the query runs when the processing job starts; hover `AthenaDatasetDefinition` for a full example), or query Athena from the processing script itself.',
].join(' ');

const NOTES: Record<string, string> = {
  [V2_GROUP]: [
    '**Runs in your Python process.** The methods that call AWS do so the moment you call them: `create()` (CreateFeatureGroup), `describe()`, `ingest()` (PutRecord per row), `athena_query()` (DescribeFeatureGroup, then Athena). None of them is a pipeline step, and none is deferred by a `PipelineSession` (the session calls the client directly).',
    '',
    '`create()` returns while the group is still `Creating`: wait for `describe()["FeatureGroupStatus"] == "Created"` before `ingest()` (SDK doc `doc/amazon_sagemaker_featurestore.rst`).',
    '',
    OFFLINE_STORE_IN_A_STEP,
    '',
    V2_SOURCE,
  ].join('\n'),
  [`${V2_GROUP}.ingest`]: [
    '**Runs in your Python process**, not in a job and not when a pipeline runs. It first calls `describe()`, then sends one `PutRecord` request per DataFrame row through the `sagemaker-featurestore-runtime` client: `max_processes` processes (a pathos `ProcessingPool`), each with `max_workers` threads. With the defaults (1 and 1) every row is sent one after another from this process.',
    '',
    '`wait=True` (default) blocks until all rows are sent and raises `IngestionError` with the indices of the rows that failed (each failure is only logged while it happens). With `wait=False` call `.wait()` on the returned `IngestionManagerPandas`.',
    '',
    'PutRecord writes a record to the online and offline stores only if its event time is newer than the stored one; otherwise only to the offline store (botocore `sagemaker-featurestore-runtime` PutRecord).',
    '',
    'To ingest inside a pipeline, call it from the processing job\'s own script.',
    '',
    V2_SOURCE,
  ].join('\n'),
  [`${V2_GROUP}.athena_query`]: [
    '**Runs in your Python process.** It calls `describe()` now and returns an `AthenaQuery(catalog, database, table_name)` for the group\'s offline store; `query.run(query_string, output_location)` then starts an Athena query from this process, `query.wait()` polls it, `query.as_dataframe()` downloads the CSV result. Nothing of it is a pipeline step.',
    '',
    'A group without an offline store fails here with `AttributeError` (the code reads `describe()["OfflineStoreConfig"]` before checking it).',
    '',
    OFFLINE_STORE_IN_A_STEP,
    '',
    V2_SOURCE,
  ].join('\n'),
  [`${V2_GROUP}.load_feature_definitions`]: [
    '**Runs in your Python process and calls no AWS API**: it only sets `feature_definitions` on this object from the DataFrame\'s dtypes (int* → Integral, float* → Fractional, `object`/`string` → String). Any other dtype (`bool`, `datetime64`, `category`) raises `ValueError("Failed to infer Feature type ...")`: cast those columns first.',
    '',
    'The group exists only after `create(...)`, which sends these definitions.',
    '',
    V2_SOURCE,
  ].join('\n'),
  [`${V2_GROUP}.create`]: [
    '**Runs in your Python process**: calls CreateFeatureGroup now with the `feature_definitions` set on this object (for example by `load_feature_definitions()`), not when a pipeline runs. It raises `ValueError("An AWS IAM role is required ...")` when `role_arn` is missing and not in the SageMaker config. `s3_uri=False` creates no offline store (then `athena_query()` cannot work).',
    '',
    'It returns while the group is `Creating`: wait for `describe()["FeatureGroupStatus"] == "Created"` before `ingest()` (SDK doc `doc/amazon_sagemaker_featurestore.rst`).',
    '',
    V2_SOURCE,
  ].join('\n'),
  'sagemaker.processing.FeatureStoreOutput': [
    '**Writes nothing by itself.** It names the feature group of a processing output: `ProcessingOutput(output_name=..., feature_store_output=FeatureStoreOutput(feature_group_name=...), app_managed=True)`. The API accepts this output type only with `AppManaged` set (SM526 reports `app_managed` left out or False), and "your processing script is responsible for putting records into your Feature Store" (botocore sagemaker ProcessingOutput, ProcessingFeatureStoreOutput): the script calls PutRecord when the job runs.',
    '',
    'Source: v2.257.6 `src/sagemaker/processing.py` (`FeatureStoreOutput`, `ProcessingOutput(app_managed=False, feature_store_output=None)`).',
  ].join('\n'),
  'sagemaker.dataset_definition.inputs.RedshiftDatasetDefinition': [
    '**Runs when the processing job starts**: SageMaker runs `query_string` on the Redshift cluster, writes the result to `output_s3_uri` and copies it to the `DatasetDefinition`\'s `local_path`. The API requires `cluster_id`, `database`, `db_user`, `query_string`, `cluster_role_arn` (the role attached to the cluster that SageMaker uses), `output_s3_uri` and `output_format`; the v2 SDK defaults each to `None`, so a missing one fails only when the job starts (botocore sagemaker RedshiftDatasetDefinition).',
    '',
    'Use it as `ProcessingInput(input_name=..., dataset_definition=DatasetDefinition(local_path="/opt/ml/processing/...", redshift_dataset_definition=...))`, with no `source`/`destination`.',
    '',
    'Source: v2.257.6 `src/sagemaker/dataset_definition/inputs.py`.',
  ].join('\n'),
};

const V3_SHAPE_NOTES: Record<string, string> = {
  ProcessingFeatureStoreOutput: [
    '**Writes nothing by itself.** The API accepts this output type only with `AppManaged` set (SM526 reports `app_managed` left out or False), and "your processing script is responsible for putting records into your Feature Store" (botocore sagemaker ProcessingOutput, ProcessingFeatureStoreOutput).',
  ].join('\n'),
  RedshiftDatasetDefinition: [
    '**Runs when the processing job starts**: SageMaker runs `query_string` on the cluster and copies the result to the `DatasetDefinition`\'s `local_path`. The API requires `cluster_id`, `database`, `db_user`, `query_string`, `cluster_role_arn`, `output_s3_uri` and `output_format` (botocore sagemaker RedshiftDatasetDefinition).',
  ].join('\n'),
  AthenaDatasetDefinition: [
    '**Runs when the processing job starts**: SageMaker runs the Athena query and copies the result to the `DatasetDefinition`\'s `local_path`. A feature group\'s offline store is a Glue table (unless created with `DisableGlueTableCreation`: botocore OfflineStoreConfig) you can query here. The API requires `catalog`, `database`, `query_string`, `output_s3_uri` and `output_format` (botocore sagemaker AthenaDatasetDefinition).',
  ].join('\n'),
  DatasetDefinition: [
    '**Runs when the processing job starts**: the Athena or Redshift query (exactly one of them) runs and its result is copied to `local_path` in the container. This is how a pipeline step reads a feature group\'s offline store (botocore sagemaker DatasetDefinition).',
  ].join('\n'),
};

const V3_FUNCTION_NOTES: Record<string, string> = {
  'sagemaker.mlops.feature_store.feature_utils.ingest_dataframe': [
    '**Runs in your Python process**, not in a job and not when a pipeline runs: it reads the group (`FeatureGroup.get`), then writes the rows from `max_processes` processes (`multiprocessing.Pool`) with `max_workers` threads each, one PutRecord per row (or BatchWriteRecord with `use_batch_write_record=True`). To ingest inside a pipeline, call it from the processing job\'s script.',
    '',
    V3_UTILS_SOURCE,
  ].join('\n'),
  'sagemaker.mlops.feature_store.feature_utils.create_athena_query': [
    '**Runs in your Python process**: reads the group now and returns an `AthenaQuery` whose `run()` starts an Athena query from this process; it raises `RuntimeError("No metastore is configured ...")` for a group without an offline store catalog. In a pipeline step, read the offline store with a `DatasetDefinition` + `AthenaDatasetDefinition` processing input instead.',
    '',
    V3_UTILS_SOURCE,
  ].join('\n'),
  'sagemaker.mlops.feature_store.feature_utils.load_feature_definitions_from_dataframe': [
    '**Runs in your Python process and calls no AWS API**: int dtypes → Integral, float → Fractional, every other dtype → String (unlike v2, which raises `ValueError` for them).',
    '',
    V3_UTILS_SOURCE,
  ].join('\n'),
};

/** v3's FeatureGroup is sagemaker-core's resource class, re-exported by sagemaker.mlops.feature_store. */
V3_FUNCTION_NOTES['sagemaker.core.resources.FeatureGroup'] = [
  '**v3: a sagemaker-core resource, not v2\'s wrapper.** It has no `ingest()` or `athena_query()`: `FeatureGroup.create(...)` and `FeatureGroup.get(feature_group_name=...)` call the API from your Python process, `ingest_dataframe(...)` and `create_athena_query(...)` (from `sagemaker.mlops.feature_store`) do the v2 methods\' work, also in your process.',
  '',
  OFFLINE_STORE_IN_A_STEP,
  '',
  'Source: SageMaker Python SDK v3 `sagemaker-mlops/src/sagemaker/mlops/feature_store/MIGRATION_GUIDE.md`, `__init__.py`, `feature_utils.py`.',
].join('\n');

const V3_SHAPE_PREFIX = 'sagemaker.core.shapes.shapes.';

/**
 * The curated note for an SDK class (constructor or class hover) or one of its methods, by the qualified
 * name the signature model gives it; undefined when there is none.
 */
export function featureStoreNote(qualifiedName: string, method?: string): string | undefined {
  if (method) return NOTES[`${qualifiedName}.${method}`];
  const note = NOTES[qualifiedName] ?? V3_FUNCTION_NOTES[qualifiedName];
  if (note) return note;
  if (qualifiedName.startsWith(V3_SHAPE_PREFIX)) {
    const shape = V3_SHAPE_NOTES[qualifiedName.slice(V3_SHAPE_PREFIX.length)];
    return shape ? `${shape}\n\nSource: sagemaker-core \`shapes\` (v3 a24812666d) and the API shape it mirrors.` : undefined;
  }
  return undefined;
}
