import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { PipelineVariableInfo, SemanticModel } from '../../semantic/model';
import { listElements } from '../../semantic/pipeline';
import { hasRole } from '../../semantic/sdk';
import { Value } from '../../semantic/values';
import { Rule, RuleContext } from '../types';
import { codeOf, describeVariable } from './common';
import { reportHelperUses } from './helperCalls';
import { isComparisonInConditionStep } from '../pipeline-structure/SM208-python-comparison-in-condition';

const DEFINED_ONCE = 'Python evaluates this once, when the pipeline is defined, not per execution';

const CONDITION_CLASSES: Record<string, string> = {
  '==': 'ConditionEquals',
  '!=': 'ConditionNot(ConditionEquals(...))',
  '>': 'ConditionGreaterThan',
  '>=': 'ConditionGreaterThanOrEqualTo',
  '<': 'ConditionLessThan',
  '<=': 'ConditionLessThanOrEqualTo',
  in: 'ConditionIn',
  'not in': 'ConditionNot(ConditionIn(...))',
};

/** `lead` is the one sentence the Problems panel shows (problem and fix); the details follow it. */
function report(context: RuleContext, node: SyntaxNode, info: PipelineVariableInfo, lead: string, what: string, advice: string): void {
  context.report({
    node,
    message: `${lead} ${describeVariable(context.model, node, info)} has no value until the pipeline runs; ${what}. ${advice}`,
  });
}

const USE_CONDITION_STEP = 'To branch on its run-time value, use a ConditionStep with ConditionEquals, ConditionGreaterThan and the like.';

function checkTruthiness(expression: SyntaxNode | undefined, context: RuleContext, construct: string): void {
  if (!expression) return;
  // When `a and b` / `a or b` is itself truth-tested, so are both operands: `if ready and v:` tests v.
  const stack = [unparenthesize(expression)];
  while (stack.length) {
    const bare = stack.pop()!;
    if (bare.type === 'boolean_operator') {
      for (const field of ['right', 'left']) {
        const operand = childByField(bare, field);
        if (operand) stack.push(unparenthesize(operand));
      }
      continue;
    }
    const info = context.model.pipelineVariable(bare);
    if (info) report(context, bare, info, `Pipeline variable ${codeOf(context.model, bare)} is always true in ${construct}: branch on it with a ConditionStep.`, `${construct} tests it as a Python object, which is always true (${DEFINED_ONCE})`, USE_CONDITION_STEP);
    else reportConditionObject(context, bare, construct);
  }
}

/** The class of a condition object (`ConditionEquals(...)`, or a name bound to one); undefined otherwise. */
function conditionClass(value: Value): string | undefined {
  if (value.kind === 'instance') return hasRole(value.symbol, 'condition') ? value.symbol.id : undefined;
  if (value.kind !== 'union') return undefined;
  const classes = value.options.map(conditionClass);
  if (classes.some((c) => c === undefined)) return undefined;
  return classes.every((c) => c === classes[0]) ? classes[0] : 'Condition';
}

/**
 * A condition object (ConditionEquals, ConditionIn, ConditionOr, ...) tested by Python: the classes are attrs
 * classes without __bool__ or __len__ (v2.257.6 workflow/conditions.py, entities.py; v3 sagemaker-core
 * core/workflow/conditions.py, entities.py), so the object is always true and nothing is compared.
 */
function reportConditionObject(context: RuleContext, node: SyntaxNode, construct: string): boolean {
  const { model } = context;
  const className = conditionClass(model.valueOf(node));
  if (!className) return false;
  const combine = /^`(and|or|not)`$/.test(construct)
    ? ' To combine conditions, list them all in `conditions=` (all must hold), or use ConditionOr(conditions=[...]) and ConditionNot(expression=...).'
    : '';
  context.report({
    node,
    message: `${codeOf(model, node)}, a ${className}, is always true in Python: put it in ConditionStep(conditions=[...]). ${construct} tests the condition object itself, and the condition classes define no __bool__, so nothing is compared and the same branch is taken every time.${combine}`,
  });
  return true;
}

const PLAIN_TYPES = new Set(['str', 'int', 'float', 'bool', 'none']);

/** A str, number, bool or None (written, or a name bound to one): never equal to a pipeline variable. */
function isPlainValue(model: SemanticModel, node: SyntaxNode): boolean {
  let bare = unparenthesize(node);
  if (bare.type === 'unary_operator') bare = unparenthesize(childByField(bare, 'argument') ?? bare);
  const value = model.valueOf(bare);
  return value.kind === 'literal' && PLAIN_TYPES.has(value.type);
}

function checkComparison(node: SyntaxNode, context: RuleContext): void {
  const { model } = context;
  if (isComparisonInConditionStep(model, node)) return; // SM208 reports it, with a fix
  const operands = node.children.filter((c) => c.named && c.type !== 'comment');
  const operators = node.children.filter((c) => !c.named).map((c) => model.text(c));
  // `a not in b` and `a is not b` are two anonymous tokens each.
  const merged: string[] = [];
  for (let i = 0; i < operators.length; i++) {
    if ((operators[i] === 'not' && operators[i + 1] === 'in') || (operators[i] === 'is' && operators[i + 1] === 'not')) {
      merged.push(`${operators[i]} ${operators[i + 1]}`);
      i++;
    } else merged.push(operators[i]);
  }
  if (merged.length !== operands.length - 1) return;
  for (let i = 0; i < merged.length; i++) {
    const operator = merged[i];
    if (operator === 'is' || operator === 'is not') continue;
    const left = operands[i];
    const right = operands[i + 1];
    const leftInfo = model.pipelineVariable(left);
    const rightInfo = model.pipelineVariable(right);
    const info = leftInfo ?? rightInfo;
    const side = leftInfo ? left : right;
    if (!info) continue;
    let what: string;
    if (operator === '==' || operator === '!=') {
      // Pipeline variables compare equal to each other (ExecutionVariable.__eq__ compares names, attrs
      // classes such as the Parameters compare fields): "always False" holds only against a plain value.
      if (!isPlainValue(model, side === left ? right : left)) continue;
      what = `\`${operator}\` compares the Python object, so it is always ${operator === '==' ? 'False' : 'True'} (${DEFINED_ONCE})`;
    } else if (operator === 'in' || operator === 'not in') {
      if (rightInfo && side === right) {
        what = `\`${operator}\` needs an iterable and raises TypeError`;
      } else {
        // Membership compares with == too: always False only in a list or tuple of plain values.
        const items = listElements(model, right);
        if (!items || !items.every((item) => isPlainValue(model, item))) continue;
        what = `\`${operator}\` compares the Python object, so it is always ${operator === 'in' ? 'False' : 'True'} (${DEFINED_ONCE})`;
      }
    } else {
      what = `\`${operator}\` raises TypeError (it is not a number or string yet)`;
    }
    const effect = /raises TypeError/.test(what) ? 'raises TypeError' : `is always ${/always (True|False)/.exec(what)?.[1] ?? 'the same'}`;
    report(context, side, info, `\`${operator}\` on pipeline variable ${codeOf(model, side)} ${effect}: use ${CONDITION_CLASSES[operator]} in a ConditionStep.`, what, `Compare it when the pipeline runs: put ${CONDITION_CLASSES[operator]}(left=..., right=...) in a ConditionStep.`);
    return;
  }
}

function checkBuiltinCall(node: SyntaxNode, context: RuleContext): void {
  const { model } = context;
  const callee = childByField(node, 'function');
  if (!callee || callee.type !== 'identifier') return;
  const args = childByField(node, 'arguments')?.children.filter((c) => c.named && c.type !== 'comment') ?? [];
  if (args.length < 1 || args[0].type === 'list_splat' || args[0].type === 'keyword_argument') return;
  const argument = args[0];
  const info = model.pipelineVariable(argument);
  const name = model.text(callee);
  if (!info) {
    if (name === 'bool' && model.isBuiltin(callee, name)) reportConditionObject(context, unparenthesize(argument), 'bool()');
    return;
  }
  if (!model.isBuiltin(callee, name)) return;
  switch (name) {
    case 'int':
    case 'float':
      return report(context, argument, info, `${name}() on pipeline variable ${codeOf(model, argument)} raises TypeError: pass the variable itself to the step.`, `${name}() raises TypeError ("Pipeline variables do not support __${name}__ operation")`, 'SageMaker converts it when the pipeline runs.');
    case 'bool':
      return report(context, argument, info, `bool() on pipeline variable ${codeOf(model, argument)} is always True: branch on it with a ConditionStep.`, `bool() is always True (${DEFINED_ONCE})`, USE_CONDITION_STEP);
    case 'len':
      return report(context, argument, info, `len() on pipeline variable ${codeOf(model, argument)} raises TypeError: compute the length inside a step.`, 'len() raises TypeError (it has no length before it has a value)', 'A step can compute it when the pipeline runs.');
    case 'hash':
      if (info.hashable) return;
      return report(context, argument, info, `hash() on pipeline variable ${codeOf(model, argument)} raises TypeError: key by its name (\`.name\`) instead.`, `hash() raises TypeError (a ${info.className} is unhashable)`, 'Or use it only as a step argument.');
    case 'list':
    case 'tuple':
    case 'set':
    case 'sorted':
    case 'iter':
      return reportIteration(context, argument, info, `${name}()`);
    default:
      return;
  }
}

function reportIteration(context: RuleContext, node: SyntaxNode, info: PipelineVariableInfo, construct: string): void {
  const what = info.isProperty
    ? `${construct} iterates it, and a step property list has no end: the SDK builds a new item for every index, so this never finishes (a non-list property raises TypeError instead)`
    : `${construct} iterates it, which raises TypeError (it is not iterable)`;
  const lead = info.isProperty
    ? `${capitalize(construct)} over step property ${codeOf(context.model, node)} never ends: index the item you need, e.g. \`Outputs[0]\`.`
    : `${capitalize(construct)} over pipeline variable ${codeOf(context.model, node)} raises TypeError: use the values inside a step.`;
  report(context, node, info, lead, what, info.isProperty
    ? 'Index the item you need instead, e.g. `Outputs["train"]` or `Outputs[0]`.'
    : 'Use the values inside a step when the pipeline runs.');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function checkIteration(node: SyntaxNode, context: RuleContext): void {
  const iterable = childByField(node, 'right');
  if (!iterable) return;
  const bare = unparenthesize(iterable);
  const info = context.model.pipelineVariable(bare);
  if (info) reportIteration(context, bare, info, node.type === 'for_statement' ? 'a for loop' : 'a comprehension');
}

function checkHashing(node: SyntaxNode, context: RuleContext): void {
  const { model } = context;
  const candidates = node.type === 'pair' ? [childByField(node, 'key')] : node.children.filter((c) => c.named && c.type !== 'comment');
  for (const candidate of candidates) {
    if (!candidate) continue;
    const info = model.pipelineVariable(candidate);
    if (!info || info.hashable) continue;
    const where = node.type === 'pair' ? 'as a dict key' : 'as a set member';
    report(context, candidate, info, `Pipeline variable ${codeOf(model, candidate)} ${where} raises TypeError: key by its name (\`.name\`) instead.`, `using it ${where} raises TypeError (a ${info.className} is unhashable)`, 'Or pass the variable to a step argument.');
  }
}

export const pipelineVariableInPythonLogic: Rule = {
  code: 'SM103',
  name: 'pipeline-variable-in-python-logic',
  defaultSeverity: 'error',
  summary: 'A pipeline variable used in Python logic (if, comparisons, int(), bool(), len(), dict keys, iteration), or a condition object tested by Python',
  nodeTypes: ['if_statement', 'elif_clause', 'while_statement', 'conditional_expression', 'assert_statement', 'not_operator', 'boolean_operator', 'comparison_operator', 'call', 'for_statement', 'for_in_clause', 'if_clause', 'pair', 'set'],
  check(node, context) {
    switch (node.type) {
      case 'if_statement':
      case 'elif_clause':
      case 'while_statement':
        return checkTruthiness(childByField(node, 'condition'), context, `\`${node.type === 'while_statement' ? 'while' : node.type === 'elif_clause' ? 'elif' : 'if'}\``);
      case 'conditional_expression': {
        const parts = node.children.filter((c) => c.named && c.type !== 'comment');
        return checkTruthiness(parts[1], context, 'a conditional expression');
      }
      case 'assert_statement':
        return checkTruthiness(node.children.find((c) => c.named && c.type !== 'comment'), context, '`assert`');
      case 'if_clause':
        // `[s for s in steps if v]`: the filter of a comprehension is a truth test too.
        return checkTruthiness(node.children.find((c) => c.named && c.type !== 'comment'), context, 'a comprehension\'s `if`');
      case 'not_operator':
        return checkTruthiness(childByField(node, 'argument'), context, '`not`');
      case 'boolean_operator':
        checkTruthiness(childByField(node, 'left'), context, `\`${context.model.text(childByField(node, 'operator')!)}\``);
        return;
      case 'comparison_operator':
        return checkComparison(node, context);
      case 'call':
        reportHelperUses(context, node, 'logic', 'to act on its run-time value, use a ConditionStep (ConditionEquals, ...) or pass it to a step.');
        return checkBuiltinCall(node, context);
      case 'for_statement':
      case 'for_in_clause':
        return checkIteration(node, context);
      case 'pair':
      case 'set':
        return checkHashing(node, context);
    }
  },
  doc: {
    what: 'Finds pipeline variables used in Python logic when the pipeline is defined: truth tests (`if v:`, `while`, `and`/`or`, `not`, conditional expressions, `assert`, comprehension filters), comparisons (`==` and `!=` with a str, number, bool or None; `<`, `>` and the like; `in` a list or tuple of such values), `int()`, `float()`, `bool()`, `len()`, `hash()`, dict keys and set members, and iteration (`for x in step.properties...`). Comparing a pipeline variable with another object (another variable, an unknown value) is left alone: `ExecutionVariable.__eq__` compares names and the attrs classes (parameters, Join, ...) compare fields, so such a comparison can be true; the SDK\'s own local-mode runner relies on it. It also finds condition objects (`ConditionEquals(...)`, `ConditionIn`, `ConditionNot`, `ConditionOr`, ... or a name bound to one) tested by Python: `if cond:`, `while cond`, `x if cond else y`, `cond and other`, `not cond`, `assert cond`, `bool(cond)`. `cond is None` and conditions passed to `ConditionStep(conditions=[...])` are left alone. A pipeline variable passed to a function defined in the same module (`make_path(bucket)` with `def make_path(b): return f"s3://{b}/models"`) is followed one level: when the function body does this with the parameter (and never rebinds it), the finding is at the call\'s argument and quotes the use.',
    why: 'Your Python code runs once, when the pipeline is defined; a pipeline variable only gets its value later, in each execution. So `if v:` and `bool(v)` are always true, `v == "x"` is always false (no error: attrs compares the objects), `int(v)`/`float(v)` raise `TypeError: Pipeline variables do not support __int__ operation.`, `len(v)` and `<` raise TypeError, Parameter (except ParameterString), Join, JsonGet and ExecutionVariable objects are unhashable, and iterating a step property list such as `step.properties.ProcessingOutputConfig.Outputs` never ends: PropertiesList creates an item for every index it is asked for. A condition object is an attrs class with no `__bool__` (and no `__len__`), so Python treats it as true: `if ConditionEquals(left=mode, right="train"):` always takes the branch, and `cond_a and cond_b` is just `cond_b`; conditions are evaluated only by a ConditionStep, when the pipeline runs.',
    example: [
      'from sagemaker.workflow.parameters import ParameterString',
      '',
      'mode = ParameterString(name="Mode", default_value="train")',
      'if mode == "train":',
      '    steps = [train_step]',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.condition_step import ConditionStep',
      'from sagemaker.workflow.conditions import ConditionEquals',
      'from sagemaker.workflow.parameters import ParameterString',
      '',
      'mode = ParameterString(name="Mode", default_value="train")',
      'branch = ConditionStep(',
      '    name="IsTrainMode",',
      '    conditions=[ConditionEquals(left=mode, right="train")],',
      '    if_steps=[train_step],',
      '    else_steps=[],',
      ')',
    ].join('\n'),
    fixSafety: 'No automatic fix: moving Python control flow into a ConditionStep changes the structure of the pipeline, which needs a person.',
    sdkVersions: 'sagemaker >= 2.81.0 (v2) and all of v3.',
    references: [
      'v2.257.6 src/sagemaker/workflow/entities.py L65-123 (PipelineVariable)',
      'v2.257.6 src/sagemaker/workflow/properties.py (PropertiesList.__getitem__ has no bound)',
      'v2.257.6 src/sagemaker/workflow/conditions.py (ConditionEquals and the comparison family; Condition and its subclasses define no __bool__ or __len__)',
      'v3 sagemaker-core/src/sagemaker/core/workflow/conditions.py and entities.py (the same classes, no __bool__ or __len__)',
    ],
  },
};
