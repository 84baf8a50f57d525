import { Rule } from '../types';
import { BOTO3_REFERENCES, reportIssues } from './common';

export const invalidBoto3Value: Rule = {
  code: 'SM404',
  name: 'invalid-boto3-value',
  defaultSeverity: 'error',
  summary: 'A literal of the wrong type, outside its enum, or breaking the API model\'s constraints (pattern, length, range) passed to a boto3 sagemaker call',
  nodeTypes: ['call'],
  check(node, context) {
    reportIssues('bad-value', node, context);
  },
  doc: {
    what: 'Checks literal values passed to a boto3 sagemaker or sagemaker-runtime client call (and inside dict and list literals passed to it) against the API model: the member\'s type (a str where a number, bool, list or dict belongs, or the reverse; `None`), its enum (`TrainingInputMode="file"`), and the constraints the model carries: string length (`CallbackToken="tok"`, the token is exactly 10 characters), string pattern (`TrainingJobName="my_job"`: letters, digits and hyphens only; `RoleArn="arn:aws:iam::123:role/x"`: not arn:aws:iam::<12-digit account>:role/<name>), numeric range (`MaxResults=0`), the number of items of a list written in place (`SecurityGroupIds` takes at most 5) and map keys (`Environment={"1_MODE": ...}`). A name bound to a literal is judged where it is used. Of an f-string or a `+` chain, only what the literal parts decide is judged: their length alone over the maximum, or a character no matching value can contain (`f"train_{ts}"` for a job name). Instance types are left to SM501, placeholders (`"<your-role>"`, `arn:aws:iam::XXXXXXXXXXXX:...`, `"REPLACE WITH ..."`) to SM523. Other values are not checked.',
    why: 'botocore rejects a wrong type, and a string, list or number under its minimum, before sending: `ParamValidationError: Invalid length for parameter CallbackToken, value: 3, valid min length: 10`. botocore checks neither enums, maximums nor patterns; the service does, when the call runs (for a pipeline, often far into an execution): `ValidationException: 1 validation error detected: Value \'health_and_personal_care_inter_title-2018-09-06-05-57-49-470\' at \'trainingJobName\' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*` (sagemaker-python-sdk issue #384). As that error shows, the service matches a pattern against the whole value: the name starts with letters, and is still rejected. The constraints come from botocore 1.43.67\'s service-2.json; the patterns are Java regular expressions, translated to JavaScript only where the translation accepts exactly what Java accepts (possessive quantifiers, atomic groups, nested classes and Java-only escapes are not translated, and those patterns are not checked); values with line breaks are not matched against patterns.',
    example: [
      'import boto3',
      '',
      'sm = boto3.client("sagemaker")',
      'sm.list_training_jobs(MaxResults=0, SortOrder="descending")',
      'sm.describe_training_job(TrainingJobName="my_job")',
      'sm.send_pipeline_execution_step_success(CallbackToken="tok")',
    ].join('\n'),
    useInstead: [
      'import boto3',
      '',
      'sm = boto3.client("sagemaker")',
      'sm.list_training_jobs(MaxResults=10, SortOrder="Descending")',
      'sm.describe_training_job(TrainingJobName="my-job")',
      'sm.send_pipeline_execution_step_success(CallbackToken=message["token"])',
    ].join('\n'),
    fixSafety: 'Safe fix for an enum value that differs only in case; unsafe fix to the closest enum value otherwise (it may not be the one you meant). Unsafe fix for a name written with underscores, spaces or dots where the API takes letters, digits and hyphens (`"my_job"` to `"my-job"`), offered only when the hyphenated name fits the pattern and the length: the name changes. No fix for a wrong type or any other constraint.',
    sdkVersions: 'boto3 (any version), and the boto3 clients SageMaker SDK v2 and v3 sessions expose.',
    references: [
      ...BOTO3_REFERENCES,
      'botocore 1.43.67 botocore/data/sagemaker/2017-07-24/service-2.json and sagemaker-runtime/2017-05-13/service-2.json (min, max, pattern; server/src/api/data/constraints.json, written by scripts/gen-constraints.mjs)',
      'botocore 1.43.67 botocore/validate.py range_check (only min is checked before sending: "Invalid length for parameter", "Invalid value for parameter")',
      'aws/sagemaker-python-sdk issue #384 (the service matches the whole job name against the pattern)',
    ],
  },
};
