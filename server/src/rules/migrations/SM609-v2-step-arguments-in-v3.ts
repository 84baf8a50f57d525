import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { StepInfo, hasSplat, stepOf } from '../../semantic/pipeline';
import { SemanticModel } from '../../semantic/model';
import { projectGeneration } from './common';
import { closestName } from '../../api/closest';
import { LEGACY_FORMS } from '../pipeline-structure/legacy';
import { Rule } from '../types';

/**
 * The keyword parameters of v3's job steps (sagemaker-mlops/src/sagemaker/mlops/workflow/steps.py at
 * a24812666d; no **kwargs): the v2 forms' job and its arguments (estimator=, inputs=, processor=,
 * code=, ...) are gone, and passing one raises TypeError.
 */
const COMMON = ['name', 'step_args', 'display_name', 'description', 'cache_config', 'depends_on', 'retry_policies'];
const V3_STEP_PARAMETERS: Readonly<Record<string, { readonly parameters: readonly string[]; readonly job: string }>> = {
  TrainingStep: { parameters: COMMON, job: 'model_trainer.train()' },
  TransformStep: { parameters: COMMON, job: 'transformer.transform()' },
  ProcessingStep: { parameters: [...COMMON.slice(0, 4), 'property_files', ...COMMON.slice(4)], job: 'processor.run()' },
  TuningStep: { parameters: COMMON, job: 'tuner.tune()' },
};

/**
 * The v3 constructor a step call is judged against: a step imported from v3, or a v2 step form in a
 * project on v3 (its v2 import fails there, SM606, and the v3 step that replaces it has no such form).
 * SM203 stays silent wherever this applies, so a step gets SM609's v3 advice only, never v2's as well.
 */
export function v3StepSignature(model: SemanticModel, step: StepInfo): (typeof V3_STEP_PARAMETERS)[string] | undefined {
  if (step.generation !== 'v3' && projectGeneration(model) !== 'v3') return undefined;
  return V3_STEP_PARAMETERS[step.symbol.id];
}

export const v2StepArgumentsInV3: Rule = {
  code: 'SM609',
  name: 'v2-step-arguments-in-v3',
  defaultSeverity: 'error',
  summary: 'A v2 step argument (estimator=, processor=, inputs=, code=, ...) passed to a v3 step, whose constructor no longer takes it',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const step = stepOf(model, model.valueOf(node));
    if (!step || step.call !== node) return;
    const signature = v3StepSignature(model, step);
    if (!signature || hasSplat(node)) return;
    // Legacy arguments next to step_args are SM213's, which offers to remove them.
    const form = model.argument(node, 'step_args') ? LEGACY_FORMS[step.symbol.id] : undefined;
    for (const argument of childByField(node, 'arguments')?.children ?? []) {
      if (argument.type !== 'keyword_argument') continue;
      const nameNode = childByField(argument, 'name');
      const keyword = nameNode ? model.text(nameNode) : '';
      if (!keyword || signature.parameters.includes(keyword)) continue;
      if (form && (keyword === form.job || keyword in form.args)) continue;
      const suggestion = closestName(keyword, signature.parameters);
      context.report({
        node: nameNode as SyntaxNode,
        message:
          (suggestion
            ? `${step.symbol.id} in SDK v3 takes no \`${keyword}=\` (TypeError): did you mean \`${suggestion}=\`? `
            : `${step.symbol.id} in SDK v3 takes no \`${keyword}=\` (TypeError): pass the job as step_args. `) +
          `Its constructor accepts ${signature.parameters.map((p) => `\`${p}\``).join(', ')}, ` +
          `so this raises TypeError: __init__() got an unexpected keyword argument '${keyword}'.` +
          (suggestion ? '' : ` v3 steps take the job only through step_args: build it with a PipelineSession and pass step_args=${signature.job}.`),
      });
    }
  },
  doc: {
    what: 'Checks the keyword arguments of v3 `TrainingStep`, `ProcessingStep`, `TransformStep` and `TuningStep` (imported from `sagemaker.mlops.workflow`, or imported from v2\'s `sagemaker.workflow` in a project on v3, where that import fails and the v3 step replaces it; SM203\'s v2 advice is not given there) against their constructors. v3 dropped the v2 forms that took the job and its arguments directly (`TrainingStep(estimator=..., inputs=...)`, `ProcessingStep(processor=..., inputs=..., outputs=..., code=...)`, `TransformStep(transformer=..., inputs=...)`, `TuningStep(tuner=..., inputs=...)`), and the constructors have no `**kwargs`, so any other keyword is an error. A misspelled keyword gets the closest parameter. Calls with `**kwargs` are not checked, and legacy arguments given together with `step_args` are left to SM213, which offers to remove them.',
    why: 'Code migrated from v2 keeps its step forms, and v2 accepted them (with a DeprecationWarning). In v3 the pipeline module fails at import time with `TypeError: __init__() got an unexpected keyword argument \'estimator\'`, before any pipeline is built.',
    example: [
      'from sagemaker.mlops.workflow.steps import TrainingStep',
      '',
      'step = TrainingStep(name="Train", estimator=trainer, inputs={"train": train_uri})',
    ].join('\n'),
    useInstead: [
      'from sagemaker.mlops.workflow.steps import TrainingStep',
      '',
      '# model_trainer built with sagemaker_session=PipelineSession(); train() then returns the step arguments',
      'step = TrainingStep(name="Train", step_args=model_trainer.train())',
    ].join('\n'),
    fixSafety: 'No fix: moving to step_args means building the job with v3\'s classes (ModelTrainer, the v3 Processor) under a PipelineSession, which is not a mechanical rewrite. A misspelled keyword is named in the message.',
    sdkVersions: 'sagemaker v3 (the step classes of sagemaker.mlops.workflow). v2 steps are SM203\'s (the deprecated forms still work there).',
    references: [
      'v3 a24812666d sagemaker-mlops/src/sagemaker/mlops/workflow/steps.py L391-403 (TrainingStep.__init__), L483-495 (TransformStep), L573-586 (ProcessingStep), L672-684 (TuningStep)',
      'v2.257.6 src/sagemaker/workflow/steps.py (the legacy forms v2 still accepts)',
    ],
  },
};
