import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { plainStringValue } from '../../semantic/model';
import { PipelineInfo, StepInfo, jobCallOf, pipelineGraph, pipelineOf, stepOf } from '../../semantic/pipeline';
import { Fix, Rule, RuleContext, TextEdit } from '../types';

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

/** Keywords whose string value names a step: `JsonGet(step_name=...)`, `depends_on=[...]`, selective execution's `selected_steps=[...]`. */
const STEP_NAME_KEYWORDS = new Set(['step_name', 'depends_on', 'selected_steps', 'source_pipeline_execution_arn']);

/**
 * Every other string literal whose value is the step's name, split into references the rename can
 * follow (a `step_name=` value, an element of `depends_on=[...]` or `selected_steps=[...]`) and the
 * rest (a dict key, a comparison with an execution's step list, ...), which it leaves.
 */
function nameReferences(context: RuleContext, nameNode: SyntaxNode, name: string): { follow: SyntaxNode[]; left: number } {
  const { model } = context;
  const follow: SyntaxNode[] = [];
  let left = 0;
  // Another step with the same name gets its own finding and fix.
  const stepNames = new Set(pipelineGraph(model).steps.map((s) => s.nameNode));
  const stack: SyntaxNode[] = [model.tree.root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'string' || node.type === 'concatenated_string') {
      if (node !== nameNode && !stepNames.has(node) && plainStringValue(model.tree, node) === name) {
        let holder: SyntaxNode | null = node.parent;
        if (holder?.type === 'list' || holder?.type === 'tuple') holder = holder.parent;
        const keyword = holder?.type === 'keyword_argument' ? childByField(holder, 'name') : undefined;
        if (keyword && STEP_NAME_KEYWORDS.has(model.text(keyword))) follow.push(node);
        else left++;
      }
      continue;
    }
    for (const child of node.children) stack.push(child);
  }
  return { follow, left };
}

function renameFix(context: RuleContext, node: SyntaxNode, name: string, valid: (name: string) => boolean, limit: number, kind: string): Fix | undefined {
  if (/['"\\]/.test(name)) return undefined;
  let fixed = name.replace(kind === 'pipeline' ? /[^A-Za-z0-9-]+/g : /[^A-Za-z0-9\-_]+/g, '-');
  if (kind === 'pipeline') fixed = fixed.replace(/^-+|-+$/g, '');
  if (!fixed || fixed.length > limit || fixed === name || !valid(fixed)) return undefined;
  const edits: TextEdit[] = [{ start: node.start, end: node.end, newText: quoted(context, node, fixed) }];
  let note = '';
  if (kind === 'step') {
    // definition() resolves depends_on names and JsonGet(step_name=...) against the step names: a
    // reference left with the old name raises there.
    const references = nameReferences(context, node, name);
    for (const reference of references.follow) edits.push({ start: reference.start, end: reference.end, newText: quoted(context, reference, fixed) });
    if (references.follow.length) note += ` and its ${references.follow.length} reference${references.follow.length > 1 ? 's' : ''} by name`;
    if (references.left) note += references.left > 1 ? ` (${references.left} other "${name}" strings left as they are: check them)` : ` (1 other "${name}" string left as it is: check it)`;
  }
  return {
    title: `Rename the ${kind} to "${fixed}"${note}`,
    applicability: 'unsafe',
    edits,
  };
}

interface DuplicateSite {
  readonly where: SyntaxNode;
  readonly member: StepInfo;
  /** The same step object twice, rather than two steps sharing a name. */
  readonly same: boolean;
}

/** Where each duplicate of a pipeline's steps is reported: the repeated element, or the later step's name. */
function duplicateSites(pipeline: PipelineInfo): DuplicateSite[] {
  if (!pipeline.members || !pipeline.memberElements) return [];
  const sites: DuplicateSite[] = [];
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
    if (where) sites.push({ where, member, same });
  });
  return sites;
}

function pipelineLabel(pipeline: PipelineInfo): string {
  return pipeline.name !== undefined ? `pipeline "${pipeline.name}"` : 'this pipeline';
}

/** Whether checkStep reports the step name at this node (an invalid name): a duplicate there goes in the same finding. */
function invalidNameAt(context: RuleContext, node: SyntaxNode): boolean {
  const step = pipelineGraph(context.model).steps.find((s) => s.nameNode === node);
  return !!step && step.name !== undefined && !STEP_NAME.test(`${step.name}${modelStepSuffix(context, step)}`);
}

function checkStep(context: RuleContext, step: StepInfo): void {
  if (step.name === undefined || !step.nameNode) return;
  const suffix = modelStepSuffix(context, step);
  const full = `${step.name}${suffix}`;
  if (STEP_NAME.test(full)) return;
  // Two steps named "Prep Data": the duplicate is reported here too, so that both problems show at once.
  const duplicateIn = pipelineGraph(context.model).pipelines.filter((p) => duplicateSites(p).some((d) => !d.same && d.where === step.nameNode));
  const duplicate = duplicateIn.length
    ? ` Another step of ${duplicateIn.map(pipelineLabel).join(' and ')} is also named "${step.name}": definition() raises ValueError("${DUPLICATE_ERROR}") Give each step its own name.`
    : '';
  const badChars = [...new Set(step.name.replace(/[A-Za-z0-9\-_]/g, ''))];
  const problems: string[] = [];
  if (!step.name.length) problems.push('it is empty');
  if (badChars.length) problems.push(`it contains ${badChars.map((c) => JSON.stringify(c)).join(', ')}`);
  if (full.length > 64) problems.push(suffix ? `"${full}" (the ModelStep's sub-step name) is ${full.length} characters` : `it is ${full.length} characters`);
  const limit = 64 - suffix.length;
  context.report({
    node: step.nameNode,
    message: `The service rejects this step name: use at most ${limit} letters, digits, "-" and "_". "${step.name.length > 40 ? `${step.name.slice(0, 37)}...` : step.name}" breaks the pipeline definition schema (^[A-Za-z0-9\\-_]{1,64}$): ${problems.join(' and ')}. The SDK does not check it; the service rejects the definition when the pipeline is created.${duplicate}`,
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
    // Asked without the whole graph: a statement with no step or pipeline does not depend on the others.
    const step = stepOf(model, model.valueOf(node));
    if (step && step.call === node) return checkStep(context, step);
    const pipeline = pipelineOf(model, node);
    if (!pipeline) return;
    if (pipeline.name !== undefined && pipeline.nameNode && !PIPELINE_NAME.test(pipeline.name) && reachesService(context, node)) {
      context.report({
        node: pipeline.nameNode,
        message: `CreatePipeline rejects the name "${pipeline.name.length > 30 ? `${pipeline.name.slice(0, 27)}...` : pipeline.name}": use letters, digits and hyphens between them. SageMaker pipeline names are 1-256 letters, digits and single or repeated hyphens between them ([a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}), with no underscores, spaces or dots. CreatePipeline rejects it with a ValidationException.`,
        fix: renameFix(context, pipeline.nameNode, pipeline.name, (n) => PIPELINE_NAME.test(n), 256, 'pipeline'),
      });
    }
    for (const { where, member, same } of duplicateSites(pipeline)) {
      if (!same && invalidNameAt(context, where)) continue; // reported with the invalid name, in one finding
      context.report({
        node: where,
        message: same
          ? `The step "${member.name}" is in ${pipelineLabel(pipeline)} twice (listed again, or also inside a ConditionStep's branches). definition() raises ValueError("${DUPLICATE_ERROR}") Keep one occurrence.`
          : `Two steps of ${pipelineLabel(pipeline)} are named "${member.name}". definition() raises ValueError("${DUPLICATE_ERROR}") Give each step its own name.`,
      });
    }
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
    fixSafety: 'Unsafe fix for names with forbidden characters: replaces them with "-". A step\'s references by name in the file (`depends_on=["..."]`, `JsonGet(step_name="...")`, `selected_steps=[...]`) are renamed with it; other strings with the same text are left, and the fix\'s title says how many. Renaming a pipeline creates a new pipeline resource, and code elsewhere may refer to a step by its name. No fix for duplicates or over-long names; a step that is both invalid and a duplicate gets one finding naming both problems.',
    sdkVersions: 'sagemaker v2 and v3 (the ModelStep suffixes apply to v2, where ModelStep is a StepCollection).',
    references: [
      'v2.257.6 src/sagemaker/workflow/_steps_compiler.py L197-212 (duplicate names)',
      'v2.257.6 src/sagemaker/workflow/model_step.py L29-31, L230-274 (sub-step names)',
      'aws-sagemaker-mlops/sagemaker-model-building-pipeline-definition-JSON-schema: StepName ^[A-Za-z0-9\\-_]{1,64}$',
      'botocore sagemaker service-2.json: PipelineName [a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}',
    ],
  },
};
