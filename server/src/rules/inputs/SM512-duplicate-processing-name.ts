import { Rule } from '../types';
import { IO_REFERENCES, literalArg, processingIoLists } from './common';

export const duplicateProcessingName: Rule = {
  code: 'SM512',
  name: 'duplicate-processing-name',
  defaultSeverity: 'error',
  summary: 'Two processing inputs (or outputs) of one job with the same input_name (output_name)',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    for (const list of processingIoLists(model, node)) {
      const keyword = list.keyword === 'inputs' ? 'input_name' : 'output_name';
      const seen = new Set<string>();
      for (const call of list.calls) {
        const name = literalArg(model, call, keyword, 2);
        if (!name) continue;
        if (!seen.has(name.value)) {
          seen.add(name.value);
          continue;
        }
        context.report({
          node: name.node,
          message: `Another ${list.keyword === 'inputs' ? 'ProcessingInput' : 'ProcessingOutput'} of this job is already named "${name.value}". The SDK does not check ${keyword} uniqueness; the service rejects the job when it starts${list.keyword === 'outputs' ? ', and `Outputs["' + name.value + '"]` could not tell them apart' : ''}. Give each one a distinct ${keyword}.`,
        });
      }
    }
  },
  doc: {
    what: 'Checks the literal `inputs=[...]` / `outputs=[...]` of a v2 `processor.run(...)` (or legacy `ProcessingStep`) for two `ProcessingInput`s with the same literal `input_name`, or two `ProcessingOutput`s with the same `output_name`.',
    why: 'The SDK fills in missing names (`input-1`, `output-1`) but passes duplicates through (verified on v2.257.6). `CreateProcessingJob` requires unique names and fails with a `ValidationException` when the job or pipeline step starts; for outputs, `properties.ProcessingOutputConfig.Outputs["name"]` could not pick one.',
    example: [
      "from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor",
      "",
      "processor = ScriptProcessor(image_uri=image, command=[\"python3\"], role=role, instance_count=1, instance_type=\"ml.m5.xlarge\")",
      "processor.run(",
      "    code=\"prep.py\",",
      "    outputs=[",
      "        ProcessingOutput(output_name=\"data\", source=\"/opt/ml/processing/train\"),",
      "        ProcessingOutput(output_name=\"data\", source=\"/opt/ml/processing/test\"),",
      "    ],",
      ")",
    ].join('\n'),
    useInstead: [
      "from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor",
      "",
      "processor = ScriptProcessor(image_uri=image, command=[\"python3\"], role=role, instance_count=1, instance_type=\"ml.m5.xlarge\")",
      "processor.run(",
      "    code=\"prep.py\",",
      "    outputs=[",
      "        ProcessingOutput(output_name=\"train\", source=\"/opt/ml/processing/train\"),",
      "        ProcessingOutput(output_name=\"test\", source=\"/opt/ml/processing/test\"),",
      "    ],",
      ")",
    ].join('\n'),
    fixSafety: 'No fix: later steps refer to outputs by name, so renaming is a decision.',
    sdkVersions: 'sagemaker v2 (all versions; v3 uses API shapes instead).',
    references: IO_REFERENCES,
  },
};
