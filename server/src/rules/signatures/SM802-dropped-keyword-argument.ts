import { Rule } from '../types';
import { SIGNATURE_REFERENCES, unknownKeywordConsequence, unknownKeywords } from './common';

export const droppedKeywordArgument: Rule = {
  code: 'SM802',
  name: 'dropped-keyword-argument',
  defaultSeverity: 'error',
  summary: 'A keyword argument the SDK silently drops (v2 estimators and models take **kwargs and ignore unknown keys)',
  nodeTypes: ['call'],
  check(node, context) {
    for (const { argument, keyword, target, first, label, suggestion, clash, renameFix, release } of unknownKeywords(context.model, node, 'dropped')) {
      const by = `${label}${release ? ` in sagemaker ${release.version}` : ''}`;
      const lead = suggestion
        ? `\`${keyword}=\` is silently dropped by ${by}: did you mean \`${suggestion.name}=\`?`
        : `\`${keyword}=\` is silently dropped by ${by}: it is not a parameter; remove it.`;
      const defaultNote = suggestion && !clash
        ? ` \`${suggestion.name}\` keeps its default${suggestion.default !== undefined ? ` (${suggestion.default})` : ''}.`
        : clash ? ` \`${suggestion!.name}=\` is passed too: remove \`${keyword}=\`.` : '';
      context.report({
        node: argument.name!,
        message: `${release?.note ? `${release.note} ` : ''}${lead} ${release ? `In sagemaker ${release.version}` : `In SDK ${target.candidates.map((c) => c.generation).join(' and ')}`}, ${unknownKeywordConsequence(first, keyword, label, release?.kind)}: no error, no warning.${defaultNote}`,
        fix: renameFix,
      });
    }
  },
  doc: {
    what: 'Finds keyword arguments that an SDK callable accepts through `**kwargs` and then ignores. In v2.257.6 `EstimatorBase.__init__(..., **kwargs)` reads only the v1 `train_*` names out of `kwargs` and drops every other key, and `Estimator`, `Framework`, `PyTorch`, `TensorFlow`, `HuggingFace`, `XGBoost`, ... pass their `**kwargs` to it; `Model.deploy(..., **kwargs)` never reads its `kwargs`. v3 pydantic models that ignore extra fields drop them the same way. A misspelling close to exactly one parameter gets a "did you mean" and the parameter\'s default that applies instead.',
    why: 'No error ever surfaces: `PyTorch(..., use_spot_instance=True, max_wait=7200)` runs the job on-demand at full price, and `max_rn=3600` leaves `max_run` at 24 hours. Type checkers cannot see it either: `**kwargs` accepts anything.',
    example: [
      'from sagemaker.pytorch import PyTorch',
      '',
      'est = PyTorch(entry_point="train.py", role=role, framework_version="2.1", py_version="py310",',
      '              instance_count=1, instance_type="ml.g5.xlarge", use_spot_instance=True, max_wait=7200, max_rn=3600)',
    ].join('\n'),
    useInstead: [
      'from sagemaker.pytorch import PyTorch',
      '',
      'est = PyTorch(entry_point="train.py", role=role, framework_version="2.1", py_version="py310",',
      '              instance_count=1, instance_type="ml.g5.xlarge", use_spot_instances=True, max_wait=7200, max_run=3600)',
    ].join('\n'),
    fixSafety: 'Unsafe fix renaming the keyword to the one parameter it is closest to (only when exactly one is closest, and not already passed): it changes what the job does (spot capacity, time limits), which is the point, but needs a look.',
    sdkVersions: 'The release the code runs when known (every v2 and v3 release tag). When the SDK release the code runs is known (a notebook\'s `%pip install` pin, the installed package, a requirement pin), the SDK\'s release history decides: a keyword that release takes is never reported; one it lacks is reported with the release that added or removed it, using what an unknown keyword does in that release; a keyword the newest release takes but the pinned one does not yet is reported only when the release is certain (installed, or a pin that admits one release). Otherwise v2 (2.257.6: estimators, frameworks, `Model.deploy`) and v3 pydantic models that ignore extras; silent when the SDK generation is unknown and the two disagree, on splats, user subclasses and unknown values.',
    references: ['v2.257.6 src/sagemaker/estimator.py L180-L606 (EstimatorBase.__init__, renamed_kwargs only)', 'v2.257.6 src/sagemaker/model.py L1263 (Model.deploy **kwargs unused)', ...SIGNATURE_REFERENCES],
  },
};
