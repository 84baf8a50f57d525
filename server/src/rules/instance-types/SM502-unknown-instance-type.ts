import { Rule } from '../types';
import { INSTANCE_TYPE_REFERENCES, instanceTypeSites, judge } from './common';

export const unknownInstanceType: Rule = {
  code: 'SM502',
  name: 'unknown-instance-type',
  defaultSeverity: 'warning',
  summary: "A well-formed instance type that is not in the service's enum for that kind of job",
  nodeTypes: ['call'],
  check(node, context) {
    for (const site of instanceTypeSites(node, context.model)) {
      const verdict = judge(site, context.model);
      if (verdict.kind === 'not-in-enum') context.report({ node: site.node, message: verdict.message, fix: verdict.fix });
    }
  },
  doc: {
    what: 'Checks the same places as SM501 for a value shaped like an instance type (`ml.<family>.<size>`) that the API model\'s enum for that kind of job does not list: TrainingInstanceType for estimators, TrainingInstanceType or ProductionVariantInstanceType for v3\'s `Compute` (ModelTrainer and ModelBuilder both take it), ProcessingInstanceType for processors, TransformInstanceType for transformers, ProductionVariantInstanceType for `deploy()` and the Step Functions `EndpointConfigStep`/`ModelStep`, and whatever the boto3 parameter names. The message names the enum and the closest valid types.',
    why: 'Each job kind accepts its own set of instance types, and the service rejects others: `ValidationException: 1 validation error detected: Value \'ml.t2.medium\' at \'resourceConfig.instanceType\' failed to satisfy constraint: Member must satisfy enum value set: [...]`. The enums grow with every release, so this is a warning: the linter\'s model may be older than the service.',
    example: [
      'from sagemaker.processing import ScriptProcessor',
      '',
      'processor = ScriptProcessor(image_uri=image, command=["python3"], role=role, instance_count=1, instance_type="ml.m5.xlarg")',
    ].join('\n'),
    useInstead: [
      'from sagemaker.processing import ScriptProcessor',
      '',
      'processor = ScriptProcessor(image_uri=image, command=["python3"], role=role, instance_count=1, instance_type="ml.m5.xlarge")',
    ].join('\n'),
    fixSafety: 'Unsafe fix to the closest valid type when it is one edit away (it changes what you pay for); no fix otherwise.',
    sdkVersions: 'sagemaker v2 and v3; boto3 (any version).',
    references: INSTANCE_TYPE_REFERENCES,
  },
};
