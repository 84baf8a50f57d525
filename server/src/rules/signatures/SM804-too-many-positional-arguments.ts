import { Rule } from '../types';
import { SIGNATURE_REFERENCES, calleeLabel, judgedCall, positionalParams } from './common';

export const tooManyPositionalArguments: Rule = {
  code: 'SM804',
  name: 'too-many-positional-arguments',
  defaultSeverity: 'error',
  summary: 'More positional arguments than the SDK callable takes: TypeError when the call runs',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const judged = judgedCall(model, node);
    if (!judged) return;
    const { target, written } = judged;
    if (target.candidates.some((c) => c.signature.varPositional)) return;
    const limit = Math.max(...target.candidates.map((c) => positionalParams(c.signature).length));
    if (written.positional.length <= limit) return;
    const extra = written.positional[limit];
    const first = target.candidates[0].signature;
    const names = positionalParams(first).map((p) => p.name);
    const label = calleeLabel(target);
    context.report({
      node: extra.node,
      message: `${label} takes ${limit} positional argument${limit === 1 ? '' : 's'} but ${written.positional.length} are given: pass the rest by keyword. ` +
        `In SDK ${target.candidates.map((c) => c.generation).join(' and ')}, Python raises \`TypeError: ${first.qualifiedName.split('.').slice(-1)[0]}() takes ... positional arguments but ... were given\` when it runs${names.length ? `; the positional parameters are ${names.map((n) => `\`${n}\``).join(', ')}` : ''}. Parameters such as \`instance_type\` that reach it through \`**kwargs\` can only be passed by keyword.`,
    });
  },
  doc: {
    what: 'Finds calls of SDK classes, functions and methods with more positional arguments than the callable declares (and no `*args`). Parameters that a class receives through `**kwargs` (every `EstimatorBase` parameter of `PyTorch`, `HuggingFace`, ...) are keyword-only for the caller.',
    why: 'Python raises `TypeError: __init__() takes 4 positional arguments but 6 were given` when the line runs. Positional calls of SDK constructors also break silently between releases when parameters are inserted.',
    example: [
      'from sagemaker.inputs import TrainingInput',
      '',
      'train = TrainingInput("s3://bucket/train", "FullyReplicated", None, "text/csv", None, "S3Prefix", None, "File", None, None, None, None, None, None)',
    ].join('\n'),
    useInstead: [
      'from sagemaker.inputs import TrainingInput',
      '',
      'train = TrainingInput("s3://bucket/train", content_type="text/csv", input_mode="File")',
    ].join('\n'),
    fixSafety: 'No automatic fix: which parameter each extra value was meant for is not known.',
    sdkVersions: 'v2 (2.257.6) and v3; silent on splats, user subclasses, and when the generations disagree.',
    references: SIGNATURE_REFERENCES,
  },
};
