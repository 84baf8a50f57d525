import { SyntaxNode } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { SdkParam, SdkSignature, SdkType } from '../../semantic/sdk/signatures';
import { keywordParam, positionalParams, WrittenCall } from './common';

/** Python literal kinds the semantic model tells apart. */
export type LiteralKind = 'str' | 'int' | 'float' | 'bool' | 'none' | 'list' | 'tuple' | 'dict' | 'set';
export type Verdict = 'ok' | 'bad' | 'unknown';

/** Whether a pydantic model validates the parameter (v3): it then coerces some values and rejects others. */
export function isPydantic(signature: SdkSignature): boolean {
  return signature.unknownKeyword.kind === 'pydantic-forbid' || signature.unknownKeyword.kind === 'pydantic-ignore';
}

const NUMERIC = /^\s*[-+]?\d+(\.\d*)?\s*$/;
const BOOL_STRINGS = new Set(['0', 'off', 'f', 'false', 'n', 'no', '1', 'on', 't', 'true', 'y', 'yes']);

/** Words a docstring's declared type uses for each literal kind. */
const DOC_WORDS: Record<LiteralKind, RegExp> = {
  str: /\b(str|string|text)\b/i,
  int: /\b(int|integer|number|numeric)\b/i,
  float: /\b(float|number|numeric|double)\b/i,
  bool: /\b(bool|boolean)\b/i,
  none: /\bnone\b/i,
  list: /list|\[|tuple|sequence|iterable|set/i,
  tuple: /list|\[|tuple|sequence|iterable/i,
  set: /list|\[|set|sequence|iterable/i,
  dict: /dict|map|\{/i,
};

/**
 * Parameters of plain (non-pydantic) SDK classes that are copied unchanged into an Integer field of the
 * service request (CreateTrainingJob ResourceConfig.InstanceCount, StoppingCondition.MaxRuntimeInSeconds,
 * CreateTransformJob MaxPayloadInMB, ...), so a str there fails botocore's parameter validation when the
 * job is created. Other numeric parameters are not judged: some are stringified on the way
 * (`container_log_level` goes into the hyperparameters), and Airflow configs legitimately pass Jinja
 * templates.
 */
const REQUEST_NUMBERS = new Set([
  'instance_count', 'initial_instance_count', 'volume_size', 'volume_size_in_gb', 'max_run', 'max_wait',
  'max_retry_attempts', 'keep_alive_period_in_seconds', 'max_runtime_in_seconds', 'max_jobs',
  'max_parallel_jobs', 'max_concurrent_transforms', 'max_payload', 'model_data_download_timeout',
  'container_startup_health_check_timeout', 'memory_size_in_mb', 'max_concurrency',
]);

/**
 * Plain SDK classes check nothing, and their annotations are sometimes narrower than what the code
 * accepts (v2 BiasConfig's facet_values_or_threshold is annotated a scalar and documented as a list;
 * AlgorithmEstimator.fit(logs: bool) passes logs on to EstimatorBase.fit(logs: str)). So the rules judge
 * a plain class's parameter only for a str (not a Jinja template) where the request needs a number, and
 * only when the annotation and the docstring's declared type both leave str out.
 */
/** Whether the type rules could ever judge this parameter (checked before the argument is evaluated). */
export function judgeable(param: SdkParam, pydantic: boolean): boolean {
  if (param.type.kind === 'unknown' || param.type.kind === 'class') return false;
  return pydantic || REQUEST_NUMBERS.has(param.name);
}

export function plainParamJudged(param: SdkParam, kind: LiteralKind, text?: string): boolean {
  if (kind !== 'str' || !REQUEST_NUMBERS.has(param.name) || (text !== undefined && text.includes('{{'))) return false;
  if (!param.docType || DOC_WORDS.str.test(param.docType)) return false;
  const options = param.type.kind === 'union' ? param.type.options : [param.type];
  return options.every((o) => o.kind === 'int' || o.kind === 'float' || o.kind === 'pipeline-variable' || o.kind === 'none') && options.some((o) => o.kind === 'int' || o.kind === 'float');
}

/**
 * Whether a literal of this kind fits the type. Plain SDK code checks nothing, so only clear mismatches
 * are `bad` (a str where only numbers go, a number where only str goes, a bare value where a list goes);
 * None and class-typed parameters are `unknown` (the code often handles None; classes are duck-typed).
 * Pydantic models coerce in lax mode ("2" → 2) and reject None where the field is not Optional.
 */
export function literalFits(type: SdkType, kind: LiteralKind, pydantic: boolean, text: string | undefined): Verdict {
  if (type.kind === 'union') {
    const verdicts = type.options.map((option) => literalFits(option, kind, pydantic, text));
    if (verdicts.includes('ok')) return 'ok';
    return verdicts.includes('unknown') ? 'unknown' : 'bad';
  }
  if (kind === 'none') {
    if (!pydantic) return 'unknown';
    return type.kind === 'none' ? 'ok' : type.kind === 'unknown' || type.kind === 'class' ? 'unknown' : 'bad';
  }
  const sequence = kind === 'list' || kind === 'tuple' || kind === 'set';
  switch (type.kind) {
    case 'unknown':
    case 'class':
      return 'unknown';
    case 'none':
      return 'bad';
    case 'pipeline-variable':
      return 'bad';
    case 'str':
      if (kind === 'str') return 'ok';
      return kind === 'bool' && !pydantic ? 'unknown' : 'bad';
    case 'int':
    case 'float':
      if (kind === 'int' || kind === 'bool') return kind === 'bool' && !pydantic ? 'unknown' : 'ok';
      if (kind === 'float') return type.kind === 'float' ? 'ok' : 'unknown';
      if (kind === 'str') return pydantic && text !== undefined && NUMERIC.test(text) ? 'ok' : pydantic && text === undefined ? 'unknown' : 'bad';
      return 'bad';
    case 'bool':
      if (kind === 'bool') return 'ok';
      if (kind === 'int' || kind === 'float') return 'unknown';
      if (kind === 'str') return pydantic && (text === undefined || BOOL_STRINGS.has(text.trim().toLowerCase())) ? (text === undefined ? 'unknown' : 'ok') : 'bad';
      return 'bad';
    case 'list':
      return sequence ? 'ok' : 'bad';
    case 'dict':
      return kind === 'dict' ? 'ok' : 'bad';
    default:
      return 'unknown';
  }
}

/** The parameter each written argument binds, in one signature (undefined entries bind nothing known). */
export function boundParams(signature: SdkSignature, written: WrittenCall): { value: SyntaxNode; keyword?: string; param: SdkParam }[] {
  const result: { value: SyntaxNode; keyword?: string; param: SdkParam }[] = [];
  const positional = positionalParams(signature);
  written.positional.forEach((argument, i) => {
    if (positional[i]) result.push({ value: argument.value, param: positional[i] });
  });
  for (const argument of written.keywords) {
    const param = keywordParam(signature, argument.keyword!);
    if (param) result.push({ value: argument.value, keyword: argument.keyword, param });
  }
  return result;
}

/** The literal kinds a value may have, when every binding that reaches it is a literal; else undefined. */
export function literalKinds(model: SemanticModel, node: SyntaxNode): { kind: LiteralKind; node: SyntaxNode; text?: string }[] | undefined {
  const value = model.valueOf(node);
  const options = value.kind === 'union' ? value.options : [value];
  const result: { kind: LiteralKind; node: SyntaxNode; text?: string }[] = [];
  for (const option of options) {
    if (option.kind !== 'literal') return undefined;
    result.push({ kind: option.type, node: option.node, text: option.type === 'str' ? plainStringValue(model.tree, option.node) : undefined });
  }
  return result.length ? result : undefined;
}
