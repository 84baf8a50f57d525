import { SDK_SYMBOLS } from '../semantic/sdk/catalog';

/**
 * Hover texts for sessions, steps and Pipeline: what each does, the trap it sets, and a short correct
 * example. Facts: v2.257.6 src/sagemaker/workflow/{pipeline_context,steps,model_step,condition_step,
 * pipeline,_steps_compiler}.py and the v3 equivalents (sagemaker-core/.../core/workflow/pipeline_context.py,
 * sagemaker-mlops/.../mlops/workflow/*.py); see /docs/rules SM201-SM214. LambdaStep's 10 minutes: SageMaker
 * Developer Guide, Lambda step, "Timeout and stopping behavior" (awsdocs/amazon-sagemaker-developer-guide
 * 29f327659f, doc_source/build-and-manage-steps.md L650).
 */

type Generation = 'v2' | 'v3';

interface PipelineDoc {
  readonly signature: string;
  readonly what: string;
  readonly trap: string;
  readonly example: { readonly v2?: readonly string[]; readonly v3?: readonly string[] };
}

const V2_SESSION_IMPORT = 'from sagemaker.workflow.pipeline_context import PipelineSession';
const V3_SESSION_IMPORT = 'from sagemaker.core.workflow.pipeline_context import PipelineSession';

const DOCS: Record<string, PipelineDoc> = {
  PipelineSession: {
    signature: '(class) PipelineSession(boto_session=None, sagemaker_client=None, default_bucket=None, ...)',
    what: 'A Session for **building** pipelines. Give it to every job (`sagemaker_session=`): then `processor.run()`, `estimator.fit()`, `transformer.transform()`, `tuner.fit()`/`tune()`, `model.create()`/`register()` (v3: `model_trainer.train()`, `ModelBuilder.build()`/`register()`) start nothing and return step arguments for `step_args=`.',
    trap: 'Errors inside `run()`/`fit()` (bad inputs, missing destinations) only surface later, in `pipeline.definition()`/`upsert()`. A job without it starts a real job **now** and returns `None` (SM201). A processor with `instance_type="local"` silently swaps it for a LocalSession.',
    example: {
      v2: [V2_SESSION_IMPORT, '', 'pipeline_session = PipelineSession()', 'processor = SKLearnProcessor(..., sagemaker_session=pipeline_session)', 'step = ProcessingStep(name="Prep", step_args=processor.run(code="prep.py"))'],
      v3: [V3_SESSION_IMPORT, '', 'pipeline_session = PipelineSession()', 'trainer = ModelTrainer(..., sagemaker_session=pipeline_session)', 'step = TrainingStep(name="Train", step_args=trainer.train())'],
    },
  },
  LocalPipelineSession: {
    signature: '(class) LocalPipelineSession(boto_session=None, default_bucket=None, s3_endpoint_url=None, disable_local_code=False, ...)',
    what: 'A PipelineSession (and LocalSession) that runs the whole pipeline **locally in Docker** when you call `pipeline.start()`. Job methods return step arguments exactly as with PipelineSession.',
    trap: 'Local pipelines support only Training, Processing, Transform, Model (create only), Condition and Fail steps: no Lambda, Callback, EMR or register steps. In v3, `sagemaker.mlops.local.LocalPipelineSession` is a different class that is **not** a PipelineSession.',
    example: {
      v2: ['from sagemaker.workflow.pipeline_context import LocalPipelineSession', '', 'session = LocalPipelineSession()', 'processor = SKLearnProcessor(..., instance_type="local", sagemaker_session=session)'],
      v3: ['from sagemaker.core.workflow.pipeline_context import LocalPipelineSession', '', 'session = LocalPipelineSession()'],
    },
  },
  Session: {
    signature: '(class) Session(boto_session=None, sagemaker_client=None, sagemaker_runtime_client=None, default_bucket=None, ...)',
    what: 'The SDK session: wraps a boto3 Session and **runs jobs immediately**. Jobs default to one when `sagemaker_session=` is missing.',
    trap: 'With this session `run()`/`fit()`/`transform()` start a real job and block until it finishes, returning `None`: passing the result to `step_args=` breaks the step (SM201). For pipelines use `PipelineSession()`. A boto3 Session is not a SageMaker session: wrap it, `Session(boto_session=boto3.Session(...))` (SM214).',
    example: {
      v2: ['import boto3', 'from sagemaker.session import Session', '', 'session = Session(boto_session=boto3.Session(region_name="us-east-1"))', 'bucket = session.default_bucket()'],
      v3: ['import boto3', 'from sagemaker.core.helper.session_helper import Session', '', 'session = Session(boto_session=boto3.Session(region_name="us-east-1"))'],
    },
  },
  LocalSession: {
    signature: '(class) LocalSession(boto_session=None, default_bucket=None, s3_endpoint_url=None, disable_local_code=False, ...)',
    what: 'A Session that runs jobs in local Docker containers (`instance_type="local"` or `"local_gpu"`).',
    trap: 'Not a PipelineSession: job methods run the job now and return `None`, so their results cannot be `step_args`. For local pipelines use `LocalPipelineSession`.',
    example: { v2: ['from sagemaker.local import LocalSession', '', 'estimator = Estimator(..., instance_type="local", sagemaker_session=LocalSession())', 'estimator.fit("file://data")'] },
  },
  Pipeline: {
    signature: '(class) Pipeline(name: str, parameters: list = None, steps: list = None, sagemaker_session=None, pipeline_experiment_config=..., ...)',
    what: 'The pipeline definition: its steps and the parameters an execution can set. `definition()` builds the JSON (running the deferred job methods); `upsert(role_arn=...)` creates or updates it; `start(parameters={...})` runs it.',
    trap: 'Nothing is checked when you construct it. `definition()` fails on duplicate step names (also across ConditionStep branches) and on `depends_on` names it cannot find; a Parameter used by a step but missing from `parameters=` passes the SDK and fails at the service (SM205). Names: `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}` (no underscores). Steps referenced only through properties are added silently.',
    example: {
      v2: ['from sagemaker.workflow.pipeline import Pipeline', '', 'pipeline = Pipeline(name="abalone-pipeline", parameters=[input_data, instance_count], steps=[step_process, step_train, step_cond], sagemaker_session=pipeline_session)', 'pipeline.upsert(role_arn=role)', 'execution = pipeline.start()'],
      v3: ['from sagemaker.mlops.workflow.pipeline import Pipeline', '', 'pipeline = Pipeline(name="abalone-pipeline", parameters=[input_data], steps=[step_process, step_train], sagemaker_session=pipeline_session)', 'pipeline.upsert(role_arn=role)'],
    },
  },
  ProcessingStep: {
    signature: '(class) ProcessingStep(name: str, step_args=None, ..., property_files: list = None, cache_config=None, depends_on=None, retry_policies=None)',
    what: 'Runs a processing job. `step_args` must be the result of `processor.run(...)` with the processor built with a PipelineSession.',
    trap: 'The v2 form `ProcessingStep(processor=..., inputs=..., code=...)` is deprecated and gone in v3 (SM203); mixing it with `step_args` raises or is silently ignored (SM213). Register `PropertyFile`s in `property_files=` to read them with JsonGet.',
    example: {
      v2: ['args = processor.run(inputs=[...], outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/train")], code="prep.py")', 'step_process = ProcessingStep(name="Prep", step_args=args)'],
      v3: ['args = processor.run(inputs=[...], outputs=[...], code="prep.py")', 'step_process = ProcessingStep(name="Prep", step_args=args)'],
    },
  },
  TrainingStep: {
    signature: '(class) TrainingStep(name: str, step_args=None, ..., cache_config=None, depends_on=None, retry_policies=None)',
    what: 'Runs a training job. v2: `step_args=estimator.fit(...)`; v3: `step_args=model_trainer.train()`. The job needs `sagemaker_session=PipelineSession()`.',
    trap: 'Without a PipelineSession, `fit()` trains **now** and returns None, and the step raises "Either step_args or estimator need to be given." (SM201). `TrainingStep(estimator=..., inputs=...)` is deprecated (v2) and does not exist in v3.',
    example: {
      v2: ['estimator = Estimator(..., sagemaker_session=pipeline_session)', 'step_train = TrainingStep(name="Train", step_args=estimator.fit(inputs={"train": TrainingInput(s3_data=...)}))'],
      v3: ['trainer = ModelTrainer(..., sagemaker_session=pipeline_session)', 'step_train = TrainingStep(name="Train", step_args=trainer.train())'],
    },
  },
  TransformStep: {
    signature: '(class) TransformStep(name: str, step_args=None, ..., cache_config=None, depends_on=None, retry_policies=None)',
    what: 'Runs a batch transform job: `step_args=transformer.transform(data=...)` with the transformer built with a PipelineSession.',
    trap: 'The v2 form `TransformStep(transformer=..., inputs=TransformInput(...))` is deprecated and gone in v3 (SM203).',
    example: { v2: ['transformer = Transformer(model_name=..., instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=pipeline_session)', 'step = TransformStep(name="Transform", step_args=transformer.transform(data="s3://bucket/batch"))'] },
  },
  TuningStep: {
    signature: '(class) TuningStep(name: str, step_args=None, ..., cache_config=None, depends_on=None, retry_policies=None)',
    what: 'Runs a hyperparameter tuning job. v2: `step_args=tuner.fit(...)`; v3: `step_args=tuner.tune()`. The tuner uses its estimator\'s (v3: model trainer\'s) session, which must be a PipelineSession.',
    trap: 'The best model is `step.get_top_model_s3_uri(top_k=0, s3_bucket=...)`, a pipeline variable. `TuningStep(tuner=...)` is deprecated (v2).',
    example: { v2: ['tuner = HyperparameterTuner(estimator, objective_metric_name="validation:auc", hyperparameter_ranges=ranges)', 'step_tune = TuningStep(name="Tune", step_args=tuner.fit(inputs=...))'] },
  },
  ModelStep: {
    signature: '(class) ModelStep(name: str, step_args, depends_on=None, retry_policies=None, display_name=None, description=None, repack_model_step_settings=None)',
    what: 'Creates or registers a model: v2 `step_args=model.create(...)` or `model.register(...)`; v3 `ModelBuilder.build()` or `.register()`. The model needs a PipelineSession.',
    trap: 'In v2 it expands to sub-steps named "{name}-CreateModel", "{name}-RegisterModel", "{name}-RepackModel-0": the suffixes count towards the 64-character step-name limit (SM206). `model.deploy()` and `estimator.register()` are not step arguments (SM204). A model without a PipelineSession raises TypeError.',
    example: {
      v2: ['model = Model(image_uri=image, model_data=step_train.properties.ModelArtifacts.S3ModelArtifacts, role=role, sagemaker_session=pipeline_session)', 'step_register = ModelStep(name="Register", step_args=model.register(model_package_group_name="group", content_types=["text/csv"], response_types=["text/csv"]))'],
      v3: ['builder = ModelBuilder(s3_model_data_url=step_train.properties.ModelArtifacts.S3ModelArtifacts, image_uri=image, role_arn=role, sagemaker_session=pipeline_session)', 'step_register = ModelStep(name="Register", step_args=builder.register(model_package_group_name="group"))'],
    },
  },
  ConditionStep: {
    signature: '(class) ConditionStep(name: str, depends_on=None, display_name=None, description=None, conditions: list = None, if_steps: list = None, else_steps: list = None)',
    what: 'Branches **when the pipeline runs**: if every condition holds, the `if_steps` run, otherwise the `else_steps`. Its only property is `Outcome`.',
    trap: '`conditions=` takes `ConditionEquals`, `ConditionGreaterThan`, ... objects; a Python comparison (`param == 5`) is evaluated now to a bool and breaks `definition()` (SM208). Steps in the branches must not also be listed in `Pipeline(steps=...)` (duplicate names).',
    example: {
      v2: ['from sagemaker.workflow.conditions import ConditionLessThanOrEqualTo', '', 'cond = ConditionLessThanOrEqualTo(left=JsonGet(step_name=step_eval.name, property_file=report, json_path="mse"), right=6.0)', 'step_cond = ConditionStep(name="CheckMSE", conditions=[cond], if_steps=[step_register], else_steps=[step_fail])'],
      v3: ['from sagemaker.core.workflow.conditions import ConditionLessThanOrEqualTo', '', 'step_cond = ConditionStep(name="CheckMSE", conditions=[ConditionLessThanOrEqualTo(left=mse, right=6.0)], if_steps=[step_register], else_steps=[step_fail])'],
    },
  },
  FailStep: {
    signature: '(class) FailStep(name: str, error_message=None, display_name=None, description=None, depends_on=None)',
    what: 'Stops the execution with status Failed and the given message (which may be a Join of pipeline variables).',
    trap: 'Typically placed in a ConditionStep\'s `else_steps`; an f-string message with a pipeline variable fails (use Join).',
    example: { v2: ['step_fail = FailStep(name="MSEFail", error_message=Join(on=" ", values=["MSE above", threshold]))'] },
  },
  CreateModelStep: {
    signature: '(class) CreateModelStep(name: str, step_args=None, model=None, inputs=None, depends_on=None, retry_policies=None, ...)',
    what: 'Deprecated (v2 only): creates a SageMaker model from a Model.',
    trap: 'Emits "We are deprecating the use of CreateModelStep. Instead, please use the ModelStep ..." and is gone in v3 (SM203). A model without a session fails with `\'NoneType\' object has no attribute \'_create_model_request\'`.',
    example: { v2: ['step_create = ModelStep(name="CreateModel", step_args=model.create(instance_type="ml.m5.large"))'] },
  },
  RegisterModel: {
    signature: '(class) RegisterModel(name: str, content_types, response_types, inference_instances=None, transform_instances=None, estimator=None, model_data=None, model=None, ...)',
    what: 'Deprecated (v2 only) step collection that registers a model package.',
    trap: 'Emits "We are deprecating the use of RegisterModel. Please use the ModelStep instead." and is gone in v3 (SM203).',
    example: { v2: ['step_register = ModelStep(name="Register", step_args=model.register(content_types=["text/csv"], response_types=["text/csv"], model_package_group_name="group"))'] },
  },
  LambdaStep: {
    signature: '(class) LambdaStep(name: str, lambda_func: Lambda, display_name=None, description=None, inputs: dict = None, outputs: list = None, cache_config=None, depends_on=None)',
    what: 'Invokes an AWS Lambda function; its `outputs` become `step.properties.Outputs["name"]`.',
    trap: 'With `Lambda(function_name=..., script=...)`, `definition()`/`upsert()` **creates or updates the function**. No `retry_policies`. The handler must return a flat dict. **The step waits at most 10 minutes**: "If the Lambda function is running when the timeout is met, the Lambda step fails; however, the Lambda function continues to run." (SageMaker Developer Guide, Lambda step, "Timeout and stopping behavior"; SM223). Long work belongs in a CallbackStep (the worker calls `send_pipeline_execution_step_success`/`_failure` with the token) or a pipeline step of its own.',
    example: { v2: ['step = LambdaStep(name="Notify", lambda_func=Lambda(function_arn=arn), inputs={"uri": uri}, outputs=[LambdaOutput(output_name="status")])'] },
  },
  CallbackStep: {
    signature: '(class) CallbackStep(name: str, sqs_queue_url: str, inputs: dict, outputs: list, display_name=None, description=None, cache_config=None, depends_on=None)',
    what: 'Sends a message with a token to SQS and waits until something calls `send_pipeline_execution_step_success/failure` with that token.',
    trap: '`inputs` and `outputs` are required. Not supported by local pipelines.',
    example: { v2: ['step = CallbackStep(name="Wait", sqs_queue_url=queue_url, inputs={"job": name}, outputs=[CallbackOutput(output_name="result")])'] },
  },
};

const GENERIC_STEP: Omit<PipelineDoc, 'signature'> = {
  what: 'A pipeline step. Its `name` must be unique in the pipeline and match `^[A-Za-z0-9\\-_]{1,64}$`; `depends_on` takes steps or step names.',
  trap: 'Step names in `depends_on` are only resolved in `definition()` (SM207). A step built but referenced nowhere is left out of the pipeline.',
  example: {},
};

function codeBlock(lines: readonly string[]): string {
  return ['```python', ...lines, '```'].join('\n');
}

/** Hover markdown for sessions, step classes and Pipeline; undefined for other symbols. */
export function pipelineClassHover(symbolId: string, generations: readonly Generation[] = ['v2']): string | undefined {
  const symbol = SDK_SYMBOLS.find((s) => s.id === symbolId);
  if (!symbol) return undefined;
  const isStep = symbol.roles.includes('step') || symbol.roles.includes('step-collection');
  const doc = DOCS[symbolId] ?? (isStep ? { signature: `(class) ${symbolId}(name: str, ...)`, ...GENERIC_STEP } : undefined);
  if (!doc) return undefined;
  const generation: Generation = generations.includes('v3') && !generations.includes('v2') ? 'v3' : 'v2';
  const example = doc.example[generation] ?? doc.example.v2 ?? doc.example.v3;
  const parts = [codeBlock([doc.signature]), '---', doc.what, '', `**Trap:** ${doc.trap}`];
  if (symbol.deprecated) parts.push('', '**Deprecated.**');
  if (example) parts.push('', codeBlock(example));
  return parts.join('\n');
}
