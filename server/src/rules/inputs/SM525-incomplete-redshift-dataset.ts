import { childByField, unparenthesize } from '../../parse/syntaxNode';
import { Rule } from '../types';
import { hasSplatArgs } from './common';

/**
 * v2 RedshiftDatasetDefinition import paths. v3's `sagemaker.core.shapes.RedshiftDatasetDefinition` is a
 * pydantic shape whose required fields SM803 reports (pydantic raises ValidationError there).
 */
const REDSHIFT_PATHS = new Set([
  'sagemaker.dataset_definition.inputs.RedshiftDatasetDefinition', 'sagemaker.dataset_definition.RedshiftDatasetDefinition',
  'sagemaker.wrangler.ingestion.RedshiftDatasetDefinition',
]);

/**
 * botocore RedshiftDatasetDefinition required members, as v2 keyword names and positions
 * (v2.257.6 dataset_definition/inputs.py L31-41 order: cluster_id, database, db_user, query_string,
 * cluster_role_arn, output_s3_uri, kms_key_id, output_format, output_compression).
 */
const REQUIRED: readonly [keyword: string, position: number][] = [
  ['cluster_id', 0], ['database', 1], ['db_user', 2], ['query_string', 3], ['cluster_role_arn', 4], ['output_s3_uri', 5], ['output_format', 7],
];

export const incompleteRedshiftDataset: Rule = {
  code: 'SM525',
  name: 'incomplete-redshift-dataset',
  defaultSeverity: 'error',
  summary: 'RedshiftDatasetDefinition without one of the members the API requires (cluster_id, database, db_user, ...)',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const callee = childByField(node, 'function');
    const value = callee ? model.valueOf(callee) : undefined;
    if (value?.kind !== 'path' || !REDSHIFT_PATHS.has(value.path) || hasSplatArgs(node)) return;
    const missing = REQUIRED.filter(([keyword, position]) => {
      const argument = model.argument(node, keyword, position);
      return !argument || unparenthesize(argument).type === 'none';
    }).map(([keyword]) => keyword);
    if (!missing.length) return;
    const list = missing.map((m) => `\`${m}\``).join(', ');
    context.report({
      node: callee!,
      message: `This RedshiftDatasetDefinition has no ${list}: add ${missing.map((m) => `${m}=...`).join(', ')}. The API requires ClusterId, Database, DbUser, QueryString, ClusterRoleArn, OutputS3Uri and OutputFormat (PARQUET or CSV); the v2 SDK leaves out what is None, so CreateProcessingJob fails (botocore's ParamValidationError, or the pipeline step when it runs).`,
    });
  },
  doc: {
    what: 'Fires on a v2 `RedshiftDatasetDefinition(...)` call that does not pass (or passes `None` for) a member the API requires: `cluster_id`, `database`, `db_user`, `query_string`, `cluster_role_arn`, `output_s3_uri` and `output_format`.',
    why: 'In v2 every parameter defaults to `None`, and `ApiObject.to_boto` strips members whose value is `None`, so the SDK builds the request without complaint. botocore marks `ClusterId`, `Database`, `DbUser`, `QueryString`, `ClusterRoleArn`, `OutputS3Uri` and `OutputFormat` required, so `processor.run()` fails in botocore\'s parameter validation (`Missing required parameter ...`), and a pipeline\'s processing step fails when it runs.',
    example: [
      'from sagemaker.dataset_definition.inputs import RedshiftDatasetDefinition',
      '',
      'redshift = RedshiftDatasetDefinition(cluster_id="analytics", database="dev", query_string="SELECT * FROM sales", output_s3_uri="s3://my-bucket/redshift/")',
    ].join('\n'),
    useInstead: [
      'from sagemaker.dataset_definition.inputs import RedshiftDatasetDefinition',
      '',
      'redshift = RedshiftDatasetDefinition(',
      '    cluster_id="analytics",',
      '    database="dev",',
      '    db_user="awsuser",',
      '    query_string="SELECT * FROM sales",',
      '    cluster_role_arn="arn:aws:iam::111122223333:role/RedshiftUnload",',
      '    output_s3_uri="s3://my-bucket/redshift/",',
      '    output_format="PARQUET",',
      ')',
    ].join('\n'),
    fixSafety: "No fix: the values are the user's.",
    sdkVersions: 'sagemaker v2 (`sagemaker.dataset_definition`). In v3 (`sagemaker.core.shapes.RedshiftDatasetDefinition`) the same fields are required by the pydantic shape, and SM803 reports them.',
    references: [
      'v2.257.6 src/sagemaker/dataset_definition/inputs.py L25-72 (every parameter defaults to None)',
      'v2.257.6 src/sagemaker/apiutils/_boto_functions.py L99-102 (to_boto strips members whose value is None)',
      'botocore sagemaker service-2.json RedshiftDatasetDefinition (required: ClusterId, Database, DbUser, QueryString, ClusterRoleArn, OutputS3Uri, OutputFormat), RedshiftResultFormat (PARQUET, CSV)',
    ],
  },
};
