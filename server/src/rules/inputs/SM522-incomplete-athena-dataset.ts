import { childByField } from '../../parse/syntaxNode';
import { Rule } from '../types';
import { hasSplatArgs } from './common';
import { ATHENA_PATHS } from './enums';

/** botocore AthenaDatasetDefinition required members, as v2 keyword names (v2 dataset_definition/inputs.py L81-91 order). */
const REQUIRED: readonly [keyword: string, position: number][] = [['catalog', 0], ['database', 1], ['query_string', 2], ['output_s3_uri', 3], ['output_format', 6]];

export const incompleteAthenaDataset: Rule = {
  code: 'SM522',
  name: 'incomplete-athena-dataset',
  defaultSeverity: 'error',
  summary: 'AthenaDatasetDefinition without catalog, database, query_string, output_s3_uri or output_format',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const callee = childByField(node, 'function');
    const value = callee ? model.valueOf(callee) : undefined;
    if (value?.kind !== 'path' || !ATHENA_PATHS.has(value.path) || hasSplatArgs(node)) return;
    // v3's pydantic shape requires these fields itself: SM803 reports them (ValidationError), once.
    if (value.path.startsWith('sagemaker.core.')) return;
    const missing = REQUIRED.filter(([keyword, position]) => !model.argument(node, keyword, position)).map(([keyword]) => keyword);
    if (!missing.length) return;
    context.report({
      node: callee!,
      message: `This AthenaDatasetDefinition has no ${missing.map((m) => `\`${m}\``).join(', ')}. The API requires Catalog, Database, QueryString, OutputS3Uri and OutputFormat (PARQUET, ORC, AVRO, JSON or TEXTFILE); the v2 SDK leaves out what is None, and the processing job is rejected. Add ${missing.map((m) => `${m}=...`).join(', ')}.`,
    });
  },
  doc: {
    what: 'Fires on an `AthenaDatasetDefinition(...)` call that does not pass every field the API requires: `catalog`, `database`, `query_string`, `output_s3_uri` and `output_format`.',
    why: 'In v2 every parameter defaults to `None`, so the SDK builds the request without complaint and `CreateProcessingJob` fails with a `ValidationException` when the processing job (or the pipeline step) starts. botocore marks `Catalog`, `Database`, `QueryString`, `OutputS3Uri` and `OutputFormat` required.',
    example: [
      "from sagemaker.dataset_definition.inputs import AthenaDatasetDefinition",
      "",
      "athena = AthenaDatasetDefinition(database=\"sagemaker_featurestore\", query_string=\"SELECT * FROM t\", output_s3_uri=\"s3://my-bucket/athena/\")",
    ].join('\n'),
    useInstead: [
      "from sagemaker.dataset_definition.inputs import AthenaDatasetDefinition",
      "",
      "athena = AthenaDatasetDefinition(catalog=\"AwsDataCatalog\", database=\"sagemaker_featurestore\", query_string=\"SELECT * FROM t\", output_s3_uri=\"s3://my-bucket/athena/\", output_format=\"PARQUET\")",
    ].join('\n'),
    fixSafety: 'No fix: the values are the user\'s.',
    sdkVersions: 'sagemaker v2 (`sagemaker.dataset_definition`). In v3 (`sagemaker.core.shapes.AthenaDatasetDefinition`) the pydantic shape requires the same fields, and SM803 reports them.',
    references: ['v2.257.6 src/sagemaker/dataset_definition/inputs.py L75-121', 'botocore sagemaker AthenaDatasetDefinition (required members)'],
  },
};
