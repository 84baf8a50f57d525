import { closestName } from '../../api/closest';
import { apiModel } from '../../api/model';
import { Rule } from '../types';
import { PROPERTY_REFERENCES, propertySite } from './common';

export const unknownStepProperty: Rule = {
  code: 'SM302',
  name: 'unknown-step-property',
  defaultSeverity: 'warning',
  summary: "A step property path with a member the API model does not know and that is not a near miss of one",
  nodeTypes: ['attribute', 'subscript'],
  check(node, context) {
    const site = propertySite(node, context.model);
    if (!site || !('problem' in site.result)) return;
    const problem = site.result.problem;
    if (problem.kind !== 'unknown-member' || closestName(problem.name, problem.candidates)) return;
    context.report({
      node: site.target,
      message: `${problem.owner} has no member \`${problem.name}\` in the API model (${apiModel('sagemaker')!.source}). If the service added it recently, the model may be older than the service; otherwise the SDK raises AttributeError when the pipeline is defined.`,
    });
  },
  doc: {
    what: "Flags a member in a `step.properties...` path that the step's response shape does not have and that is not close to any member it has (near misses are SM301). The message names the shape.",
    why: "The SDK builds `.properties` from the botocore shape installed with it, so an unknown member raises `AttributeError: 'Properties' object has no attribute '...'` when the pipeline is defined. The linter's model comes from @aws-sdk/client-sagemaker and can be older or newer than the botocore you run, so this is a warning, not an error.",
    example: [
      'from sagemaker.workflow.steps import ProcessingStep',
      '',
      'step_process = ProcessingStep(name="Process", step_args=process_args)',
      'uri = step_process.properties.OutputLocation',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.steps import ProcessingStep',
      '',
      'step_process = ProcessingStep(name="Process", step_args=process_args)',
      'uri = step_process.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri',
    ].join('\n'),
    fixSafety: 'No fix: nothing in the model is close enough to guess.',
    sdkVersions: 'sagemaker v2 (all) and v3.',
    references: PROPERTY_REFERENCES,
  },
};
