import { shorten } from '../pipeline-variables/common';
import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { hasRole } from '../../semantic/sdk';
import { SdkRole } from '../../semantic/sdk/catalog';
import { InstanceValue, callsReachingPipeline, jobCallOf, jobRole, jobSession, pipelineSessionMethod, reachesPipeline } from '../../semantic/pipeline';
import { Fix, Rule, RuleContext } from '../types';
import { Value } from '../../semantic/values';
import { shortText } from './common';

/** SDK objects whose arguments end up in a step's request. */
const PIPELINE_ROLES: readonly SdkRole[] = ['processor', 'estimator', 'model-trainer', 'transformer', 'tuner', 'model', 'model-builder', 'step', 'step-collection', 'processing-input', 'processing-output', 'training-input', 'transform-input', 'condition'];

/** Arguments that must be concrete when the pipeline is defined: a pipeline variable there fails, so the default is the right thing. */
const CONCRETE_ARGUMENTS = new Set(['name', 'framework_version', 'py_version', 'entry_point', 'source_dir', 'code', 'dependencies', 'git_config', 'base_job_name', 'display_name', 'description']);

function receivesPipelineArguments(model: SemanticModel, call: SyntaxNode): boolean {
  const value = model.valueOf(call);
  if (value.kind === 'instance' && value.call === call) return PIPELINE_ROLES.some((role) => hasRole(value.symbol, role));
  const jobCall = jobCallOf(model, value);
  return !!jobCall && jobCall.call === call && !!pipelineSessionMethod(jobCall.job.symbol, jobCall.method, jobCall.generation);
}

const jobUsesTable = {};

/**
 * Whether a job also does real work outside the pipeline: a method call on it (`fit`, `deploy`, `run`,
 * ...) that is not part of any step, on a job without a PipelineSession. Passing the parameter itself
 * there would hand a pipeline variable to a call that runs now.
 */
function usedOutsidePipeline(model: SemanticModel, job: InstanceValue): boolean {
  if (jobSession(model, job).kind === 'pipeline') return false;
  const reached = callsReachingPipeline(model);
  const byJob = model.memo(jobUsesTable, model.tree.root, () => {
    const calls = new Map<SyntaxNode, SyntaxNode[]>();
    const stack: SyntaxNode[] = [model.tree.root];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'call' && !node.containsError) {
        const value = model.valueOf(node);
        if (value.kind === 'method-call' && value.call === node && value.self.kind === 'instance') {
          const list = calls.get(value.self.call);
          if (list) list.push(node);
          else calls.set(value.self.call, [node]);
        }
      }
      for (const child of node.children) stack.push(child);
    }
    return calls;
  });
  return (byJob.get(job.call) ?? []).some((call) => !reached.has(call));
}

/** The job a call builds or calls a method of, if it is one. */
function jobOf(model: SemanticModel, call: SyntaxNode): InstanceValue | undefined {
  const value = model.valueOf(call);
  if (value.kind === 'instance' && value.call === call && jobRole(value.symbol)) return value;
  return jobCallOf(model, value)?.job;
}

function check(context: RuleContext, expression: SyntaxNode, receiver: SyntaxNode): void {
  const { model } = context;
  const bare = unparenthesize(expression);
  if (bare.type === 'list' || bare.type === 'tuple' || bare.type === 'set') {
    for (const item of bare.children) if (item.named && item.type !== 'comment') check(context, item, receiver);
    return;
  }
  if (bare.type === 'dictionary') {
    for (const pair of bare.children) {
      const value = pair.type === 'pair' ? childByField(pair, 'value') : undefined;
      if (value) check(context, value, receiver);
    }
    return;
  }
  const value = model.valueOf(bare);
  if (value.kind !== 'default-value' || value.parameter.kind !== 'instance') {
    const derived = derivedFromDefault(model, bare, 0);
    if (derived) reportDerived(context, bare, derived);
    return;
  }
  const parameter = value.parameter;
  const name = model.literalArgument(parameter.call, 'name', 0);
  const defaultNode = model.argument(parameter.call, 'default_value', 1);
  const defaultText = defaultNode ? ` (${model.text(defaultNode).replace(/\s+/g, ' ')})` : '';
  // The parameter's own expression: `p` in `p.default_value`.
  const object = value.node.type === 'attribute' ? childByField(value.node, 'object') : undefined;
  let fix: Fix | undefined;
  if (object) {
    const objectText = model.text(object);
    const sameHere = object.type !== 'identifier' || (() => {
      const here = model.lookupNameAt(objectText, bare);
      return here.kind === 'instance' && here.call === parameter.call;
    })();
    const job = jobOf(model, receiver);
    const outside = job !== undefined && usedOutsidePipeline(model, job);
    if (sameHere) {
      fix = {
        title: outside ? `Pass ${objectText} itself (the job also runs outside the pipeline: give that use a concrete value)` : `Pass ${objectText} itself`,
        applicability: outside ? 'unsafe' : 'safe',
        edits: [{ start: bare.start, end: bare.end, newText: objectText }],
      };
    }
  }
  context.report({
    node: bare,
    message: `\`.default_value\` freezes the parameter for every execution: pass the parameter itself. \`${shorten(model.text(bare))}\` freezes the ${parameter.symbol.id}${name !== undefined ? ` "${name}"` : ''} to its default${defaultText} when the pipeline is defined: every execution uses that value, even when started with another one. The parameter itself${object ? ` (\`${model.text(object)}\`)` : ''} is resolved by SageMaker when the pipeline runs.`,
    fix,
  });
}

type DefaultValue = Extract<Value, { kind: 'default-value' }>;

const MAX_DERIVATION_DEPTH = 8;
/** Builtins that turn a default into another plain value. */
const CONVERSIONS = new Set(['str', 'int', 'float', 'bool', 'round', 'abs', 'repr']);

/**
 * The `param.default_value` a plain Python value is computed from: `str(p.default_value)`,
 * `p.default_value.split("/")[-1]`, f-strings, `+` and other operators, `"...".format(...)`, and names
 * assigned once from such an expression. Undefined when the expression is not provably one of these.
 */
function derivedFromDefault(model: SemanticModel, node: SyntaxNode, depth: number): { value: DefaultValue; node: SyntaxNode } | undefined {
  if (depth > MAX_DERIVATION_DEPTH) return undefined;
  const bare = unparenthesize(node);
  const value = model.valueOf(bare);
  if (value.kind === 'default-value') return value.parameter.kind === 'instance' ? { value, node: bare } : undefined;
  const first = (nodes: (SyntaxNode | undefined)[]) => {
    for (const n of nodes) {
      const found = n && derivedFromDefault(model, n, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  switch (bare.type) {
    case 'identifier': {
      const assigned = model.assignedExpression(bare);
      return assigned ? derivedFromDefault(model, assigned, depth + 1) : undefined;
    }
    case 'call': {
      const callee = childByField(bare, 'function');
      const args = childByField(bare, 'arguments')?.children.filter((c) => c.named && c.type !== 'comment' && c.type !== 'keyword_argument') ?? [];
      if (!callee) return undefined;
      if (callee.type === 'identifier') return CONVERSIONS.has(model.text(callee)) && model.isBuiltin(callee, model.text(callee)) ? first(args.slice(0, 1)) : undefined;
      if (callee.type !== 'attribute') return undefined;
      const object = childByField(callee, 'object');
      // A str method on the value (`.split`, `.replace`, `.upper`, ...), or `"...".format(v)` / `"-".join([v])`.
      if (object && (object.type === 'string' || object.type === 'concatenated_string')) {
        const method = model.text(childByField(callee, 'attribute')!);
        if (method === 'format') return first(args);
        if (method === 'join' && args.length === 1 && ['list', 'tuple'].includes(unparenthesize(args[0]).type)) return first(unparenthesize(args[0]).children);
        return undefined;
      }
      return object ? derivedFromDefault(model, object, depth + 1) : undefined;
    }
    case 'subscript':
      return first([childByField(bare, 'value')]);
    case 'binary_operator':
      return first([childByField(bare, 'left'), childByField(bare, 'right')]);
    case 'string':
      return first(bare.children.filter((c) => c.type === 'interpolation').map((c) => childByField(c, 'expression')));
    case 'concatenated_string':
      return first(bare.children.filter((c) => c.type === 'string'));
    default:
      return undefined;
  }
}

function reportDerived(context: RuleContext, used: SyntaxNode, derived: { value: DefaultValue; node: SyntaxNode }): void {
  const { model } = context;
  const parameter = derived.value.parameter as InstanceValue;
  const name = model.literalArgument(parameter.call, 'name', 0);
  const defaultNode = model.argument(parameter.call, 'default_value', 1);
  const defaultText = defaultNode ? ` (${model.text(defaultNode).replace(/\s+/g, ' ')})` : '';
  const object = derived.node.type === 'attribute' ? childByField(derived.node, 'object') : undefined;
  const parameterText = object ? `\`${model.text(object)}\`` : 'the parameter';
  context.report({
    node: used,
    message: `A value computed from \`.default_value\` is frozen for every execution: pass ${parameterText.length > 30 ? 'the parameter' : parameterText} instead. \`${shortText(model, used)}\` is computed from \`${model.text(derived.node)}\`, so it is frozen when the pipeline is defined; derive the value when the pipeline runs. Every execution gets what the ${parameter.symbol.id}${name !== undefined ? ` "${name}"` : ''}'s default${defaultText} gives, even when started with another value. Pass the parameter itself where a value of its type is needed, build text with Join(on="", values=[...]), or compute the rest inside the job from the parameter's run-time value.`,
  });
}

export const parameterDefaultValueFrozen: Rule = {
  code: 'SM211',
  name: 'parameter-default-value-frozen',
  defaultSeverity: 'warning',
  summary: "param.default_value passed to a job or step argument: the parameter is frozen to its default",
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    if (!receivesPipelineArguments(model, node)) return;
    // Outside a pipeline (a deploy after pipeline.start().wait(), an ad-hoc job) a concrete value is
    // what the call needs, and `.default_value` is the right way to get one.
    if (!reachesPipeline(model, node)) return;
    const args = childByField(node, 'arguments');
    if (!args || args.type !== 'argument_list') return;
    for (const argument of args.children) {
      if (!argument.named || argument.type === 'comment') continue;
      if (argument.type === 'keyword_argument') {
        const keyword = childByField(argument, 'name');
        const value = childByField(argument, 'value');
        if (!keyword || !value || CONCRETE_ARGUMENTS.has(model.text(keyword))) continue;
        check(context, value, node);
      } else if (argument.type !== 'list_splat' && argument.type !== 'dictionary_splat') {
        // Positional: the first argument of a step is its name; skip it.
        const value = model.valueOf(node);
        if (value.kind === 'instance' && (hasRole(value.symbol, 'step') || hasRole(value.symbol, 'step-collection')) && argument === args.children.find((c) => c.named && c.type !== 'comment')) continue;
        if (value.kind === 'instance' && jobRole(value.symbol)) continue; // positional job arguments are often concrete (role, image)
        check(context, argument, node);
      }
    }
  },
  doc: {
    what: 'Finds `param.default_value` (directly, through a variable, or as the source of a value computed from it: `str(count.default_value)`, `uri.default_value.split("/")[-1]`, f-strings, `+`, `"...".format(...)`) passed as an argument of a job (processor, estimator, transformer, tuner, model, ModelTrainer, ModelBuilder), of its pipeline method (`run()`, `fit()`, `register()`, ...), of a step, or of a ProcessingInput/Output, TrainingInput, TransformInput or condition. Only calls that end up in a pipeline count: a step, what its arguments are built from (names followed), and jobs built with a PipelineSession and their pipeline methods. It stays silent for arguments that must be concrete when the pipeline is defined (`name`, `framework_version`, `py_version`, `entry_point`, `source_dir`, `code`, ...), for functions such as `image_uris.retrieve`, and outside any pipeline (a `ModelPackage(...).deploy()` after `pipeline.start().wait()`, an exploration job with a plain Session), where a concrete value is what the call needs.',
    why: '`default_value` is a plain Python value read when your code runs, i.e. when the pipeline is defined. The definition then holds that constant instead of `{"Get": "Parameters.<name>"}`, so `pipeline.start(parameters={...})` cannot change it: the parameter silently stops being a parameter.',
    example: [
      'from sagemaker.workflow.parameters import ParameterInteger',
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      '',
      'count = ParameterInteger(name="InstanceCount", default_value=1)',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=count.default_value, sagemaker_session=PipelineSession())',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.parameters import ParameterInteger',
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      '',
      'count = ParameterInteger(name="InstanceCount", default_value=1)',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=count, sagemaker_session=PipelineSession())',
    ].join('\n'),
    fixSafety: 'Values computed from a default get no fix: the computation has to move to run time (Join for text, or the job\'s own code), which needs a person. Safe fix: replaces `param.default_value` with `param` when that name means the same parameter at the argument. Unsafe when the job also runs outside the pipeline (a method call such as `fit()` or `deploy()` that is not part of a step, on a job without a PipelineSession): that call would then get a pipeline variable instead of a value.',
    sdkVersions: 'sagemaker v2 (all versions) and v3 (all versions).',
    references: [
      'v2.257.6 src/sagemaker/workflow/parameters.py (Parameter.default_value, Parameter.expr)',
      'v3 sagemaker-core/src/sagemaker/core/workflow/parameters.py',
    ],
  },
};
