import { Rule } from '../types';
import { BOTO3_REFERENCES, reportIssues } from './common';

export const unknownBoto3Parameter: Rule = {
  code: 'SM402',
  name: 'unknown-boto3-parameter',
  defaultSeverity: 'error',
  summary: 'A keyword argument (or dict key) the boto3 sagemaker operation does not take',
  nodeTypes: ['call'],
  check(node, context) {
    reportIssues('unknown-parameter', node, context);
  },
  doc: {
    what: "Checks the keyword arguments of a boto3 sagemaker or sagemaker-runtime client call against the operation's input shape, and the string keys of dict literals passed to structure parameters (e.g. `ResourceConfig={...}`) against that structure. Also flags positional arguments, which client methods do not take.",
    why: 'botocore validates parameters before sending the request: an unknown name raises `ParamValidationError: Parameter validation failed: Unknown parameter in input: "TrainingJobname", must be one of: ...`, and a positional argument raises `TypeError: describe_training_job() only accepts keyword arguments.`',
    example: [
      'import boto3',
      '',
      'sm = boto3.client("sagemaker")',
      'sm.describe_training_job(TrainingJobname="my-job")',
    ].join('\n'),
    useInstead: [
      'import boto3',
      '',
      'sm = boto3.client("sagemaker")',
      'sm.describe_training_job(TrainingJobName="my-job")',
    ].join('\n'),
    fixSafety: 'Safe fix to the closest member name (or the PascalCase member a snake_case name stands for): the original always raises ParamValidationError.',
    sdkVersions: 'boto3 (any version), and the boto3 clients SageMaker SDK v2 and v3 sessions expose.',
    references: BOTO3_REFERENCES,
  },
};
