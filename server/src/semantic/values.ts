import { SyntaxNode } from '../parse/syntaxNode';
import { SdkSymbol } from './sdk';

/**
 * What the semantic model knows about an expression. Anything it cannot prove is `unknown`, and rules
 * never fire on unknown values.
 */
export type Value =
  | { readonly kind: 'unknown' }
  /** A dotted path rooted at an import: a module, or a name inside one (`sagemaker.workflow.parameters`). */
  | { readonly kind: 'path'; readonly path: string }
  /** A Python builtin that the user has not shadowed (`str`, `print`, `int`, ...). */
  | { readonly kind: 'builtin'; readonly name: string }
  /** The result of calling an SDK class: `ParameterString(...)`, `ProcessingStep(...)`, `PipelineSession()`. */
  | { readonly kind: 'instance'; readonly symbol: SdkSymbol; readonly call: SyntaxNode }
  /** `ExecutionVariables.MEMBER`. */
  | { readonly kind: 'execution-variable'; readonly member: string; readonly node: SyntaxNode }
  /** `step.properties.A.B[0]`: `step` is the value the properties hang off, `path` the members after `.properties`. */
  | { readonly kind: 'properties'; readonly step: Value; readonly path: readonly string[]; readonly node: SyntaxNode }
  /** A pipeline variable produced by a method: `v.to_string()` (a Join, or v itself), `step.get_top_model_s3_uri()`. */
  | { readonly kind: 'derived-variable'; readonly className: string; readonly from: Value; readonly node: SyntaxNode }
  /** `param.default_value`: a concrete value taken out of a parameter when the pipeline is defined. */
  | { readonly kind: 'default-value'; readonly parameter: Value; readonly node: SyntaxNode }
  /** A method looked up on a value, not yet called. */
  | { readonly kind: 'method'; readonly self: Value; readonly name: string; readonly node: SyntaxNode }
  /** The result of calling a method on an SDK object: `processor.run(...)`, `estimator.fit(...)`, `model.register(...)`. */
  | { readonly kind: 'method-call'; readonly self: Value; readonly name: string; readonly call: SyntaxNode }
  /** A boto3 session: `boto3.Session(...)`, `boto3.session.Session(...)`, a SageMaker session's `.boto_session`. */
  | { readonly kind: 'boto3-session'; readonly node: SyntaxNode }
  /** A boto3 client for an AWS service: `boto3.client("sagemaker")`, `session.sagemaker_client`. */
  | { readonly kind: 'boto3-client'; readonly service: string; readonly node: SyntaxNode }
  /** A stdlib logger: the `logging` module's functions or `logging.getLogger(...)`. */
  | { readonly kind: 'logger' }
  /** A Python literal. */
  | { readonly kind: 'literal'; readonly type: 'str' | 'int' | 'float' | 'bool' | 'none' | 'list' | 'tuple' | 'dict' | 'set'; readonly node: SyntaxNode }
  /** One of several values, depending on which binding reached the use. */
  | { readonly kind: 'union'; readonly options: readonly Value[] };

export const UNKNOWN: Value = { kind: 'unknown' };

export function union(options: Value[]): Value {
  // Most lookups reach one binding: its value, unless it is a union (flattened below) or unknown.
  if (options.length === 1 && options[0].kind !== 'union') return options[0].kind === 'unknown' ? UNKNOWN : options[0];
  const flat: Value[] = [];
  for (const option of options) {
    if (option.kind === 'union') flat.push(...option.options);
    else flat.push(option);
  }
  if (flat.length === 0) return UNKNOWN;
  if (flat.some((option) => option.kind === 'unknown')) return UNKNOWN;
  const distinct = flat.filter((option, i) => flat.findIndex((other) => sameValue(other, option)) === i);
  return distinct.length === 1 ? distinct[0] : { kind: 'union', options: distinct };
}

export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'path':
      return a.path === (b as typeof a).path;
    case 'builtin':
      return a.name === (b as typeof a).name;
    case 'instance':
      return a.call === (b as typeof a).call;
    case 'execution-variable':
      return a.member === (b as typeof a).member;
    case 'method-call':
      return a.call === (b as typeof a).call;
    case 'boto3-client':
      return a.service === (b as typeof a).service && a.node === (b as typeof a).node;
    case 'boto3-session':
      return a.node === (b as typeof a).node;
    case 'logger':
    case 'unknown':
      return true;
    default:
      return false;
  }
}
