import { Rule } from '../types';
import { IO_REFERENCES, hasSplatArgs, ioRole } from './common';

export const processingInputWithoutDestination: Rule = {
  code: 'SM514',
  name: 'processing-input-without-destination',
  defaultSeverity: 'error',
  summary: 'A v2 ProcessingInput with a source but no destination (AttributeError when the job is built)',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    if (ioRole(model, node) !== 'processing-input' || hasSplatArgs(node)) return;
    const source = model.argument(node, 'source', 0);
    if (!source) return;
    if (model.argument(node, 'destination', 1) || model.argument(node, 's3_input', 7) || model.argument(node, 'dataset_definition', 8)) return;
    const callee = node.children[0];
    context.report({
      node: callee ?? node,
      message: 'This ProcessingInput has no destination (AttributeError): add destination="/opt/ml/processing/<name>". It has a source but no destination: the SDK then never builds its S3Input, and the processor fails with "AttributeError: \'NoneType\' object has no attribute \'s3_uri\'" when the job (or the pipeline definition) is built.',
    });
  },
  doc: {
    what: 'Fires on a v2 `ProcessingInput(source=...)` that has no `destination` (and no `s3_input` or `dataset_definition`).',
    why: '`ProcessingInput._create_s3_input()` creates the `S3Input` only when both `source` and `destination` are set. The processor then reads `input.s3_input.s3_uri` and raises `AttributeError: \'NoneType\' object has no attribute \'s3_uri\'` (issue #2489) at `run()`, or at `pipeline.definition()` under a PipelineSession.',
    example: [
      "from sagemaker.processing import ProcessingInput",
      "",
      "raw = ProcessingInput(source=\"s3://my-bucket/raw\", input_name=\"raw\")",
    ].join('\n'),
    useInstead: [
      "from sagemaker.processing import ProcessingInput",
      "",
      "raw = ProcessingInput(source=\"s3://my-bucket/raw\", destination=\"/opt/ml/processing/raw\", input_name=\"raw\")",
    ].join('\n'),
    fixSafety: 'No fix: the container path is the script\'s choice.',
    sdkVersions: 'sagemaker v2 (all versions; v3 uses API shapes instead).',
    references: [...IO_REFERENCES, 'aws/sagemaker-python-sdk issue #2489'],
  },
};
