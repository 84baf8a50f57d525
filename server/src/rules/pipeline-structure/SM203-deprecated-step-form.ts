import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { hasSplat, jobSession, stepOf } from '../../semantic/pipeline';
import { Fix, Rule, TextEdit } from '../types';
import { removeArgumentsEdits } from './common';
import { LEGACY_FORMS, REGISTER_MODEL_DEPRECATION } from './legacy';
import { v3StepSignature } from '../migrations/SM609-v2-step-arguments-in-v3';
import { sdkOnlyBefore } from '../../environment/releaseWindow';

/** Rewrites `Step(name, job=j, a=x, ...)` to `Step(name, step_args=j.method(a'=x, ...))` when the job has a PipelineSession. */
function stepArgsFix(model: SemanticModel, call: SyntaxNode, jobArgument: SyntaxNode, stepId: string): Fix | undefined {
  const form = LEGACY_FORMS[stepId];
  if (!form || hasSplat(call)) return undefined;
  const jobValueNode = childByField(jobArgument, 'value');
  if (!jobValueNode) return undefined;
  const job = model.valueOf(jobValueNode);
  if (job.kind !== 'instance' || jobSession(model, job).kind !== 'pipeline') return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(model.text(jobValueNode))) return undefined;
  const args = childByField(call, 'arguments')!;
  const moved: string[] = [];
  const removed: SyntaxNode[] = [];
  for (const argument of args.children) {
    if (argument.type !== 'keyword_argument' || argument === jobArgument) continue;
    const keyword = model.text(childByField(argument, 'name')!);
    if (!(keyword in form.args)) continue;
    const target = form.args[keyword];
    if (!target) return undefined;
    moved.push(`${target}=${model.text(childByField(argument, 'value')!)}`);
    removed.push(argument);
  }
  const removals: TextEdit[] = removeArgumentsEdits(removed);
  // Removals must not touch the job argument's own range.
  if (removals.some((r) => r.start < jobArgument.end && jobArgument.start < r.end)) return undefined;
  const replacement = `step_args=${model.text(jobValueNode)}.${form.method}(${moved.join(', ')})`;
  return {
    title: `Rewrite to step_args=${model.text(jobValueNode)}.${form.method}(...)`,
    applicability: 'unsafe',
    edits: [{ start: jobArgument.start, end: jobArgument.end, newText: replacement }, ...removals],
  };
}

/**
 * The first release with the replacement, checked in the SDK's tags: `step_args` and the deprecation
 * warnings of the four job steps are in v2.88.2 src/sagemaker/workflow/steps.py (absent in v2.88.1);
 * ModelStep (workflow/model_step.py) and the CreateModelStep/RegisterModel warnings in v2.90.0 (absent in v2.89.0).
 */
const STEP_ARGS_SINCE = '2.88.2';
const REPLACEMENT_SINCE: Record<string, string> = { CreateModelStep: '2.90.0', RegisterModel: '2.90.0' };

export const deprecatedStepForm: Rule = {
  code: 'SM203',
  name: 'deprecated-step-form',
  defaultSeverity: 'warning',
  summary: 'Deprecated step forms: ProcessingStep(processor=...), TrainingStep(estimator=...), TransformStep(transformer=...), TuningStep(tuner=...), CreateModelStep, RegisterModel',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const step = stepOf(model, model.valueOf(node));
    if (!step || step.call !== node || step.generation !== 'v2') return;
    // In a v3 project the v2 form is an error SM609 reports with v3's advice; step_args=est.fit() is v2-only.
    if (v3StepSignature(model, step)) return;
    const callee = childByField(node, 'function');
    if (!callee) return;
    // Before step_args (v2.88.2) and ModelStep (v2.90.0) these forms were the only ones, and not deprecated.
    if (sdkOnlyBefore(model.environment, REPLACEMENT_SINCE[step.symbol.id] ?? STEP_ARGS_SINCE)) return;
    if (step.symbol.id === 'RegisterModel') {
      context.report({ node: callee, message: `RegisterModel is deprecated: use ModelStep(name=..., step_args=model.register(...)). The SDK warns "${REGISTER_MODEL_DEPRECATION}" Build the model with a PipelineSession.` });
      return;
    }
    const form = LEGACY_FORMS[step.symbol.id];
    if (!form) return;
    if (step.symbol.id === 'CreateModelStep') {
      context.report({ node: callee, message: `CreateModelStep is deprecated: use ModelStep(name=..., step_args=model.create(...)). The SDK warns "${form.deprecation}" Build the model with a PipelineSession.` });
      return;
    }
    if (model.argument(node, 'step_args')) return; // SM213's business
    const jobArgument = childByField(node, 'arguments')?.children.find((c) => c.type === 'keyword_argument' && model.text(childByField(c, 'name')!) === form.job);
    if (!jobArgument) return;
    const fix = stepArgsFix(model, node, jobArgument, step.symbol.id);
    context.report({
      node: jobArgument,
      message: `${step.symbol.id}(${form.job}=...) is deprecated: pass step_args=${form.job}.${form.method}(...) instead. The SDK warns '${form.deprecation}' Build ${/^[aeiou]/i.test(form.job) ? 'an' : 'a'} ${form.job} with sagemaker_session=PipelineSession().`,
      fix,
    });
  },
  doc: {
    what: 'Finds the legacy v2 step forms: `ProcessingStep(processor=...)`, `TrainingStep(estimator=...)`, `TransformStep(transformer=...)`, `TuningStep(tuner=...)`, and the deprecated `CreateModelStep` and `RegisterModel` classes. In a project on SDK v3 the four job steps are left to SM609 (the v2 forms are errors there, and `step_args=estimator.fit(...)` is v2 advice).',
    why: 'The SDK emits a DeprecationWarning for each (hidden by default outside `__main__`), e.g. `We are deprecating the instantiation of TrainingStep using "estimator".Instead, simply using "step_args".` The forms are gone in v3, and the legacy path skips the PipelineSession machinery (the job\'s own `run()`/`fit()` validation only happens when the step arguments are built).',
    example: [
      'from sagemaker.estimator import Estimator',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      'from sagemaker.workflow.steps import TrainingStep',
      '',
      'estimator = Estimator(image_uri=image, role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=PipelineSession())',
      'step = TrainingStep(name="Train", estimator=estimator, inputs="s3://bucket/train")',
    ].join('\n'),
    useInstead: [
      'from sagemaker.estimator import Estimator',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      'from sagemaker.workflow.steps import TrainingStep',
      '',
      'estimator = Estimator(image_uri=image, role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=PipelineSession())',
      'step = TrainingStep(name="Train", step_args=estimator.fit(inputs="s3://bucket/train"))',
    ].join('\n'),
    fixSafety: 'Unsafe fix for TrainingStep, ProcessingStep and TuningStep when the job was built with a PipelineSession: moves the legacy arguments into `step_args=job.fit(...)`/`run(...)` (`job_arguments=` becomes `arguments=`). The job method now validates its arguments, which the legacy path did later. No fix for TransformStep, CreateModelStep and RegisterModel, whose arguments do not map one to one.',
    sdkVersions: 'sagemaker v2 from v2.88.2, when step_args and the warnings arrived (CreateModelStep and RegisterModel from v2.90.0, with ModelStep); silent for a project whose every admitted release is older (checked in the SDK\'s tags: v2.88.1 steps.py has neither, v2.89.0 has no model_step.py). The legacy forms do not exist in v3.',
    references: [
      'v2.257.6 src/sagemaker/workflow/steps.py L496-502, L600-609, L712-718, L870-877, L1028-1034 (DeprecationWarnings)',
      'v2.257.6 src/sagemaker/workflow/step_collections.py L318-326 (RegisterModel)',
    ],
  },
};
