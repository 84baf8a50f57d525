import { SyntaxNode, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { Rule } from '../types';
import { lambdaHelperCall, reachesLambdaStep } from './lambdaHelper';
import { attributeAssignedLater } from '../inputs/common';

/** CreateFunction's Timeout: "The maximum allowed value is 900 seconds" (botocore lambda service-2.json). */
const LAMBDA_MAX_TIMEOUT = 900;
/**
 * The Lambda step's own limit: "The default value is 120 seconds with a maximum value of 10 minutes. If the
 * Lambda function is running when the timeout is met, the Lambda step fails; however, the Lambda function
 * continues to run." (SageMaker Developer Guide, build-and-manage-steps.md, "Timeout and stopping behavior").
 */
const LAMBDA_STEP_MAX_TIMEOUT = 600;

const CALLBACK_PATTERN = 'For long work, let the Lambda start it and return, and wait in a CallbackStep: the worker ends it with send_pipeline_execution_step_success/failure and the callback token; or run the work as a pipeline step of its own (a ProcessingStep or TrainingStep).';

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
  summary: 'Lambda(function_name=..., timeout=N) with N above the 900 seconds AWS Lambda allows, or above the 10 minutes a LambdaStep waits',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const lambda = lambdaHelperCall(model, node);
    // Only a function the SDK creates gets this timeout: with function_arn, LambdaStep never calls create().
    if (!lambda || !lambda.isString('function_name') || !lambda.isNone('function_arn')) return;
    const argument = lambda.argument('timeout');
    const timeout = argument ? intValue(model, argument) : undefined;
    if (!timeout || timeout.value <= LAMBDA_STEP_MAX_TIMEOUT) return;
    const inStep = reachesLambdaStep(model, node);
    if (!inStep && timeout.value <= LAMBDA_MAX_TIMEOUT) return;
    // `func.timeout = 300` later: create() sends whatever the attribute holds when it runs.
    if (attributeAssignedLater(model, node)) return;
    if (!inStep) {
      context.report({
        node: timeout.node,
        message: `timeout=${timeout.value} is above the ${LAMBDA_MAX_TIMEOUT} seconds a Lambda function may run: use at most ${LAMBDA_MAX_TIMEOUT}, and a CallbackStep for longer work. The SDK passes it to CreateFunction, which allows at most ${LAMBDA_MAX_TIMEOUT}, when upsert() or the pipeline definition creates the function. For long work, let the Lambda start it and return, and wait in a CallbackStep: the worker ends it with send_pipeline_execution_step_success/failure and the callback token.`,
      });
      return;
    }
    const createFails = timeout.value > LAMBDA_MAX_TIMEOUT
      ? ` Above ${LAMBDA_MAX_TIMEOUT}, CreateFunction even rejects it when the pipeline definition creates the function.`
      : '';
    context.report({
      node: timeout.node,
      message: `timeout=${timeout.value} is above the 10 minutes a LambdaStep waits: use at most ${LAMBDA_STEP_MAX_TIMEOUT}, and a CallbackStep for longer work. This Lambda runs in a LambdaStep, and the SageMaker Developer Guide gives the Lambda timeout a maximum of 10 minutes there: when it is reached, the step fails while the function keeps running.${createFails} ${CALLBACK_PATTERN}`,
    });
  },
  doc: {
    what: 'Fires on a call of the SDK\'s `Lambda` helper with a literal `function_name` (no `function_arn`) and an integer `timeout` (a literal, or a name bound once to one) above 900 seconds; and above 600 seconds (10 minutes) when that `Lambda` object provably is the `lambda_func` of a `LambdaStep` (passed directly, or through a name whose only reaching assignment is the call), in v2 or v3. It stays silent on a timeout it cannot evaluate, on a `Lambda` it cannot follow into a step (a function parameter, a name assigned twice, a `Lambda` used only for `invoke()`), and when the code later writes an attribute of the name the `Lambda` is bound to (`func.timeout = 300`).',
    why: 'With `function_name`, the SDK creates the function itself: `LambdaStep.to_request()` calls `Lambda.upsert()` whenever the pipeline definition is built, and `create()` passes `Timeout=self.timeout` to Lambda\'s `CreateFunction`, whose documentation says "The maximum allowed value is 900 seconds" (the Lambda developer guide: "up to a maximum value of 900 seconds (15 minutes)"). In a pipeline the limit is tighter: the SageMaker Developer Guide, on the Lambda step, says "The `Lambda` class has a `timeout` argument that specifies the maximum time that the Lambda function can run. The default value is 120 seconds with a maximum value of 10 minutes. If the Lambda function is running when the timeout is met, the Lambda step fails; however, the Lambda function continues to run." The SDK does not send the timeout with the step (the step\'s definition holds its name, type, `Arguments`, `FunctionArn` and `OutputParameters`, and no timeout), so nothing rejects `timeout=700` up front: the pipeline fails when the function runs past 10 minutes, and the function goes on working for a step that has already failed. Work that needs longer does not belong in a Lambda step: the usual pattern is a Lambda that starts the work and returns, followed by a `CallbackStep` that waits until the worker calls `send_pipeline_execution_step_success` (or `_failure`) with the callback token from the SQS message; or the work runs as a pipeline step of its own (`ProcessingStep`, `TrainingStep`).',
    example: [
      'from sagemaker.lambda_helper import Lambda',
      'from sagemaker.workflow.lambda_step import LambdaStep',
      '',
      'func = Lambda(function_name="run-export", execution_role_arn=role, script="export.py", handler="export.lambda_handler", timeout=720)',
      'step = LambdaStep(name="Export", lambda_func=func)',
    ].join('\n'),
    useInstead: [
      'from sagemaker.lambda_helper import Lambda',
      'from sagemaker.workflow.callback_step import CallbackOutput, CallbackStep',
      'from sagemaker.workflow.lambda_step import LambdaStep',
      '',
      '# The Lambda starts the export and returns; the worker that runs it reports back with the token.',
      'func = Lambda(function_name="start-export", execution_role_arn=role, script="start_export.py", handler="start_export.lambda_handler", timeout=60)',
      'start = LambdaStep(name="StartExport", lambda_func=func)',
      'wait = CallbackStep(name="WaitForExport", sqs_queue_url=queue_url, inputs={"table": "sales"}, outputs=[CallbackOutput(output_name="export_uri")], depends_on=[start])',
    ].join('\n'),
    fixSafety: 'No fix: a smaller timeout does not make long work fit; the work has to move out of the Lambda.',
    sdkVersions: 'sagemaker v2 (`sagemaker.lambda_helper.Lambda`, `sagemaker.workflow.lambda_step.LambdaStep`) and v3 (`sagemaker.core.lambda_helper.Lambda`, `sagemaker.mlops.workflow.lambda_step.LambdaStep` or `sagemaker.mlops.workflow.LambdaStep`; the same code).',
    references: [
      'v2.257.6 src/sagemaker/lambda_helper.py L38 (timeout=120), L110-156 (create passes Timeout to create_function), L158-216 (update changes only the code)',
      'v2.257.6 src/sagemaker/workflow/lambda_step.py L86 (lambda_func, second parameter), L140-172 (to_request adds FunctionArn and OutputParameters to Step.to_request\'s Name, Type and Arguments, steps.py L149-163; and upserts the function when function_arn is None)',
      'v3.20.0 sagemaker-core/src/sagemaker/core/lambda_helper.py L38, L147 (the same timeout and create), sagemaker-mlops/src/sagemaker/mlops/workflow/lambda_step.py L80, L134-166',
      'botocore lambda 2015-03-31 service-2.json CreateFunctionRequest.Timeout ("The maximum allowed value is 900 seconds.")',
      'AWS Lambda Developer Guide, "Configure Lambda function timeout" (configuration-timeout): "up to a maximum value of 900 seconds (15 minutes)"',
      'Amazon SageMaker Developer Guide, "Pipeline steps", Lambda step, "Timeout and stopping behavior" (awsdocs/amazon-sagemaker-developer-guide 29f327659f, 2023-02-27, doc_source/build-and-manage-steps.md L650): "a maximum value of 10 minutes. If the Lambda function is running when the timeout is met, the Lambda step fails; however, the Lambda function continues to run."',
      'SageMaker API Reference, SendPipelineExecutionStepSuccess / SendPipelineExecutionStepFailure (callback token)',
    ],
  },
};
