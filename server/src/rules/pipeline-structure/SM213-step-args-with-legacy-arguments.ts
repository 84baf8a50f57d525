import { childByField } from '../../parse/syntaxNode';
import { stepOf } from '../../semantic/pipeline';
import { Rule } from '../types';
import { removeArgumentEdit } from './common';
import { LEGACY_FORMS } from './legacy';

export const stepArgsWithLegacyArguments: Rule = {
  code: 'SM213',
  name: 'step-args-with-legacy-arguments',
  defaultSeverity: 'error',
  summary: 'step_args= given together with legacy step arguments (processor=, estimator=, inputs=, outputs=, code=, ...)',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const step = stepOf(model, model.valueOf(node));
    if (!step || step.call !== node) return;
    const form = LEGACY_FORMS[step.symbol.id];
    if (!form || !model.argument(node, 'step_args')) return;
    const args = childByField(node, 'arguments');
    if (!args) return;
    for (const argument of args.children) {
      if (argument.type !== 'keyword_argument') continue;
      const keyword = model.text(childByField(argument, 'name')!);
      if (keyword !== form.job && !(keyword in form.args)) continue;
      let message: string;
      if (step.generation === 'v3') {
        message = `The v3 ${step.symbol.id} has no \`${keyword}=\` (TypeError): remove it${keyword === form.job ? '' : ', and pass it to the job method'}. The constructor raises TypeError ("got an unexpected keyword argument '${keyword}'"); the step_args carry everything.`;
      } else if (keyword === form.job) {
        message = `${step.symbol.id} takes step_args or \`${keyword}=\`, not both (ValueError): remove \`${keyword}=\`. The constructor raises ValueError("${form.bothError}"); the step_args already name the job.`;
      } else {
        const target = form.args[keyword];
        message = `\`${keyword}=\` is silently ignored when step_args is given: the step builds its request from the step_args alone. ${target ? `Pass it to \`${form.method}(${target}=...)\` instead.` : 'Remove it.'}`;
      }
      context.report({
        node: argument,
        message,
        fix: { title: `Remove ${keyword}=`, applicability: 'unsafe', edits: [removeArgumentEdit(argument)] },
      });
    }
  },
  doc: {
    what: 'Finds step constructors given `step_args=` together with the arguments of the legacy form: the job (`processor=`, `estimator=`, `transformer=`, `tuner=`, `model=`) or its call arguments (`inputs=`, `outputs=`, `job_arguments=`, `code=`, `kms_key=`).',
    why: 'In v2 the job argument and `step_args` are mutually exclusive: the constructor raises `ValueError("either step_args or processor need to be given, but not both.")` (TrainingStep: `"Either step_args or estimator need to be given."`). The other legacy arguments are stored but never read when `step_args` is given: `ProcessingStep.arguments` builds the request from the step arguments only, so `inputs=`/`outputs=`/`code=` are silently dropped. The v3 step classes have none of these parameters, so passing one raises `TypeError: ... got an unexpected keyword argument`.',
    example: [
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      'from sagemaker.workflow.steps import ProcessingStep',
      '',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=PipelineSession())',
      'step = ProcessingStep(name="Prep", step_args=processor.run(code="prep.py"), outputs=outputs)',
    ].join('\n'),
    useInstead: [
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      'from sagemaker.workflow.steps import ProcessingStep',
      '',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=PipelineSession())',
      'step = ProcessingStep(name="Prep", step_args=processor.run(code="prep.py", outputs=outputs))',
    ].join('\n'),
    fixSafety: 'Unsafe fix: removes the argument. When it carried inputs or outputs that the job method lacks, move them into the method call by hand.',
    sdkVersions: 'sagemaker v2 (ValueError / ignored) and v3 (TypeError).',
    references: [
      'v2.257.6 src/sagemaker/workflow/steps.py L461, L693, L836, L1011 (mutually exclusive), L881-911 (ProcessingStep.arguments)',
      'v3 sagemaker-mlops/src/sagemaker/mlops/workflow/steps.py L573-600 (no legacy parameters)',
    ],
  },
};
