import { placeholderIn } from '../placeholders';
import { Rule } from '../types';
import { INSTANCE_TYPE_REFERENCES, instanceTypeSites, judge } from './common';

export const malformedInstanceType: Rule = {
  code: 'SM501',
  name: 'malformed-instance-type',
  defaultSeverity: 'error',
  summary: 'A literal instance type that is not a SageMaker instance type: missing "ml.", "local-gpu", or not one at all',
  nodeTypes: ['call'],
  check(node, context) {
    for (const site of instanceTypeSites(node, context.model)) {
      // An unreplaced placeholder ("<For Seller to update: ...>", "") is SM523's, reported where it is written.
      const emptyKeyword = site.value === '' && site.literal === site.node && site.node.parent?.type === 'keyword_argument' && context.model.text(site.node.parent.children[0]) === 'instance_type';
      if (emptyKeyword || placeholderIn(site.value)) continue;
      const verdict = judge(site, context.model);
      if (verdict.kind === 'malformed') context.report({ node: site.node, message: verdict.message, fix: verdict.fix });
    }
  },
  doc: {
    what: 'Checks literal instance types passed as `instance_type=` to SDK estimators, processors, transformers and ModelBuilder, to `deploy()` and `transformer()`, to `register(inference_instances=[...], transform_instances=[...])`, to v3\'s `Compute(...)`, and to boto3 sagemaker calls (`ResourceConfig={"InstanceType": ...}`, `ProductionVariants=[{"InstanceType": ...}]`, ...), and to the AWS Step Functions Data Science SDK\'s `EndpointConfigStep(instance_type=)` and `ModelStep(instance_type=)` (their value goes into the SageMaker request unchanged). Fires on a value that is not shaped like one: `"m5.xlarge"` (missing `ml.`), `"local-gpu"` (local mode is exactly `"local"` or `"local_gpu"`), upper case, or something else entirely. Pipeline variables and other non-literals are not checked.',
    why: 'Without `ml.` the SDK raises `ValueError: Invalid SageMaker instance type: m5.xlarge. For options, see: https://aws.amazon.com/sagemaker/pricing/instance-types` when it derives an image URI (at `fit()`), and otherwise the service rejects the job: `ValidationException: ... failed to satisfy constraint: Member must satisfy enum value set`. `"local-gpu"` is not recognised as local mode (issue #4198), so the job goes to SageMaker with an invalid type.',
    example: [
      'from sagemaker.estimator import Estimator',
      '',
      'estimator = Estimator(image_uri=image, role=role, instance_count=1, instance_type="m5.xlarge")',
    ].join('\n'),
    useInstead: [
      'from sagemaker.estimator import Estimator',
      '',
      'estimator = Estimator(image_uri=image, role=role, instance_count=1, instance_type="ml.m5.xlarge")',
    ].join('\n'),
    fixSafety: 'Safe fix when the intended value is certain: adding the `ml.` prefix (or fixing case) gives a type in the enum, or `local-gpu` becomes `local_gpu`. No fix otherwise.',
    sdkVersions: 'sagemaker v2 and v3 (Compute, ModelBuilder); boto3 (any version).',
    references: INSTANCE_TYPE_REFERENCES,
  },
};
