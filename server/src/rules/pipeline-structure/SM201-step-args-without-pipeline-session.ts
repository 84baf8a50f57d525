import { childByField } from '../../parse/syntaxNode';
import { jobCallOf, jobSession, pipelineSessionMethod, stepOf } from '../../semantic/pipeline';
import { Fix, Rule } from '../types';
import { PIPELINE_DOC, addKeywordEdit, pipelineSessionExpression } from './common';

export const stepArgsWithoutPipelineSession: Rule = {
  code: 'SM201',
  name: 'step-args-without-pipeline-session',
  defaultSeverity: 'error',
  summary: 'step_args= gets the result of a job method whose job has no PipelineSession: the job runs now and returns None',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const step = stepOf(model, model.valueOf(node));
    if (!step || step.call !== node) return;
    const stepArgs = model.argument(node, 'step_args');
    if (!stepArgs) return;
    const jobCall = jobCallOf(model, model.valueOf(stepArgs));
    if (!jobCall) return;
    const method = pipelineSessionMethod(jobCall.job.symbol, jobCall.method, jobCall.generation);
    if (!method) return; // not a method a PipelineSession intercepts (SM204's business)
    const session = jobSession(model, jobCall.job);
    if (session.kind !== 'plain' || !session.owner) return;
    const owner = session.owner;
    const callee = childByField(owner.call, 'function');
    if (!callee) return;
    const target = session.argument ?? callee;
    const returns = jobCall.method === 'register' ? 'returns a model package instead of step arguments' : jobCall.method === 'build' ? 'returns a deployable model instead of step arguments' : 'returns None';
    const stepName = step.name !== undefined ? ` "${step.name}"` : '';
    const ownerText = owner === jobCall.job ? 'it' : `its ${owner.symbol.id}`;
    const called = `\`${model.text(childByField(jobCall.call, 'function') ?? jobCall.call)}()\``;
    const message = `${called.length > 40 ? 'This call' : called} runs a real job now, not a pipeline step: pass \`sagemaker_session=\` a PipelineSession. ${called} is passed as step_args to ${step.symbol.id}${stepName}, but ${ownerText} has ${session.description}: the call starts a real job now, waits for it and ${returns}, so the step gets no step arguments.`;
    let fix: Fix | undefined;
    const expression = pipelineSessionExpression(model, owner.call);
    if (expression) {
      if (session.argument) {
        fix = {
          title: `Use ${expression.expression} as sagemaker_session`,
          applicability: 'unsafe',
          edits: [{ start: session.argument.start, end: session.argument.end, newText: expression.expression }, ...expression.edits],
        };
      } else {
        const edit = addKeywordEdit(model, owner.call, callee, 'sagemaker_session', expression.expression);
        if (edit) fix = { title: `Pass sagemaker_session=${expression.expression}`, applicability: 'safe', edits: [edit, ...expression.edits] };
      }
    }
    context.report({ node: target, message, fix });
  },
  doc: {
    what: 'Finds `step_args=` given the result of `processor.run()`, `estimator.fit()`, `transformer.transform()`, `tuner.fit()`/`tuner.tune()`, `model.create()`/`model.register()`, `model_trainer.train()` or `model_builder.build()`/`register()` when the job was built without a PipelineSession: no `sagemaker_session=` at all (the SDK then makes a plain `sagemaker.Session()`), `sagemaker_session=None`, or a `Session()`/`LocalSession()`. The finding is reported on the job\'s `sagemaker_session=` argument, or on its constructor when the argument is missing. A tuner is judged by its estimator\'s (v3: model trainer\'s) session. It stays silent when the session comes from a function parameter, another module or `**kwargs`.',
    why: 'Only a PipelineSession makes these methods return step arguments (`runnable_by_pipeline` in workflow/pipeline_context.py). With any other session the call **starts a real job while your pipeline is being defined**, blocks until it finishes (`wait=True`, `logs=True`) and returns `None` (`model.register()` returns a ModelPackage). The step then raises `ValueError("Either step_args or estimator need to be given.")` (TrainingStep), `ValueError("either step_args or processor need to be given, but not both.")` (ProcessingStep), or `TypeError("The step_args of ModelStep must be obtained from model.create() or model.register(). ...")`. The SDK docs warn: "A PipelineSession must be given in order to start the job during pipeline execution time. Otherwise, a training job will get started immediately."',
    example: [
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      'from sagemaker.workflow.steps import ProcessingStep',
      '',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1)',
      'step = ProcessingStep(name="Prep", step_args=processor.run(code="prep.py"))',
    ].join('\n'),
    useInstead: [
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      'from sagemaker.workflow.steps import ProcessingStep',
      '',
      'pipeline_session = PipelineSession()',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=pipeline_session)',
      'step = ProcessingStep(name="Prep", step_args=processor.run(code="prep.py"))',
    ].join('\n'),
    fixSafety: 'Safe fix when `sagemaker_session=` is missing: it passes the module\'s PipelineSession, or creates `pipeline_session = PipelineSession()` (and its import) before the statement. Unsafe when it replaces an existing session argument: settings of that session (boto_session, default_bucket) are not carried over.',
    sdkVersions: 'sagemaker v2 (PipelineSession since 2.85) and v3.',
    references: [
      'v2.257.6 src/sagemaker/workflow/pipeline_context.py L145-348 (PipelineSession, runnable_by_pipeline)',
      'v2.257.6 src/sagemaker/workflow/steps.py L461, L836 (the ValueErrors for a missing step_args)',
      'v3 sagemaker-core/src/sagemaker/core/workflow/pipeline_context.py',
      `${PIPELINE_DOC} (lines 116-117: "A PipelineSession must be given ...")`,
      'aws/sagemaker-python-sdk#3588',
    ],
  },
};
