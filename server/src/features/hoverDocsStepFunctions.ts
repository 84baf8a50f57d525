/**
 * Hovers for orchestrating SageMaker jobs with AWS Step Functions instead of SageMaker Pipelines: the
 * AWS Step Functions Data Science SDK (`stepfunctions.steps.TrainingStep`, `ProcessingStep`,
 * `TransformStep`, `stepfunctions.workflow.Workflow`) and boto3's `stepfunctions` client
 * (`start_execution`). What the hover says about each side names its source in the text:
 *
 * - the Data Science SDK at v2.3.0 (github.com/aws/aws-step-functions-data-science-sdk-python, commit
 *   02ed72b): src/stepfunctions/steps/sagemaker.py, steps/states.py, workflow/stepfunctions.py;
 * - the SageMaker Python SDK v2.257.6: src/sagemaker/workflow/airflow.py (training_config,
 *   processing_config, prepare_framework, which the Data Science SDK calls), workflow/steps.py
 *   (CacheConfig, retry_policies), workflow/retry.py;
 * - AWS documentation: Step Functions "Integrating optimized services" (integrate-optimized.html) and
 *   "Create and manage Amazon SageMaker AI jobs" (connect-sagemaker.html); SageMaker "Lineage Tracking
 *   Entities" (lineage-tracking-entities.html), "Caching pipeline steps" (pipelines-caching.html),
 *   "Pipelines" (pipelines.html);
 * - botocore stepfunctions service-2.json (StartExecution), and issue
 *   aws/aws-step-functions-data-science-sdk-python#15 (Step Functions rejects the field S3Operations).
 */

const FENCE = '```';
const SFN_SDK = 'Step Functions Data Science SDK v2.3.0';

/** The trade-offs against SageMaker Pipelines, the same in every hover here; each line cites its source. */
const TRADE_OFFS = [
  '**Compared with SageMaker Pipelines**',
  `- *Lineage*: SageMaker creates lineage tracking entities for every processing, training and transform job, whoever starts it (AWS docs, "Lineage Tracking Entities"), so these jobs still appear there; the state machine itself is not a SageMaker entity, and the ${SFN_SDK} source records none.`,
  `- *Caching*: step caching is a Pipelines feature you opt into per step (\`cache_config=CacheConfig(enable_caching=True, expire_after=...)\`; AWS docs, "Caching pipeline steps"). The ${SFN_SDK} steps have no cache parameter: every execution runs every job again.`,
  `- *Graph*: a pipeline's DAG can be viewed and edited in the SageMaker Studio visual editor (AWS docs, "Pipelines"); for a state machine, \`workflow.render_graph()\` draws the graph in a notebook (${SFN_SDK} source).`,
  `- *Retries*: here a Task state retries with \`step.add_retry(Retry(error_equals=[...], interval_seconds=1, max_attempts=3, backoff_rate=2.0))\` (defaults from the ${SFN_SDK} source); in Pipelines, \`retry_policies=[StepRetryPolicy(...), SageMakerJobStepRetryPolicy(...)]\` (SageMaker SDK v2.257.6 \`workflow/retry.py\`).`,
].join('\n');

const WAIT = (api: string) =>
  `\`wait_for_completion=True\` (the default) makes the state \`arn:aws:states:::sagemaker:${api}.sync\`, which waits for the job; \`False\` makes it \`...:${api}\`, which only starts it (${SFN_SDK} source; AWS docs, "Create and manage Amazon SageMaker AI jobs": \`.sync\` is supported, the callback pattern is not).`;

const ROLE_NOT_EXPANDED =
  '**Trap — role names are not expanded.** `fit()`/`run()` turn `role="MyRole"` into a role ARN; here `training_config` loads the job with `expand_role=False` and `processing_config` copies `processor.role` as is, so the request carries the bare name: give the job the full `arn:aws:iam::<account>:role/<name>` (SageMaker SDK v2.257.6 `workflow/airflow.py`).';

const NOT_A_PIPELINE_STEP =
  'This is **not** `sagemaker.workflow.steps` (no `name=`/`step_args=`, no `PipelineSession`): it builds a Step Functions Task state from a job object when you construct it, and the job runs when the state machine executes.';

const TRAINING = [
  `${FENCE}python\n(class) stepfunctions.steps.TrainingStep(state_id, estimator, job_name, data=None, hyperparameters=None, mini_batch_size=None, experiment_config=None, wait_for_completion=True, tags=None, output_data_config_path=None, **kwargs)\n${FENCE}`,
  '---',
  `A Step Functions Task state that runs a SageMaker training job. ${NOT_A_PIPELINE_STEP} The request comes from SageMaker's \`sagemaker.workflow.airflow.training_config(estimator, inputs=data, ...)\` (SageMaker SDK v2; v3 has no \`sagemaker.workflow.airflow\`).`,
  '',
  `**Your code is uploaded now, once.** For a framework estimator (\`PyTorch\`, \`SKLearn\`, ...) \`training_config\` calls \`estimator.prepare_workflow_for_training()\`, which uploads the local \`entry_point\`/\`source_dir\` to S3 from your Python process while this step is constructed (\`_stage_user_code_in_s3\`); the state machine only points at that copy. Edits to the script reach later executions only after you rebuild the step and \`workflow.update(...)\` (SageMaker SDK v2.257.6 \`workflow/airflow.py\`, \`estimator.py\`). The \`S3Operations\` field \`training_config\` also returns is deleted, as Step Functions rejects it (issue #15 of the ${SFN_SDK.replace(' v2.3.0', '')} repository).`,
  '',
  ROLE_NOT_EXPANDED,
  '',
  WAIT('createTrainingJob'),
  '',
  TRADE_OFFS,
].join('\n');

const PROCESSING = [
  `${FENCE}python\n(class) stepfunctions.steps.ProcessingStep(state_id, processor, job_name, inputs=None, outputs=None, experiment_config=None, container_arguments=None, container_entrypoint=None, kms_key_id=None, wait_for_completion=True, tags=None, **kwargs)\n${FENCE}`,
  '---',
  `A Step Functions Task state that runs a SageMaker processing job. ${NOT_A_PIPELINE_STEP}`,
  '',
  `**Trap — no \`code=\`, nothing uploaded.** The request comes from \`sagemaker.workflow.airflow.processing_config\`, which turns each \`ProcessingInput\`/\`ProcessingOutput\` into its request dict as given (SageMaker SDK v2.257.6): unlike \`processor.run(code=...)\`, a local \`source\` is not uploaded. Upload the script and data to S3, pass them as \`ProcessingInput\`s and start the script with \`container_entrypoint=["python3", "/opt/ml/processing/input/code/script.py"]\`.`,
  '',
  ROLE_NOT_EXPANDED,
  '',
  WAIT('createProcessingJob'),
  '',
  TRADE_OFFS,
].join('\n');

const TRANSFORM = [
  `${FENCE}python\n(class) stepfunctions.steps.TransformStep(state_id, transformer, job_name, model_name, data, data_type="S3Prefix", content_type=None, compression_type=None, split_type=None, experiment_config=None, wait_for_completion=True, tags=None, input_filter=None, output_filter=None, join_source=None, **kwargs)\n${FENCE}`,
  '---',
  `A Step Functions Task state that runs a SageMaker batch transform job on the model \`model_name\` (an existing SageMaker model: botocore sagemaker CreateTransformJob; e.g. created by a \`stepfunctions.steps.ModelStep\` earlier in the chain). ${NOT_A_PIPELINE_STEP} The request comes from \`sagemaker.workflow.airflow.transform_config\` (SageMaker SDK v2).`,
  '',
  WAIT('createTransformJob'),
  '',
  TRADE_OFFS,
].join('\n');

const WORKFLOW = [
  `${FENCE}python\n(class) stepfunctions.workflow.Workflow(name, definition, role, tags=[], execution_input=None, timeout_seconds=None, comment=None, version=None, state_machine_arn=None, format_json=True, client=None)\n${FENCE}`,
  '---',
  `A Step Functions state machine, not a SageMaker pipeline. \`create()\` calls \`create_state_machine\` (if one with this name exists it only logs an error and keeps the existing one: use \`update()\`), \`execute(inputs={...})\` calls \`start_execution\` and checks \`inputs\` against \`execution_input\`. \`role\` is the IAM role "for creating, managing, and running the workflow" in Step Functions, not a job's execution role: each job's \`RoleArn\` comes from its estimator or processor (${SFN_SDK} source).`,
  '',
  TRADE_OFFS,
].join('\n');

const DOCS: Record<string, string> = { TrainingStep: TRAINING, ProcessingStep: PROCESSING, TransformStep: TRANSFORM, Workflow: WORKFLOW };

/** The import paths of the documented names: the package re-exports and the defining modules. */
const PATHS: Record<string, string> = {
  'stepfunctions.steps.TrainingStep': 'TrainingStep',
  'stepfunctions.steps.sagemaker.TrainingStep': 'TrainingStep',
  'stepfunctions.steps.ProcessingStep': 'ProcessingStep',
  'stepfunctions.steps.sagemaker.ProcessingStep': 'ProcessingStep',
  'stepfunctions.steps.TransformStep': 'TransformStep',
  'stepfunctions.steps.sagemaker.TransformStep': 'TransformStep',
  'stepfunctions.workflow.Workflow': 'Workflow',
  'stepfunctions.workflow.stepfunctions.Workflow': 'Workflow',
};

/** Markdown for a Step Functions Data Science SDK class at a fully qualified path; undefined for anything else. */
export function stepFunctionsClassHover(path: string): string | undefined {
  const id = PATHS[path];
  return id ? DOCS[id] : undefined;
}

/** The hover on `start_execution` of a boto3 `stepfunctions` client. */
export function stepFunctionsStartExecutionHover(): string {
  return [
    `${FENCE}python\n(method) SFN.Client.start_execution(*, stateMachineArn: str, name: str = ..., input: str = ..., traceHeader: str = ...)\n${FENCE}`,
    '---',
    'Starts a Step Functions state machine execution (boto3 `stepfunctions` client). Only `stateMachineArn` is required; `input` is a JSON **string** (`json.dumps(...)`, at least `"{}"`). For STANDARD workflows it is idempotent: the same `name` and input as a running execution returns the original response, a closed execution or other input raises `ExecutionAlreadyExists`, and names can be reused after 90 days (botocore stepfunctions StartExecution).',
    '',
    '**When the state machine starts a SageMaker pipeline**: if a Task state calls SageMaker\'s StartPipelineExecution through an AWS SDK integration, `.sync` (wait for the job) is "Not supported" for AWS SDK integrations (AWS docs, "Integrating optimized services"), so that state ends once the execution has **started**; waiting for the pipeline needs a polling loop (DescribePipelineExecution) or a callback.',
    '',
    TRADE_OFFS,
  ].join('\n');
}
