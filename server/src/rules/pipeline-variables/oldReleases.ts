import { SyntaxNode, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel, PipelineVariableInfo, plainStringValue } from '../../semantic/model';
import { sdkOnlyBefore, sdkPinText } from '../../environment/releaseWindow';
import type { SdkEnvironment } from '../../environment/types';

/**
 * What text conversion of a pipeline variable did before v2.81.0, for a module whose SDK is older.
 *
 * Checked in the SDK's tags (git tag --contains 850972ca6, PR #2995 "Implement override solution for
 * pipeline variables": first in v2.81.0), and run (Python 3.11, attrs 26) on src/sagemaker/workflow/
 * {entities,parameters,execution_variables,functions,properties}.py of v2.30.0, v2.80.0, v2.81.0, v2.92.2:
 * - before v2.81.0 `ParameterString(Parameter, str)` is built by `__new__` from its default value
 *   (`_implicit_value`: "" without one) and has no `__str__`/`__format__` of its own: `str(p)`, `f"{p}"`,
 *   `"%s" % p`, `"{}".format(p)` and `print(p)` give the default value ('s3://my-bucket/x').
 * - `ParameterInteger(Parameter, int)` and `ParameterFloat(Parameter, float)` hold the default too, but int
 *   and float have no `__str__` of their own, so those conversions use the attrs-generated `__repr__`:
 *   "ParameterInteger(name='Count', parameter_type=<ParameterTypeEnum.INTEGER: 'Integer'>, default_value=3)".
 *   `ParameterBoolean` (`partial(Parameter, ...)`), Join and JsonGet give their attrs repr the same way.
 * - `ExecutionVariable` gives "{'Get': 'Execution.PipelineExecutionId'}" before v2.41.0 (a str subclass)
 *   and '<sagemaker.workflow.execution_variables.ExecutionVariable object at 0x...>' from v2.41.0.
 * - `+` on a ParameterString/Integer/Float uses the default value ('my-bucket' + 'x', 0.5 + 1.0); on the
 *   others it raises Python's own TypeError (unsupported operand type(s) for +: 'Join' and 'str').
 * - v2.81.0 adds `PipelineVariable.__str__`, which raises TypeError, and `.to_string()`.
 * - Join exists from v2.24.0 (src/sagemaker/workflow/functions.py; absent in v2.16.0-v2.23.x).
 */
export const TYPE_ERROR_SINCE = '2.81.0';
export const JOIN_SINCE = '2.24.0';

/** attrs classes whose repr is what str() gives before v2.81.0 (ParameterBoolean's repr says `Parameter(`). */
const ATTRS_REPR: Record<string, string> = {
  ParameterInteger: "ParameterInteger(name='...', parameter_type=..., default_value=...)",
  ParameterFloat: "ParameterFloat(name='...', parameter_type=..., default_value=...)",
  ParameterBoolean: "Parameter(name='...', parameter_type=<ParameterTypeEnum.BOOLEAN: 'Boolean'>, default_value=...)",
  Parameter: "Parameter(name='...', ...)",
  Join: "Join(on='...', values=[...])",
  JsonGet: 'JsonGet(...)',
};

export interface OldConversion {
  /** What the text becomes: `its default value ("my-bucket")`, `the Python object's text`. */
  readonly value: string;
  /** Why, for the message's details; ends without a period. */
  readonly detail: string;
  /** Join is not in the SDK the module runs (before v2.24.0): no fix may add it. */
  readonly noJoin: boolean;
}

/**
 * How `str()`/f-strings/`%`/`.format()`/print turn `node` into text in the module's SDK, when every release
 * it may run is before v2.81.0; undefined otherwise (then they raise TypeError, the rules' usual text).
 */
export function oldConversion(model: SemanticModel, node: SyntaxNode, info: PipelineVariableInfo): OldConversion | undefined {
  return oldConversionIn(model.environment, model, node, info);
}

export function oldConversionIn(environment: SdkEnvironment | undefined, model: SemanticModel, node: SyntaxNode, info: PipelineVariableInfo): OldConversion | undefined {
  const sdk = sdkOnlyBefore(environment, TYPE_ERROR_SINCE);
  if (!sdk || sdk.major !== 2) return undefined;
  const pin = sdkPinText(sdk);
  const noJoin = !!sdkOnlyBefore(environment, JOIN_SINCE);
  const later = `v${TYPE_ERROR_SINCE} and later raise TypeError`;
  if (info.className === 'ParameterString') {
    const shown = defaultValueText(model, node);
    return {
      value: shown ? `its default value (${shown})` : 'its default value',
      detail: `with ${pin}, before v${TYPE_ERROR_SINCE}, ParameterString subclasses str and holds the default given where it is defined, so every execution gets ${shown ?? 'that default'} here, whatever value the execution starts with (${later})`,
      noJoin,
    };
  }
  const repr = ATTRS_REPR[info.className];
  if (repr) {
    return {
      value: 'its repr text',
      detail: `with ${pin}, before v${TYPE_ERROR_SINCE}, ${info.className} has no text of its own, so Python uses its attrs repr, \`${repr}\`, never the value of an execution (${later})`,
      noJoin,
    };
  }
  if (info.className === 'ExecutionVariable') {
    return {
      value: "the Python object's text",
      detail: `with ${pin}, before v${TYPE_ERROR_SINCE}, an ExecutionVariable has no text of its own: this gives \`<sagemaker.workflow.execution_variables.ExecutionVariable object at 0x...>\` (before v2.41.0 its definition, \`{'Get': 'Execution...'}\`), never the value of an execution (${later})`,
      noJoin,
    };
  }
  return {
    value: "the Python object's text",
    detail: `with ${pin}, before v${TYPE_ERROR_SINCE}, pipeline variables have no text of their own, so this gives the Python object's repr, never the value of an execution (${later})`,
    noJoin,
  };
}

/** The default of a ParameterString written as a literal where it is built ("" without one), quoted. */
export function defaultValueText(model: SemanticModel, node: SyntaxNode): string | undefined {
  const value = model.valueOf(unparenthesize(node));
  if (value.kind !== 'instance') return undefined;
  const argument = model.argument(value.call, 'default_value', 1);
  if (!argument) return '""';
  const text = plainStringValue(model.tree, unparenthesize(argument));
  return text === undefined ? undefined : JSON.stringify(text);
}

/**
 * For hovers: what `str()`, print, f-strings, `%`, `.format()` and `+` do in the environment's SDK, as one
 * clause after "your code runs when the pipeline is defined". Undefined when they raise TypeError (v2.81.0
 * and later, or nothing known), which the hovers' usual text says.
 */
export function oldTextBehaviour(environment: SdkEnvironment | undefined): string | undefined {
  const sdk = sdkOnlyBefore(environment, TYPE_ERROR_SINCE);
  if (!sdk || sdk.major !== 2) return undefined;
  return `with ${sdkPinText(sdk)}, before v${TYPE_ERROR_SINCE}, \`str()\`, \`print()\`, f-strings, \`%\` and \`.format()\` raise nothing: a \`ParameterString\` silently becomes its default value (the same in every execution), the other variables their Python repr; \`+\` on a \`ParameterString\`, \`ParameterInteger\` or \`ParameterFloat\` computes with the default value`;
}

/** ParameterString stopped subclassing str in v2.92.2 (v2.92.1 src/sagemaker/workflow/parameters.py: `ParameterString(Parameter, str)`). */
export const STR_BASE_UNTIL = '2.92.2';

/**
 * What `+` does to `side` in the module's SDK when that is not a TypeError: before v2.81.0 a
 * ParameterString/Integer/Float adds its default value ('my-bucket' + 'x', 0.5 + 1.0); from v2.81.0 to
 * v2.92.1 `"x" + p` still does for a ParameterString on the right of a string (str.__add__ accepts the str
 * subclass; run on v2.81.0: 'xmy-bucket'), while `p + "x"` raises. Undefined when `+` raises TypeError.
 */
export function oldConcatenation(model: SemanticModel, side: SyntaxNode, info: PipelineVariableInfo, rightOfText: boolean): OldConversion | undefined {
  const environment = model.environment;
  const beforeTypeError = sdkOnlyBefore(environment, TYPE_ERROR_SINCE);
  const whileStr = sdkOnlyBefore(environment, STR_BASE_UNTIL);
  const sdk = beforeTypeError ?? (info.className === 'ParameterString' && rightOfText ? whileStr : undefined);
  if (!sdk || sdk.major !== 2 || !['ParameterString', 'ParameterInteger', 'ParameterFloat'].includes(info.className)) return undefined;
  const noJoin = !!sdkOnlyBefore(environment, JOIN_SINCE);
  const shown = info.className === 'ParameterString' ? defaultValueText(model, side) : undefined;
  const why = beforeTypeError
    ? `before v${TYPE_ERROR_SINCE} ${info.className} subclasses ${info.className === 'ParameterString' ? 'str' : info.className === 'ParameterInteger' ? 'int' : 'float'} and holds the default given where it is defined`
    : `before v${STR_BASE_UNTIL} ParameterString still subclasses str, so \`"text" + p\` is str concatenation with the default given where it is defined (\`p + "text"\` raises TypeError)`;
  return {
    value: shown ? `its default value (${shown})` : 'its default value',
    detail: `with ${sdkPinText(sdk)}, ${why}: every execution gets ${shown ?? 'that default'} here, whatever value it starts with (v${beforeTypeError ? TYPE_ERROR_SINCE : STR_BASE_UNTIL} and later raise TypeError)`,
    noJoin,
  };
}
