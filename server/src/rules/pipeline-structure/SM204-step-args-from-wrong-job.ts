import { childByField } from '../../parse/syntaxNode';
import { PIPELINE_SESSION_METHODS } from '../../semantic/sdk/catalog';
import { jobCallOf, jobRole, pipelineSessionMethod, stepOf } from '../../semantic/pipeline';
import { Rule } from '../types';

export const stepArgsFromWrongJob: Rule = {
  code: 'SM204',
  name: 'step-args-from-wrong-job',
  defaultSeverity: 'error',
  summary: "A step's step_args come from the wrong kind of job method (e.g. processor.run() in a TrainingStep)",
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const step = stepOf(model, model.valueOf(node));
    if (!step || step.call !== node) return;
    const spec = step.symbol.stepArgs?.[step.generation];
    if (!spec) return;
    const stepArgs = model.argument(node, spec.param);
    if (!stepArgs) return;
    const jobCall = jobCallOf(model, model.valueOf(stepArgs));
    if (!jobCall || jobCall.generation !== step.generation) return;
    const role = jobRole(jobCall.job.symbol)!;
    const method = pipelineSessionMethod(jobCall.job.symbol, jobCall.method, jobCall.generation);
    let problem: string;
    if (method) {
      if (method.callerName && spec.callers.includes(method.callerName)) return;
      problem = `\`${jobCall.job.symbol.id}.${jobCall.method}()\` makes step arguments for a different kind of step`;
    } else if (jobCall.method === 'deploy') {
      problem = '`deploy()` is not a pipeline step: under a PipelineSession it fails with AttributeError, otherwise it deploys an endpoint now';
    } else {
      // Only sure when the job is of a kind this step never takes (an estimator's register() in a ModelStep, ...).
      const accepted = new Set(PIPELINE_SESSION_METHODS.filter((m) => m.generation === step.generation && m.callerName && spec.callers.includes(m.callerName)).map((m) => m.role));
      if (accepted.has(role)) return;
      problem = `\`${jobCall.job.symbol.id}.${jobCall.method}()\` does not return step arguments${jobCall.method === 'register' && role === 'estimator' ? ' (under a PipelineSession it raises "estimator.register does not support PipelineSession at this moment. Please use model.register with PipelineSession if you\'re using the ModelStep.")' : ''}`;
    }
    const expected = spec.methods.map((m) => `${m.split('.')[1]}()`).filter((m, i, all) => all.indexOf(m) === i).join(' or ');
    const callText = model.text(childByField(jobCall.call, 'function') ?? jobCall.call);
    context.report({
      node: stepArgs,
      message: `${step.symbol.id} cannot take this call's result as step_args (ValueError): pass the ${expected} result. ${step.symbol.id} cannot take \`${callText}()\`: ${problem}. The SDK raises "${spec.error.replace('{step_args.caller_name}', method?.callerName ?? jobCall.method)}" Or use the step class that fits this job.`,
    });
  },
  doc: {
    what: "Checks that a step's `step_args=` comes from the job method that step expects, using the SDK's own lists: ProcessingStep ← `processor.run()`, TrainingStep ← `estimator.fit()` (v3: `model_trainer.train()`), TransformStep ← `transformer.transform()`, TuningStep ← `tuner.fit()` (v3: `tuner.tune()`), ModelStep ← `model.create()`/`model.register()` (v3: `ModelBuilder.build()`/`register()`). It also flags `deploy()` and `estimator.register()`, which never produce step arguments.",
    why: "`validate_step_args_input` (workflow/utilities.py) compares the step arguments' caller name with the step's expected callers when the step is constructed and raises `ValueError` with the step's message, e.g. `The step_args of TrainingStep must be obtained from estimator.fit().` A `deploy()` result is not step arguments at all: under a PipelineSession `model.deploy()` fails with `AttributeError: 'NoneType' object has no attribute 'create_model_request'`.",
    example: [
      'from sagemaker.estimator import Estimator',
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      'from sagemaker.workflow.steps import ProcessingStep, TrainingStep',
      '',
      'pipeline_session = PipelineSession()',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=pipeline_session)',
      'step = TrainingStep(name="Train", step_args=processor.run(code="prep.py"))',
    ].join('\n'),
    useInstead: [
      'from sagemaker.estimator import Estimator',
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      'from sagemaker.workflow.steps import ProcessingStep, TrainingStep',
      '',
      'pipeline_session = PipelineSession()',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=pipeline_session)',
      'step = ProcessingStep(name="Prep", step_args=processor.run(code="prep.py"))',
    ].join('\n'),
    fixSafety: 'No automatic fix: whether the step class or the job is wrong needs a person.',
    sdkVersions: 'sagemaker v2 and v3 (each generation with its own accepted methods).',
    references: [
      'v2.257.6 src/sagemaker/workflow/utilities.py L378-393 (validate_step_args_input)',
      'v2.257.6 src/sagemaker/workflow/steps.py L466-470, L698-703, L841-845, L1016-1020',
      'v2.257.6 src/sagemaker/workflow/model_step.py L134-143',
      'v3 sagemaker-mlops/src/sagemaker/mlops/workflow/steps.py, model_step.py',
    ],
  },
};
