import { childByField, unparenthesize } from '../../parse/syntaxNode';
import { Rule } from '../types';
import { firstReport, managedDatasetInput } from './common';

const REPORTED = {};

export const datasetDefinitionWithoutLocalPath: Rule = {
  code: 'SM524',
  name: 'dataset-definition-without-local-path',
  defaultSeverity: 'error',
  summary: 'A DatasetDefinition without local_path in a ProcessingInput that SageMaker manages (app_managed False)',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const found = managedDatasetInput(model, node);
    if (!found) return;
    // v2 DatasetDefinition(data_distribution_type, input_mode, local_path, ...); v3 takes keywords only.
    const localPath = model.argument(found.definition, 'local_path', found.v3 ? undefined : 2);
    if (localPath && unparenthesize(localPath).type !== 'none') return;
    if (!firstReport(model, REPORTED, found.definition)) return;
    const name = model.literalArgument(node, 'input_name', found.v3 ? undefined : 2);
    const suggested = name && /^[\w.-]+$/.test(name) ? `/opt/ml/processing/${name}` : '/opt/ml/processing/<name>';
    context.report({
      node: childByField(found.definition, 'function') ?? found.definition,
      message: `This DatasetDefinition has no local_path: add local_path="${suggested}". The API requires LocalPath when the ProcessingInput's app_managed is False (the default): it is where SageMaker puts the query results in the container, and CreateProcessingJob fails without it.`,
    });
  },
  doc: {
    what: 'Fires on a `DatasetDefinition(...)` (Athena or Redshift query input) without `local_path`, when it is the `dataset_definition` of a `ProcessingInput` whose `app_managed` is absent or `False`. The definition may be written inline or bound once to a name.',
    why: 'botocore documents `DatasetDefinition.LocalPath` as "the local path where you want Amazon SageMaker to download the Dataset Definition inputs to run a processing job ... This is a required parameter when `AppManaged` is `False` (default)". The v2 SDK defaults `local_path` to `None` and sends the request without it; v3\'s shape leaves it unassigned. Nothing complains until `CreateProcessingJob` (or the pipeline step) runs.',
    example: [
      'from sagemaker.dataset_definition.inputs import AthenaDatasetDefinition, DatasetDefinition',
      'from sagemaker.processing import ProcessingInput',
      '',
      'features = ProcessingInput(',
      '    input_name="features",',
      '    dataset_definition=DatasetDefinition(athena_dataset_definition=athena),',
      ')',
    ].join('\n'),
    useInstead: [
      'from sagemaker.dataset_definition.inputs import AthenaDatasetDefinition, DatasetDefinition',
      'from sagemaker.processing import ProcessingInput',
      '',
      'features = ProcessingInput(',
      '    input_name="features",',
      '    dataset_definition=DatasetDefinition(local_path="/opt/ml/processing/features", athena_dataset_definition=athena),',
      ')',
    ].join('\n'),
    fixSafety: 'No fix: the path is where the processing script reads the data, which only you know.',
    sdkVersions: 'sagemaker v2 (`sagemaker.dataset_definition`, `sagemaker.processing.ProcessingInput`) and v3 (`sagemaker.core.shapes.DatasetDefinition` / `ProcessingInput`).',
    references: [
      'botocore sagemaker service-2.json DatasetDefinition.LocalPath ("required parameter when AppManaged is False (default)"), ProcessingInput.AppManaged',
      'v2.257.6 src/sagemaker/dataset_definition/inputs.py L123-171 (local_path=None), src/sagemaker/processing.py L1222-1302 (app_managed=False, _to_request_dict)',
      'v3 a24812666d sagemaker-core/src/sagemaker/core/shapes/shapes.py L9218 (DatasetDefinition), L9239 (ProcessingInput)',
    ],
  },
};
