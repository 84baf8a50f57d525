/**
 * Hovers that come from the API model: step property members (`step.properties.A.B`), boto3 client
 * methods (the operation's doc and parameters) and their keyword arguments.
 */
import { childByField, nodeAt } from '../parse/syntaxNode';
import { Analysis } from '../analysis/analyze';
import { Member, Operation, pythonTypeText } from '../api/model';
import { membersAt, propertyRoot, resolvePath, typeOwnerName } from '../api/properties';
import { boto3CallOf } from '../rules/boto3/check';
import { Value } from '../semantic/values';
import { SemanticModel, isStepOutputsDict } from '../semantic/model';
import { declaredStepOutputs } from '../rules/api-model/common';

export interface ApiHover {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

const MAX_LISTED = 30;

export function memberMarkdown(member: Member, owner?: string): string {
  const lines = [`**${member.name}**: \`${pythonTypeText(member.type)}\`${member.required ? ' (required)' : ''}`];
  if (owner) lines.push('', `Member of \`${owner}\`.`);
  if (member.doc) lines.push('', member.doc);
  return lines.join('\n');
}

export function operationMarkdown(op: Operation, service: string): string {
  const lines = [`**${op.python}** — \`${op.name}\` (boto3 \`${service}\` client)${op.deprecated ? ' — deprecated' : ''}`];
  if (op.doc) lines.push('', op.doc);
  const members = [...(op.input?.members.values() ?? [])];
  const required = members.filter((m) => m.required);
  const optional = members.filter((m) => !m.required);
  const list = (items: Member[]) => {
    const shown = items.slice(0, MAX_LISTED).map((m) => `- \`${m.name}\`: \`${pythonTypeText(m.type)}\``);
    if (items.length > MAX_LISTED) shown.push(`- … ${items.length - MAX_LISTED} more`);
    return shown;
  };
  if (required.length) lines.push('', '**Required parameters**', '', ...list(required));
  if (optional.length) lines.push('', '**Optional parameters**', '', ...list(optional));
  if (!members.length) lines.push('', 'No parameters.');
  if (op.output) lines.push('', `Returns \`${op.output.name}\`.`);
  return lines.join('\n');
}

/** The hover for a `.properties` chain value, given the node naming its last segment. */
export function propertyHover(value: Value, semantic?: SemanticModel): string | undefined {
  if (value.kind !== 'properties') return undefined;
  const root = propertyRoot(value.step, semantic);
  if (!root) return undefined;
  if (value.path.length === 0) {
    // Hand-built roots (LambdaStep, CallbackStep) come from the SDK, not from an API shape.
    if (!root.shapes.length) return `**properties** of \`${root.step.id}\`: built by the SDK, with ${[...root.handBuilt].map((m) => `\`${m}\``).join(', ') || 'no members'}.`;
    const count = membersAt({ kind: 'root', root }).length;
    return `**properties** of \`${root.step.id}\`: \`${typeOwnerName({ kind: 'root', root })}\` (${count} members), resolved when the pipeline runs.\n\nFrom ${root.model.source}.`;
  }
  if (isStepOutputsDict(value)) return stepOutputsHover(value, semantic);
  const before = resolvePath(root, value.path.slice(0, -1));
  const at = resolvePath(root, value.path);
  if ('problem' in before || 'problem' in at) return undefined;
  if (at.type.kind !== 'type') return undefined;
  const member = at.type.member;
  if (!member) return `\`${value.path[value.path.length - 1]}\`: \`${pythonTypeText(at.type.type)}\` (an item of ${typeOwnerName(before.type)})`;
  return `${memberMarkdown(member, typeOwnerName(before.type))}\n\n---\nA step property: a pipeline variable with no value while this code runs; SageMaker resolves it when the pipeline executes.`;
}

export function apiHoverAt(analysis: Analysis, offset: number): ApiHover | undefined {
  const model = analysis.model;
  if (!model) return undefined;
  const node = nodeAt(analysis.tree.root, offset);
  if (node.type !== 'identifier' || node.broken) return undefined;
  const parent = node.parent;
  if (!parent) return undefined;
  const range = { start: node.start, end: node.end };
  // `step.properties.Member` (and `.properties` itself).
  if (parent.type === 'attribute' && childByField(parent, 'attribute') === node) {
    const value = model.valueOf(parent);
    const property = propertyHover(value, model);
    if (property) return { markdown: property, ...range };
    // `client.method` in a call.
    const call = parent.parent?.type === 'call' && childByField(parent.parent, 'function') === parent ? parent.parent : undefined;
    if (call) {
      const info = boto3CallOf(call, model);
      if (info?.operation) return { markdown: operationMarkdown(info.operation, info.service), ...range };
    }
    return undefined;
  }
  // `Name=` in a boto3 call.
  if (parent.type === 'keyword_argument' && childByField(parent, 'name') === node) {
    const call = parent.parent?.type === 'argument_list' ? parent.parent.parent : undefined;
    if (call?.type !== 'call') return undefined;
    const info = boto3CallOf(call, model);
    const member = info?.operation?.input?.members.get(model.text(node));
    if (member) return { markdown: memberMarkdown(member, info!.operation!.input!.name), ...range };
  }
  return undefined;
}

/** `properties.Outputs` of a LambdaStep or CallbackStep: a dict while this code runs, its items step properties. */
function stepOutputsHover(value: Extract<Value, { kind: 'properties' }>, semantic?: SemanticModel): string {
  const step = value.step.kind === 'instance' ? value.step.symbol.id : 'step';
  const outputClass = step === 'LambdaStep' ? 'LambdaOutput' : 'CallbackOutput';
  const declared = semantic ? declaredStepOutputs(semantic, value.step) : undefined;
  const keys = declared === undefined ? '' : declared.length ? ` Its keys here: ${declared.map((n) => `\`"${n}"\``).join(', ')}.` : ' This step declares no outputs, so it is empty.';
  return [
    '```python',
    `(property) Outputs: dict[str, Properties]`,
    '```',
    '---',
    `A plain Python \`dict\`, not a pipeline variable: the ${step} constructor builds it with one entry per \`outputs=[${outputClass}(output_name=...)]\`, and a key it does not hold raises \`KeyError\` while this code runs.${keys}`,
    '',
    `Each value, \`Outputs["name"]\`, is a step property (\`Steps.<step name>.OutputParameters['name']\`) that SageMaker resolves when the pipeline executes.`,
    '',
    'From the SDK source: v2.257.6 src/sagemaker/workflow/lambda_step.py and callback_step.py (the same in v3 sagemaker-mlops).',
  ].join('\n');
}
