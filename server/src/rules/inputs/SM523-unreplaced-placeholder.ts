import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { placeholderIn } from '../placeholders';
import { Rule } from '../types';

/** Keywords of SDK calls where an empty string can only be a value left to fill in. */
const NO_EMPTY_KEYWORDS = new Set(['instance_type', 'role', 'image_uri']);

/** Whether a literal is a value in code (assigned, passed, listed), not text printed or compared. */
function usedAsValue(model: SemanticModel, literal: SyntaxNode): boolean {
  let node = literal;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'assignment':
      return node.field === 'right';
    case 'keyword_argument':
    case 'pair':
      return node.field === 'value';
    case 'list':
    case 'tuple':
      return true;
    case 'argument_list': {
      const callee = parent.parent ? childByField(parent.parent, 'function') : undefined;
      return !!callee && !model.isBuiltin(callee, 'print');
    }
    default:
      return false;
  }
}

/** A long placeholder cut to fit the message's first sentence. */
function brief(text: string): string {
  return text.length > 60 ? `${text.slice(0, 56)}...>` : text;
}

export const unreplacedPlaceholder: Rule = {
  code: 'SM523',
  name: 'unreplaced-placeholder',
  defaultSeverity: 'warning',
  summary: 'A template placeholder left in the code: "<YOUR-ROLE-ARN>", "s3://<your-bucket>/...", instance_type=""',
  nodeTypes: ['string', 'concatenated_string'],
  check(node, context) {
    const { model } = context;
    if (node.parent?.type === 'concatenated_string' || !model.importsSdk) return;
    const value = plainStringValue(model.tree, node);
    if (value === undefined || !usedAsValue(model, node)) return;
    const placeholder = placeholderIn(value);
    if (placeholder) {
      context.report({
        node,
        message: `Unreplaced placeholder "${brief(placeholder)}": replace it with the real value before running. ${placeholder === value.trim() ? 'The SDK and the service take it as written' : `It is part of "${value}", which the SDK and the service take as written`}, and the call fails (or the job runs with it).`,
      });
      return;
    }
    if (value !== '' || node.parent?.type !== 'keyword_argument') return;
    const keyword = childByField(node.parent, 'name');
    const call = node.parent.parent?.parent;
    if (!keyword || !NO_EMPTY_KEYWORDS.has(model.text(keyword)) || call?.type !== 'call') return;
    const callValue = model.valueOf(call);
    if (!((callValue.kind === 'instance' || callValue.kind === 'method-call') && callValue.call === call)) return;
    context.report({
      node,
      message: `Unreplaced placeholder \`${model.text(keyword)}=${model.text(node)}\`: fill in the real value before running. An empty ${model.text(keyword)} is never valid.`,
    });
  },
  doc: {
    what: 'Finds template placeholders left in SageMaker code: a string that is a whole `<...>` placeholder (`"<YOUR-ROLE-ARN>"`, `"<For Seller to update: ...>"`, `"<your_s3_bucket_name_here>"`), an S3 URI or ARN with a `<...>` part (`"s3://<your-bucket>/train"`, `"arn:aws:iam::<account-id>:role/..."`), and `instance_type=""`, `role=""` or `image_uri=""` in an SDK call. It reports them once, where they are written; the rules that judge instance types and S3 URIs leave them alone instead of calling them malformed wherever they are used. Angle brackets without a placeholder word (`"<b>"`) and text passed to print() are not reported.',
    why: 'Examples and marketplace templates ship with values to fill in. Left as they are, they reach the SDK and the service unchanged: an estimator with `role="<YOUR-ROLE-ARN>"` fails when the job is created, and a bucket placeholder concatenated into an S3 URI fails only when the data is read, far from the line to change.',
    example: [
      'from sagemaker.estimator import Estimator',
      '',
      'estimator = Estimator(image_uri="683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", role="<YOUR-ROLE-ARN>", instance_count=1, instance_type="ml.m5.xlarge")',
    ].join('\n'),
    useInstead: [
      'from sagemaker.estimator import Estimator',
      '',
      'estimator = Estimator(image_uri="683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", role="arn:aws:iam::123456789012:role/SageMakerRole", instance_count=1, instance_type="ml.m5.xlarge")',
    ].join('\n'),
    fixSafety: 'No fix: the real value is yours to give.',
    sdkVersions: 'sagemaker v2 and v3 (all versions), and boto3.',
    references: ['botocore sagemaker service-2.json RoleArn, InstanceType and S3Uri patterns (a placeholder matches none of them)'],
  },
};
