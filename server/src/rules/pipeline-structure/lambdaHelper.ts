import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { pipelineGraph } from '../../semantic/pipeline';
import { NodeQuery } from '../../semantic/reads';

/**
 * `sagemaker.lambda_helper.Lambda` (v2.257.6) and `sagemaker.core.lambda_helper.Lambda` (v3 a24812666d),
 * also reached through the lambda_step modules that import it. Both have the same constructor:
 * Lambda(function_arn, function_name, execution_role_arn, zipped_code_dir, s3_bucket, script, handler,
 * session, timeout=120, memory_size=128, runtime, vpc_config, environment, layers).
 */
const LAMBDA_PATHS = new Set([
  'sagemaker.lambda_helper.Lambda', 'sagemaker.workflow.lambda_step.Lambda',
  'sagemaker.core.lambda_helper.Lambda', 'sagemaker.mlops.workflow.lambda_step.Lambda',
]);

export const LAMBDA_POSITIONS = {
  function_arn: 0, function_name: 1, execution_role_arn: 2, zipped_code_dir: 3, s3_bucket: 4, script: 5, handler: 6, session: 7, timeout: 8, memory_size: 9,
} as const;

export type LambdaParameter = keyof typeof LAMBDA_POSITIONS;

export interface LambdaCall {
  readonly call: SyntaxNode;
  readonly callee: SyntaxNode;
  argument(name: LambdaParameter): SyntaxNode | undefined;
  /** Not passed, or passed as the literal None: the constructor sees None. */
  isNone(name: LambdaParameter): boolean;
  /** A string literal (plain or built from literals) or a name bound once to one: never None. */
  isString(name: LambdaParameter): boolean;
}

/** A call of the SDK's Lambda helper class without *args/**kwargs, or undefined. */
export function lambdaHelperCall(model: SemanticModel, call: SyntaxNode): LambdaCall | undefined {
  if (call.type !== 'call') return undefined;
  const callee = childByField(call, 'function');
  const args = childByField(call, 'arguments');
  if (!callee || !args || args.type !== 'argument_list') return undefined;
  if (args.children.some((c) => c.type === 'list_splat' || c.type === 'dictionary_splat')) return undefined;
  const value = model.valueOf(callee);
  if (value.kind !== 'path' || !LAMBDA_PATHS.has(value.path)) return undefined;
  const argument = (name: LambdaParameter) => model.argument(call, name, LAMBDA_POSITIONS[name]);
  return {
    call,
    callee,
    argument,
    isNone(name) {
      const node = argument(name);
      return !node || unparenthesize(node).type === 'none';
    },
    isString(name) {
      const node = argument(name);
      if (!node) return false;
      const inner = unparenthesize(node);
      if (inner.type === 'string' || inner.type === 'concatenated_string') return true;
      if (inner.type !== 'identifier') return false;
      const assigned = model.assignedExpression(inner);
      return !!assigned && (unparenthesize(assigned).type === 'string' || plainStringValue(model.tree, assigned) !== undefined);
    },
  };
}

/** LambdaStep(name, lambda_func, ...): the same position in v2.257.6 workflow/lambda_step.py and v3.20.0 sagemaker-mlops lambda_step.py. */
const LAMBDA_FUNC_POSITION = 1;

/**
 * Whether a Lambda(...) call is the `lambda_func` of a LambdaStep in this module: passed there directly,
 * or through a name whose only reaching assignment is this call. A node query: the answer depends on
 * every step in the module, and a reader depends on the answer only.
 */
const REACHES_LAMBDA_STEP: NodeQuery<boolean> = {
  name: 'lambda-reaches-lambda-step',
  compute(model, call) {
    for (const step of pipelineGraph(model).steps) {
      if (step.symbol.id !== 'LambdaStep') continue;
      const func = model.argument(step.call, 'lambda_func', LAMBDA_FUNC_POSITION);
      if (!func) continue;
      const inner = unparenthesize(func);
      if (inner === call) return true;
      if (inner.type !== 'identifier') continue;
      const assigned = model.assignedExpression(inner);
      if (assigned && unparenthesize(assigned) === call) return true;
    }
    return false;
  },
};

export function reachesLambdaStep(model: SemanticModel, call: SyntaxNode): boolean {
  return model.ask(REACHES_LAMBDA_STEP, call);
}
