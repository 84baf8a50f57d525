import { shorten } from '../pipeline-variables/common';
import { SyntaxNode, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { referenceTo } from '../../semantic/imports';
import { stepOf } from '../../semantic/pipeline';
import { Fix, Rule, TextEdit } from '../types';

const CLASSES: Record<string, string> = {
  '==': 'ConditionEquals',
  '>': 'ConditionGreaterThan',
  '>=': 'ConditionGreaterThanOrEqualTo',
  '<': 'ConditionLessThan',
  '<=': 'ConditionLessThanOrEqualTo',
};

/** The comparisons written directly in a ConditionStep's `conditions=[...]` list. */
export function comparisonsInConditionStep(model: SemanticModel, call: SyntaxNode): SyntaxNode[] {
  const step = stepOf(model, model.valueOf(call));
  if (!step || step.call !== call || step.symbol.id !== 'ConditionStep') return [];
  const conditions = model.argument(call, 'conditions', 1);
  if (!conditions) return [];
  const list = unparenthesize(conditions);
  if (list.type !== 'list' && list.type !== 'tuple') return [];
  return list.children.filter((c) => c.named && c.type !== 'comment').map((c) => unparenthesize(c)).filter((c) => c.type === 'comparison_operator');
}

/** Whether a comparison sits directly in a ConditionStep's conditions list (SM208 reports it; SM103 stays quiet). */
export function isComparisonInConditionStep(model: SemanticModel, comparison: SyntaxNode): boolean {
  let list: SyntaxNode | null = comparison.parent;
  while (list && list.type === 'parenthesized_expression') list = list.parent;
  if (!list || (list.type !== 'list' && list.type !== 'tuple')) return false;
  let holder: SyntaxNode | null = list.parent;
  while (holder && holder.type === 'parenthesized_expression') holder = holder.parent;
  if (holder?.type === 'keyword_argument') holder = holder.parent;
  const call = holder?.type === 'argument_list' ? holder.parent : null;
  return !!call && call.type === 'call' && comparisonsInConditionStep(model, call).includes(comparison);
}

function operatorOf(model: SemanticModel, comparison: SyntaxNode): { operator: string; left: SyntaxNode; right: SyntaxNode } | undefined {
  const operands = comparison.children.filter((c) => c.named && c.type !== 'comment');
  const tokens = comparison.children.filter((c) => !c.named).map((c) => model.text(c));
  if (operands.length !== 2) return undefined;
  return { operator: tokens.join(' '), left: operands[0], right: operands[1] };
}

function conditionFix(model: SemanticModel, comparison: SyntaxNode): Fix | undefined {
  const parts = operatorOf(model, comparison);
  if (!parts) return undefined;
  const { operator, left, right } = parts;
  const l = model.text(left);
  const r = model.text(right);
  const edits: TextEdit[] = [];
  const ref = (id: string): string | undefined => {
    const reference = referenceTo(model, id, comparison);
    if (!reference) return undefined;
    for (const edit of reference.edits) if (!edits.some((e) => e.start === edit.start && e.newText === edit.newText)) edits.push(edit);
    return reference.expression;
  };
  let text: string | undefined;
  if (CLASSES[operator]) {
    const cls = ref(CLASSES[operator]);
    text = cls && `${cls}(left=${l}, right=${r})`;
  } else if (operator === '!=') {
    const not = ref('ConditionNot');
    const eq = ref('ConditionEquals');
    text = not && eq && `${not}(expression=${eq}(left=${l}, right=${r}))`;
  } else if (operator === 'in' || operator === 'not in') {
    if (unparenthesize(right).type !== 'list') return undefined;
    const isIn = ref('ConditionIn');
    if (!isIn) return undefined;
    const inner = `${isIn}(value=${l}, in_values=${r})`;
    if (operator === 'in') text = inner;
    else {
      const not = ref('ConditionNot');
      text = not && `${not}(expression=${inner})`;
    }
  }
  if (!text) return undefined;
  // Several import lines at one place: merge them into one edit so they do not overlap.
  const importEdits = mergeInserts(edits);
  return { title: `Replace with ${text.slice(0, text.indexOf('('))}(...)`, applicability: 'safe', edits: [{ start: comparison.start, end: comparison.end, newText: text }, ...importEdits] };
}

function mergeInserts(edits: TextEdit[]): TextEdit[] {
  const byStart = new Map<number, TextEdit>();
  for (const edit of edits) {
    const existing = byStart.get(edit.start);
    if (existing && existing.end === existing.start && edit.end === edit.start) byStart.set(edit.start, { ...existing, newText: existing.newText + edit.newText });
    else byStart.set(edit.start, edit);
  }
  return [...byStart.values()];
}

export const pythonComparisonInCondition: Rule = {
  code: 'SM208',
  name: 'python-comparison-in-condition',
  defaultSeverity: 'error',
  summary: 'A Python comparison (param == 5) in ConditionStep(conditions=[...]) instead of ConditionEquals and friends',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    for (const comparison of comparisonsInConditionStep(model, node)) {
      const parts = operatorOf(model, comparison);
      const cls = parts ? CLASSES[parts.operator] ?? (parts.operator === '!=' ? 'ConditionNot(expression=ConditionEquals(...))' : parts.operator === 'in' ? 'ConditionIn' : parts.operator === 'not in' ? 'ConditionNot(expression=ConditionIn(...))' : undefined) : undefined;
      context.report({
        node: comparison,
        message: `A Python comparison in a ConditionStep breaks definition(): use ${cls ? (cls.includes('(') ? cls : `${cls}(...)`) : 'a Condition class (ConditionEquals, ...)'}. \`${shorten(model.text(comparison))}\` is evaluated once, now, to a plain bool (a pipeline variable compares as an object, so \`==\` is False), and definition() then fails with AttributeError: 'bool' object has no attribute 'to_request'. SageMaker evaluates a Condition class when the pipeline runs.`,
        fix: conditionFix(model, comparison),
      });
    }
  },
  doc: {
    what: 'Finds Python comparisons (`==`, `!=`, `<`, `<=`, `>`, `>=`, `in`, `not in`, `is`) written directly in the `conditions=[...]` list of a ConditionStep.',
    why: 'A comparison runs in Python when the pipeline is defined and yields a `bool`: with a pipeline variable it is always `False` for `==` (attrs compares the objects). ConditionStep then calls `condition.to_request()` on it in `definition()`: `AttributeError: \'bool\' object has no attribute \'to_request\'`. Conditions must be `ConditionEquals`, `ConditionGreaterThan`, ... objects, which SageMaker evaluates during the execution.',
    example: [
      'from sagemaker.workflow.condition_step import ConditionStep',
      '',
      'step_cond = ConditionStep(name="CheckMSE", conditions=[mse <= 6.0], if_steps=[step_register], else_steps=[])',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.condition_step import ConditionStep',
      'from sagemaker.workflow.conditions import ConditionLessThanOrEqualTo',
      '',
      'step_cond = ConditionStep(name="CheckMSE", conditions=[ConditionLessThanOrEqualTo(left=mse, right=6.0)], if_steps=[step_register], else_steps=[])',
    ].join('\n'),
    fixSafety: 'Safe fix: rewrites `a OP b` to the matching condition class (`!=` and `not in` through `ConditionNot`) and adds the import. No fix for `is`, chained comparisons, or `in` with a right-hand side that is not a list literal.',
    sdkVersions: 'sagemaker v2 (all versions) and v3 (all versions).',
    references: [
      'v2.257.6 src/sagemaker/workflow/conditions.py L108-273',
      'v2.257.6 src/sagemaker/workflow/condition_step.py (to_request calls condition.to_request())',
      'v3 sagemaker-core/src/sagemaker/core/workflow/conditions.py',
    ],
  },
};
