import { Rule } from '../types';
import { SIGNATURE_REFERENCES, calleeLabel, judgedCall, keywordParam, positionalParams, renamedFrom, requiredInRelease, requiredParams } from './common';
import type { SdkSignature } from '../../semantic/sdk/signatures';
import type { WrittenCall } from './common';

/** Required parameters a call leaves unbound, in signature order. */
function missing(signature: SdkSignature, written: WrittenCall): string[] {
  const required = requiredParams(signature);
  if (!required.length) return [];
  const positional = positionalParams(signature);
  const result: string[] = [];
  for (const param of required) {
    const index = positional.indexOf(param);
    if (index >= 0 && index < written.positional.length) continue;
    if (written.keywords.some((k) => k.keyword === param.name) && keywordParam(signature, param.name)) continue;
    result.push(param.name);
  }
  return result;
}

export const missingRequiredArgument: Rule = {
  code: 'SM803',
  name: 'missing-required-argument',
  defaultSeverity: 'error',
  summary: 'An SDK call without an argument the callable requires: TypeError (or pydantic ValidationError) when it runs',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const judged = judgedCall(model, node);
    if (!judged) return;
    const { target, written } = judged;
    const perCandidate = target.candidates.map((c) => missing(c.signature, written));
    if (!perCandidate[0].length) return;
    const explained = renamedFrom(written.keywords.map((k) => k.keyword!));
    // A project on another release than the snapshot: only parameters that release requires too.
    const requiredThere = requiredInRelease(model, target);
    const common = perCandidate[0].filter((name) => perCandidate.every((list) => list.includes(name)) && !explained.has(name) && (!requiredThere || requiredThere(name)));
    if (!common.length) return;
    const first = target.candidates[0].signature;
    const label = calleeLabel(target);
    const names = common.map((n) => `\`${n}\``).join(', ');
    const pydantic = first.unknownKeyword.kind === 'pydantic-forbid' || first.unknownKeyword.kind === 'pydantic-ignore';
    const failure = pydantic
      ? 'constructing the pydantic model raises `ValidationError` ("Field required")'
      : `Python raises \`TypeError: ${first.qualifiedName.split('.').slice(-1)[0]}() missing ${common.length} required argument${common.length > 1 ? 's' : ''}\` when the call runs`;
    const docs = common.map((name) => first.params.find((p) => p.name === name)?.doc).filter(Boolean);
    context.report({
      node: node.children.find((c) => c.type === 'argument_list') ?? node,
      message: `${label} is missing the required argument${common.length > 1 ? 's' : ''} ${names}: pass ${common.length > 1 ? 'them' : 'it'}. In SDK ${target.candidates.map((c) => c.generation).join(' and ')}, ${failure}.${docs.length === 1 ? ` ${common[0]}: ${docs[0]!.slice(0, 160)}` : ''}`,
    });
  },
  doc: {
    what: 'Finds calls of SDK classes, functions and methods that leave a required parameter (one without a default) unbound, by position or keyword: `TrainingInput()` without `s3_data`, `Estimator()` without `image_uri`, `SKLearnProcessor()` without `framework_version`, a v3 shape without a required field.',
    why: 'Python raises `TypeError: __init__() missing 1 required positional argument: ...` only when the line runs (pydantic: `ValidationError`, "Field required"), after the notebook\'s earlier cells or when the pipeline module is loaded.',
    example: [
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      '',
      'processor = SKLearnProcessor(role=role, instance_type="ml.m5.xlarge", instance_count=1)',
    ].join('\n'),
    useInstead: [
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      '',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1)',
    ].join('\n'),
    fixSafety: 'No automatic fix: the value is yours to choose.',
    sdkVersions: 'v2 (2.257.6) and v3; when the release the code runs is known, only parameters that release requires too (from the SDK\'s release history). Silent on `*args`/`**kwargs` splats, on user subclasses, and when the generations disagree.',
    references: SIGNATURE_REFERENCES,
  },
};
