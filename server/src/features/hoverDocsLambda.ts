/**
 * Hover for the SDK's Lambda helper: when the SDK creates or updates the function, and what it needs
 * for that. Facts: v2.257.6 src/sagemaker/lambda_helper.py (Lambda.__init__ L28-109, create L110-156,
 * update L158-216, upsert L218-228), src/sagemaker/workflow/lambda_step.py (to_request L140,
 * _get_function_arn L154-172), workflow/pipeline.py (create/update call definition(), which builds every
 * step's request); v3 a24812666d sagemaker-core/src/sagemaker/core/lambda_helper.py and
 * sagemaker-mlops/src/sagemaker/mlops/workflow/lambda_step.py are the same code. The 900-second limit:
 * botocore lambda CreateFunctionRequest.Timeout. The Lambda step's 10 minutes: SageMaker Developer Guide,
 * Lambda step, "Timeout and stopping behavior" (awsdocs/amazon-sagemaker-developer-guide 29f327659f,
 * doc_source/build-and-manage-steps.md L650).
 */

const FENCE = '```';

const LAMBDA_HOVER = [
  `${FENCE}python\n(class) Lambda(function_arn=None, function_name=None, execution_role_arn=None, zipped_code_dir=None, s3_bucket=None, script=None, handler=None, session=None, timeout=120, memory_size=128, runtime="python3.8", vpc_config=None, environment=None, layers=None)\n${FENCE}`,
  '---',
  'A Lambda function for a `LambdaStep`, or to create, update, invoke or delete yourself.',
  '',
  '- **`function_name=`** (no ARN): a function the SDK **creates, or whose code it updates if it exists**. A `LambdaStep` does this every time the pipeline definition is built: `pipeline.definition()`, `create()`, `update()` and `upsert()` all call `Lambda.upsert()`, in your Python process, through the Lambda object\'s own `session` (a new `Session()` when none is given), not the pipeline\'s. `lambda_func.upsert()` does the same directly. The constructor raises `ValueError` without `execution_role_arn`, `handler` (`"<file>.<function>"`) and one of `script`/`zipped_code_dir` (SM222).',
  '- **`function_arn=`**: an existing function the step invokes. With `script` or `zipped_code_dir` as well, building the definition **updates its code**; with neither, it is left as it is.',
  '- Creating uses `timeout` (default 120 s; Lambda allows at most 900, SM223), `memory_size` (128 MB), `runtime` ("python3.8"), `vpc_config`, `environment` and `layers`. Updating changes **only the code**: an existing function keeps its own timeout, memory and role.',
  '- **In a `LambdaStep` the limit is 10 minutes**: "The default value is 120 seconds with a maximum value of 10 minutes. If the Lambda function is running when the timeout is met, the Lambda step fails; however, the Lambda function continues to run." (SageMaker Developer Guide, Lambda step, "Timeout and stopping behavior"; SM223 reports `timeout` above 600 there).',
  '',
  'Work that takes longer than a Lambda step may run belongs in a `CallbackStep`: the Lambda (or anything else) starts it, and the worker calls `send_pipeline_execution_step_success` (or `_failure`) with the callback token. Or run it as a pipeline step of its own (`ProcessingStep`, `TrainingStep`).',
  '',
  `${FENCE}python\nfunc = Lambda(\n    function_name="notify-team",\n    execution_role_arn=lambda_role_arn,\n    script="notify.py",\n    handler="notify.lambda_handler",\n)\nstep = LambdaStep(name="Notify", lambda_func=func, inputs={"status": "done"})\n${FENCE}`,
].join('\n');

const PATHS = new Set([
  'sagemaker.lambda_helper.Lambda', 'sagemaker.workflow.lambda_step.Lambda',
  'sagemaker.core.lambda_helper.Lambda', 'sagemaker.mlops.workflow.lambda_step.Lambda',
]);

/** Markdown for the SDK's Lambda helper class at an import path; undefined for anything else. */
export function lambdaHelperHover(path: string): string | undefined {
  return PATHS.has(path) ? LAMBDA_HOVER : undefined;
}
