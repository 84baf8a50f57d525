import { Rule } from '../types';
import { IO_REFERENCES, containerPathArg, literalArg, processingIoLists } from './common';
import { plainStringValue } from '../../semantic/model';

export const duplicateProcessingPath: Rule = {
  code: 'SM511',
  name: 'duplicate-processing-path',
  defaultSeverity: 'error',
  summary: 'Two processing inputs with the same destination, or an output source equal to an input destination',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const lists = processingIoLists(model, node);
    const seen = new Map<string, 'input' | 'output'>();
    for (const list of lists.sort((a, b) => (a.keyword === 'inputs' ? -1 : 1) - (b.keyword === 'inputs' ? -1 : 1))) {
      const kind = list.keyword === 'inputs' ? 'input' : 'output';
      for (const call of list.calls) {
        const argument = containerPathArg(model, call, kind === 'input' ? 'processing-input' : 'processing-output');
        if (!argument) continue;
        const value = plainStringValue(model.tree, argument);
        if (value === undefined) continue;
        const key = value.replace(/\/+$/, '');
        const previous = seen.get(key);
        if (previous === undefined) {
          seen.set(key, kind);
          continue;
        }
        if (previous === 'output') continue; // two outputs from one directory: not known to fail
        const literal = literalArg(model, call, kind === 'input' ? 'destination' : 'source', kind === 'input' ? 1 : 0)!;
        context.report({
          node: literal.node,
          message: kind === 'input'
            ? `Another ProcessingInput of this job already uses the destination "${value}". Each input needs its own container path; the service rejects the job with an empty ValidationException. Give this input a different destination under /opt/ml/processing/.`
            : `The ProcessingOutput source "${value}" is also an input destination of this job. Input and output paths must differ; the service rejects the job. Write outputs to their own directory under /opt/ml/processing/.`,
        });
      }
    }
  },
  doc: {
    what: 'Checks the literal `inputs=[...]` and `outputs=[...]` of a v2 `processor.run(...)` (or a legacy `ProcessingStep(inputs=..., outputs=...)`): two `ProcessingInput`s with the same literal `destination`, or a `ProcessingOutput` whose literal `source` is an input\'s destination.',
    why: 'The SDK does not compare paths. `CreateProcessingJob` rejects duplicate local paths with a `ValidationException` whose message is empty (issue #4939), and an output path equal to an input path (issue #1950), when the job or pipeline step starts.',
    example: [
      "from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor",
      "",
      "processor = ScriptProcessor(image_uri=image, command=[\"python3\"], role=role, instance_count=1, instance_type=\"ml.m5.xlarge\")",
      "processor.run(",
      "    code=\"prep.py\",",
      "    inputs=[",
      "        ProcessingInput(source=\"s3://my-bucket/train\", destination=\"/opt/ml/processing/input\"),",
      "        ProcessingInput(source=\"s3://my-bucket/test\", destination=\"/opt/ml/processing/input\"),",
      "    ],",
      ")",
    ].join('\n'),
    useInstead: [
      "from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor",
      "",
      "processor = ScriptProcessor(image_uri=image, command=[\"python3\"], role=role, instance_count=1, instance_type=\"ml.m5.xlarge\")",
      "processor.run(",
      "    code=\"prep.py\",",
      "    inputs=[",
      "        ProcessingInput(source=\"s3://my-bucket/train\", destination=\"/opt/ml/processing/train\"),",
      "        ProcessingInput(source=\"s3://my-bucket/test\", destination=\"/opt/ml/processing/test\"),",
      "    ],",
      ")",
    ].join('\n'),
    fixSafety: 'No fix: which input should move, and where the script expects it, is a decision.',
    sdkVersions: 'sagemaker v2 (all versions; v3 uses API shapes instead).',
    references: [...IO_REFERENCES, 'aws/sagemaker-python-sdk issue #4939 (duplicate destinations)', 'aws/sagemaker-python-sdk issue #1950 (input and output paths must differ)'],
  },
};
