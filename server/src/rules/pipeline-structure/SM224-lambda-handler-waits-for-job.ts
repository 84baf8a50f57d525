import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { hasRole } from '../../semantic/sdk';
import type { Value } from '../../semantic/values';
import { Rule } from '../types';
import { LineIndex } from '../../text/lineIndex';
import { lambdaHelperCall, reachesLambdaStep } from './lambdaHelper';
import { attributeAssignedLater } from '../inputs/common';
import { hasSplat } from '../../semantic/pipeline';

/** botocore 1.43.67 sagemaker waiters-2.json: the job waiters (boto3 names them in snake case). */
const JOB_WAITERS: Record<string, string> = {
  training_job_completed_or_stopped: 'training job',
  processing_job_completed_or_stopped: 'processing job',
  transform_job_completed_or_stopped: 'transform job',
};

/**
 * SDK methods that start a job and wait for it unless given wait=False (v2.257.6): the role of the object,
 * the method, the job, and how many positional arguments may come before `wait` (more: not judged).
 */
const WAITING_METHODS: readonly { role: 'estimator' | 'processor' | 'transformer' | 'model-trainer'; method: string; job: string; positionalBeforeWait: number }[] = [
  { role: 'estimator', method: 'fit', job: 'training job', positionalBeforeWait: 1 }, // estimator.py L1371-1373, L1435-1436
  { role: 'processor', method: 'run', job: 'processing job', positionalBeforeWait: 3 }, // processing.py L214-219/L285-286, L629-635/L696-697, L1656-1665
  { role: 'transformer', method: 'transform', job: 'transform job', positionalBeforeWait: 12 }, // transformer.py L156-170, L322-323
  // ModelTrainer.train(wait=True) in training_mode SAGEMAKER_TRAINING_JOB (the default), unless dry_run:
  // v2.257.6 modules/train/model_trainer.py L812-815, L834-838; v3.20.0 sagemaker-train/.../model_trainer.py L234, L793-799, L825-843.
  { role: 'model-trainer', method: 'train', job: 'training job', positionalBeforeWait: 1 },
];

/** Session methods that always wait (v2.257.6 session.py L5815, L5835, L5889, L5918). */
const SESSION_WAITS: Record<string, string> = {
  wait_for_job: 'training job',
  wait_for_processing_job: 'processing job',
  wait_for_tuning_job: 'tuning job',
  wait_for_transform_job: 'transform job',
};

/** boto3 calls a polling loop reads the job's status with. */
const DESCRIBE_JOB: Record<string, string> = {
  describe_training_job: 'training job',
  describe_processing_job: 'processing job',
  describe_transform_job: 'transform job',
  describe_hyper_parameter_tuning_job: 'tuning job',
};

/** Calls into the script's own functions are followed this deep (the handler is depth 0). */
const MAX_CALL_DEPTH = 4;
/** And through at most this many functions in all. */
const MAX_FUNCTIONS = 40;

interface Wait {
  /** The node that waits, in the script. */
  readonly node: SyntaxNode;
  /** What it is, for the message: "estimator.fit(...) waits for the training job (wait=True by default)". */
  readonly what: string;
  /** The functions between the handler and the wait: ["start_training"]. */
  readonly via: readonly string[];
}

/** A string literal, or a name bound once to one. */
function stringArgument(model: SemanticModel, node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unparenthesize(node);
  if (inner.type === 'identifier') {
    const assigned = model.assignedExpression(inner);
    return assigned ? plainStringValue(model.tree, assigned) : undefined;
  }
  return plainStringValue(model.tree, inner);
}

/**
 * The script a Lambda helper's `script=` names, relative to the folder of the module: a string (as
 * stringArgument), or `os.path.join(BASE_DIR, "name.py")` where BASE_DIR is the module's own folder
 * (`os.path.dirname(__file__)`, of `os.path.realpath(__file__)` or `os.path.abspath(__file__)`, or a name
 * bound once to one) and string parts, which pipeline modules use so that the script is found from any working directory.
 */
function scriptArgument(model: SemanticModel, node: SyntaxNode | undefined): string | undefined {
  const literal = stringArgument(model, node);
  if (literal !== undefined || !node) return literal;
  let inner = unparenthesize(node);
  if (inner.type === 'identifier') inner = unparenthesize(model.assignedExpression(inner) ?? inner);
  const parts = callOf(model, inner, 'os.path.join');
  if (!parts || parts.length < 2 || !isModuleFolder(model, parts[0])) return undefined;
  const names = parts.slice(1).map((part) => plainStringValue(model.tree, part));
  // An absolute part would make os.path.join drop the folder.
  if (names.some((name) => !name || name.startsWith('/'))) return undefined;
  return names.join('/');
}

/** The positional arguments of a call of the function at `path` (none may be a keyword or a splat), or undefined. */
function callOf(model: SemanticModel, node: SyntaxNode, path: string): SyntaxNode[] | undefined {
  if (node.type !== 'call') return undefined;
  const callee = childByField(node, 'function');
  const args = childByField(node, 'arguments');
  if (!callee || args?.type !== 'argument_list') return undefined;
  const value = model.valueOf(callee);
  if (value.kind !== 'path' || value.path !== path) return undefined;
  const positional = args.children.filter((c) => c.named && c.type !== 'comment');
  return positional.every((c) => c.type !== 'keyword_argument' && c.type !== 'list_splat' && c.type !== 'dictionary_splat') ? positional : undefined;
}

/** `os.path.dirname(__file__)` (also of realpath/abspath of it), or a name bound once to it: the module's folder. */
function isModuleFolder(model: SemanticModel, node: SyntaxNode): boolean {
  let inner = unparenthesize(node);
  if (inner.type === 'identifier') inner = unparenthesize(model.assignedExpression(inner) ?? inner);
  const dirname = callOf(model, inner, 'os.path.dirname');
  if (dirname?.length !== 1) return false;
  let file = unparenthesize(dirname[0]);
  const resolved = callOf(model, file, 'os.path.realpath') ?? callOf(model, file, 'os.path.abspath');
  if (resolved) {
    if (resolved.length !== 1) return false;
    file = unparenthesize(resolved[0]);
  }
  // __file__ itself, never rebound in the module.
  return file.type === 'identifier' && model.text(file) === '__file__' && !model.scopes.module.definitions.has('__file__');
}

/** The module-level `def` named `name` in the script, when it is the only module-level binding of the name. */
function moduleFunction(script: SemanticModel, name: string): SyntaxNode | undefined {
  const definitions = script.scopes.module.definitions.get(name) ?? [];
  if (definitions.length !== 1) return undefined;
  const fn = definitions[0].target.parent;
  if (!fn || fn.type !== 'function_definition' || definitions[0].target.field !== 'name' || fn.parent?.type !== 'module') return undefined;
  return fn;
}

/** How a call waits for a SageMaker job, or undefined when that is not proven. */
function waitOf(script: SemanticModel, call: SyntaxNode): string | undefined {
  const callee = childByField(call, 'function');
  const args = childByField(call, 'arguments');
  if (!callee || callee.type !== 'attribute' || !args || args.type !== 'argument_list') return undefined;
  if (hasSplat(call)) return undefined;
  const method = childByField(callee, 'attribute');
  const object = childByField(callee, 'object');
  if (!method || !object) return undefined;
  const name = script.text(method);
  // client.get_waiter("training_job_completed_or_stopped").wait(...), or through a name bound once to the waiter.
  if (name === 'wait') {
    let waiter = unparenthesize(object);
    if (waiter.type === 'identifier') waiter = unparenthesize(script.assignedExpression(waiter) ?? waiter);
    if (waiter.type !== 'call') return undefined;
    const getWaiter = childByField(waiter, 'function');
    if (getWaiter?.type !== 'attribute' || script.text(childByField(getWaiter, 'attribute')!) !== 'get_waiter') return undefined;
    if (!isSageMakerClient(script.valueOf(childByField(getWaiter, 'object')!))) return undefined;
    const waiterName = script.literalArgument(waiter, 'waiter_name', 0);
    const job = waiterName !== undefined ? JOB_WAITERS[waiterName] : undefined;
    return job && `the boto3 waiter "${waiterName}" polls until the ${job} ends`;
  }
  const self = script.valueOf(object);
  const instance = sdkInstance(self);
  if (!instance) return undefined;
  const waitsFor = SESSION_WAITS[name];
  if (waitsFor && instance.symbol.roles.some((role) => role === 'session' || role === 'pipeline-session')) {
    return `Session.${name}() polls until the ${waitsFor} ends`;
  }
  const waiting = WAITING_METHODS.find((m) => m.method === name && hasRole(instance.symbol, m.role));
  if (!waiting || !startsJobs(script, instance.call)) return undefined;
  if (waiting.role === 'model-trainer') {
    // Another training mode runs locally; dry_run=True submits nothing.
    if (script.argument(instance.call, 'training_mode')) return undefined;
    const dryRun = script.argument(call, 'dry_run');
    if (dryRun && unparenthesize(dryRun).type !== 'false') return undefined;
  }
  const wait = script.argument(call, 'wait');
  if (wait) {
    if (unparenthesize(wait).type !== 'true') return undefined;
  } else if (args.children.filter((c) => c.named && c.type !== 'keyword_argument' && c.type !== 'comment').length > waiting.positionalBeforeWait) {
    return undefined;
  }
  return `${instance.symbol.id}.${name}() starts a ${waiting.job} and waits for it to end (${wait ? 'wait=True' : 'wait=True by default'})`;
}

function sdkInstance(value: Value): Extract<Value, { kind: 'instance' }> | undefined {
  return value.kind === 'instance' ? value : undefined;
}

function isSageMakerClient(value: Value): boolean {
  return value.kind === 'boto3-client' && value.service === 'sagemaker';
}

/**
 * Whether an estimator, processor or transformer made by this call starts real jobs: its session is the
 * default (a new sagemaker.Session) or provably a plain Session. A PipelineSession makes fit()/run() return
 * step arguments instead, and a LocalSession runs the job in containers where the code runs.
 */
function startsJobs(script: SemanticModel, construction: SyntaxNode): boolean {
  const session = script.argument(construction, 'sagemaker_session');
  if (!session || unparenthesize(session).type === 'none') {
    // The session may also come in through **kwargs: then nothing is known.
    return !childByField(construction, 'arguments')?.children.some((c) => c.type === 'dictionary_splat');
  }
  const value = script.valueOf(session);
  return value.kind === 'instance' && value.symbol.roles.length === 1 && value.symbol.roles[0] === 'session';
}

/** A `while` loop that calls describe_*_job on a sagemaker client and time.sleep: it polls until the job ends. */
function pollingLoop(script: SemanticModel, loop: SyntaxNode): string | undefined {
  let describes: { method: string; job: string } | undefined;
  let sleeps = false;
  const stack: SyntaxNode[] = [...loop.children];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') continue;
    if (node.type === 'call') {
      const callee = childByField(node, 'function');
      if (callee?.type === 'attribute') {
        const name = script.text(childByField(callee, 'attribute')!);
        const value = script.valueOf(callee);
        if (Object.hasOwn(DESCRIBE_JOB, name) && value.kind === 'method' && isSageMakerClient(value.self)) describes = { method: name, job: DESCRIBE_JOB[name] };
        if (value.kind === 'path' && value.path === 'time.sleep') sleeps = true;
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return describes && sleeps ? `a while loop polls the ${describes.job} with ${describes.method}() and time.sleep() until it ends` : undefined;
}

/** The first wait the handler reaches, following calls into the script's own module-level functions. */
function findWait(script: SemanticModel, handler: SyntaxNode): Wait | undefined {
  const queue: { fn: SyntaxNode; via: string[] }[] = [{ fn: handler, via: [] }];
  const seen = new Set<SyntaxNode>([handler]);
  while (queue.length) {
    const { fn, via } = queue.shift()!;
    const body = childByField(fn, 'body');
    if (!body) continue;
    const stack: SyntaxNode[] = [body];
    const calls: SyntaxNode[] = [];
    while (stack.length) {
      const node = stack.pop()!;
      // Code in a nested function or class runs only if something calls it: not followed.
      if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda' || node.type === 'decorated_definition') continue;
      if (node.type === 'while_statement') {
        const what = pollingLoop(script, node);
        if (what) return { node, what, via };
      }
      if (node.type === 'call') {
        const what = waitOf(script, node);
        if (what) return { node, what, via };
        calls.push(node);
      }
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    }
    if (via.length >= MAX_CALL_DEPTH) continue;
    for (const call of calls) {
      const callee = childByField(call, 'function');
      if (callee?.type !== 'identifier') continue;
      const target = script.functionDefinitionOf(callee);
      if (!target || target.parent?.type !== 'module' || seen.has(target) || seen.size >= MAX_FUNCTIONS) continue;
      seen.add(target);
      queue.push({ fn: target, via: [...via, script.text(callee)] });
    }
  }
  return undefined;
}

export const lambdaHandlerWaitsForJob: Rule = {
  code: 'SM224',
  name: 'lambda-handler-waits-for-job',
  defaultSeverity: 'warning',
  summary: "A LambdaStep's handler (the Lambda helper's script) starts or polls a SageMaker job and waits for it to end",
  nodeTypes: ['call'],
  exampleScripts: {
    'lambda_train.py': [
      'import boto3',
      '',
      'sm = boto3.client("sagemaker")',
      '',
      '',
      'def lambda_handler(event, context):',
      '    sm.create_training_job(**event["job"])',
      '    sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName=event["job"]["TrainingJobName"])',
      '',
    ].join('\n'),
  },
  check(node, context) {
    const { model } = context;
    const lambda = lambdaHelperCall(model, node);
    if (!lambda || !lambda.isNone('zipped_code_dir')) return;
    const handlerNode = lambda.argument('handler');
    const scriptName = scriptArgument(model, lambda.argument('script'));
    const handler = stringArgument(model, handlerNode);
    if (!handlerNode || !scriptName || !handler) return;
    // The SDK zips the script under its base name (lambda_helper.py _zip_lambda_code: script.split("/")[-1]);
    // Lambda imports the handler's module from it: "lambda_script.lambda_handler" needs lambda_script.py.
    const dot = handler.lastIndexOf('.');
    const functionName = handler.slice(dot + 1);
    if (dot <= 0 || scriptName.split('/').pop() !== `${handler.slice(0, dot)}.py` || !/^[A-Za-z_]\w*$/.test(functionName)) return;
    // Only a Lambda step has the 10-minute limit; `func.script = ...` later would make the script another one.
    if (!reachesLambdaStep(model, node) || attributeAssignedLater(model, node)) return;
    const source = model.readScript(scriptName);
    if (!source) return;
    const script = new SemanticModel(source.tree);
    const fn = moduleFunction(script, functionName);
    const wait = fn && findWait(script, fn);
    if (!wait) return;
    const where = `${scriptName}:${new LineIndex(source.tree.text).positionAt(wait.node.start).line + 1}`;
    const path = wait.via.length ? ` (through ${wait.via.map((f) => `${f}()`).join(', then ')})` : '';
    context.report({
      node: handlerNode,
      message:
        `Lambda handler ${handler} waits for a SageMaker job: run the job in its own pipeline step, or use a CallbackStep. ` +
        `At ${where}${path}, ${wait.what}. ` +
        'The SageMaker Developer Guide gives a Lambda step at most 10 minutes: "If the Lambda function is running when the timeout is met, the Lambda step fails; however, the Lambda function continues to run", and a Lambda function itself stops after 900 seconds. ' +
        'Instead, start the job as a TrainingStep, ProcessingStep or TransformStep (the pipeline waits for it, with lineage, caching and retries), ' +
        'or let the Lambda start the job and return, and wait in a CallbackStep whose worker calls send_pipeline_execution_step_success (or _failure) with the callback token.',
    });
  },
  doc: {
    what:
      "Fires on the `handler=` of a `Lambda(function_name=..., script=\"x.py\", handler=\"x.func\")` from the SDK's `sagemaker.lambda_helper` (v3: `sagemaker.core.lambda_helper`) that a `LambdaStep` runs (as its `lambda_func`, directly or through a name bound once), when `func` in that script waits for a SageMaker job. " +
      'sagelint reads the script (a string, or `os.path.join(BASE_DIR, "x.py")` with `BASE_DIR = os.path.dirname(os.path.realpath(__file__))`, resolved from the folder of the module or notebook that names it; inside the workspace only; at most 1 MB; never run) and follows the handler into functions defined in the same file, up to 4 calls deep. ' +
      'These count as waiting: `estimator.fit(...)`, `processor.run(...)`, `transformer.transform(...)` and `model_trainer.train(...)` on an SDK object made with the default session (or a plain `sagemaker.Session`), without `wait=False` (each waits by default, checked in v2.257.6: estimator.py L1373, processing.py L219, L635 and L1665, transformer.py L170, modules/train/model_trainer.py L815; v3.20.0 model_trainer.py L796; a ModelTrainer only in its default training mode and without `dry_run=True`); ' +
      "`Session.wait_for_job()`, `wait_for_processing_job()`, `wait_for_tuning_job()` and `wait_for_transform_job()`; a sagemaker client's `get_waiter(\"training_job_completed_or_stopped\")` (or the processing or transform job waiter) `.wait(...)`; and a `while` loop that calls `describe_training_job` (or the processing, transform or tuning equivalent) on a sagemaker client and `time.sleep`. " +
      'It stays silent when the script is missing, outside the workspace (also through a symbolic link), too large, not valid Python, when the handler is not a module-level `def` (or the handler module does not match the script\'s file name), with `wait=False`, and on objects it cannot prove are SDK estimators, processors, transformers, sessions or sagemaker clients.',
    why:
      'A Lambda step invokes the function and waits for it to return, for at most 10 minutes. The SageMaker Developer Guide (Lambda step, "Timeout and stopping behavior"): "The default value is 120 seconds with a maximum value of 10 minutes. If the Lambda function is running when the timeout is met, the Lambda step fails; however, the Lambda function continues to run." ' +
      'A Lambda function itself stops after 900 seconds at most (botocore lambda CreateFunctionRequest.Timeout). Training, processing and transform jobs usually take longer than either, and the pipeline cannot stop a Lambda step while the function runs. ' +
      'A job the pipeline should wait for belongs in a job step (`TrainingStep`, `ProcessingStep`, `TransformStep`: the pipeline waits for the job, records its lineage, can cache and retry it). Work that has to start outside SageMaker\'s steps fits the callback pattern: the Lambda starts it and returns, and a `CallbackStep` waits until the worker calls `send_pipeline_execution_step_success` (or `_failure`) with the callback token from the SQS message.',
    example: [
      'from sagemaker.lambda_helper import Lambda',
      'from sagemaker.workflow.lambda_step import LambdaStep',
      '',
      'func = Lambda(function_name="train", execution_role_arn=role, script="lambda_train.py", handler="lambda_train.lambda_handler")',
      'step = LambdaStep(name="Train", lambda_func=func, inputs={"job": job})',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.steps import TrainingStep',
      '',
      '# The pipeline starts the job and waits for it (estimator built with a PipelineSession).',
      'step = TrainingStep(name="Train", step_args=estimator.fit(inputs))',
    ].join('\n'),
    fixSafety: 'No fix: the job has to move out of the Lambda function, into its own step or behind a CallbackStep.',
    sdkVersions: 'sagemaker v2 (`sagemaker.lambda_helper`, `sagemaker.workflow.lambda_step`) and v3 (`sagemaker.core.lambda_helper`, `sagemaker.mlops.workflow.lambda_step`); in the script, the waiting methods of v2 estimators, processors and transformers and of v2/v3 `ModelTrainer`, boto3 waiters and polling loops.',
    references: [
      'SageMaker Developer Guide, build-and-manage-steps.md "Timeout and stopping behavior" (awsdocs/amazon-sagemaker-developer-guide 29f327659f, line 650)',
      'v2.257.6 src/sagemaker/lambda_helper.py L331-344 (_zip_lambda_code writes the script under its base name), L64-67 (handler is file_name.function_name)',
      'v3.20.0 sagemaker-core/src/sagemaker/core/lambda_helper.py (same constructor and zipping)',
      'v2.257.6 src/sagemaker/estimator.py L1371-1378 (fit(wait=True)), L1435-1436 (if wait: latest_training_job.wait)',
      'v2.257.6 src/sagemaker/processing.py L214-219, L285-286 (Processor.run(wait=True)); L629-635, L696-697 (ScriptProcessor.run); L1656-1665 (FrameworkProcessor.run passes wait on)',
      'v2.257.6 src/sagemaker/transformer.py L156-170, L322-323 (transform(wait=True))',
      'v2.257.6 src/sagemaker/modules/train/model_trainer.py L812-815, L834-838 (ModelTrainer.train(wait=True))',
      'v3.20.0 sagemaker-train/src/sagemaker/train/model_trainer.py L234 (training_mode default SAGEMAKER_TRAINING_JOB), L793-799, L825-843 (dry_run, PipelineSession, if wait)',
      'v2.257.6 src/sagemaker/session.py L5815 (wait_for_job), L5835, L5889, L5918',
      'botocore 1.43.67 sagemaker/2017-07-24/waiters-2.json (TrainingJobCompletedOrStopped: delay 120, maxAttempts 180; Processing/TransformJobCompletedOrStopped)',
      'botocore lambda 2015-03-31 service-2.json CreateFunctionRequest.Timeout ("The maximum allowed value is 900 seconds.")',
    ],
  },
};
