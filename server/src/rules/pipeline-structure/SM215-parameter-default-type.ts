import { SyntaxNode, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { describeVariable } from '../pipeline-variables/common';
import { Rule } from '../types';
import { shortText } from './common';

/**
 * Parameter._check_default_value_type's Python type per class (ParameterTypeEnum.python_type). The base
 * Parameter takes its type as an argument, so it is left out.
 */
const PYTHON_TYPES: Record<string, 'str' | 'int' | 'float' | 'bool'> = {
  ParameterString: 'str',
  ParameterInteger: 'int',
  ParameterFloat: 'float',
  ParameterBoolean: 'bool',
};

/** Classes whose second positional parameter is default_value (ParameterBoolean is partial(Parameter): it is parameter_type). */
const POSITIONAL_DEFAULT = new Set(['ParameterString', 'ParameterInteger', 'ParameterFloat']);

const ERROR = 'TypeError("The default value specified does not match the Parameter Python type.")';

/**
 * The Python type of a literal default that is truthy (the check is `if value and not isinstance(...)`:
 * 0, 0.0, "", False and None always pass), or undefined when the value is not a literal or may be falsy.
 */
function truthyLiteralType(model: SemanticModel, node: SyntaxNode): 'str' | 'int' | 'float' | 'bool' | undefined {
  let bare = unparenthesize(node);
  let negated = false;
  if (bare.type === 'unary_operator') {
    negated = true;
    bare = unparenthesize(bare.children.find((c) => c.named) ?? bare);
  }
  switch (bare.type) {
    case 'integer':
      return Number(model.text(bare).replace(/_/g, '')) !== 0 ? 'int' : undefined;
    case 'float':
      return Number(model.text(bare).replace(/_/g, '')) !== 0 ? 'float' : undefined;
    case 'true':
      return negated ? undefined : 'bool';
    case 'string': {
      if (negated) return undefined;
      const value = plainStringValue(model.tree, bare);
      return value !== undefined && value !== '' ? 'str' : undefined;
    }
    default:
      return undefined;
  }
}

/** isinstance(value, python_type) for a literal of type `literal` (bool is a subclass of int). */
function isInstance(literal: string, pythonType: string): boolean {
  return literal === pythonType || (literal === 'bool' && pythonType === 'int');
}

export const parameterDefaultType: Rule = {
  code: 'SM215',
  name: 'parameter-default-type',
  defaultSeverity: 'error',
  summary: "A Parameter's default_value is a pipeline variable or a value of another type: TypeError when it is created",
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const value = model.valueOf(node);
    if (value.kind !== 'instance' || value.call !== node) return;
    const className = value.symbol.id;
    const pythonType = PYTHON_TYPES[className];
    if (!pythonType) return;
    const argument = model.argument(node, 'default_value', POSITIONAL_DEFAULT.has(className) ? 1 : undefined);
    if (!argument) return;
    const bare = unparenthesize(argument);
    const variable = model.pipelineVariable(bare);
    if (variable) {
      context.report({
        node: bare,
        message: `A ${className}'s default must be a plain ${pythonType}, not a pipeline variable (TypeError): give a ${pythonType}. ${describeVariable(model, bare, variable)} is a pipeline variable: creating the parameter raises ${ERROR}. Give a ${pythonType} default (or none, so each execution must pass a value), and use the pipeline variable where the parameter is used.`,
      });
      return;
    }
    const literal = truthyLiteralType(model, bare);
    if (!literal || isInstance(literal, pythonType)) return;
    context.report({
      node: bare,
      message: `A ${className}'s default must be a ${pythonType}, not a ${literal} (TypeError): write a ${pythonType}. \`${shortText(model, bare)}\` is a ${literal}: creating it raises ${ERROR}. Write the default as a ${pythonType}${pythonType === 'float' && literal === 'int' ? ` (\`${model.text(bare)}.0\`)` : ''}, or use the Parameter class for ${literal} values.`,
      fix: pythonType === 'float' && literal === 'int' && bare.type === 'integer' && /^\d+$/.test(model.text(bare))
        ? { title: `Write the default as a float: ${model.text(bare)}.0`, applicability: 'safe', edits: [{ start: bare.start, end: bare.end, newText: `${model.text(bare)}.0` }] }
        : undefined,
    });
  },
  doc: {
    what: 'Finds a `ParameterString`, `ParameterInteger`, `ParameterFloat` or `ParameterBoolean` (v2 `sagemaker.workflow.parameters`, v3 `sagemaker.core.workflow.parameters`) whose `default_value` is a pipeline variable (`Join(...)`, `ExecutionVariables.*`, a step property, another parameter) or a literal of another Python type (`ParameterFloat(default_value=1)`, `ParameterInteger(default_value="5")`, `ParameterBoolean(default_value="True")`). Defaults that are 0, 0.0, "", False or None always pass the SDK\'s check and stay silent, as do `int` defaults of `ParameterInteger` given as `True`/`False` (bool is an int).',
    why: 'Parameter validates its default with attrs when it is created (v2.257.6 workflow/parameters.py L63-76, L128-140): `if value and not isinstance(value, python_type): raise TypeError("The default value specified does not match the Parameter Python type.")`. A pipeline variable is an object, never a str/int/float/bool, and is always true, so it always fails; a parameter\'s default is sent to the service as a constant (`DefaultValue` in the definition), which cannot refer to another value. `ParameterFloat(default_value=1)` fails because 1 is an int, not a float.',
    example: [
      'from sagemaker.workflow.execution_variables import ExecutionVariables',
      'from sagemaker.workflow.functions import Join',
      'from sagemaker.workflow.parameters import ParameterFloat, ParameterString',
      '',
      'output = ParameterString(name="Output", default_value=Join(on="/", values=["s3://my-bucket", ExecutionVariables.PIPELINE_EXECUTION_ID]))',
      'threshold = ParameterFloat(name="Threshold", default_value=1)',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.execution_variables import ExecutionVariables',
      'from sagemaker.workflow.functions import Join',
      'from sagemaker.workflow.parameters import ParameterFloat, ParameterString',
      '',
      'output_prefix = ParameterString(name="OutputPrefix", default_value="s3://my-bucket")',
      'output = Join(on="/", values=[output_prefix, ExecutionVariables.PIPELINE_EXECUTION_ID])  # pass this to the step',
      'threshold = ParameterFloat(name="Threshold", default_value=1.0)',
    ].join('\n'),
    fixSafety: 'Safe fix for a whole-number int default of a ParameterFloat: `1` becomes `1.0`, the same number of the type the SDK checks for. No fix for the other cases: which constant should be the default, and where the pipeline variable belongs, needs a person.',
    sdkVersions: 'sagemaker v2 (all versions with pipelines) and v3 (the same check in sagemaker-core).',
    references: [
      'v2.257.6 src/sagemaker/workflow/parameters.py L63-76 (default_value validator), L128-140 (_check_default_value_type), L146 (ParameterBoolean = partial(Parameter, ...))',
      'v3 sagemaker-core/src/sagemaker/core/workflow/parameters.py L131-142 (the same check and message)',
    ],
  },
};
