import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { Fix, Rule, RuleContext } from '../types';
import { reportHelperUses } from './helperCalls';
import { JOIN_SINCE, OldConversion, TYPE_ERROR_SINCE, oldConversion } from './oldReleases';
import {
  braceFields, codeOf, describeVariable, formattedByField, fStringParts, isReprConversion, joinFix, joinValuesFromFields, percentFields, plainStringSource, withAttribute,
} from './common';

const LOGGING_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log']);

const STR_ERROR = 'which raises TypeError ("Pipeline variables do not support __str__ operation")';

/** The lead's verb for the module's SDK: "raises TypeError", or before v2.81.0 "silently becomes its default value ("b")". */
function outcome(old: OldConversion | undefined): string {
  return old ? `silently becomes ${old.value}` : 'raises TypeError';
}

/** `how` (e.g. "an f-string calls str() on it") and what that does in the module's SDK. */
function consequence(old: OldConversion | undefined, how: string): string {
  return old ? `${how}; ${old.detail}` : `${how}, ${STR_ERROR}`;
}

/** The positional arguments of a call, or undefined when a splat makes positions unknowable. */
function positionalArguments(call: SyntaxNode): SyntaxNode[] | undefined {
  const args = childByField(call, 'arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  const result: SyntaxNode[] = [];
  for (const child of args.children) {
    if (!child.named || child.type === 'comment' || child.type === 'keyword_argument') continue;
    if (child.type === 'list_splat' || child.type === 'dictionary_splat') return undefined;
    result.push(child);
  }
  return result;
}

function keywordArguments(model: SemanticModel, call: SyntaxNode): Map<string, SyntaxNode> | undefined {
  const args = childByField(call, 'arguments');
  const result = new Map<string, SyntaxNode>();
  if (!args) return result;
  for (const child of args.children) {
    if (child.type === 'dictionary_splat') return undefined;
    if (child.type !== 'keyword_argument') continue;
    const name = childByField(child, 'name');
    const value = childByField(child, 'value');
    if (name && value) result.set(model.text(name), value);
  }
  return result;
}

/** Is this call a stdlib logging call (`logging.info`, `logger.warning`, `logging.getLogger().error`)? */
function loggingMethod(model: SemanticModel, callee: SyntaxNode): string | undefined {
  if (callee.type !== 'attribute') return undefined;
  const name = model.text(childByField(callee, 'attribute')!);
  if (!LOGGING_METHODS.has(name)) return undefined;
  const value = model.valueOf(callee);
  if (value.kind === 'method' && value.self.kind === 'logger') return name;
  if (value.kind === 'path' && value.path === `logging.${name}`) return name;
  return undefined;
}

function checkPrintOrLog(call: SyntaxNode, context: RuleContext, what: string): void {
  const { model } = context;
  const args = positionalArguments(call);
  if (!args) return;
  const callee = childByField(call, 'function')!;
  const method = what === 'print' ? undefined : loggingMethod(model, callee);
  const messageIndex = method === 'log' ? 1 : 0;
  args.forEach((argument, index) => {
    if (what !== 'print' && index < messageIndex) return;
    const info = model.pipelineVariable(argument);
    if (!info) return;
    if (what !== 'print' && index > messageIndex) {
      // A logging argument is converted only by the placeholder that consumes it.
      const fields = literalPercentFields(model, args[messageIndex]);
      const field = fields?.find((f) => f.key === index - messageIndex - 1);
      if (!field || field.conversion === 'r' || field.conversion === 'a') return;
    }
    const name = describeVariable(model, argument, info);
    const expr = `\`${withAttribute(model, unparenthesize(argument), 'expr')}\``;
    const old = oldConversion(model, argument, info);
    const shown = expr.length > 30 ? 'its `.expr`' : expr;
    const lead = what === 'print'
      ? old ? `print() on pipeline variable ${codeOf(model, argument)} prints ${old.value}: print ${shown}, or pass it to a step.` : `print() on pipeline variable ${codeOf(model, argument)} raises TypeError: print ${shown}, or pass it to a step.`
      : old ? `Logging pipeline variable ${codeOf(model, argument)} logs ${old.value}: log ${shown}, or pass it to a step.` : `Logging pipeline variable ${codeOf(model, argument)} fails: log ${shown}, or pass it to a step.`;
    const action = what === 'print'
      ? consequence(old, 'print() calls str() on it')
      : old ? consequence(old, 'logging calls str() on it when the record is emitted') : `logging calls str() on it when the record is emitted, ${STR_ERROR}; logging swallows the error and prints "--- Logging error ---" instead of your message`;
    context.report({
      node: argument,
      message: `${lead} ${name} has no value until the pipeline runs; ${action}. ${expr} shows its definition; a step uses its value.`,
      fix: {
        title: `${what === 'print' ? 'Print' : 'Log'} the definition: ${withAttribute(model, unparenthesize(argument), 'expr')}`,
        applicability: 'unsafe',
        edits: [{ start: argument.start, end: argument.end, newText: withAttribute(model, unparenthesize(argument), 'expr') }],
      },
    });
  });
}

/**
 * `print(...)`, a logging call or `warnings.warn(...)` that gets `node` as a positional argument: code
 * that turns its arguments into text now. A Join there is a pipeline variable too and fails the same
 * way; `v.expr` (the JSON definition, a dict) is the text that can be had when the pipeline is defined.
 */
function textSink(model: SemanticModel, node: SyntaxNode): 'print' | 'logging' | 'warnings' | undefined {
  const list = node.parent;
  if (list?.type !== 'argument_list') return undefined;
  const call = list.parent;
  const callee = call?.type === 'call' ? childByField(call, 'function') : undefined;
  if (!callee) return undefined;
  if (model.isBuiltin(callee, 'print')) return 'print';
  if (loggingMethod(model, callee)) return 'logging';
  const value = model.valueOf(callee);
  if (value.kind === 'path' && value.path === 'warnings.warn') return 'warnings';
  return undefined;
}

/** The fix for text built for a sink: each pipeline variable in it replaced by its `.expr`. */
function definitionFix(model: SemanticModel, sink: 'print' | 'logging' | 'warnings', variables: readonly SyntaxNode[]): Fix {
  const edits = variables.map((v) => ({ start: v.start, end: v.end, newText: withAttribute(model, unparenthesize(v), 'expr') }));
  return {
    title: `${sink === 'print' ? 'Print' : sink === 'logging' ? 'Log' : 'Show'} the definition: ${edits.map((e) => e.newText).join(', ')}`,
    applicability: 'unsafe',
    edits,
  };
}

/** The fix half of a lead sentence when the text goes to print(), logging or warnings.warn(). */
function sinkFix(sink: 'print' | 'logging' | 'warnings'): string {
  return `show its \`.expr\` (${sink === 'print' ? 'print()' : sink === 'logging' ? 'logging' : 'warnings.warn()'} needs the text now)`;
}

function sinkAdvice(sink: 'print' | 'logging' | 'warnings'): string {
  const name = sink === 'print' ? 'print()' : sink === 'logging' ? 'logging' : 'warnings.warn()';
  return `${name} needs the text now, and a Join is a pipeline variable too: show the variable's \`.expr\` (its definition) instead, or pass it to a step to use its value.`;
}

function literalPercentFields(model: SemanticModel, node: SyntaxNode | undefined) {
  if (!node) return undefined;
  const source = plainStringSource(model, node);
  return source ? percentFields(source.raw) : undefined;
}

function checkStrCall(call: SyntaxNode, context: RuleContext, builtin: 'str' | 'format'): void {
  const { model } = context;
  const args = positionalArguments(call);
  if (!args || args.length === 0) return;
  const argument = args[0];
  const info = model.pipelineVariable(argument);
  if (!info) return;
  const name = describeVariable(model, argument, info);
  const replacement = withAttribute(model, unparenthesize(argument), 'to_string()');
  const fixable = builtin === 'str' && args.length === 1 && (keywordArguments(model, call)?.size ?? 1) === 0;
  const sink = textSink(model, call);
  const old = oldConversion(model, argument, info);
  const raises = old ? consequence(old, `${builtin}() converts it now`) : `${builtin}() raises TypeError ("Pipeline variables do not support __str__ operation")`;
  if (sink) {
    context.report({
      node: call,
      message: `${builtin}() on pipeline variable ${codeOf(model, argument)} ${outcome(old)}: ${sinkFix(sink)}. ${name} has no value until the pipeline runs; ${raises}. ${sinkAdvice(sink)}`,
      fix: fixable ? { ...definitionFix(model, sink, [argument]), edits: [{ start: call.start, end: call.end, newText: `str(${withAttribute(model, unparenthesize(argument), 'expr')})` }] } : undefined,
    });
    return;
  }
  if (old) {
    // `.to_string()` arrived with the TypeError (v2.81.0): before it, the variable itself goes where the text was meant to.
    context.report({
      node: call,
      message: `${builtin}() on pipeline variable ${codeOf(model, argument)} ${outcome(old)}: pass ${codeOf(model, argument)} itself (or build text with Join). ${name} has no value until the pipeline runs; ${raises}. \`.to_string()\` exists from v${TYPE_ERROR_SINCE}.`,
    });
    return;
  }
  context.report({
    node: call,
    message: `${builtin}() on pipeline variable ${codeOf(model, argument)} raises TypeError: use ${replacement.length > 40 ? 'its `.to_string()`' : `\`${replacement}\``}. ${name} has no value until the pipeline runs; ${builtin}() raises TypeError ("Pipeline variables do not support __str__ operation"), while \`${replacement}\` is converted by the pipeline when it runs.`,
    fix: fixable
      ? { title: `Replace with ${replacement}`, applicability: 'safe', edits: [{ start: call.start, end: call.end, newText: replacement }] }
      : undefined,
  });
}

/** `"...{}...".format(v)` */
function checkStrFormat(call: SyntaxNode, context: RuleContext): void {
  const { model } = context;
  const callee = childByField(call, 'function')!;
  const object = childByField(callee, 'object');
  if (!object) return;
  const source = plainStringSource(model, object);
  if (!source) return;
  const args = positionalArguments(call);
  const keywords = keywordArguments(model, call);
  if (!args || !keywords) return;
  const fields = braceFields(source.raw);
  if (!fields) return;
  const argumentFor = (key: number | string) => (typeof key === 'number' ? args[key] : keywords.get(key));
  let reported = false;
  for (const field of fields) {
    if (field.conversion === 'r' || field.conversion === 'a') continue;
    const argument = argumentFor(field.key);
    const info = argument && model.pipelineVariable(argument);
    if (!argument || !info) continue;
    const allPlain = fields.every((f) => f.plain && argumentFor(f.key));
    const sink = textSink(model, call);
    const variables = [...new Set(fields.map((f) => argumentFor(f.key)).filter((a): a is SyntaxNode => !!a && !!model.pipelineVariable(a)))];
    const old = oldConversion(model, argument, info);
    const fix = !allPlain || reported
      ? undefined
      : sink
        ? definitionFix(model, sink, variables)
        : old?.noJoin ? undefined : joinFix(model, call, '""', joinValuesFromFields(source, fields, (f) => model.text(argumentFor(f.key)!), (t) => t.replace(/\{\{/g, '{').replace(/\}\}/g, '}')));
    context.report({
      node: argument,
      message: `str.format() on pipeline variable ${codeOf(model, argument)} ${outcome(old)}: ${sink ? sinkFix(sink) : 'build the string with Join(on="", values=[...])'}. ${describeVariable(model, argument, info)} has no value until the pipeline runs; ${consequence(old, 'str.format() calls str() on it')}. ${sink ? sinkAdvice(sink) : joinNote(old)}`,
      fix,
    });
    reported = true;
  }
}

/** `"...%s..." % v` and `"...%s..." % (a, v)` */
function checkPercent(node: SyntaxNode, context: RuleContext): void {
  const { model } = context;
  const operator = childByField(node, 'operator');
  if (!operator || model.text(operator) !== '%') return;
  const left = childByField(node, 'left');
  const right = childByField(node, 'right');
  if (!left || !right) return;
  const source = plainStringSource(model, left);
  if (!source) return;
  const fields = percentFields(source.raw);
  if (!fields || fields.length === 0) return;
  const bareRight = unparenthesize(right);
  const args = bareRight.type === 'tuple' ? bareRight.children.filter((c) => c.named && c.type !== 'comment') : fields.length === 1 ? [right] : undefined;
  if (!args || args.some((a) => a.type === 'list_splat')) return;
  let reported = false;
  for (const field of fields) {
    const argument = args[field.key as number];
    if (!argument || field.conversion === 'r' || field.conversion === 'a') continue;
    const info = model.pipelineVariable(argument);
    if (!info) continue;
    const allPlain = fields.every((f) => f.plain) && args.length === fields.length;
    const sink = textSink(model, node);
    const old = oldConversion(model, argument, info);
    const fix = !allPlain || reported
      ? undefined
      : sink
        ? definitionFix(model, sink, args.filter((a) => !!model.pipelineVariable(a)))
        : old?.noJoin ? undefined : joinFix(model, node, '""', joinValuesFromFields(source, fields, (f) => model.text(args[f.key as number]), (t) => t.replace(/%%/g, '%')));
    context.report({
      node: argument,
      message: `%-formatting pipeline variable ${codeOf(model, argument)} ${outcome(old)}: ${sink ? sinkFix(sink) : 'build the string with Join(on="", values=[...])'}. ${describeVariable(model, argument, info)} has no value until the pipeline runs; ${consequence(old, '%-formatting calls str() on it')}. ${sink ? sinkAdvice(sink) : joinNote(old)}`,
      fix,
    });
    reported = true;
  }
}

/** `f"...{v}..."` */
function checkInterpolation(interpolation: SyntaxNode, context: RuleContext): void {
  const { model } = context;
  const expression = childByField(interpolation, 'expression');
  if (!expression || isReprConversion(model, interpolation)) return;
  const info = model.pipelineVariable(expression);
  if (!info) return;
  const old = oldConversion(model, expression, info);
  if (interpolation.type === 'format_expression') {
    // A nested field in a format spec (`f"{x:>{v}}"`) is formatted to text too; no Join can express a spec.
    context.report({
      node: expression,
      message: `A format spec on pipeline variable ${codeOf(model, expression)} ${outcome(old)}: pass it to a step, or use Join. ${describeVariable(model, expression, info)} has no value until the pipeline runs; ${consequence(old, 'an f-string format spec calls str() on it')}. Join(on="", values=[...]) builds a string when the pipeline runs.`,
    });
    return;
  }
  const fString = interpolation.parent!;
  const whole = fString.parent?.type === 'concatenated_string' ? fString.parent : fString;
  const parts = fStringParts(model, whole);
  // Report each f-string once with a fix; further variables in the same string share it.
  const firstVariable = whole.children.length && firstVariableInterpolation(model, whole) === interpolation;
  const toString = info.className !== 'Join' && /to_string\(\)$/.test(model.text(expression)) ? ' (`.to_string()` returns a pipeline variable too, so it does not help here)' : '';
  // `f"{f'{bucket}'}"`: a Join for the inner f-string would be formatted by the outer one, and fail the same way.
  if (formattedByField(whole)) {
    context.report({
      node: expression,
      message: `Pipeline variable ${codeOf(model, expression)} in an f-string ${outcome(old)}: build the whole string with Join(on="", values=[...]). ${describeVariable(model, expression, info)} has no value until the pipeline runs; ${consequence(old, 'an f-string calls str() on it')}${toString}. The outer f-string formats this one, so a Join of the inner part alone would fail the same way.`,
    });
    return;
  }
  const sink = textSink(model, whole);
  if (sink) {
    // Each variable shown by its definition; a format spec (`{v:>8}`) would not apply to a dict.
    const fields = variableInterpolations(model, whole);
    const withSpec = fields.some((f) => f.children.some((c) => c.type === 'format_specifier'));
    context.report({
      node: expression,
      message: `Pipeline variable ${codeOf(model, expression)} in an f-string ${outcome(old)}: ${sinkFix(sink)}. ${describeVariable(model, expression, info)} has no value until the pipeline runs; ${consequence(old, 'an f-string calls str() on it')}${toString}. ${sinkAdvice(sink)}`,
      fix: firstVariable && !withSpec ? definitionFix(model, sink, fields.map((f) => childByField(f, 'expression')!)) : undefined,
    });
    return;
  }
  context.report({
    node: expression,
    message: `Pipeline variable ${codeOf(model, expression)} in an f-string ${outcome(old)}: build the string with Join(on="", values=[...]). ${describeVariable(model, expression, info)} has no value until the pipeline runs; ${consequence(old, 'an f-string calls str() on it')}${toString}. ${joinNote(old)}`,
    fix: parts.convertible && firstVariable && !old?.noJoin ? joinFix(model, whole, '""', parts.values) : undefined,
  });
}

/** The closing sentence after Join advice: what Join does, and from which release when the module's SDK predates it. */
function joinNote(old: OldConversion | undefined): string {
  return old?.noJoin ? `Join exists from v${JOIN_SINCE}: upgrade the SDK to use it.` : 'The pipeline evaluates a Join when it runs.';
}

/** The interpolations of an f-string (or concatenation of strings) that convert a pipeline variable. */
function variableInterpolations(model: SemanticModel, whole: SyntaxNode): SyntaxNode[] {
  const strings = whole.type === 'concatenated_string' ? whole.children.filter((c) => c.type === 'string') : [whole];
  const found: SyntaxNode[] = [];
  for (const s of strings) {
    for (const child of s.children) {
      if (child.type !== 'interpolation') continue;
      const expression = childByField(child, 'expression');
      if (expression && !isReprConversion(model, child) && model.pipelineVariable(expression)) found.push(child);
    }
  }
  return found;
}

function firstVariableInterpolation(model: SemanticModel, whole: SyntaxNode): SyntaxNode | undefined {
  const strings = whole.type === 'concatenated_string' ? whole.children.filter((c) => c.type === 'string') : [whole];
  for (const s of strings) {
    for (const child of s.children) {
      if (child.type !== 'interpolation') continue;
      const expression = childByField(child, 'expression');
      if (expression && !isReprConversion(model, child) && model.pipelineVariable(expression)) return child;
    }
  }
  return undefined;
}

export const pipelineVariableToText: Rule = {
  code: 'SM101',
  name: 'pipeline-variable-to-text',
  defaultSeverity: 'error',
  summary: 'A pipeline variable converted to text in Python: str(), print(), f-strings, %, str.format(), logging',
  nodeTypes: ['call', 'interpolation', 'format_expression', 'binary_operator'],
  check(node, context) {
    const { model } = context;
    if (node.type === 'interpolation' || node.type === 'format_expression') return checkInterpolation(node, context);
    if (node.type === 'binary_operator') return checkPercent(node, context);
    const callee = childByField(node, 'function');
    if (!callee) return;
    if (callee.type === 'identifier') {
      reportHelperUses(context, node, 'text', 'build the text with Join(on="", values=[...]) in that function instead, which the pipeline evaluates when it runs.');
      if (model.isBuiltin(callee, 'print')) return checkPrintOrLog(node, context, 'print');
      if (model.isBuiltin(callee, 'str')) return checkStrCall(node, context, 'str');
      if (model.isBuiltin(callee, 'format')) return checkStrCall(node, context, 'format');
    }
    if (callee.type === 'attribute') {
      const attribute = model.text(childByField(callee, 'attribute')!);
      if (attribute === 'format') return checkStrFormat(node, context);
      if (loggingMethod(model, callee)) return checkPrintOrLog(node, context, 'logging');
    }
  },
  doc: {
    what: 'Finds pipeline variables (ExecutionVariables members, Parameter* instances, step properties, Join, JsonGet, and names bound to them) converted to text by Python when the pipeline is defined: `str(v)`, `print(v)`, f-strings, `"%s" % v`, `"{}".format(v)`, and stdlib logging calls. A pipeline variable passed to a function defined in the same module (`make_path(bucket)` with `def make_path(b): return f"s3://{b}/models"`) is followed one level: when the function body does this with the parameter (and never rebinds it), the finding is at the call\'s argument and quotes the use.',
    why: 'A pipeline variable has no value while your Python code runs: it is a placeholder that SageMaker resolves when the pipeline executes. Since SDK v2.81.0 its `__str__` raises `TypeError: Pipeline variables do not support __str__ operation. Please use `.to_string()` to convert it to string type in execution time or use `.expr` to translate it to Json for display purpose in Python SDK.` f-strings and `str.format` go through `__format__`, which calls `str()`, so they fail the same way, and `f"{v.to_string()}"` fails too because `.to_string()` returns another pipeline variable. logging catches the error inside the handler and prints `--- Logging error ---` instead of the message. Before v2.81.0 nothing raised: a `ParameterString` (a `str` subclass then) became its default value, the same in every execution whatever value it starts with, and the other variables became their Python repr (`ParameterInteger(name=\'Count\', ...)`, `<...ExecutionVariable object at 0x...>`). For a project whose SDK is older (every release its pin, range or installation admits is before v2.81.0) the message says that instead, and offers no `.to_string()` fix (it arrived in v2.81.0) and no Join fix before v2.24.0 (Join\'s first release).',
    example: [
      'from sagemaker.workflow.execution_variables import ExecutionVariables',
      'from sagemaker.workflow.parameters import ParameterString',
      '',
      'bucket = ParameterString(name="Bucket", default_value="my-bucket")',
      'print(ExecutionVariables.PIPELINE_EXECUTION_ID)',
      'output_path = f"s3://{bucket}/runs/{ExecutionVariables.PIPELINE_EXECUTION_ID}"',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.execution_variables import ExecutionVariables',
      'from sagemaker.workflow.functions import Join',
      'from sagemaker.workflow.parameters import ParameterString',
      '',
      'bucket = ParameterString(name="Bucket", default_value="my-bucket")',
      'print(ExecutionVariables.PIPELINE_EXECUTION_ID.expr)',
      'output_path = Join(on="", values=["s3://", bucket, "/runs/", ExecutionVariables.PIPELINE_EXECUTION_ID])',
    ].join('\n'),
    fixSafety: 'f-strings, `%` and `str.format` with plain fields get a safe fix to `Join(on="", values=[...])` (adding `from sagemaker.workflow.functions import Join`, or `sagemaker.core.workflow.functions` in a v3 module, when missing): the original always raises, and Join is the SDK\'s documented way to build a string at execution time. `str(v)` gets a safe fix to `v.to_string()`. For `print`, logging and `warnings.warn` (and f-strings, `%`, `str.format` and `str()` written directly as their arguments) the fix shows `v.expr` (the JSON definition) instead, since a Join there is a pipeline variable too and fails the same way; it is unsafe because it shows the definition, not the run-time value you may have wanted. Fields with format specs or conversions get no fix.',
    sdkVersions: 'sagemaker >= 2.81.0 (v2) and all of v3 raise TypeError; v2.16.0-v2.80.x silently produce the default value (ParameterString) or a repr (the others), which the message says when the project\'s SDK is that old. Checked in the SDK\'s tags (`git tag --contains 850972ca6` = v2.81.0) and by running src/sagemaker/workflow of v2.30.0, v2.80.0, v2.81.0 and v2.92.2 under Python 3.11.',
    references: [
      'v2.257.6 src/sagemaker/workflow/entities.py L88-94 (PipelineVariable.__str__)',
      'v3 sagemaker-core/src/sagemaker/core/helper/pipeline_variable.py (same methods and messages)',
      'aws/sagemaker-python-sdk#3123 (f-string with a Parameter), #3495 (f-string with .to_string())',
      'v2.80.0 src/sagemaker/workflow/parameters.py L145-207 (ParameterString(Parameter, str), ParameterInteger(Parameter, int), ParameterFloat(Parameter, float)); commit 850972ca6 (PR #2995, first in v2.81.0)',
    ],
  },
};
