import { unparenthesize } from '../../parse/syntaxNode';
import { plainStringValue } from '../../semantic/model';
import { Rule } from '../types';
import { LambdaCall, LambdaParameter, lambdaHelperCall } from './lambdaHelper';

/** What Lambda.__init__ raises (v2.257.6 lambda_helper.py L94-109; the same in v3), in its order. */
function problems(lambda: LambdaCall, nonEmpty: (name: LambdaParameter) => boolean): { raised: string; add?: string }[] {
  if (lambda.isNone('function_arn') && lambda.isNone('function_name')) {
    return [{ raised: 'Either function_arn or function_name must be provided.', add: 'function_arn=... (an existing function) or function_name=... (one to create)' }];
  }
  const found: { raised: string; add?: string }[] = [];
  const bothCodes = nonEmpty('zipped_code_dir') && nonEmpty('script');
  if (lambda.isString('function_name')) {
    if (lambda.isNone('execution_role_arn')) found.push({ raised: 'execution_role_arn must be provided.', add: 'execution_role_arn=...' });
    if (lambda.isNone('zipped_code_dir') && lambda.isNone('script')) found.push({ raised: 'Either zipped_code_dir or script must be provided.', add: 'script=... (or zipped_code_dir=...)' });
    if (bothCodes) found.push({ raised: 'Provide either script or zipped_code_dir, not both.' });
    if (lambda.isNone('handler')) found.push({ raised: 'Lambda handler must be provided.', add: 'handler="<file>.<function>"' });
  } else if (bothCodes && !lambda.isNone('function_arn')) {
    found.push({ raised: 'Provide either script or zipped_code_dir, not both.' });
  }
  return found;
}

export const incompleteLambdaDefinition: Rule = {
  code: 'SM222',
  name: 'incomplete-lambda-definition',
  defaultSeverity: 'error',
  summary: 'Lambda(function_name=...) without execution_role_arn, handler or code, which raises ValueError when constructed',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const lambda = lambdaHelperCall(model, node);
    if (!lambda) return;
    const nonEmpty = (name: LambdaParameter) => {
      const argument = lambda.argument(name);
      return !!argument && !!plainStringValue(model.tree, unparenthesize(argument));
    };
    const found = problems(lambda, nonEmpty);
    if (!found.length) return;
    const additions = found.filter((p) => p.add).map((p) => p.add!);
    const first = found[0].raised;
    const fixText = additions.length ? `add ${additions.join(', ')}` : 'pass only one of script and zipped_code_dir';
    const creates = lambda.isString('function_name')
      ? ' With function_name, the SDK creates the function (or updates its code) when the pipeline definition is built, so it needs the role, the handler and the code.'
      : '';
    context.report({
      node: lambda.callee,
      message: `This Lambda(...) raises ValueError when constructed: ${fixText}. The constructor checks its arguments and raises ValueError("${first}")${found.length > 1 ? ` (once that is fixed: ${found.slice(1).map((p) => `ValueError("${p.raised}")`).join(', ')})` : ''}.${creates}`,
    });
  },
  doc: {
    what: 'Fires on a call of the SDK\'s `Lambda` helper (`sagemaker.lambda_helper.Lambda`, v3 `sagemaker.core.lambda_helper.Lambda`) that its constructor rejects: neither `function_arn` nor `function_name`; a literal `function_name` without `execution_role_arn`, without `handler`, or without `script`/`zipped_code_dir`; or both `script` and `zipped_code_dir`. Arguments that are absent or the literal `None` count as missing; calls with `*args`/`**kwargs` and a `function_name` the model cannot prove to be a string are left alone.',
    why: '`Lambda.__init__` checks its arguments and raises `ValueError` ("execution_role_arn must be provided.", "Lambda handler must be provided.", "Either zipped_code_dir or script must be provided.", "Provide either script or zipped_code_dir, not both.", "Either function_arn or function_name must be provided."). With `function_name`, the object describes a function the SDK will **create**: `LambdaStep.to_request()` calls `Lambda.upsert()` whenever the pipeline definition is built (`pipeline.definition()`, `create()`, `update()`, `upsert()`), and `CreateFunction` needs the role, the handler and the code.',
    example: [
      'from sagemaker.lambda_helper import Lambda',
      '',
      'func = Lambda(function_name="notify-team", script="notify.py")',
    ].join('\n'),
    useInstead: [
      'from sagemaker.lambda_helper import Lambda',
      '',
      'func = Lambda(',
      '    function_name="notify-team",',
      '    execution_role_arn="arn:aws:iam::111122223333:role/LambdaExecution",',
      '    script="notify.py",',
      '    handler="notify.lambda_handler",',
      ')',
    ].join('\n'),
    fixSafety: 'No fix: the role, the handler and the code are the user\'s.',
    sdkVersions: 'sagemaker v2 (`sagemaker.lambda_helper`, all versions with LambdaStep) and v3 (`sagemaker.core.lambda_helper`; the constructor is identical).',
    references: [
      'v2.257.6 src/sagemaker/lambda_helper.py L28-109 (Lambda.__init__ and its ValueErrors), L110-156 (create), L218-228 (upsert: create, then update on ResourceConflictException)',
      'v2.257.6 src/sagemaker/workflow/lambda_step.py L140-172 (to_request calls _get_function_arn, which upserts the function when function_arn is None)',
      'v3 a24812666d sagemaker-core/src/sagemaker/core/lambda_helper.py (same constructor), sagemaker-mlops/src/sagemaker/mlops/workflow/lambda_step.py L134-166',
    ],
  },
};
