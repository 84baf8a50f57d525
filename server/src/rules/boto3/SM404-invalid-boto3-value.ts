import { Rule } from '../types';
import { BOTO3_REFERENCES, reportIssues } from './common';

export const invalidBoto3Value: Rule = {
  code: 'SM404',
  name: 'invalid-boto3-value',
  defaultSeverity: 'error',
  summary: 'A literal of the wrong type, or outside its enum, passed to a boto3 sagemaker call',
  nodeTypes: ['call'],
  check(node, context) {
    reportIssues('bad-value', node, context);
  },
  doc: {
    what: 'Checks literal values passed to a boto3 sagemaker or sagemaker-runtime client call (and inside dict and list literals passed to it) against the member types of the API model: a str where a number, bool, list or dict belongs (or the reverse), `None`, and a string outside the member\'s enum (`TrainingInputMode="file"`). Instance types are left to SM501. Variables and expressions that are not literals are not checked.',
    why: 'botocore rejects a wrong type before sending: `ParamValidationError: Invalid type for parameter MaxResults, value: 10, type: <class \'str\'>, valid types: <class \'int\'>`. botocore does not check enums; the service does, with `ValidationException: 1 validation error detected: Value \'file\' at \'algorithmSpecification.trainingInputMode\' failed to satisfy constraint: Member must satisfy enum value set: [Pipe, File, FastFile]`.',
    example: [
      'import boto3',
      '',
      'sm = boto3.client("sagemaker")',
      'sm.list_training_jobs(MaxResults="10", SortOrder="descending")',
    ].join('\n'),
    useInstead: [
      'import boto3',
      '',
      'sm = boto3.client("sagemaker")',
      'sm.list_training_jobs(MaxResults=10, SortOrder="Descending")',
    ].join('\n'),
    fixSafety: 'Safe fix for an enum value that differs only in case; unsafe fix to the closest enum value otherwise (it may not be the one you meant). No fix for a wrong type.',
    sdkVersions: 'boto3 (any version), and the boto3 clients SageMaker SDK v2 and v3 sessions expose.',
    references: BOTO3_REFERENCES,
  },
};
