import { Rule } from '../types';
import { SIGNATURE_REFERENCES, unknownKeywordConsequence, unknownKeywords } from './common';

export const unknownKeywordArgument: Rule = {
  code: 'SM801',
  name: 'unknown-keyword-argument',
  defaultSeverity: 'error',
  summary: 'A keyword argument the SDK callable does not take: TypeError (or pydantic ValidationError) when the call runs',
  nodeTypes: ['call'],
  check(node, context) {
    for (const { argument, keyword, target, first, label, suggestion, clash, renameFix, release } of unknownKeywords(context.model, node, 'raises')) {
      const lead = suggestion
        ? `\`${keyword}=\` is not a parameter of ${label}${release ? ` in sagemaker ${release.version}` : ''}: did you mean \`${suggestion.name}=\`?`
        : `\`${keyword}=\` is not a parameter of ${label}${release ? ` in sagemaker ${release.version}` : ''}: remove it or use one of its parameters.`;
      const consequence = unknownKeywordConsequence(first, keyword, label, release?.kind);
      const where = release ? `In sagemaker ${release.version}` : `In SDK ${target.candidates.map((c) => c.generation).join(' and ')}`;
      context.report({
        node: argument.name!,
        message: `${release?.note ? `${release.note} ` : ''}${lead} ${where}, ${consequence}.${clash ? ` \`${suggestion!.name}=\` is passed too: remove one of them.` : ''}`,
        fix: renameFix,
      });
    }
  },
  doc: {
    what: 'Finds keyword arguments that an SDK class, function or method does not accept and whose unknown keywords fail: callables without `**kwargs` (`TrainingInput`, `ProcessingInput`, `SKLearnProcessor`, `estimator.fit()`, `processor.run()`, `ModelTrainer.train()`, ...) and v3 pydantic models with `extra="forbid"` (`ModelTrainer`, `Compute`, `SourceCode`, every `sagemaker.core.shapes` class). The parameters come from the SDK\'s own source (constructors resolved through inheritance and `**kwargs` forwarding). A misspelling close to exactly one parameter gets a "did you mean".',
    why: 'Python raises `TypeError: __init__() got an unexpected keyword argument \'...\'` only when the line runs: in a notebook after the earlier cells have run, in a pipeline module when the pipeline is defined. Pydantic models raise `ValidationError` ("Extra inputs are not permitted"). Nothing in the editor says so: the SDK ships no `py.typed`.',
    example: [
      'from sagemaker.inputs import TrainingInput',
      '',
      'train = TrainingInput(s3_data="s3://bucket/train", content_typ="text/csv")',
    ].join('\n'),
    useInstead: [
      'from sagemaker.inputs import TrainingInput',
      '',
      'train = TrainingInput(s3_data="s3://bucket/train", content_type="text/csv")',
    ].join('\n'),
    fixSafety: 'Unsafe fix renaming the keyword to the one parameter it is closest to (only when exactly one is closest, and not already passed): the guess may be wrong, so it needs a look.',
    sdkVersions: 'v2 (2.257.6) and v3, or the release the code runs (every v2 and v3 release tag). When the SDK release the code runs is known (a notebook\'s `%pip install` pin, the installed package, a requirement pin), the SDK\'s release history decides: a keyword that release takes is never reported; one it lacks is reported with the release that added or removed it, using what an unknown keyword does in that release; a keyword the newest release takes but the pinned one does not yet is reported only when the release is certain (installed, or a pin that admits one release). Silent when the SDK generation is unknown and the two disagree, on `*args`/`**kwargs` splats, on user subclasses and on values of unknown type.',
    references: SIGNATURE_REFERENCES,
  },
};
