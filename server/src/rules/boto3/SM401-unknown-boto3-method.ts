import { Rule } from '../types';
import { BOTO3_REFERENCES, reportIssues } from './common';

export const unknownBoto3Method: Rule = {
  code: 'SM401',
  name: 'unknown-boto3-method',
  defaultSeverity: 'error',
  summary: "A method the boto3 sagemaker (or sagemaker-runtime) client does not have",
  nodeTypes: ['call'],
  check(node, context) {
    reportIssues('unknown-method', node, context);
  },
  doc: {
    what: 'Checks calls on a boto3 client for `sagemaker` or `sagemaker-runtime` (`boto3.client("sagemaker")`, `boto3.Session().client(...)`, `sagemaker_session.sagemaker_client`, ...; not a LocalSession\'s `sagemaker_client`, which is the SDK\'s own LocalSagemakerClient) against the operations in the API model, named as boto3 names them (botocore `xform_name`: CreateTrainingJob becomes `create_training_job`). A runtime operation called on the sagemaker client, or the reverse, gets its own message. `generate_presigned_url`, `get_paginator`, `get_waiter`, `can_paginate`, `close`, `exceptions` and `meta` are valid; the names passed to `get_paginator(...)`, `get_waiter(...)` and `generate_presigned_url(...)` are checked against the pageable operations, waiters and methods.',
    why: "boto3 builds the client's methods from the service model, so a misspelled or CamelCase name raises `AttributeError: 'SageMaker' object has no attribute 'create_trainig_job'` when the line runs, often deep in a pipeline or a Lambda. A wrong name in `get_waiter(...)` raises `ValueError: Waiter does not exist`, in `get_paginator(...)` `KeyError` or `OperationNotPageableError: Operation cannot be paginated`.",
    example: [
      'import boto3',
      '',
      'sm = boto3.client("sagemaker")',
      'sm.describe_trainig_job(TrainingJobName="my-job")',
    ].join('\n'),
    useInstead: [
      'import boto3',
      '',
      'sm = boto3.client("sagemaker")',
      'sm.describe_training_job(TrainingJobName="my-job")',
    ].join('\n'),
    fixSafety: 'Safe fix to the closest operation name (or the snake_case form of a CamelCase name): the original always raises AttributeError. No fix when the method belongs to the other client, since the client has to change.',
    sdkVersions: 'boto3 (any version); also the clients the SageMaker SDK v2 and v3 sessions expose.',
    references: BOTO3_REFERENCES,
  },
};
