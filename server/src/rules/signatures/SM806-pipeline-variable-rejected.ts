import { SdkType, formatType } from '../../semantic/sdk/signatures';
import { Rule } from '../types';
import { SIGNATURE_REFERENCES, pipelineVariableConstructor, calleeLabel, judgedCall } from './common';
import { boundParams, isPydantic } from './types';

/** Whether a pipeline variable object can pass validation as this type: unknown types and classes are not judged. */
function rejectsPipelineVariable(type: SdkType): boolean {
  switch (type.kind) {
    case 'union':
      return type.options.every(rejectsPipelineVariable);
    case 'str': case 'int': case 'float': case 'bool': case 'none': case 'list': case 'dict':
      return true;
    default:
      return false;
  }
}

export const pipelineVariableRejected: Rule = {
  code: 'SM806',
  name: 'pipeline-variable-rejected',
  defaultSeverity: 'error',
  summary: 'A pipeline variable passed to a v3 pydantic field whose type does not accept PipelineVariable: ValidationError when the pipeline is defined',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const judged = judgedCall(model, node);
    if (!judged || pipelineVariableConstructor(model, node)) return;
    const { target, written } = judged;
    if (!target.candidates.every((c) => isPydantic(c.signature))) return;
    const perCandidate = target.candidates.map((c) => boundParams(c.signature, written));
    for (const binding of perCandidate[0]) {
      const variable = model.pipelineVariable(binding.value);
      if (!variable) continue;
      if (!perCandidate.every((bindings) => bindings.some((b) => b.value === binding.value && rejectsPipelineVariable(b.param.type)))) continue;
      const label = calleeLabel(target);
      context.report({
        node: binding.value,
        message: `\`${binding.param.name}=\` gets a pipeline variable, but ${label} takes only ${formatType(binding.param.type)} there: pass a concrete value. \`${model.text(binding.value)}\` is ${variable.origin}; ${label.replace(/\(\)$/, '')} is a pydantic model, so building it raises \`ValidationError\` when the pipeline is defined, before any execution can supply the value.`,
      });
    }
  },
  doc: {
    what: 'Finds pipeline variables (parameters, execution variables, step properties, `Join`, ...) passed to a field of a v3 pydantic model (`Compute`, `SourceCode`, `ModelTrainer`, `sagemaker.core.shapes` classes, ...) whose annotation does not accept `PipelineVariable` (the SDK writes `StrPipeVar`/`IntPipeVar` where it does). The curated cases of SM212 (`image_uris.retrieve`, `entry_point`, `framework_version`, ...) keep their own code.',
    why: 'Pydantic validates when the object is built, which is when the pipeline is defined: a `ParameterInteger` where the field is `Optional[int]` raises `ValidationError` ("Input should be a valid integer") before the pipeline exists.',
    example: [
      'from sagemaker.train.configs import Compute',
      'from sagemaker.core.workflow.parameters import ParameterInteger',
      '',
      'volume = ParameterInteger(name="VolumeSize", default_value=30)',
      'compute = Compute(instance_type="ml.m5.xlarge", volume_size_in_gb=volume)',
    ].join('\n'),
    useInstead: [
      'from sagemaker.train.configs import Compute',
      '',
      'compute = Compute(instance_type="ml.m5.xlarge", volume_size_in_gb=30)',
    ].join('\n'),
    fixSafety: 'No automatic fix: the concrete value is yours to choose (often the parameter\'s default).',
    sdkVersions: 'v3 (a24812666d) pydantic models. v2 classes do not validate; SM212 covers the v2 arguments that are used when the pipeline is defined.',
    references: SIGNATURE_REFERENCES,
  },
};
