import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { hasRole } from '../../semantic/sdk';
import { SdkRole } from '../../semantic/sdk/catalog';
import { jobCallOf, jobRole, pipelineSessionMethod } from '../../semantic/pipeline';
import { Fix, Rule, RuleContext } from '../types';

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

function check(context: RuleContext, expression: SyntaxNode): void {
  const { model } = context;
  const bare = unparenthesize(expression);
  if (bare.type === 'list' || bare.type === 'tuple' || bare.type === 'set') {
    for (const item of bare.children) if (item.named && item.type !== 'comment') check(context, item);
    return;
  }
  if (bare.type === 'dictionary') {
    for (const pair of bare.children) {
      const value = pair.type === 'pair' ? childByField(pair, 'value') : undefined;
      if (value) check(context, value);
    }
    return;
  }
  const value = model.valueOf(bare);
  if (value.kind !== 'default-value' || value.parameter.kind !== 'instance') return;
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
    if (sameHere) fix = { title: `Pass ${objectText} itself`, applicability: 'safe', edits: [{ start: bare.start, end: bare.end, newText: objectText }] };
  }
  context.report({
    node: bare,
    message: `\`${model.text(bare)}\` freezes the ${parameter.symbol.id}${name !== undefined ? ` "${name}"` : ''} to its default${defaultText} when the pipeline is defined: every execution uses that value, even when started with another one. Pass the parameter itself${object ? ` (\`${model.text(object)}\`)` : ''}; SageMaker resolves it when the pipeline runs.`,
    fix,
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
    const args = childByField(node, 'arguments');
    if (!args || args.type !== 'argument_list') return;
    for (const argument of args.children) {
      if (!argument.named || argument.type === 'comment') continue;
      if (argument.type === 'keyword_argument') {
        const keyword = childByField(argument, 'name');
        const value = childByField(argument, 'value');
        if (!keyword || !value || CONCRETE_ARGUMENTS.has(model.text(keyword))) continue;
        check(context, value);
      } else if (argument.type !== 'list_splat' && argument.type !== 'dictionary_splat') {
        // Positional: the first argument of a step is its name; skip it.
        const value = model.valueOf(node);
        if (value.kind === 'instance' && (hasRole(value.symbol, 'step') || hasRole(value.symbol, 'step-collection')) && argument === args.children.find((c) => c.named && c.type !== 'comment')) continue;
        if (value.kind === 'instance' && jobRole(value.symbol)) continue; // positional job arguments are often concrete (role, image)
        check(context, argument);
      }
    }
  },
  doc: {
    what: 'Finds `param.default_value` (directly, or through a variable) passed as an argument of a job (processor, estimator, transformer, tuner, model, ModelTrainer, ModelBuilder), of its pipeline method (`run()`, `fit()`, `register()`, ...), of a step, or of a ProcessingInput/Output, TrainingInput, TransformInput or condition. It stays silent for arguments that must be concrete when the pipeline is defined (`name`, `framework_version`, `py_version`, `entry_point`, `source_dir`, `code`, ...) and for functions such as `image_uris.retrieve`.',
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
    fixSafety: 'Safe fix: replaces `param.default_value` with `param` when that name means the same parameter at the argument.',
    sdkVersions: 'sagemaker v2 (all versions) and v3 (all versions).',
    references: [
      'v2.257.6 src/sagemaker/workflow/parameters.py (Parameter.default_value, Parameter.expr)',
      'v3 sagemaker-core/src/sagemaker/core/workflow/parameters.py',
    ],
  },
};
