import { Rule } from '../types';
import { BOTO3_REFERENCES, reportIssues } from './common';

export const missingBoto3Parameter: Rule = {
  code: 'SM403',
  name: 'missing-boto3-parameter',
  defaultSeverity: 'error',
  summary: 'A boto3 sagemaker call (or a dict literal passed to one) without a required parameter',
  nodeTypes: ['call'],
  check(node, context) {
    reportIssues('missing-required', node, context);
  },
  doc: {
    what: "Flags a boto3 sagemaker or sagemaker-runtime client call that leaves out a parameter the operation requires, and a dict literal passed to a structure parameter that leaves out one of its required keys. Calls and dicts with `**kwargs` are skipped, since those may supply it. Idempotency tokens (ClientToken, ClientRequestToken) are not required: boto3 fills them in.",
    why: 'botocore raises `ParamValidationError: Parameter validation failed: Missing required parameter in input: "ProductionVariants"` before sending the request.',
    example: [
      'import boto3',
      '',
      'sm = boto3.client("sagemaker")',
      'sm.create_endpoint_config(EndpointConfigName="config")',
    ].join('\n'),
    useInstead: [
      'import boto3',
      '',
      'sm = boto3.client("sagemaker")',
      'sm.create_endpoint_config(EndpointConfigName="config", ProductionVariants=[{"VariantName": "v", "ModelName": "m", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}])',
    ].join('\n'),
    fixSafety: 'No fix: the value of the missing parameter is yours to choose.',
    sdkVersions: 'boto3 (any version), and the boto3 clients SageMaker SDK v2 and v3 sessions expose.',
    references: BOTO3_REFERENCES,
  },
};
