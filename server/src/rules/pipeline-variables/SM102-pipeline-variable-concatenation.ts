import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { Rule, RuleContext } from '../types';
import { reportHelperUses } from './helperCalls';
import { JOIN_SINCE, oldConcatenation } from './oldReleases';
import { codeOf, describeVariable, formattedByField, isStringLiteral, joinFix, plainStringSource, shorten } from './common';

function isPlus(model: SemanticModel, node: SyntaxNode): boolean {
  const operator = childByField(node, 'operator');
  return node.type === 'binary_operator' && !!operator && model.text(operator) === '+';
}

/** The operands of a chain `a + b + c` (left-associative), from its outermost `+`. */
function chainOperands(model: SemanticModel, outermost: SyntaxNode): SyntaxNode[] {
  const operands: SyntaxNode[] = [];
  const stack = [outermost];
  while (stack.length) {
    const node = stack.pop()!;
    // `("s3://" + bucket) + "/out"` is one chain: a Join of the inner part alone would be concatenated again.
    const bare = unparenthesize(node);
    if (isPlus(model, bare)) {
      stack.push(childByField(bare, 'right')!, childByField(bare, 'left')!);
    } else {
      operands.push(node);
    }
  }
  return operands;
}

const OUTERMOST = {};

function outermostChain(model: SemanticModel, node: SyntaxNode): SyntaxNode {
  const outermost = model.syntaxMemoTable<SyntaxNode>(OUTERMOST);
  const walked: SyntaxNode[] = [];
  let current = node;
  let plus = node;
  let known: SyntaxNode | undefined;
  while (!(known = outermost.get(current)) && current.parent) {
    const parent = current.parent;
    const climbs = parent.type === 'parenthesized_expression' || (isPlus(model, parent) && (current.field === 'left' || current.type === 'parenthesized_expression'));
    if (!climbs) break;
    walked.push(current);
    current = parent;
    if (isPlus(model, current)) plus = current;
  }
  const result = known ?? plus;
  for (const n of walked) outermost.set(n, result);
  return result;
}

/**
 * Operands and first variable of each chain, computed once per chain: every `+` of a long chain asks,
 * and recomputing made a 10,000-term chain take seconds.
 */
const CHAINS = {};

function chainInfo(model: SemanticModel, chain: SyntaxNode): { operands: SyntaxNode[]; firstVariable: SyntaxNode | undefined } {
  return model.memo(CHAINS, chain, () => {
    const operands = chainOperands(model, chain);
    return { operands, firstVariable: operands.find((operand) => model.pipelineVariable(operand)) };
  });
}

function checkPlus(node: SyntaxNode, context: RuleContext): void {
  const { model } = context;
  if (!isPlus(model, node)) return;
  const left = childByField(node, 'left');
  const right = childByField(node, 'right');
  if (!left || !right) return;
  // Report once per chain, on the first variable: only the innermost `+` that touches it.
  for (const side of [left, right]) {
    if (side === left && isPlus(model, unparenthesize(side)) && unparenthesize(side) === side) continue;
    const info = model.pipelineVariable(side);
    if (!info) continue;
    const chain = outermostChain(model, node);
    const { operands, firstVariable } = chainInfo(model, chain);
    if (firstVariable !== side) return;
    const textual = operands.some((operand) => isStringLiteral(model, operand));
    const name = describeVariable(model, side, info);
    const old = oldConcatenation(model, side, info, side === right && isStringLiteral(model, left));
    if (old) {
      context.report({
        node: side,
        message: `\`+\` on pipeline variable ${codeOf(model, side)} silently uses ${old.value}: ${textual ? 'build the string with Join(on="", values=[...])' : 'compute the value inside a step'}. ${name} has no value until the pipeline runs; ${old.detail}.${textual && old.noJoin ? ` Join exists from v${JOIN_SINCE}: upgrade the SDK to use it.` : ''}`,
        fix: textual && !old.noJoin && !formattedByField(chain) ? joinFix(model, chain, '""', operands.map((operand) => model.text(operand))) : undefined,
      });
      return;
    }
    context.report({
      node: side,
      message: textual
        ? `\`+\` on pipeline variable ${codeOf(model, side)} raises TypeError: build the string with Join(on="", values=[...]). ${name} has no value until the pipeline runs; \`+\` raises TypeError ("Pipeline variables do not support concatenation"). The pipeline evaluates a Join when it runs.`
        : `\`+\` on pipeline variable ${codeOf(model, side)} raises TypeError: compute the value inside a step. ${name} has no value until the pipeline runs; \`+\` raises TypeError ("Pipeline variables do not support concatenation"), and Python arithmetic cannot use its run-time value. For a string, use Join(on="", values=[...]).`,
      // `f"{'s3://' + bucket}"`: the field would format the Join, which fails the same way.
      fix: textual && !formattedByField(chain) ? joinFix(model, chain, '""', operands.map((operand) => model.text(operand))) : undefined,
    });
    return;
  }
}

function checkAugmented(node: SyntaxNode, context: RuleContext): void {
  const { model } = context;
  const operator = childByField(node, 'operator');
  if (!operator || model.text(operator) !== '+=') return;
  const left = childByField(node, 'left');
  const right = childByField(node, 'right');
  if (!left || !right) return;
  const side = model.pipelineVariable(right) ? right : model.pipelineVariable(left) ? left : undefined;
  if (!side) return;
  const info = model.pipelineVariable(side)!;
  const textual = isStringLiteral(model, right) || isStringLiteral(model, left);
  const old = oldConcatenation(model, side, info, side === right && isStringLiteral(model, left));
  if (old) {
    context.report({
      node: side,
      message: `\`+=\` on pipeline variable ${codeOf(model, side)} silently uses ${old.value}: build the string with Join(on="", values=[...]). ${describeVariable(model, side, info)} has no value until the pipeline runs; ${old.detail}.`,
      fix: textual && left.type === 'identifier' && !old.noJoin ? withAssignment(model, node, left, right) : undefined,
    });
    return;
  }
  context.report({
    node: side,
    message: `\`+=\` on pipeline variable ${codeOf(model, side)} raises TypeError: build the string with Join(on="", values=[...]). ${describeVariable(model, side, info)} has no value until the pipeline runs; \`+=\` raises TypeError ("Pipeline variables do not support concatenation"). The pipeline evaluates a Join when it runs.`,
    fix: textual && left.type === 'identifier'
      ? withAssignment(model, node, left, right)
      : undefined,
  });
}

function withAssignment(model: SemanticModel, node: SyntaxNode, left: SyntaxNode, right: SyntaxNode) {
  const fix = joinFix(model, node, '""', [model.text(left), model.text(right)]);
  if (!fix) return undefined;
  const [replace, ...rest] = fix.edits;
  return { ...fix, edits: [{ ...replace, newText: `${model.text(left)} = ${replace.newText}` }, ...rest] };
}

/** `"-".join([a, v, "x"])` */
function checkStrJoin(call: SyntaxNode, context: RuleContext): void {
  const { model } = context;
  const callee = childByField(call, 'function');
  if (!callee || callee.type !== 'attribute' || model.text(childByField(callee, 'attribute')!) !== 'join') return;
  const separator = childByField(callee, 'object');
  if (!separator || !plainStringSource(model, separator)) return;
  const args = childByField(call, 'arguments');
  const iterable = args?.children.filter((c) => c.named && c.type !== 'comment');
  if (!iterable || iterable.length !== 1) return;
  const sequence = unparenthesize(iterable[0]);
  if (sequence.type !== 'list' && sequence.type !== 'tuple') return;
  const items = sequence.children.filter((c) => c.named && c.type !== 'comment');
  if (items.some((item) => item.type === 'list_splat')) return;
  const first = items.find((item) => model.pipelineVariable(item));
  if (!first) return;
  const info = model.pipelineVariable(first)!;
  context.report({
    node: first,
    message: `str.join() over pipeline variable ${codeOf(model, first)} raises TypeError: use Join(on=${shorten(model.text(separator))}, values=[...]). ${describeVariable(model, first, info)} has no value until the pipeline runs; str.join() raises TypeError (it needs str items). The pipeline evaluates a Join when it runs.`,
    fix: joinFix(model, call, model.text(separator), items.map((item) => model.text(item))),
  });
}

export const pipelineVariableConcatenation: Rule = {
  code: 'SM102',
  name: 'pipeline-variable-concatenation',
  defaultSeverity: 'error',
  summary: 'A pipeline variable concatenated in Python with +, += or str.join()',
  nodeTypes: ['binary_operator', 'augmented_assignment', 'call'],
  check(node, context) {
    if (node.type === 'binary_operator') checkPlus(node, context);
    else if (node.type === 'augmented_assignment') checkAugmented(node, context);
    else {
      checkStrJoin(node, context);
      reportHelperUses(context, node, 'concatenation', 'build the value with Join(on="", values=[...]) in that function instead, which the pipeline evaluates when it runs.');
    }
  },
  doc: {
    what: 'Finds `+` and `+=` with a pipeline variable on either side, and `"sep".join([...])` over a list that holds one. A pipeline variable passed to a function defined in the same module (`make_path(bucket)` with `def make_path(b): return f"s3://{b}/models"`) is followed one level: when the function body does this with the parameter (and never rebinds it), the finding is at the call\'s argument and quotes the use.',
    why: 'A pipeline variable has no value while your Python code runs. `v + "x"` raises `TypeError: Pipeline variables do not support concatenation.` (PipelineVariable.__add__); `"x" + v` raises Python\'s own `TypeError: can only concatenate str (not "ParameterString") to str`, because there is no `__radd__`; `"/".join([...])` raises `TypeError: sequence item 1: expected str instance`. The pipeline fails when it is defined, before anything runs. Older releases raised nothing for some of these: before v2.81.0 a `ParameterString`, `ParameterInteger` or `ParameterFloat` (subclasses of str, int, float then) added its default value, and until v2.92.2 `"x" + p` still did for a `ParameterString`; for a project whose SDK is that old the message says the default value is used instead (checked by running v2.80.0, v2.81.0 and v2.92.2 src/sagemaker/workflow).',
    example: [
      'from sagemaker.workflow.parameters import ParameterString',
      '',
      'bucket = ParameterString(name="Bucket", default_value="my-bucket")',
      'output_path = "s3://" + bucket + "/output"',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.functions import Join',
      'from sagemaker.workflow.parameters import ParameterString',
      '',
      'bucket = ParameterString(name="Bucket", default_value="my-bucket")',
      'output_path = Join(on="", values=["s3://", bucket, "/output"])',
    ].join('\n'),
    fixSafety: 'Safe fix to `Join(on="", values=[...])` (or `Join(on=sep, ...)` for str.join), adding the Join import when missing, offered when the expression is provably building a string (one operand is a string literal): the original always raises. Numeric `+` gets no fix: a pipeline value cannot take part in Python arithmetic.',
    sdkVersions: 'sagemaker >= 2.81.0 (v2) and all of v3 raise TypeError (`"x" + ParameterString` from v2.92.2); older v2 releases silently use the default value, which the message says when the project\'s SDK is that old.',
    references: [
      'v2.257.6 src/sagemaker/workflow/entities.py L77-86 (PipelineVariable.__add__)',
      'v2.257.6 src/sagemaker/workflow/functions.py (Join)',
    ],
  },
};
