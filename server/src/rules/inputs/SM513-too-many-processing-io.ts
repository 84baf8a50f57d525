import { Rule } from '../types';
import { IO_REFERENCES, processingIoLists } from './common';

const LIMIT = 10;

export const tooManyProcessingIo: Rule = {
  code: 'SM513',
  name: 'too-many-processing-io',
  defaultSeverity: 'error',
  summary: 'More than 10 processing inputs or outputs in one job',
  nodeTypes: ['call'],
  check(node, context) {
    for (const list of processingIoLists(context.model, node)) {
      if (list.elementCount <= LIMIT) continue;
      const noun = list.keyword === 'inputs' ? 'ProcessingInputs' : 'ProcessingOutputs';
      context.report({
        node: list.list,
        message: `A processing job takes at most ${LIMIT} ${list.keyword}, this one has ${list.elementCount}: combine S3 prefixes, or split the job. The service accepts at most ${LIMIT} ${noun} and fails with "${list.keyword === 'inputs' ? 'processingInputs' : 'processingOutputs'}' failed to satisfy constraint: Member must have length less than or equal to ${LIMIT}".${list.keyword === 'inputs' ? ' One prefix can hold several folders.' : ''}`,
      });
    }
  },
  doc: {
    what: 'Counts the elements of a literal `inputs=[...]` or `outputs=[...]` list passed to a v2 `processor.run(...)` (or a legacy `ProcessingStep`) and fires above 10. (The SDK adds the `code` input itself, so a `ScriptProcessor` with 10 listed inputs and `code=` sends 11.)',
    why: 'botocore limits `ProcessingInputs` and `ProcessingOutputs` to 10 members. The SDK does not check; `CreateProcessingJob` fails with `ValidationException: ... \'processingInputs\' failed to satisfy constraint: Member must have length less than or equal to 10` (issue #2440) when the job or pipeline step starts.',
    example: [
      "from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor",
      "",
      "processor = ScriptProcessor(image_uri=image, command=[\"python3\"], role=role, instance_count=1, instance_type=\"ml.m5.xlarge\")",
      "processor.run(",
      "    code=\"prep.py\",",
      "    inputs=[",
      "        ProcessingInput(source=\"s3://my-bucket/part-0\", destination=\"/opt/ml/processing/part-0\"),",
      "        ProcessingInput(source=\"s3://my-bucket/part-1\", destination=\"/opt/ml/processing/part-1\"),",
      "        ProcessingInput(source=\"s3://my-bucket/part-2\", destination=\"/opt/ml/processing/part-2\"),",
      "        ProcessingInput(source=\"s3://my-bucket/part-3\", destination=\"/opt/ml/processing/part-3\"),",
      "        ProcessingInput(source=\"s3://my-bucket/part-4\", destination=\"/opt/ml/processing/part-4\"),",
      "        ProcessingInput(source=\"s3://my-bucket/part-5\", destination=\"/opt/ml/processing/part-5\"),",
      "        ProcessingInput(source=\"s3://my-bucket/part-6\", destination=\"/opt/ml/processing/part-6\"),",
      "        ProcessingInput(source=\"s3://my-bucket/part-7\", destination=\"/opt/ml/processing/part-7\"),",
      "        ProcessingInput(source=\"s3://my-bucket/part-8\", destination=\"/opt/ml/processing/part-8\"),",
      "        ProcessingInput(source=\"s3://my-bucket/part-9\", destination=\"/opt/ml/processing/part-9\"),",
      "        ProcessingInput(source=\"s3://my-bucket/part-10\", destination=\"/opt/ml/processing/part-10\"),",
      "    ],",
      ")",
    ].join('\n'),
    useInstead: [
      "from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor",
      "",
      "processor = ScriptProcessor(image_uri=image, command=[\"python3\"], role=role, instance_count=1, instance_type=\"ml.m5.xlarge\")",
      "processor.run(",
      "    code=\"prep.py\",",
      "    inputs=[ProcessingInput(source=\"s3://my-bucket/parts\", destination=\"/opt/ml/processing/parts\")],",
      ")",
    ].join('\n'),
    fixSafety: 'No fix: the right value is the user\'s decision.',
    sdkVersions: 'sagemaker v2 (all versions; v3 uses API shapes instead).',
    references: [...IO_REFERENCES, 'aws/sagemaker-python-sdk issue #2440'],
  },
};
