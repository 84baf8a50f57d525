import { SyntaxNode, unparenthesize } from '../../parse/syntaxNode';
import { plainStringValue } from '../../semantic/model';
import { Rule } from '../types';

const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):iam::(\d{12}):role\/((?:[\x21-\x7e]+\/)*)?([\w+=,.@-]{1,64})$/;

function roleProblem(arn: string): string | undefined {
  if (ROLE_ARN.test(arn)) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return 'does not have the six colon-separated fields of an ARN (arn:<partition>:iam::<account>:role/<name>)';
  const [, partition, service, region, account] = parts;
  const resource = parts.slice(5).join(':');
  if (!['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b'].includes(partition)) return `has the partition "${partition}" (expected aws, aws-cn or aws-us-gov)`;
  if (service !== 'iam') return `is an ARN of the "${service}" service, not an IAM role`;
  if (region !== '') return 'has a region; IAM ARNs have an empty region field ("iam::")';
  if (!/^\d{12}$/.test(account)) return `has the account "${account}"; an account ID is 12 digits`;
  if (!resource.startsWith('role/')) return `names "${resource.split('/')[0]}", not a role (the resource must be role/<name>)`;
  return 'has an invalid role name (1-64 characters of letters, digits and +=,.@_-)';
}

export const malformedRoleArn: Rule = {
  code: 'SM519',
  name: 'malformed-role-arn',
  defaultSeverity: 'error',
  summary: 'A literal role= ARN that is not arn:<partition>:iam::<12 digits>:role/<name>',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const value = model.valueOf(node);
    if (!((value.kind === 'instance' || value.kind === 'method-call') && value.call === node)) return;
    for (const keyword of ['role', 'role_arn', 'execution_role_arn']) {
      const argument = model.argument(node, keyword);
      if (!argument) continue;
      const text = plainStringValue(model.tree, argument);
      if (text === undefined || !/^arn:/i.test(text)) continue; // plain role names are expanded by the SDK
      if (/[<>{}$]|x{4,}/i.test(text) || /^[A-Za-z_-]+$/.test(text.split(':')[4] ?? '')) continue; // placeholders: arn:aws:iam::<account-id>:role/..., arn:aws:iam::accid:...
      const problem = roleProblem(text);
      if (problem) report(argument, text, keyword, problem);
    }
    function report(argument: SyntaxNode, text: string, keyword: string, problem: string) {
      context.report({ node: unparenthesize(argument), message: `This ${keyword}= ARN is malformed (ValidationException): use arn:aws:iam::<account>:role/<name>. "${text}" ${problem}. SageMaker needs an IAM role ARN, arn:aws:iam::123456789012:role/<path/><name> (aws-cn and aws-us-gov partitions too); the job or pipeline is rejected with a ValidationException.` });
    }
  },
  doc: {
    what: 'Checks literal `role=` (and `role_arn=`, `execution_role_arn=`) arguments of SDK constructors and methods that start with `arn:`: they must be IAM role ARNs, `arn:<partition>:iam::<12-digit account>:role/<optional path/><name>`, in the aws, aws-cn or aws-us-gov partition. A plain role name (no `arn:`) is left alone, since the SDK expands it with `Session.expand_role()`.',
    why: 'The SDK passes ARNs through unchanged. The service checks `RoleArn` against `^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$` and rejects the request (`ValidationException: ... failed to satisfy constraint`) when the job starts or the pipeline is upserted. User ARNs, instance-profile ARNs, 11-digit accounts and ARNs with a region are common copies gone wrong.',
    example: [
      "from sagemaker.estimator import Estimator",
      "",
      "estimator = Estimator(image_uri=image, role=\"arn:aws:iam::12345678901:role/SageMakerRole\", instance_count=1, instance_type=\"ml.m5.xlarge\")",
    ].join('\n'),
    useInstead: [
      "from sagemaker.estimator import Estimator",
      "",
      "estimator = Estimator(image_uri=image, role=\"arn:aws:iam::123456789012:role/SageMakerRole\", instance_count=1, instance_type=\"ml.m5.xlarge\")",
    ].join('\n'),
    fixSafety: 'No fix: the right value is the user\'s decision.',
    sdkVersions: 'sagemaker v2 and v3 (all versions).',
    references: ['botocore sagemaker service-2.json RoleArn (pattern, 20-2048 characters)', 'v2.257.6 src/sagemaker/session.py expand_role()'],
  },
};
