import { closestName, editDistance } from '../../api/closest';
import { Rule, RuleContext } from '../types';
import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { membersAt, propertyRoot, resolvePath } from '../../api/properties';
import { PROPERTY_REFERENCES, propertySite } from './common';

/**
 * The semantic model treats lower-case attributes of properties as plain Python attributes (expr,
 * step_name, ...). One that matches a member but for case (`trainingJobName`) is a typo.
 */
function checkLowerCase(node: SyntaxNode, context: RuleContext): void {
  const { model } = context;
  if (node.type !== 'attribute') return;
  const object = childByField(node, 'object');
  const attribute = childByField(node, 'attribute');
  if (!object || !attribute) return;
  const name = model.text(attribute);
  if (!/^[a-z]/.test(name)) return;
  const value = model.valueOf(object);
  if (value.kind !== 'properties') return;
  const root = propertyRoot(value.step, model);
  if (!root) return;
  const resolved = resolvePath(root, value.path);
  if ('problem' in resolved) return;
  const member = membersAt(resolved.type).find((m) => m.name.toLowerCase() === name.toLowerCase());
  if (!member) return;
  context.report({
    node: attribute,
    message: `Step property members are PascalCase: \`${name}\` should be \`${member.name}\`. The SDK raises AttributeError: 'Properties' object has no attribute '${name}' when the pipeline is defined.`,
    fix: { title: `Replace with ${member.name}`, applicability: 'safe', edits: [{ start: attribute.start, end: attribute.end, newText: member.name }] },
  });
}

/**
 * Whether replacing a misspelt member by the suggestion cannot change what the value means: the same
 * name in another case, or one slip (one edit) with no other member nearly as close. `ModelArn` →
 * `ModelCard` is neither: a structure where an ARN was meant (the user wanted `ModelPackageArn`).
 */
function renameKeepsMeaning(name: string, suggestion: string, candidates: readonly string[]): boolean {
  if (name.toLowerCase() === suggestion.toLowerCase()) return true;
  if (editDistance(name, suggestion) !== 1) return false;
  return !candidates.some((c) => c !== suggestion && editDistance(name, c) <= 2);
}

export const invalidStepProperty: Rule = {
  code: 'SM301',
  name: 'invalid-step-property',
  defaultSeverity: 'error',
  summary: "A step property path that misspells a member of the step's response shape, or indexes it wrongly",
  nodeTypes: ['attribute', 'subscript'],
  check(node, context) {
    checkLowerCase(node, context);
    const site = propertySite(node, context.model);
    if (!site || !('problem' in site.result)) return;
    const problem = site.result.problem;
    const where = `\`${site.segment}\``;
    switch (problem.kind) {
      case 'unknown-member': {
        const suggestion = closestName(problem.name, problem.candidates);
        if (!suggestion) return; // SM302
        const safe = renameKeepsMeaning(problem.name, suggestion, problem.candidates);
        context.report({
          node: site.target,
          message: `${problem.owner} has no member ${where}; did you mean \`${suggestion}\`?${safe ? '' : ` (Not a one-letter slip: check that \`${suggestion}\` holds what you want.)`} The SDK raises AttributeError: 'Properties' object has no attribute '${problem.name}' when the pipeline is defined.`,
          fix: { title: `Replace with ${suggestion}`, applicability: safe ? 'safe' : 'unsafe', edits: [{ start: site.target.start, end: site.target.end, newText: suggestion }] },
        });
        return;
      }
      case 'needs-index':
        context.report({
          node: site.target,
          message: `The property before ${where} is ${problem.owner}; index it first (${problem.container === 'list' ? '`[0]` or `["output_name"]`' : '`["key"]`'}). The SDK raises AttributeError: 'Properties${problem.container === 'list' ? 'List' : 'Map'}' object has no attribute '${site.segment}'.`,
        });
        return;
      case 'not-subscriptable':
        context.report({
          node: site.target,
          message: `This step property cannot be indexed (TypeError): remove the [...]. ${problem.owner} is not a list or a map; the SDK raises TypeError: 'Properties' object is not subscriptable.`,
        });
        return;
      case 'leaf':
        context.report({
          node: site.target,
          message: `A ${problem.owner} step property has no members (AttributeError): remove ${where.length > 30 ? 'the member' : where}. The property before ${where} is a ${problem.owner} value; the SDK raises AttributeError: 'Properties' object has no attribute '${site.segment}'.`,
        });
        return;
    }
  },
  doc: {
    what: "Checks every `step.properties.A.B[0].C` path against the response shape the SDK builds the step's properties from (DescribeTrainingJobResponse for a TrainingStep, DescribeProcessingJobResponse for a ProcessingStep, ...), using the API model generated from @aws-sdk/client-sagemaker. Fires on a member name that is a near miss of a real one, an attribute on a list or map that needs `[...]` first, `[...]` on something that is neither, and an attribute on a string or number leaf.",
    why: "The SDK walks the botocore shape when it builds `.properties`, so a wrong name fails when the pipeline is defined: `step.properties.ModelArtifacts.S3ModelArtifact` raises `AttributeError: 'Properties' object has no attribute 'S3ModelArtifact'`, and subscripting a structure raises `TypeError: 'Properties' object is not subscriptable`.",
    example: [
      'from sagemaker.workflow.steps import TrainingStep',
      '',
      'step_train = TrainingStep(name="Train", step_args=train_args)',
      'model_data = step_train.properties.ModelArtifacts.S3ModelArtifact',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.steps import TrainingStep',
      '',
      'step_train = TrainingStep(name="Train", step_args=train_args)',
      'model_data = step_train.properties.ModelArtifacts.S3ModelArtifacts',
    ].join('\n'),
    fixSafety: 'Fix to the closest member name (within a small edit distance): the original path always raises when the pipeline is defined. Safe only when it cannot change what the value means: a case-only difference, or one slip (one edit) with no other member nearly as close (`S3ModelArtifact` → `S3ModelArtifacts`); otherwise unsafe (`ModelArn` → `ModelCard` would give a structure where an ARN was meant). Lower-case spellings of a member (`trainingJobName`) get a safe fix. Indexing problems get no fix, since the right index is the user\'s choice.',
    sdkVersions: 'sagemaker v2 (all) and v3: both build properties from the botocore shapes.',
    references: PROPERTY_REFERENCES,
  },
};
