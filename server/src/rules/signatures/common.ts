import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { CallTarget, SdkParam, SdkSignature, formatType, signatureOfCallee } from '../../semantic/sdk/signatures';
import type { Generation } from '../../semantic/sdk';
import { METHOD_PARAM_RENAMES, PARAM_RENAMES } from '../migrations/renames';
import { editDistance, typoBudget } from '../../api/closest';
import { CallableHistory, absenceAt, callableHistory, callableKey, existsIn, parameterHistory } from '../../semantic/sdk/history';
import { JudgedRelease, judgedReleaseOf, pinPhrase } from '../migrations/releases';

/** One argument of a call as written. */
export interface WrittenArgument {
  /** The keyword_argument node, or the positional expression. */
  readonly node: SyntaxNode;
  /** The keyword's identifier node (keyword arguments only). */
  readonly name?: SyntaxNode;
  readonly keyword?: string;
  readonly value: SyntaxNode;
}

export interface WrittenCall {
  readonly positional: readonly WrittenArgument[];
  readonly keywords: readonly WrittenArgument[];
  /** `*args` or `**kwargs` in the call: which parameters get what is unknowable. */
  readonly splat: boolean;
}

export function writtenArguments(model: SemanticModel, call: SyntaxNode): WrittenCall | undefined {
  const args = childByField(call, 'arguments');
  if (!args || args.type !== 'argument_list' || args.containsError) return undefined;
  const positional: WrittenArgument[] = [];
  const keywords: WrittenArgument[] = [];
  let splat = false;
  for (const child of args.children) {
    if (!child.named || child.type === 'comment') continue;
    if (child.type === 'list_splat' || child.type === 'dictionary_splat') splat = true;
    else if (child.type === 'keyword_argument') {
      const name = childByField(child, 'name');
      const value = childByField(child, 'value');
      if (name && value) keywords.push({ node: child, name, keyword: model.identifierName(name), value });
    } else positional.push({ node: child, value: child });
  }
  return { positional, keywords, splat };
}

/**
 * The call's SDK target when the rules may judge it: an SDK callee the model proves, no splats, and a
 * signature whose parameters are the real ones (no decorator that may change them).
 */
export function judgedCall(model: SemanticModel, call: SyntaxNode): { target: CallTarget; written: WrittenCall } | undefined {
  // Six rules ask about every call: answer once per model.
  return model.memo(JUDGED, call, () => judge(model, call));
}

const JUDGED = {};

function judge(model: SemanticModel, call: SyntaxNode): { target: CallTarget; written: WrittenCall } | undefined {
  const target = signatureOfCallee(model, call);
  if (!target || !target.candidates.length) return undefined;
  const written = writtenArguments(model, call);
  if (!written || written.splat) return undefined;
  if (target.candidates.some((candidate) => candidate.signature.decorated)) return undefined;
  return { target, written };
}

/** The callee as users write it, for messages: `PyTorch()`, `est.fit()`, `image_uris.retrieve()`. */
export function calleeLabel(target: CallTarget): string {
  const short = target.qualifiedName.slice(target.qualifiedName.lastIndexOf('.') + 1);
  return target.kind === 'method' ? `${short}.${target.method}()` : `${short}()`;
}

/** "(SDK v2.257.6)" or "(SDK v2.257.6 and v3)" for messages. */
export function generationsLabel(candidates: CallTarget['candidates']): string {
  const names = candidates.map((c) => c.generation);
  return names.length === 2 ? 'in SDK v2 and v3' : names[0] === 'v2' ? 'in SDK v2' : 'in SDK v3';
}

interface ParamIndex {
  readonly byKeyword: ReadonlyMap<string, SdkParam>;
  readonly positional: readonly SdkParam[];
  /** Parameters without a default (not *args/**kwargs). */
  readonly required: readonly SdkParam[];
}

/** Signatures are shared and immutable: their keyword table and positional list are built once. */
const paramIndexes = new WeakMap<SdkSignature, ParamIndex>();

function paramIndex(signature: SdkSignature): ParamIndex {
  let index = paramIndexes.get(signature);
  if (!index) {
    const byKeyword = new Map<string, SdkParam>();
    const positional: SdkParam[] = [];
    const required: SdkParam[] = [];
    for (const p of signature.params) {
      if (p.required && p.kind !== 'var-positional' && p.kind !== 'var-keyword') required.push(p);
      if (p.kind === 'positional-only' || p.kind === 'positional-or-keyword') positional.push(p);
      if (p.kind !== 'positional-only' && p.kind !== 'var-positional' && p.kind !== 'var-keyword' && !byKeyword.has(p.name)) byKeyword.set(p.name, p);
    }
    index = { byKeyword, positional, required };
    paramIndexes.set(signature, index);
  }
  return index;
}

/** The parameter of this name a keyword argument may bind (positional-only ones cannot be named). */
export function keywordParam(signature: SdkSignature, name: string): SdkParam | undefined {
  return paramIndex(signature).byKeyword.get(name);
}

/** Parameters a call must bind. */
export function requiredParams(signature: SdkSignature): readonly SdkParam[] {
  return paramIndex(signature).required;
}

/** Parameters a positional argument can fill, in order. */
export function positionalParams(signature: SdkSignature): readonly SdkParam[] {
  return paramIndex(signature).positional;
}

/**
 * Keywords other rules own: SM601's v1 renames (`train_instance_type`, `image_name`, ...) and SM607's v2
 * no-op arguments. Never two reports for one word.
 */
const CLAIMED_KEYWORDS = new Set<string>([
  ...PARAM_RENAMES.map((rename) => rename.old),
  ...METHOD_PARAM_RENAMES.map((rename) => rename.old),
  'update_endpoint',
  'content_type',
  'accept',
]);
const CLAIMED_METHOD_KEYWORDS: Record<string, readonly string[]> = { create_model: ['serializer', 'deserializer'] };

/**
 * Missing parameters SM601 already explains: `Estimator(image_name=...)` lacks `image_uri` because the
 * keyword was renamed.
 */
export function renamedFrom(keywords: Iterable<string>): Set<string> {
  const given = new Set(keywords);
  const result = new Set<string>();
  for (const rename of [...PARAM_RENAMES, ...METHOD_PARAM_RENAMES]) if (given.has(rename.old)) result.add(rename.new);
  return result;
}

/** v3 pipeline steps: SM609 checks their keywords against the v3 constructors (and SM213 the legacy ones). */
export function stepOwnedByOtherRules(model: SemanticModel, call: SyntaxNode, target: CallTarget): boolean {
  const value = model.valueOf(call);
  if (value.kind !== 'instance' || value.call !== call) return false;
  const isStep = value.symbol.roles.includes('step') || value.symbol.roles.includes('step-collection');
  return isStep && target.candidates.some((c) => c.generation === 'v3');
}

/**
 * Parameters, Join and JsonGet: SM104 judges Join's arguments and SM215 a Parameter's default_value, with
 * messages about pipeline variables; the type rules leave these constructors to them.
 */
export function pipelineVariableConstructor(model: SemanticModel, call: SyntaxNode): boolean {
  const value = model.valueOf(call);
  return value.kind === 'instance' && value.call === call && value.symbol.roles.includes('pipeline-variable-class');
}

export function claimedByOtherRules(target: CallTarget, keyword: string): boolean {
  if (CLAIMED_KEYWORDS.has(keyword)) return true;
  return target.kind === 'method' && !!CLAIMED_METHOD_KEYWORDS[target.method ?? '']?.includes(keyword);
}

/** What the keyword-binding rules need from one candidate signature for a keyword it does not declare. */
export function isUnknownKeyword(signature: SdkSignature, keyword: string): boolean {
  return !keywordParam(signature, keyword) && !signature.readKeys.includes(keyword);
}

/** A replacement of a keyword's name. */
export function renameEdit(name: SyntaxNode, to: string) {
  return { start: name.start, end: name.end, newText: to };
}

export function describeParam(param: SdkParam): string {
  return `\`${param.name}\`${param.type.kind !== 'unknown' ? ` (${formatType(param.type)})` : ''}`;
}

/** The value node with redundant parentheses removed. */
export function bare(node: SyntaxNode): SyntaxNode {
  return unparenthesize(node);
}

export type Candidates = readonly { readonly generation: Generation; readonly signature: SdkSignature }[];

export const SIGNATURE_REFERENCES = [
  'server/src/semantic/sdk/signatures/README.md (generated from v2.257.6 and v3 a24812666d by scripts/gen-sdk-signatures.py)',
];

/** How a candidate treats an unknown keyword, as the rules group it. */
export type KeywordFate = 'raises' | 'dropped' | 'fine';

export function keywordFate(signature: SdkSignature, keyword: string): KeywordFate {
  if (!isUnknownKeyword(signature, keyword)) return 'fine';
  switch (signature.unknownKeyword.kind) {
    case 'type-error':
    case 'pydantic-forbid':
      return 'raises';
    case 'dropped':
    case 'pydantic-ignore':
      return 'dropped';
    default:
      return 'fine';
  }
}

/** Every candidate agrees on the keyword's fate, or undefined. */
export function agreedFate(candidates: Candidates, keyword: string): KeywordFate | undefined {
  const fate = keywordFate(candidates[0].signature, keyword);
  for (let i = 1; i < candidates.length; i++) if (keywordFate(candidates[i].signature, keyword) !== fate) return undefined;
  return fate;
}

/**
 * The parameter a misspelt keyword most likely means: the single nearest keyword parameter within the
 * typo budget (a case-only difference counts as nearest). Undefined when two are equally near.
 */
export function nearestParam(signature: SdkSignature, keyword: string): SdkParam | undefined {
  const budget = typoBudget(keyword.length);
  const lower = keyword.toLowerCase();
  let best: SdkParam[] = [];
  let bestDistance = Infinity;
  for (const param of signature.params) {
    if (param.kind === 'positional-only' || param.kind === 'var-positional' || param.kind === 'var-keyword') continue;
    if (Math.abs(param.name.length - keyword.length) > budget) continue;
    const distance = param.name.toLowerCase() === lower ? 0.5 : editDistance(lower, param.name.toLowerCase());
    if (distance < bestDistance) {
      best = [param];
      bestDistance = distance;
    } else if (distance === bestDistance && !best.some((b) => b.name === param.name)) best.push(param);
  }
  return bestDistance <= budget && best.length === 1 ? best[0] : undefined;
}

/** How the SDK fails (or does not) for an unknown keyword, for messages. */
export function unknownKeywordConsequence(signature: SdkSignature, keyword: string, label: string, kind: SdkSignature['unknownKeyword']['kind'] = signature.unknownKeyword.kind): string {
  switch (kind) {
    case 'type-error':
      return `the call raises \`TypeError: ${signature.qualifiedName.split('.').slice(-1)[0]}() got an unexpected keyword argument '${keyword}'\` when it runs`;
    case 'pydantic-forbid':
      return `${label.replace(/\(\)$/, '')} is a pydantic model with extra="forbid": constructing it raises \`ValidationError\` ("Extra inputs are not permitted")`;
    case 'pydantic-ignore':
      return `${label.replace(/\(\)$/, '')} is a pydantic model that ignores fields it does not declare`;
    case 'dropped': {
      const chain = signature.forwardedThrough?.length ? signature.forwardedThrough[signature.forwardedThrough.length - 1] : signature.qualifiedName;
      const short = chain.split('.').slice(-2).join('.');
      return `${label} takes \`**kwargs\`${signature.forwardedThrough?.length ? ` and passes it to ${short}()` : ''}, which ignores the keys it does not know`;
    }
    default:
      return '';
  }
}

/**
 * The call judged against the SDK release the code runs (installed, or what its pin installs), when the
 * environment names one of the call's generation and the release history knows the callable there.
 */
interface ReleaseView {
  readonly judged: JudgedRelease;
  /** The callable's key in the history (`sagemaker.pytorch.estimator.PyTorch`, `...EstimatorBase.fit`). */
  readonly key: string;
  readonly callable: CallableHistory;
}

function releaseView(model: SemanticModel, target: CallTarget): ReleaseView | 'absent' | undefined {
  const judged = judgedReleaseOf(model);
  if (!judged || target.candidates.length !== 1 || target.candidates[0].generation !== `v${judged.sdk.major}`) return undefined;
  const key = callableKey(target, target.candidates[0].signature.qualifiedName);
  const callable = key && callableHistory(key);
  if (!key || !callable) return undefined;
  // Not callable that way in the judged release (added later, or gone): its keywords cannot be judged.
  if (!existsIn(callable.intervals, judged.release)) return 'absent';
  return { judged, key, callable };
}

/**
 * For SM803: whether a parameter the snapshot requires is required in the release the code runs too.
 * Undefined when no release is judged (the snapshot decides); `() => false` when the callable cannot be
 * judged in that release.
 */
export function requiredInRelease(model: SemanticModel, target: CallTarget): ((param: string) => boolean) | undefined {
  const view = releaseView(model, target);
  if (view === undefined) return undefined;
  if (view === 'absent') return () => false;
  return (param) => {
    const history = parameterHistory(view.key, param);
    return !!history && existsIn(history.required, view.judged.release);
  };
}

/** What an unknown keyword does in the judged release. */
function fateInRelease(view: ReleaseView): { fate: KeywordFate; kind?: SdkSignature['unknownKeyword']['kind'] } {
  const found = view.callable.unknownKeyword.find((f) => existsIn(f.intervals, view.judged.release));
  switch (found?.fate) {
    case 't':
      return { fate: 'raises', kind: 'type-error' };
    case 'pf':
      return { fate: 'raises', kind: 'pydantic-forbid' };
    case 'd':
      return { fate: 'dropped', kind: 'dropped' };
    case 'pi':
      return { fate: 'dropped', kind: 'pydantic-ignore' };
    default:
      return { fate: 'fine' };
  }
}

/** A keyword argument whose fate (raised or dropped) every candidate signature agrees on, with its "did you mean". */
export interface UnknownKeyword {
  argument: WrittenCall['keywords'][number];
  keyword: string;
  target: CallTarget;
  /** The first candidate's signature: the one messages describe. */
  first: SdkSignature;
  label: string;
  /** The one parameter the keyword is closest to, when every candidate takes it. */
  suggestion?: SdkParam;
  /** The suggested parameter is passed too, so a rename would repeat it. */
  clash: boolean;
  /** Unsafe rename to the suggestion, when there is one and it is not passed already. */
  renameFix?: { title: string; applicability: 'unsafe'; edits: ReturnType<typeof renameEdit>[] };
  /**
   * Judged against the release the code runs rather than the snapshot: that release ("2.160.0"), what an
   * unknown keyword does there, and what the history says ("`max_wait=` was added in v2.200.0; ...").
   */
  release?: { readonly version: string; readonly kind?: SdkSignature['unknownKeyword']['kind']; readonly note: string };
}

/** SM801 and SM802 differ only in the fate they report and in their wording. */
export function unknownKeywords(model: SemanticModel, call: SyntaxNode, fate: 'raises' | 'dropped'): UnknownKeyword[] {
  const judged = judgedCall(model, call);
  if (!judged) return [];
  const { target, written } = judged;
  if (stepOwnedByOtherRules(model, call, target)) return [];
  const first = target.candidates[0].signature;
  const given = new Set(written.keywords.map((k) => k.keyword!));
  const found: UnknownKeyword[] = [];
  const view = releaseView(model, target);
  if (view === 'absent') return [];
  const existsInRelease = (param: string) => {
    const history = view && parameterHistory(view.key, param);
    return !!history && existsIn(history.intervals, view!.judged.release);
  };
  for (const argument of written.keywords) {
    const keyword = argument.keyword!;
    if (claimedByOtherRules(target, keyword)) continue;
    let release: UnknownKeyword['release'];
    if (view) {
      // The release the code runs decides: a keyword it takes is fine, whatever the snapshot says.
      const history = parameterHistory(view.key, keyword);
      if (history && existsIn(history.intervals, view.judged.release)) continue;
      const snapshotFate = agreedFate(target.candidates, keyword);
      // The snapshot takes it but the judged release does not (added later): only when that release is certain.
      if (snapshotFate === 'fine' && (!history || !view.judged.certain)) continue;
      const here = fateInRelease(view);
      if (here.fate !== fate) continue;
      const { removedIn, addedIn } = history ? absenceAt(history.intervals, view.judged.release) : {};
      const note = addedIn
        ? `\`${keyword}=\` was added in v${addedIn}; ${pinPhrase(view.judged)}: require sagemaker>=${addedIn} or remove it.`
        : removedIn
          ? `\`${keyword}=\` was removed in v${removedIn}; ${pinPhrase(view.judged)}.`
          : '';
      release = { version: view.judged.release, kind: here.kind, note };
    } else if (agreedFate(target.candidates, keyword) !== fate) continue;
    const nearest = nearestParam(first, keyword);
    const suggestion = nearest && target.candidates.every((c) => keywordParam(c.signature, nearest.name)) && (!view || existsInRelease(nearest.name)) ? nearest : undefined;
    const clash = !!suggestion && given.has(suggestion.name);
    const renameFix = suggestion && !clash
      ? { title: `Rename to ${suggestion.name}=`, applicability: 'unsafe' as const, edits: [renameEdit(argument.name!, suggestion.name)] }
      : undefined;
    found.push({ argument, keyword, target, first, label: calleeLabel(target), suggestion, clash, renameFix, release });
  }
  return found;
}
