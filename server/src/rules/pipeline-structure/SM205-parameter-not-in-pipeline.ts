import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { InstanceValue, forEachReachedValue, isParameterSymbol, pipelineOf } from '../../semantic/pipeline';
import { Fix, Rule, TextEdit } from '../types';
import { PIPELINE_DOC, addKeywordEdit } from './common';

interface UsedParameter {
  readonly value: InstanceValue;
  readonly names: Set<string>;
  readonly firstUse: SyntaxNode;
}

export const parameterNotInPipeline: Rule = {
  code: 'SM205',
  name: 'parameter-not-in-pipeline',
  defaultSeverity: 'error',
  summary: 'A Parameter used by a step is missing from Pipeline(parameters=[...])',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const pipeline = pipelineOf(model, node);
    if (!pipeline || !pipeline.members || !pipeline.parameters) return;
    const declared = new Set(pipeline.parameters.map((p) => p.call));
    // The service resolves parameters by name: another object with a declared name is declared too.
    const declaredNames = new Set(pipeline.parameters.map((p) => model.literalArgument(p.call, 'name', 0)).filter((n) => n !== undefined));
    const used = new Map<SyntaxNode, UsedParameter>();
    // One walk for all steps: what matters is the union of what they reach, and each call is walked once.
    const seen = new Set<SyntaxNode>();
    for (const step of pipeline.members) {
      const args = childByField(step.call, 'arguments');
      if (!args) continue;
      forEachReachedValue(model, args, (use, value) => {
        if (value.kind !== 'instance' || !isParameterSymbol(value.symbol)) return;
        if (declared.has(value.call)) return;
        const name = model.literalArgument(value.call, 'name', 0);
        if (name !== undefined && declaredNames.has(name)) return;
        let entry = used.get(value.call);
        if (!entry) used.set(value.call, (entry = { value, names: new Set(), firstUse: use }));
        if (use.type === 'identifier') entry.names.add(model.text(use));
      }, seen);
    }
    if (!used.size) return;
    const missing = [...used.values()].sort((a, b) => a.value.call.start - b.value.call.start);
    const describe = (p: UsedParameter) => {
      const name = model.literalArgument(p.value.call, 'name', 0);
      const text = [...p.names][0];
      return text ? `\`${text}\` (${p.value.symbol.id}${name !== undefined ? ` "${name}"` : ''})` : `the ${p.value.symbol.id}${name !== undefined ? ` "${name}"` : ''}`;
    };
    // A name for each missing parameter that means that parameter at the Pipeline call.
    const references = missing.map((p) => [...p.names].find((name) => {
      const value = model.lookupNameAt(name, node);
      return value.kind === 'instance' && value.call === p.value.call;
    }));
    const callee = childByField(node, 'function');
    const target = pipeline.parametersNode ?? callee;
    if (!target) return;
    let fix: Fix | undefined;
    if (references.every((r) => r !== undefined)) {
      const names = references as string[];
      let edit: TextEdit | undefined;
      if (pipeline.parametersNode) {
        const list = unparenthesize(pipeline.parametersNode);
        if (list === pipeline.parametersNode && list.type === 'list') {
          const items = list.children.filter((c) => c.named && c.type !== 'comment');
          const text = model.text(list);
          const at = items.length ? items[items.length - 1].end - list.start : text.lastIndexOf(']');
          const inserted = items.length ? `, ${names.join(', ')}` : names.join(', ');
          edit = { start: list.start, end: list.end, newText: text.slice(0, at) + inserted + text.slice(at) };
        }
      } else if (callee) {
        edit = addKeywordEdit(model, node, callee, 'parameters', `[${names.join(', ')}]`);
      }
      if (edit) fix = { title: `Add ${names.join(', ')} to the pipeline's parameters`, applicability: 'safe', edits: [edit] };
    }
    const list = missing.map(describe).join(', ');
    const plural = missing.length > 1;
    context.report({
      node: target,
      message: `The service rejects a pipeline using unlisted parameters: add ${plural ? 'them' : 'it'} to \`parameters=[...]\`. ${pipeline.name !== undefined ? `Pipeline "${pipeline.name}"` : 'This pipeline'} uses ${list} in its steps but does not list ${plural ? 'them' : 'it'}. The SDK still writes {"Get": "Parameters.<name>"} into the definition, and the service rejects it when the pipeline is created or started.`,
      fix,
    });
  },
  doc: {
    what: 'Follows every step of a `Pipeline(steps=[...])` (including ConditionStep branches and the steps their properties come from) through its arguments, its `step_args` job call and the job\'s constructor, and collects the Parameters they use, directly or through variables. It reports the parameters that `Pipeline(parameters=[...])` does not list. It stays silent when the steps or parameters lists are not literal lists of known objects.',
    why: '`Pipeline.definition()` does not check this (verified on v2.257.6): it writes `{"Get": "Parameters.InputData"}` into the step while `"Parameters": []`, and the failure only comes from the service when the pipeline is created, updated or started. A parameter that is not declared can also not be set in `pipeline.start(parameters={...})`.',
    example: [
      'from sagemaker.processing import ProcessingInput',
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      'from sagemaker.workflow.parameters import ParameterString',
      'from sagemaker.workflow.pipeline import Pipeline',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      'from sagemaker.workflow.steps import ProcessingStep',
      '',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=PipelineSession())',
      'input_data = ParameterString(name="InputData", default_value="s3://bucket/data")',
      'args = processor.run(inputs=[ProcessingInput(source=input_data, destination="/opt/ml/processing/input")], code="prep.py")',
      'step = ProcessingStep(name="Prep", step_args=args)',
      'pipeline = Pipeline(name="MyPipeline", steps=[step])',
    ].join('\n'),
    useInstead: [
      'from sagemaker.processing import ProcessingInput',
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      'from sagemaker.workflow.parameters import ParameterString',
      'from sagemaker.workflow.pipeline import Pipeline',
      'from sagemaker.workflow.pipeline_context import PipelineSession',
      'from sagemaker.workflow.steps import ProcessingStep',
      '',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=PipelineSession())',
      'input_data = ParameterString(name="InputData", default_value="s3://bucket/data")',
      'args = processor.run(inputs=[ProcessingInput(source=input_data, destination="/opt/ml/processing/input")], code="prep.py")',
      'step = ProcessingStep(name="Prep", step_args=args)',
      'pipeline = Pipeline(name="MyPipeline", parameters=[input_data], steps=[step])',
    ].join('\n'),
    fixSafety: 'Safe fix: adds the missing parameters to the `parameters=[...]` list (creating `parameters=[...]` when it is missing), when each has a name that means the same parameter at the Pipeline call.',
    sdkVersions: 'sagemaker v2 (all versions) and v3 (all versions).',
    references: [
      'v2.257.6 src/sagemaker/workflow/pipeline.py (Pipeline.definition: parameters are written as listed)',
      'v3 sagemaker-mlops/src/sagemaker/mlops/workflow/pipeline.py',
      `${PIPELINE_DOC} (Parameterization)`,
    ],
  },
};
