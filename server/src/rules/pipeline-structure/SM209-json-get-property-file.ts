import { shorten } from '../pipeline-variables/common';
import { SyntaxNode } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { referenceTo } from '../../semantic/imports';
import { InstanceValue, StepInfo, listElements, pipelineGraph, stepOf } from '../../semantic/pipeline';
import { Value } from '../../semantic/values';
import { declaredProcessingOutputs } from '../api-model/common';
import { Fix, Rule, RuleContext } from '../types';

/** The step a JsonGet's `step_name=` names: `step.name` or a literal name unique in the module. */
function namedStep(model: SemanticModel, node: SyntaxNode): StepInfo | undefined {
  const literal = plainStringValue(model.tree, node);
  if (literal !== undefined) {
    const graph = pipelineGraph(model);
    const matches = graph.steps.filter((s) => s.name === literal);
    return matches.length === 1 && !graph.steps.some((s) => s.name === undefined) ? matches[0] : undefined;
  }
  const value = model.valueOf(node);
  return value.kind === 'method' && value.name === 'name' ? stepOf(model, value.self) : undefined;
}

/** The PropertyFile instances a step registers, or undefined when its property_files list is not known. */
function registeredFiles(model: SemanticModel, step: StepInfo): InstanceValue[] | undefined {
  const node = model.argument(step.call, 'property_files');
  if (!node) return [];
  const items = listElements(model, node);
  if (!items) return undefined;
  const files: InstanceValue[] = [];
  for (const item of items) {
    const value = model.valueOf(item);
    if (value.kind !== 'instance' || value.symbol.id !== 'PropertyFile') return undefined;
    files.push(value);
  }
  return files;
}

function fileName(model: SemanticModel, file: InstanceValue): string | undefined {
  return model.literalArgument(file.call, 'name', 0);
}

function checkJsonGet(context: RuleContext, call: SyntaxNode, value: InstanceValue): void {
  const { model } = context;
  const s3Uri = model.argument(call, 's3_uri');
  if (s3Uri) {
    const s3Value: Value = model.valueOf(s3Uri);
    if (s3Value.kind === 'literal' && s3Value.type === 'str') {
      const join = referenceTo(model, 'Join', s3Uri);
      const fix: Fix | undefined = join
        ? { title: `Wrap it in ${join.expression}(on="", values=[...])`, applicability: 'safe', edits: [{ start: s3Uri.start, end: s3Uri.end, newText: `${join.expression}(on="", values=[${model.text(s3Uri)}])` }, ...join.edits] }
        : undefined;
      context.report({
        node: s3Uri,
        message: `JsonGet's s3_uri must be a Join (ValueError): wrap the string in Join(on="", values=[...]). The constructor raises ValueError("Invalid JsonGet function {...}. JsonGet function's s3_uri can only be a sagemaker.workflow.functions.Join object."): Join(on="", values=[${shorten(model.text(s3Uri))}]).`,
        fix,
      });
    }
  }
  const stepNode = model.argument(call, 'step_name', 0) ?? model.argument(call, 'step');
  const fileNode = model.argument(call, 'property_file', 1);
  if (!stepNode || !fileNode) return;
  const step = namedStep(model, stepNode) ?? stepOf(model, model.valueOf(stepNode));
  if (!step) return;
  const files = registeredFiles(model, step);
  if (!files) return;
  const fileValue = model.valueOf(fileNode);
  const literal = plainStringValue(model.tree, fileNode);
  let registered: boolean;
  let label: string;
  if (fileValue.kind === 'instance' && fileValue.symbol.id === 'PropertyFile') {
    registered = files.some((f) => f.call === fileValue.call);
    const name = fileName(model, fileValue);
    // A different PropertyFile object with the same name resolves the same way.
    if (!registered && name !== undefined) registered = files.some((f) => fileName(model, f) === name);
    label = `\`${model.text(fileNode)}\`${name !== undefined ? ` (PropertyFile "${name}")` : ''}`;
  } else if (literal !== undefined) {
    if (files.some((f) => fileName(model, f) === undefined)) return;
    registered = files.some((f) => fileName(model, f) === literal);
    label = `"${literal}"`;
  } else return;
  if (registered) return;
  const registeredNames = files.map((f) => fileName(model, f)).filter((n) => n !== undefined).map((n) => `"${n}"`);
  context.report({
    node: fileNode,
    message: `JsonGet reads a property file the step does not register: add it to the step's property_files. JsonGet reads property file ${label} from step ${step.name !== undefined ? `"${step.name}"` : step.symbol.id}, but that step does not register it in property_files=[...]${registeredNames.length ? ` (it registers ${registeredNames.join(', ')})` : ''}. The pipeline fails when the condition is evaluated.`,
  });
}

function checkPropertyFiles(context: RuleContext, step: StepInfo): void {
  const { model } = context;
  if (step.symbol.id !== 'ProcessingStep') return;
  const files = registeredFiles(model, step);
  if (!files?.length) return;
  const declared = declaredProcessingOutputs(model, step.value);
  if (!declared || !declared.length) return;
  for (const file of files) {
    const outputNode = model.argument(file.call, 'output_name', 1);
    const output = outputNode ? plainStringValue(model.tree, outputNode) : undefined;
    if (!outputNode || output === undefined || declared.includes(output)) continue;
    context.report({
      node: outputNode,
      message: `This PropertyFile names no output of the step: use the output_name of the ProcessingOutput that writes it. PropertyFile output_name "${output}" is not an output of step ${step.name !== undefined ? `"${step.name}"` : 'ProcessingStep'} (its outputs: ${declared.map((n) => `"${n}"`).join(', ')}). SageMaker looks for the file in that output's S3 location and fails when the property file is read.`,
    });
  }
}

export const jsonGetPropertyFile: Rule = {
  code: 'SM209',
  name: 'json-get-property-file',
  defaultSeverity: 'error',
  summary: "JsonGet names a property file its step does not register, a PropertyFile names an undeclared output, or JsonGet(s3_uri=) is a plain string",
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const value = model.valueOf(node);
    if (value.kind !== 'instance' || value.call !== node) return;
    if (value.symbol.id === 'JsonGet') return checkJsonGet(context, node, value);
    const step = stepOf(model, value);
    if (step) checkPropertyFiles(context, step);
  },
  doc: {
    what: "Checks `JsonGet(step_name=..., property_file=...)` against the `property_files=[...]` of the step it names (by `step.name` or a literal step name); checks that each PropertyFile registered on a ProcessingStep names one of the step's ProcessingOutputs (`output_name`); and flags `JsonGet(s3_uri=\"...\")` given a plain string.",
    why: 'The property file is resolved by name and output when the execution evaluates the JsonGet: a file the step does not register, or an output the job does not have, fails the execution at that point, after the earlier steps have run. `JsonGet(s3_uri=...)` accepts only a Join and raises `ValueError` at construction otherwise.',
    example: [
      'from sagemaker.processing import ProcessingOutput, ScriptProcessor',
      'from sagemaker.workflow.functions import JsonGet',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      'from sagemaker.workflow.properties import PropertyFile',
      'from sagemaker.workflow.steps import ProcessingStep',
      '',
      'processor = ScriptProcessor(image_uri=image, command=["python3"], role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=PipelineSession())',
      'args = processor.run(code="evaluate.py", outputs=[ProcessingOutput(output_name="evaluation", source="/opt/ml/processing/evaluation")])',
      'report = PropertyFile(name="EvaluationReport", output_name="evaluation", path="evaluation.json")',
      'step_eval = ProcessingStep(name="Evaluate", step_args=args)',
      'mse = JsonGet(step_name=step_eval.name, property_file=report, json_path="mse")',
    ].join('\n'),
    useInstead: [
      'from sagemaker.processing import ProcessingOutput, ScriptProcessor',
      'from sagemaker.workflow.functions import JsonGet',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      'from sagemaker.workflow.properties import PropertyFile',
      'from sagemaker.workflow.steps import ProcessingStep',
      '',
      'processor = ScriptProcessor(image_uri=image, command=["python3"], role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=PipelineSession())',
      'args = processor.run(code="evaluate.py", outputs=[ProcessingOutput(output_name="evaluation", source="/opt/ml/processing/evaluation")])',
      'report = PropertyFile(name="EvaluationReport", output_name="evaluation", path="evaluation.json")',
      'step_eval = ProcessingStep(name="Evaluate", step_args=args, property_files=[report])',
      'mse = JsonGet(step_name=step_eval.name, property_file=report, json_path="mse")',
    ].join('\n'),
    fixSafety: 'Safe fix for a plain-string s3_uri: wraps it in `Join(on="", values=[...])` and imports Join. No fix for unregistered property files or undeclared outputs.',
    sdkVersions: 'sagemaker v2 (all versions) and v3 (all versions).',
    references: [
      'v2.257.6 src/sagemaker/workflow/functions.py L101-182 (JsonGet checks)',
      'v2.257.6 src/sagemaker/workflow/properties.py L260 (PropertyFile)',
      'v2.257.6 src/sagemaker/workflow/steps.py (ProcessingStep.property_files)',
    ],
  },
};
