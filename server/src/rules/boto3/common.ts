import { RuleContext } from '../types';
import { SyntaxNode } from '../../parse/syntaxNode';
import { Boto3Issue, boto3Issues } from './check';

export const BOTO3_REFERENCES = [
  'botocore 1.43 botocore/validate.py (ParamValidator: unknown, missing and mistyped parameters are rejected before the request is sent)',
  'botocore 1.43 botocore/client.py (ClientCreator: one method per operation, named with xform_name; "only accepts keyword arguments")',
  'API model: @aws-sdk/client-sagemaker 3.1142.0 and @aws-sdk/client-sagemaker-runtime 3.1164.0 (server/src/api/data)',
];

/** Reports the issues of one kind found on a boto3 client call. */
export function reportIssues(kind: Boto3Issue['kind'], node: SyntaxNode, context: RuleContext): void {
  for (const issue of boto3Issues(node, context.model)) {
    if (issue.kind !== kind || issue.kind === 'instance-type') continue;
    context.report({ node: issue.node, message: issue.message, fix: 'fix' in issue ? issue.fix : undefined });
  }
}
