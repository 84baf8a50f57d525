import { Fix, Rule } from '../types';
import { SIGNATURE_REFERENCES, agreedFate, stepOwnedByOtherRules, calleeLabel, claimedByOtherRules, judgedCall, keywordParam, nearestParam, renameEdit, unknownKeywordConsequence } from './common';

export const unknownKeywordArgument: Rule = {
  code: 'SM801',
  name: 'unknown-keyword-argument',
  defaultSeverity: 'error',
  summary: 'A keyword argument the SDK callable does not take: TypeError (or pydantic ValidationError) when the call runs',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const judged = judgedCall(model, node);
    if (!judged) return;
    const { target, written } = judged;
    if (stepOwnedByOtherRules(model, node, target)) return;
    const first = target.candidates[0].signature;
    for (const argument of written.keywords) {
      const keyword = argument.keyword!;
      if (agreedFate(target.candidates, keyword) !== 'raises' || claimedByOtherRules(target, keyword)) continue;
      const label = calleeLabel(target);
      const given = new Set(written.keywords.map((k) => k.keyword!));
      const nearest = nearestParam(first, keyword);
      const agreed = nearest && target.candidates.every((c) => keywordParam(c.signature, nearest.name));
      const suggestion = agreed ? nearest : undefined;
      const clash = suggestion && given.has(suggestion.name);
      const fix: Fix | undefined = suggestion && !clash
        ? { title: `Rename to ${suggestion.name}=`, applicability: 'unsafe', edits: [renameEdit(argument.name!, suggestion.name)] }
        : undefined;
      const lead = suggestion
        ? `\`${keyword}=\` is not a parameter of ${label}: did you mean \`${suggestion.name}=\`?`
        : `\`${keyword}=\` is not a parameter of ${label}: remove it or use one of its parameters.`;
      const consequence = unknownKeywordConsequence(first, keyword, label);
      context.report({
        node: argument.name!,
        message: `${lead} In SDK ${target.candidates.map((c) => c.generation).join(' and ')}, ${consequence}.${clash ? ` \`${suggestion!.name}=\` is passed too: remove one of them.` : ''}`,
        fix,
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
    sdkVersions: 'v2 (2.257.6) and v3; silent when the SDK generation is unknown and the two disagree, on `*args`/`**kwargs` splats, on user subclasses and on values of unknown type.',
    references: SIGNATURE_REFERENCES,
  },
};
