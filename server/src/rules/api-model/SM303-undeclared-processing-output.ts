import { nearestNames } from '../../api/closest';
import { plainStringValue } from '../../semantic/model';
import { Rule } from '../types';
import { PROPERTY_REFERENCES, declaredProcessingOutputs, propertySite } from './common';

export const undeclaredProcessingOutput: Rule = {
  code: 'SM303',
  name: 'undeclared-processing-output',
  defaultSeverity: 'error',
  summary: 'ProcessingOutputConfig.Outputs["name"] names an output the processing job does not declare',
  nodeTypes: ['subscript'],
  check(node, context) {
    const { model } = context;
    const site = propertySite(node, model);
    if (!site || 'problem' in site.result) return;
    const path = site.value.path;
    if (path.length !== 3 || path[0] !== 'ProcessingOutputConfig' || path[1] !== 'Outputs') return;
    const key = plainStringValue(model.tree, site.target);
    if (key === undefined) return;
    const declared = declaredProcessingOutputs(model, site.value.step);
    if (!declared || declared.length === 0 || declared.includes(key)) return;
    const [closest] = nearestNames(key, declared, 1);
    const quote = model.text(site.target).trimStart()[0] === "'" ? "'" : '"';
    context.report({
      node: site.target,
      message: `The processing job declares no output named "${key}" (declared: ${declared.map((n) => `"${n}"`).join(', ')}). The SDK does not check the key; the pipeline fails when it runs and resolves Outputs['${key}'].`,
      fix: { title: `Use the declared output "${closest}"`, applicability: 'unsafe', edits: [{ start: site.target.start, end: site.target.end, newText: `${quote}${closest}${quote}` }] },
    });
  },
  doc: {
    what: 'Checks the key in `step.properties.ProcessingOutputConfig.Outputs["name"]` against the `output_name`s the step\'s processing job declares: the `outputs=[ProcessingOutput(output_name=...)]` of the `processor.run(...)` passed as `step_args` (or the legacy `outputs=` of the step). It stays silent unless every output is a `ProcessingOutput` with a literal `output_name` in a literal list.',
    why: "`PropertiesList` has no key check: `Outputs[\"trian\"]` builds the path `ProcessingOutputConfig.Outputs['trian'].S3Output.S3Uri` without complaint, and the service fails when the execution reaches the step that reads it.",
    example: [
      'from sagemaker.processing import ProcessingOutput, ScriptProcessor',
      'from sagemaker.workflow.steps import ProcessingStep',
      '',
      'processor = ScriptProcessor(image_uri=image, command=["python3"], role=role, instance_type="ml.m5.xlarge", instance_count=1)',
      'args = processor.run(code="prep.py", outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/train")])',
      'step_process = ProcessingStep(name="Process", step_args=args)',
      'uri = step_process.properties.ProcessingOutputConfig.Outputs["trian"].S3Output.S3Uri',
    ].join('\n'),
    useInstead: [
      'from sagemaker.processing import ProcessingOutput, ScriptProcessor',
      'from sagemaker.workflow.steps import ProcessingStep',
      '',
      'processor = ScriptProcessor(image_uri=image, command=["python3"], role=role, instance_type="ml.m5.xlarge", instance_count=1)',
      'args = processor.run(code="prep.py", outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/train")])',
      'step_process = ProcessingStep(name="Process", step_args=args)',
      'uri = step_process.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri',
    ].join('\n'),
    fixSafety: 'Unsafe fix to the closest declared output name: when several outputs are declared, which one you meant is a guess.',
    sdkVersions: 'sagemaker v2 (all) and v3.',
    references: [...PROPERTY_REFERENCES, 'v2.257.6 src/sagemaker/processing.py L1330 (ProcessingOutput.output_name)'],
  },
};
