import { SyntaxNode } from '../../parse/syntaxNode';
import { StepInfo, jobCallOf, pipelineGraph } from '../../semantic/pipeline';
import { Fix, Rule, RuleContext } from '../types';

const STEP_NAME = /^[A-Za-z0-9\-_]{1,64}$/;
const PIPELINE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/;
const DUPLICATE_ERROR = 'Pipeline steps cannot have duplicate names. In addition, steps added in the ConditionStep cannot be added in the Pipeline steps list.';

/** The longest sub-step name a v2 ModelStep derives from its name ("{name}-RegisterModel", "{name}-CreateModel"). */
function modelStepSuffix(context: RuleContext, step: StepInfo): string {
  if (step.symbol.id !== 'ModelStep' || step.generation !== 'v2') return '';
  const stepArgs = context.model.argument(step.call, 'step_args');
  const jobCall = stepArgs ? jobCallOf(context.model, context.model.valueOf(stepArgs)) : undefined;
  const suffixes: string[] = [];
  if (jobCall?.method === 'register') suffixes.push('-RegisterModel');
  if (jobCall?.method === 'create') suffixes.push('-CreateModel');
  // A model with an entry_point and model_data known only at run time is repacked by a "{name}-RepackModel-{model name or index}" sub-step.
  if (jobCall && context.model.argument(jobCall.job.call, 'entry_point')) {
    const modelData = context.model.argument(jobCall.job.call, 'model_data');
    if (modelData && context.model.pipelineVariable(modelData)) suffixes.push(`-RepackModel-${context.model.literalArgument(jobCall.job.call, 'name') ?? '0'}`);
  }
  return suffixes.reduce((longest, s) => (s.length > longest.length ? s : longest), '');
}

function quoted(context: RuleContext, node: SyntaxNode, value: string): string {
  const text = context.model.text(node);
  const quote = /^[rRuU]?(['"])/.exec(text)?.[1] ?? '"';
  return `${quote}${value}${quote}`;
}

function renameFix(context: RuleContext, node: SyntaxNode, name: string, valid: (name: string) => boolean, limit: number, kind: string): Fix | undefined {
  if (/['"\\]/.test(name)) return undefined;
  let fixed = name.replace(kind === 'pipeline' ? /[^A-Za-z0-9-]+/g : /[^A-Za-z0-9\-_]+/g, '-');
  if (kind === 'pipeline') fixed = fixed.replace(/^-+|-+$/g, '');
  if (!fixed || fixed.length > limit || fixed === name || !valid(fixed)) return undefined;
  return {
    title: `Rename the ${kind} to "${fixed}"`,
    applicability: 'unsafe',
    edits: [{ start: node.start, end: node.end, newText: quoted(context, node, fixed) }],
  };
}

function checkStep(context: RuleContext, step: StepInfo): void {
  if (step.name === undefined || !step.nameNode) return;
  const suffix = modelStepSuffix(context, step);
  const full = `${step.name}${suffix}`;
  if (STEP_NAME.test(full)) return;
  const badChars = [...new Set(step.name.replace(/[A-Za-z0-9\-_]/g, ''))];
  const problems: string[] = [];
  if (!step.name.length) problems.push('it is empty');
  if (badChars.length) problems.push(`it contains ${badChars.map((c) => JSON.stringify(c)).join(', ')}`);
  if (full.length > 64) problems.push(suffix ? `"${full}" (the ModelStep's sub-step name) is ${full.length} characters` : `it is ${full.length} characters`);
  const limit = 64 - suffix.length;
  context.report({
    node: step.nameNode,
    message: `The step name "${step.name}" breaks the pipeline definition schema (^[A-Za-z0-9\\-_]{1,64}$): ${problems.join(' and ')}. The SDK does not check it; the service rejects the definition when the pipeline is created. Use at most ${limit} letters, digits, "-" and "_".`,
    fix: renameFix(context, step.nameNode, step.name, (n) => STEP_NAME.test(`${n}${suffix}`), limit, 'step'),
  });
}

/**
 * Pipeline names are checked by CreatePipeline only; a pipeline run by a LocalPipelineSession never sends
 * its name to the service. Fire when the pipeline has no session (the SDK then makes a Session) or a
 * session provably not local; an unknown session means silence.
 */
function reachesService(context: RuleContext, pipelineCall: SyntaxNode): boolean {
  const session = context.model.argument(pipelineCall, 'sagemaker_session');
  if (!session) return true;
  const value = context.model.valueOf(session);
  if (value.kind !== 'instance') return false;
  return !value.symbol.roles.some((role) => role === 'local-session' || role === 'local-pipeline-session');
}

export const invalidOrDuplicateStepName: Rule = {
  code: 'SM206',
  name: 'invalid-or-duplicate-step-name',
  defaultSeverity: 'error',
  summary: 'Duplicate step names in one pipeline, or step/pipeline names the service rejects',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const graph = pipelineGraph(model);
    const step = graph.stepFor(model.valueOf(node));
    if (step && step.call === node) return checkStep(context, step);
    const pipeline = graph.pipelines.find((p) => p.call === node);
    if (!pipeline) return;
    if (pipeline.name !== undefined && pipeline.nameNode && !PIPELINE_NAME.test(pipeline.name) && reachesService(context, node)) {
      context.report({
        node: pipeline.nameNode,
        message: `The pipeline name "${pipeline.name}" is not valid: SageMaker pipeline names are 1-256 letters, digits and single or repeated hyphens between them ([a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}), with no underscores, spaces or dots. CreatePipeline rejects it with a ValidationException.`,
        fix: renameFix(context, pipeline.nameNode, pipeline.name, (n) => PIPELINE_NAME.test(n), 256, 'pipeline'),
      });
    }
    if (!pipeline.members || !pipeline.memberElements) return;
    const seen = new Map<string, StepInfo>();
    pipeline.members.forEach((member, i) => {
      if (member.name === undefined) return;
      const first = seen.get(member.name);
      if (!first) {
        seen.set(member.name, member);
        return;
      }
      const same = first === member;
      const where = same ? pipeline.memberElements![i] : member.nameNode && first.nameNode && member.nameNode.start < first.nameNode.start ? first.nameNode : member.nameNode;
      if (!where) return;
      context.report({
        node: where,
        message: same
          ? `The step "${member.name}" is in ${pipeline.name !== undefined ? `pipeline "${pipeline.name}"` : 'this pipeline'} twice (listed again, or also inside a ConditionStep's branches). definition() raises ValueError("${DUPLICATE_ERROR}") Keep one occurrence.`
          : `Two steps of ${pipeline.name !== undefined ? `pipeline "${pipeline.name}"` : 'this pipeline'} are named "${member.name}". definition() raises ValueError("${DUPLICATE_ERROR}") Give each step its own name.`,
      });
    });
  },
  doc: {
    what: 'Checks step and pipeline names written as string literals. In a `Pipeline(steps=[...])` (including the steps nested in ConditionStep branches) no two steps may share a name, and no step may appear twice. Every step name must match `^[A-Za-z0-9\\-_]{1,64}$`, counting the suffix a v2 ModelStep adds to its sub-steps (`-RegisterModel`, `-CreateModel`). Pipeline names must match `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}`.',
    why: `Duplicates fail in \`pipeline.definition()\` (and so in \`upsert()\`): \`ValueError("${DUPLICATE_ERROR}")\`. Invalid names are not checked by the SDK at all (a 300-character name with "/" and spaces passes \`definition()\`); the service rejects them against the pipeline definition schema (StepName pattern \`^[A-Za-z0-9\\-_]{1,64}$\`) and the botocore PipelineName pattern, which has no underscores.`,
    example: [
      'from sagemaker.workflow.fail_step import FailStep',
      'from sagemaker.workflow.pipeline import Pipeline',
      '',
      'step_a = FailStep(name="Prep data", error_message="a")',
      'step_b = FailStep(name="Prep data", error_message="b")',
      'pipeline = Pipeline(name="my_pipeline", steps=[step_a, step_b])',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.fail_step import FailStep',
      'from sagemaker.workflow.pipeline import Pipeline',
      '',
      'step_a = FailStep(name="PrepData", error_message="a")',
      'step_b = FailStep(name="Train", error_message="b")',
      'pipeline = Pipeline(name="my-pipeline", steps=[step_a, step_b])',
    ].join('\n'),
    fixSafety: 'Unsafe fix for names with forbidden characters: replaces them with "-". Renaming a pipeline creates a new pipeline resource, and other code may refer to a step by its name. No fix for duplicates or over-long names.',
    sdkVersions: 'sagemaker v2 and v3 (the ModelStep suffixes apply to v2, where ModelStep is a StepCollection).',
    references: [
      'v2.257.6 src/sagemaker/workflow/_steps_compiler.py L197-212 (duplicate names)',
      'v2.257.6 src/sagemaker/workflow/model_step.py L29-31, L230-274 (sub-step names)',
      'aws-sagemaker-mlops/sagemaker-model-building-pipeline-definition-JSON-schema: StepName ^[A-Za-z0-9\\-_]{1,64}$',
      'botocore sagemaker service-2.json: PipelineName [a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}',
    ],
  },
};
