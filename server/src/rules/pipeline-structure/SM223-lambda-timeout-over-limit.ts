import { SyntaxNode, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { Rule } from '../types';
import { lambdaHelperCall } from './lambdaHelper';

/** CreateFunction's Timeout: "The maximum allowed value is 900 seconds" (botocore lambda service-2.json). */
const LAMBDA_MAX_TIMEOUT = 900;

/** An int literal, or a name bound once to one: its value. */
function intValue(model: SemanticModel, node: SyntaxNode): { value: number; node: SyntaxNode } | undefined {
  let inner = unparenthesize(node);
  const literal = inner;
  if (inner.type === 'identifier') {
    const assigned = model.assignedExpression(inner);
    if (!assigned) return undefined;
    inner = unparenthesize(assigned);
  }
  if (inner.type !== 'integer') return undefined;
  const text = model.text(inner).replace(/_/g, '');
  return /^\d+$/.test(text) ? { value: Number(text), node: literal } : undefined;
}

export const lambdaTimeoutOverLimit: Rule = {
  code: 'SM223',
  name: 'lambda-timeout-over-limit',
  defaultSeverity: 'error',
  summary: 'Lambda(function_name=..., timeout=N) with N above the 900 seconds AWS Lambda allows',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const lambda = lambdaHelperCall(model, node);
    // Only a function the SDK creates gets this timeout: with function_arn, LambdaStep never calls create().
    if (!lambda || !lambda.isString('function_name') || !lambda.isNone('function_arn')) return;
    const argument = lambda.argument('timeout');
    const timeout = argument ? intValue(model, argument) : undefined;
    if (!timeout || timeout.value <= LAMBDA_MAX_TIMEOUT) return;
    context.report({
      node: timeout.node,
      message: `timeout=${timeout.value} is above the ${LAMBDA_MAX_TIMEOUT} seconds a Lambda function may run: use at most ${LAMBDA_MAX_TIMEOUT}, and a CallbackStep for longer work. The SDK passes it to CreateFunction, which allows at most ${LAMBDA_MAX_TIMEOUT}, when upsert() or the pipeline definition creates the function. For long work, let the Lambda start it and return, and wait in a CallbackStep: the worker ends it with send_pipeline_execution_step_success/failure and the callback token.`,
    });
  },
  doc: {
    what: 'Fires on a call of the SDK\'s `Lambda` helper with a literal `function_name` (no `function_arn`) and an integer `timeout` (a literal, or a name bound once to one) above 900 seconds.',
    why: 'With `function_name`, the SDK creates the function itself: `LambdaStep.to_request()` calls `Lambda.upsert()` whenever the pipeline definition is built, and `create()` passes `Timeout=self.timeout` to Lambda\'s `CreateFunction`, whose documentation says "The maximum allowed value is 900 seconds" (the Lambda developer guide: "up to a maximum value of 900 seconds (15 minutes)"). A step that needs longer than that does not fit in a Lambda invocation at all: the usual pattern is a Lambda that starts the work and returns, followed by a `CallbackStep` that waits until the worker calls `send_pipeline_execution_step_success` (or `_failure`) with the callback token from the SQS message.',
    example: [
      'from sagemaker.lambda_helper import Lambda',
      '',
      'func = Lambda(function_name="run-export", execution_role_arn=role, script="export.py", handler="export.lambda_handler", timeout=3600)',
    ].join('\n'),
    useInstead: [
      'from sagemaker.lambda_helper import Lambda',
      'from sagemaker.workflow.callback_step import CallbackOutput, CallbackStep',
      '',
      '# The Lambda starts the export and returns; the worker that runs it reports back with the token.',
      'func = Lambda(function_name="start-export", execution_role_arn=role, script="start_export.py", handler="start_export.lambda_handler", timeout=60)',
      'wait = CallbackStep(name="WaitForExport", sqs_queue_url=queue_url, inputs={"table": "sales"}, outputs=[CallbackOutput(output_name="export_uri")])',
    ].join('\n'),
    fixSafety: 'No fix: a smaller timeout does not make long work fit; the work has to move out of the Lambda.',
    sdkVersions: 'sagemaker v2 (`sagemaker.lambda_helper`) and v3 (`sagemaker.core.lambda_helper`; the same code).',
    references: [
      'v2.257.6 src/sagemaker/lambda_helper.py L38 (timeout=120), L110-156 (create passes Timeout to create_function), L158-216 (update changes only the code)',
      'v2.257.6 src/sagemaker/workflow/lambda_step.py L140-172 (to_request upserts the function when function_arn is None)',
      'botocore lambda 2015-03-31 service-2.json CreateFunctionRequest.Timeout ("The maximum allowed value is 900 seconds.")',
      'AWS Lambda Developer Guide, "Configure Lambda function timeout" (configuration-timeout): "up to a maximum value of 900 seconds (15 minutes)"',
      'SageMaker API Reference, SendPipelineExecutionStepSuccess / SendPipelineExecutionStepFailure (callback token)',
    ],
  },
};
