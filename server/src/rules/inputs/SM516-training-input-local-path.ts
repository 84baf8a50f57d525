import { Rule } from '../types';
import { IO_REFERENCES, ioRole, literalArg } from './common';

export const trainingInputLocalPath: Rule = {
  code: 'SM516',
  name: 'training-input-local-path',
  defaultSeverity: 'warning',
  summary: 'TrainingInput(s3_data=...) with a local path: the SDK does not upload it',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    if (ioRole(model, node) !== 'training-input') return;
    const data = literalArg(model, node, 's3_data', 0);
    if (!data || /^[a-z][a-z0-9+.-]*:\/\//i.test(data.value) || !data.value.trim()) return;
    context.report({
      node: data.node,
      message: `TrainingInput does not upload local paths: upload the data and pass its s3:// URI. "${data.value}" is not a URI: TrainingInput passes s3_data to CreateTrainingJob unchanged (unlike ProcessingInput), so the job is rejected because S3Uri must match (https|s3)://... In local mode, "file://${data.value}" works.`,
    });
  },
  doc: {
    what: 'Fires on `TrainingInput(s3_data=...)` (or the v1 alias `s3_input`) whose literal value has no URI scheme, e.g. a local path like `"data/train"`.',
    why: 'Unlike `ProcessingInput(source=...)`, a `TrainingInput` is sent as-is: `_Job._format_inputs_to_input_config` only checks plain strings passed to `fit()`. The service requires `S3DataSource.S3Uri` to match `(https|s3)://([^/]+)/?(.*)` and rejects the job when it (or the pipeline step) starts. Only local mode reads `file://` URIs.',
    example: [
      "from sagemaker.inputs import TrainingInput",
      "",
      "train = TrainingInput(s3_data=\"data/train\", content_type=\"text/csv\")",
    ].join('\n'),
    useInstead: [
      "from sagemaker.inputs import TrainingInput",
      "",
      "train = TrainingInput(s3_data=\"s3://my-bucket/data/train\", content_type=\"text/csv\")",
    ].join('\n'),
    fixSafety: 'No fix: the S3 location is unknown.',
    sdkVersions: 'sagemaker v2 and v3 (`sagemaker.core.inputs.TrainingInput`).',
    references: [...IO_REFERENCES, 'v2.257.6 src/sagemaker/job.py L150-235 (_format_inputs_to_input_config)', 'v2.257.6 src/sagemaker/inputs.py L25 (TrainingInput)'],
  },
};
