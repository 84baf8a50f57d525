import { shorten } from '../pipeline-variables/common';
import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { jobCallOf, jobSession, nameUses, pipelineSessionMethod } from '../../semantic/pipeline';
import { Rule } from '../types';

const STEP_FOR_ROLE: Record<string, string> = {
  processor: 'ProcessingStep',
  estimator: 'TrainingStep',
  'model-trainer': 'TrainingStep',
  transformer: 'TransformStep',
  tuner: 'TuningStep',
  model: 'ModelStep',
  'model-builder': 'ModelStep',
  automl: 'AutoMLStep',
};

/** Whether a name bound at `target` may be read: any other identifier with its text, anywhere in the module. */
function isRead(model: SemanticModel, target: SyntaxNode): boolean {
  const name = model.text(target);
  const scope = model.scopes.scopeOf(target);
  if (scope.globalNames.has(name)) return true;
  return (nameUses(model).counts.get(name) ?? 0) > 1;
}

export const discardedStepArgs: Rule = {
  code: 'SM202',
  name: 'discarded-step-args',
  defaultSeverity: 'warning',
  summary: 'A job method called under a PipelineSession whose result never reaches a step: nothing runs',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const jobCall = jobCallOf(model, model.valueOf(node));
    if (!jobCall || jobCall.call !== node) return;
    const method = pipelineSessionMethod(jobCall.job.symbol, jobCall.method, jobCall.generation);
    if (!method) return;
    if (jobSession(model, jobCall.job).kind !== 'pipeline') return;
    const parent = node.parent;
    let how: string | undefined;
    if (parent?.type === 'expression_statement') how = 'its result is discarded';
    else if (parent?.type === 'assignment' && childByField(parent, 'right') === node) {
      const left = childByField(parent, 'left');
      if (left?.type === 'identifier' && model.scopes.scopeOf(left).kind !== 'class' && !isRead(model, left)) how = `its result \`${model.text(left)}\` is never used`;
    }
    if (!how) return;
    const callee = childByField(node, 'function')!;
    const step = STEP_FOR_ROLE[method.role] ?? 'a step';
    context.report({
      node: callee,
      message: `Under a PipelineSession this call runs nothing: pass it to ${step}(name=..., step_args=...). \`${shorten(model.text(callee))}()\` only returns step arguments, and ${how}. List the step in the Pipeline.`,
    });
  },
  doc: {
    what: 'Finds `processor.run()`, `estimator.fit()`, `transformer.transform()`, `tuner.fit()`/`tune()`, `model.create()`/`register()`, `model_trainer.train()` and `ModelBuilder.build()`/`register()` called on a job built with a PipelineSession when the result is thrown away: a bare expression statement, or a name that is never read.',
    why: 'Under a PipelineSession these methods do not start a job: they return step arguments (and warn "Running within a PipelineSession, there will be No Wait, No Logs, and No Job being started."). Unless the result goes to a step\'s `step_args=` and that step to a Pipeline, the job never runs.',
    example: [
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      '',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=PipelineSession())',
      'processor.run(code="prep.py")',
    ].join('\n'),
    useInstead: [
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      'from sagemaker.workflow.steps import ProcessingStep',
      '',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=PipelineSession())',
      'step = ProcessingStep(name="Prep", step_args=processor.run(code="prep.py"))',
    ].join('\n'),
    fixSafety: 'No automatic fix: which step and pipeline the job belongs to needs a person.',
    sdkVersions: 'sagemaker v2 (all versions) and v3 (all versions).',
    references: ['v2.257.6 src/sagemaker/workflow/pipeline_context.py L291-348 (runnable_by_pipeline)', 'v3 sagemaker-core/src/sagemaker/core/workflow/pipeline_context.py'],
  },
};
