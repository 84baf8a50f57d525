import { codeOf, shorten } from '../pipeline-variables/common';
import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { hasRole, symbolAtPath } from '../../semantic/sdk';
import { generationOfCall, isParameterSymbol, jobCallOf, jobRole } from '../../semantic/pipeline';
import { INSTANCE_INDEPENDENT_IMAGES } from '../../semantic/sdk/imageUriData';
import { Rule, RuleContext } from '../types';

/** Job constructor arguments the SDK uses when the pipeline is defined (code upload, image lookup). */
const CONCRETE_JOB_ARGUMENTS: Record<string, string> = {
  entry_point: 'the SDK uploads the script (or checks the path) when the pipeline is defined; v2 raises "The entry_point should not be a pipeline variable ..."',
  source_dir: 'the SDK packs and uploads the directory when the pipeline is defined',
  dependencies: 'the SDK copies these local paths when the pipeline is defined',
  git_config: 'the SDK clones the repository when the pipeline is defined',
  framework_version: 'the SDK looks up the container image with it when the pipeline is defined',
  py_version: 'the SDK looks up the container image with it when the pipeline is defined',
};

function isParameter(model: SemanticModel, node: SyntaxNode): boolean {
  const value = model.valueOf(node);
  return value.kind === 'instance' && isParameterSymbol(value.symbol);
}

/**
 * v2.257.6 src/sagemaker/fw_utils.py L229-259: a pipeline-variable source_dir is accepted (it must resolve
 * to an S3 sourcedir.tar.gz), and so is a pipeline-variable entry_point when source_dir is a pipeline
 * variable or an s3:// literal; both raise TypeError with git_config or network isolation.
 */
function codePathVariableAllowed(model: SemanticModel, job: SyntaxNode, keyword: 'entry_point' | 'source_dir'): boolean {
  if (model.argument(job, 'git_config')) return false;
  const isolation = model.argument(job, 'enable_network_isolation');
  if (isolation && (isolation.type !== 'false' || model.pipelineVariable(isolation))) return false;
  if (keyword === 'source_dir') return true;
  const sourceDir = model.argument(job, 'source_dir');
  if (!sourceDir) return false;
  if (model.pipelineVariable(sourceDir)) return true;
  const literal = model.valueOf(sourceDir);
  if (literal.kind !== 'literal' || literal.type !== 'str') return true; // unknown: stay silent
  const text = model.text(literal.node).replace(/^[a-zA-Z]*['"]+/, '');
  return text.toLowerCase().startsWith('s3://');
}

/** image_uris.retrieve's positional parameters: framework, region, version, py_version, instance_type. */
const RETRIEVE_INSTANCE_TYPE_POSITION = 4;

/**
 * Whether the image `image_uris.retrieve(...)` returns is the same for every instance type it accepts
 * (one processor or none for that framework version, no Graviton or Neuron variant), per the SDK's
 * image-URI configuration: then the parameter's default changes nothing. Unknown when the framework is
 * not a literal, or a JumpStart model, training compiler or accelerator is involved.
 */
function imageIgnoresInstanceType(model: SemanticModel, call: SyntaxNode): boolean {
  // A string literal argument, or a name bound to one.
  const literal = (keyword: string, position: number): string | undefined => {
    const node = model.argument(call, keyword, position);
    if (!node) return undefined;
    const direct = plainStringValue(model.tree, node);
    if (direct !== undefined) return direct;
    const value = model.valueOf(node);
    return value.kind === 'literal' && value.type === 'str' ? plainStringValue(model.tree, value.node) : undefined;
  };
  const framework = literal('framework', 0);
  if (framework === undefined) return false;
  for (const keyword of ['model_id', 'training_compiler_config', 'accelerator_type', 'inference_tool']) if (model.argument(call, keyword)) return false;
  const table = INSTANCE_INDEPENDENT_IMAGES[generationOfCall(model, call)][framework];
  if (!table) return false;
  const versionNode = model.argument(call, 'version', 2);
  if (!versionNode) return table.all;
  const version = literal('version', 2);
  return version === undefined ? table.all : table.versions.includes(version);
}

/** `lead(name)` is the one sentence the Problems panel shows (problem and fix); the details follow. */
function report(context: RuleContext, node: SyntaxNode, lead: (name: string) => string, what: string, advice: string): void {
  const info = context.model.pipelineVariable(node);
  if (!info) return;
  context.report({ node, message: `${lead(codeOf(context.model, node))} \`${shorten(context.model.text(node))}\` (${info.origin}) is a pipeline variable, but ${what}: it has no value then. ${advice}` });
}

export const pipelineVariableNeedsConcreteValue: Rule = {
  code: 'SM212',
  name: 'pipeline-variable-needs-concrete-value',
  defaultSeverity: 'error',
  summary: 'A pipeline variable passed where the SDK needs a concrete value when the pipeline is defined (image_uris.retrieve, entry_point, code=, framework_version)',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const callee = childByField(node, 'function');
    if (!callee) return;
    const calleeValue = model.valueOf(callee);
    const args = childByField(node, 'arguments');
    if (!args || args.type !== 'argument_list') return;
    // image_uris.retrieve(...): every argument is used now.
    if (calleeValue.kind === 'path' && symbolAtPath(calleeValue.path)?.symbol.id === 'image_uris.retrieve') {
      const positional = args.children.filter((c) => c.named && c.type !== 'comment' && c.type !== 'keyword_argument');
      for (const argument of args.children) {
        const value = argument.type === 'keyword_argument' ? childByField(argument, 'value') : argument.named && argument.type !== 'comment' ? argument : undefined;
        if (!value || argument.type === 'list_splat' || argument.type === 'dictionary_splat') continue;
        if (!model.pipelineVariable(value)) continue;
        if (isParameter(model, value)) {
          // The SDK logs "Ignoring unnecessary instance type" (or picks the only processor): the default
          // gives the image every instance type would, so the substitution changes nothing.
          const isInstanceType = argument.type === 'keyword_argument' ? model.text(childByField(argument, 'name')!) === 'instance_type' : positional.indexOf(argument) === RETRIEVE_INSTANCE_TYPE_POSITION;
          if (isInstanceType && imageIgnoresInstanceType(model, node)) continue;
          report(context, value, (name) => `image_uris.retrieve() uses the default of pipeline variable ${name}: pass a literal.`, 'image_uris.retrieve() runs when the pipeline is defined and silently uses the parameter\'s default_value instead (logging only a warning)', 'Every execution gets the image for the default, whatever value it is started with: pass a literal, or make the image URI itself the parameter.');
        } else {
          report(context, value, (name) => `image_uris.retrieve() rejects pipeline variable ${name}: pass a literal value.`, 'image_uris.retrieve() runs when the pipeline is defined and raises ValueError ("... should not be a pipeline variable ...")', 'Pass a literal value.');
        }
      }
      return;
    }
    const value = model.valueOf(node);
    if (value.kind === 'instance' && value.call === node && jobRole(value.symbol)) {
      for (const argument of args.children) {
        if (argument.type !== 'keyword_argument') continue;
        const keyword = model.text(childByField(argument, 'name')!);
        const reason = CONCRETE_JOB_ARGUMENTS[keyword];
        const argValue = childByField(argument, 'value');
        if (!reason || !argValue) continue;
        if ((keyword === 'entry_point' || keyword === 'source_dir') && codePathVariableAllowed(model, node, keyword)) continue;
        report(context, argValue, (name) => `\`${keyword}=\` is used before the pipeline runs: pass a literal, not pipeline variable ${name}.`, `\`${keyword}=\` is used when the pipeline is defined (${reason})`, `Pass a literal ${keyword === 'framework_version' || keyword === 'py_version' ? 'version' : 'path'}.`);
      }
      return;
    }
    // processor.run(code=...) and the legacy ProcessingStep(code=...): a local path or S3 URI, read now.
    const jobCall = jobCallOf(model, value);
    const isRun = jobCall && jobCall.call === node && jobCall.method === 'run' && hasRole(jobCall.job.symbol, 'processor');
    const isLegacyStep = value.kind === 'instance' && value.call === node && value.symbol.id === 'ProcessingStep';
    if (isRun || isLegacyStep) {
      const code = model.argument(node, 'code');
      if (code) report(context, code, (name) => `\`code=\` is uploaded before the pipeline runs: pass a literal path, not pipeline variable ${name}.`, '`code=` is uploaded (or checked as an S3 URI) when the pipeline is defined; the legacy ProcessingStep raises "code argument has to be a valid S3 URI or local file path rather than a pipeline variable"', 'Pass a literal local path or S3 URI.');
    }
  },
  doc: {
    what: 'Finds pipeline variables (parameters, execution variables, properties, Join, ...) passed where the SDK needs a concrete value while your code defines the pipeline: any argument of `image_uris.retrieve(...)` (a parameter as `instance_type=` only when the image depends on the instance type: several processors such as cpu/gpu for that framework version, a Graviton variant, or Inferentia/Trainium for pytorch and huggingface, per the SDK\'s image-URI configuration; for `xgboost` 1.2-2 the SDK logs "Ignoring unnecessary instance type" and the default changes nothing), a job\'s `entry_point=` and `source_dir=` (except where the SDK accepts them: a parameter `source_dir` that resolves to an S3 `sourcedir.tar.gz`, and a parameter `entry_point` with such a `source_dir` or an `s3://` one, without `git_config` or network isolation), `dependencies=`, `git_config=`, `framework_version=`, `py_version=`, and `code=` of `processor.run()` or of the legacy ProcessingStep.',
    why: '`image_uris.retrieve` is decorated with `@override_pipeline_parameter_var`: a Parameter is silently replaced by its `default_value` (only a warning is logged), so `instance_type=ParameterString(default "ml.m5.xlarge")` always yields the CPU image (issue #3024); other pipeline variables raise `ValueError`. Code paths are uploaded and versions looked up when the step arguments are built, before any execution exists: v2 raises `The entry_point should not be a pipeline variable when source_dir is missing.` and similar.',
    example: [
      'from sagemaker import image_uris',
      'from sagemaker.workflow.parameters import ParameterString',
      '',
      'instance_type = ParameterString(name="TrainingInstanceType", default_value="ml.m5.xlarge")',
      'image = image_uris.retrieve(framework="pytorch", region="us-east-1", version="2.1", py_version="py310", image_scope="training", instance_type=instance_type)',
    ].join('\n'),
    useInstead: [
      'from sagemaker import image_uris',
      'from sagemaker.workflow.parameters import ParameterString',
      '',
      'instance_type = ParameterString(name="TrainingInstanceType", default_value="ml.m5.xlarge")',
      'image = image_uris.retrieve(framework="pytorch", region="us-east-1", version="2.1", py_version="py310", image_scope="training", instance_type="ml.m5.xlarge")',
    ].join('\n'),
    fixSafety: 'No automatic fix: which concrete value is right is your choice (often the parameter\'s default).',
    sdkVersions: 'sagemaker v2 (since 2.81, pipeline variables are no longer strings) and v3.',
    references: [
      'v2.257.6 src/sagemaker/image_uris.py L54, L153 (override_pipeline_parameter_var), _processor, _get_final_image_scope, _get_inference_tool',
      'v2.257.6 src/sagemaker/image_uri_config/*.json and v3 a24812666d sagemaker-core/src/sagemaker/core/image_uri_config/*.json (scripts/gen-image-uri-data.py)',
      'v2.257.6 src/sagemaker/workflow/utilities.py L396-434',
      'v2.257.6 src/sagemaker/fw_utils.py L229-259 (entry_point / source_dir checks)',
      'v2.257.6 src/sagemaker/workflow/steps.py L869 (legacy ProcessingStep code=)',
      'aws/sagemaker-python-sdk#3024, #3078',
    ],
  },
};
