import { SyntaxNode } from '../../parse/syntaxNode';
import { formatType } from '../../semantic/sdk/signatures';
import { Fix, Rule } from '../types';
import { SIGNATURE_REFERENCES, pipelineVariableConstructor, bare, calleeLabel, judgedCall } from './common';
import { LiteralKind, boundParams, isPydantic, judgeable, literalFits, literalKinds, plainParamJudged } from './types';

/** Keywords SM520 judges when a single value is given where a list is needed. */
const SM520_KEYWORDS = new Set(['security_group_ids', 'subnets', 'depends_on', 'inputs', 'outputs', 'job_arguments', 'arguments']);

const KIND_NAMES: Record<LiteralKind, string> = { str: 'a str', int: 'an int', float: 'a float', bool: 'a bool', none: 'None', list: 'a list', tuple: 'a tuple', dict: 'a dict', set: 'a set' };

export const wrongArgumentType: Rule = {
  code: 'SM805',
  name: 'wrong-argument-type',
  defaultSeverity: 'error',
  summary: 'A literal of a type the SDK parameter does not take (a str where a number goes, a number where a str goes, a bare value where a list goes)',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const judged = judgedCall(model, node);
    if (!judged || pipelineVariableConstructor(model, node)) return;
    const { target, written } = judged;
    const firstPydantic = isPydantic(target.candidates[0].signature);
    for (const binding of boundParams(target.candidates[0].signature, written)) {
      if (!judgeable(binding.param, firstPydantic)) continue;
      const kinds = literalKinds(model, binding.value);
      if (!kinds) continue;
      // Every candidate generation, and every literal that can reach the argument, must be wrong.
      let wrong = true;
      for (const candidate of target.candidates) {
        const other = boundParams(candidate.signature, written).find((b) => b.value === binding.value);
        const pydantic = isPydantic(candidate.signature);
        if (!other || !kinds.every((k) => literalFits(other.param.type, k.kind, pydantic, k.text) === 'bad' && (pydantic || plainParamJudged(other.param, k.kind, k.text)))) {
          wrong = false;
          break;
        }
      }
      if (!wrong) continue;
      const type = binding.param.type;
      const listExpected = type.kind === 'list' || (type.kind === 'union' && type.options.every((o) => o.kind === 'list' || o.kind === 'none'));
      if (listExpected && binding.keyword && SM520_KEYWORDS.has(binding.keyword)) continue;
      const kind = kinds[0];
      const single = kinds.length === 1 && bare(binding.value) === kind.node;
      const pydantic = firstPydantic;
      const label = calleeLabel(target);
      const consequence = pydantic
        ? `${label.replace(/\(\)$/, '')} is a pydantic model: building it raises \`ValidationError\``
        : 'the SDK does not check it: the value travels on to the request or the code that uses it and fails there (a request field: botocore\'s `ParamValidationError: Invalid type for parameter` when the job is created)';
      const shown = `\`${binding.param.name}\``;
      const fix = single ? fixFor(model.text(kind.node), kind, type, listExpected) : undefined;
      context.report({
        node: binding.value,
        message: `${shown} gets ${KIND_NAMES[kind.kind]}${kinds.length > 1 ? ' (or another literal of a wrong type)' : ''} where ${label} takes ${formatType(type)}: ${advice(kind.kind, type.kind, listExpected)}. In SDK ${target.candidates.map((c) => c.generation).join(' and ')}, ${consequence}.`,
        fix,
      });
    }
  },
  doc: {
    what: 'Finds literals (also through variables bound only to literals) passed to an SDK parameter whose type does not accept them. For v3 pydantic models (which validate every field when built): a str where only numbers or bools go (numeric strings and "true"/"false" are coerced, so they pass), a number where only str goes, a bare value or a dict where a list goes, a list where a scalar goes, None where the field is not Optional. For plain classes (v2, which check nothing and whose annotations are sometimes narrower than what the code accepts): only a str (not a Jinja template) passed to a parameter the SDK copies into a numeric field of the service request (`instance_count`, `volume_size`, `max_run`, `max_wait`, `max_payload`, ...), where the annotation and the docstring both leave str out (`instance_count="2"`, `max_run="3600"`). `security_group_ids`, `subnets`, `depends_on` and processing `inputs`/`outputs`/`arguments` given a single value are SM520\'s; Parameter defaults are SM215\'s and Join\'s arguments SM104\'s.',
    why: 'The SDK is annotated (`instance_count: Optional[Union[int, PipelineVariable]]`) but ships no `py.typed`, so mypy skips it and Pylance\'s default mode reports nothing; v2 passes the value untouched to `CreateTrainingJob`, which fails with `ParamValidationError: Invalid type for parameter ResourceConfig.InstanceCount` when the job starts. Pydantic models (v3) raise `ValidationError` when built.',
    example: [
      'from sagemaker.estimator import Estimator',
      '',
      'est = Estimator(image_uri=image, role=role, instance_count="2", instance_type="ml.m5.xlarge", max_run="3600")',
    ].join('\n'),
    useInstead: [
      'from sagemaker.estimator import Estimator',
      '',
      'est = Estimator(image_uri=image, role=role, instance_count=2, instance_type="ml.m5.xlarge", max_run=3600)',
    ].join('\n'),
    fixSafety: 'A quoted decimal integer where only numbers go is unquoted (safe: the number the string spelled). A number where only str goes is quoted as written, and a bare value where a list goes is wrapped in `[...]`: unsafe, they change what the code sends.',
    sdkVersions: 'v2 (2.257.6) and v3; silent on splats, user subclasses, unknown values, and when the generations disagree.',
    references: SIGNATURE_REFERENCES,
  },
};

function advice(kind: LiteralKind, expected: string, listExpected: boolean): string {
  if (listExpected && kind !== 'dict') return 'wrap it in a list';
  if (kind === 'str' && (expected === 'int' || expected === 'float' || expected === 'union')) return 'drop the quotes';
  if ((kind === 'int' || kind === 'float') && (expected === 'str' || expected === 'union')) return 'pass it as a string';
  if (kind === 'none') return 'pass a value or leave the argument out';
  return 'pass a value of that type';
}

function fixFor(text: string, kind: { kind: LiteralKind; node: SyntaxNode; text?: string }, type: import('../../semantic/sdk/signatures').SdkType, listExpected: boolean): Fix | undefined {
  const accepts = (k: string) => type.kind === k || (type.kind === 'union' && type.options.some((o) => o.kind === k));
  if (kind.kind === 'str' && kind.text !== undefined && /^[1-9]\d{0,17}$|^0$/.test(kind.text) && (accepts('int') || accepts('float'))) {
    return { title: `Replace with ${kind.text}`, applicability: 'safe', edits: [{ start: kind.node.start, end: kind.node.end, newText: kind.text }] };
  }
  if ((kind.kind === 'int' || kind.kind === 'float') && accepts('str') && /^[0-9._eE+-]+$/.test(text)) {
    return { title: `Replace with "${text}"`, applicability: 'unsafe', edits: [{ start: kind.node.start, end: kind.node.end, newText: `"${text}"` }] };
  }
  if (listExpected && kind.kind !== 'dict' && kind.kind !== 'none') {
    return { title: `Wrap in [${text.length > 30 ? '...' : text}]`, applicability: 'unsafe', edits: [{ start: kind.node.start, end: kind.node.end, newText: `[${text}]` }] };
  }
  return undefined;
}
