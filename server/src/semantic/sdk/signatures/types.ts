/**
 * The signature model of the public SageMaker Python SDK (v2.257.6 and v3 a24812666d), generated from
 * the SDK's source by scripts/gen-sdk-signatures.py. See README.md beside this file.
 */
import type { Generation } from '../index';

/**
 * The small type language annotations are normalised to. Anything the generator could not express
 * (TypeVars, callables, unresolved names, `Any`) is `unknown`, and rules never judge against it.
 */
export type SdkType =
  | { readonly kind: 'str' | 'int' | 'float' | 'bool' | 'none' | 'pipeline-variable' | 'unknown' }
  /** list, tuple, Sequence, List, set: `item` is the element type (`unknown` when not given). */
  | { readonly kind: 'list'; readonly item: SdkType }
  | { readonly kind: 'dict'; readonly key: SdkType; readonly value: SdkType }
  | { readonly kind: 'union'; readonly options: readonly SdkType[] }
  /** A class by its fully qualified name (`sagemaker.inputs.TrainingInput`); SDK classes have signatures. */
  | { readonly kind: 'class'; readonly name: string };

/** Python's parameter kinds. `var-positional` is `*args`, `var-keyword` is `**kwargs`. */
export type ParamKind = 'positional-only' | 'positional-or-keyword' | 'keyword-only' | 'var-positional' | 'var-keyword';

export interface SdkParam {
  readonly name: string;
  readonly kind: ParamKind;
  /** The default's source text (`None`, `"ml.m5.xlarge"`, `24 * 60 * 60`); undefined when there is none. */
  readonly default?: string;
  /** No default and not *args/**kwargs. (A forwarded parameter keeps its callee's default.) */
  readonly required: boolean;
  /** The annotation as written (`Optional[Union[int, PipelineVariable]]`), when there is one. */
  readonly annotation?: string;
  /** The annotation normalised; `unknown` when absent or not expressible. */
  readonly type: SdkType;
  /** The docstring's text for this parameter (Google `Args:` or Sphinx `:param x:`), whitespace folded. */
  readonly doc?: string;
  /** The type the docstring declares (`int or PipelineVariable` from `name (int or PipelineVariable): ...`). */
  readonly docType?: string;
  /**
   * Where the parameter really lives when it reaches this callable through `**kwargs` forwarding
   * (`sagemaker.estimator.EstimatorBase.__init__`): such parameters can only be passed by keyword.
   */
  readonly via?: string;
}

/**
 * What the callable does with a keyword argument none of its parameters (own or forwarded) names.
 * - `type-error`: Python raises `TypeError: ... got an unexpected keyword argument 'x'` (no `**kwargs`).
 * - `dropped`: `**kwargs` is accepted but only the names in the signature's `readKeys` are ever looked at;
 *   any other key is silently ignored (v2 `EstimatorBase.__init__` reads only the v1 `train_*` names).
 * - `pydantic-forbid`: a pydantic model with `extra="forbid"`: `ValidationError` (extra_forbidden).
 * - `pydantic-ignore`: a pydantic model that ignores extra fields (pydantic's default): silently dropped.
 * - `accepted`: the keyword is used some other way (stored, passed on to something the generator cannot
 *   follow, `pydantic` `extra="allow"`): rules must stay silent.
 */
export type UnknownKeyword =
  | { readonly kind: 'type-error' }
  | { readonly kind: 'dropped' }
  | { readonly kind: 'pydantic-forbid' }
  | { readonly kind: 'pydantic-ignore' }
  | { readonly kind: 'accepted' };

export interface SdkSignature {
  /** Fully qualified name of the callable (`sagemaker.pytorch.estimator.PyTorch.__init__`, `sagemaker.image_uris.retrieve`). */
  readonly qualifiedName: string;
  /**
   * The parameters a caller may pass, in order, without `self`/`cls`: the callable's own, then (after
   * its own `**kwargs` is resolved) the ones reached through `**kwargs` forwarding, marked `via`.
   * `**kwargs` itself is listed only when unknown keywords are `accepted`.
   */
  readonly params: readonly SdkParam[];
  /** What happens to a keyword that no parameter names (and that is not in `readKeys`). */
  readonly unknownKeyword: UnknownKeyword;
  /**
   * Keys the callable (or a callable its `**kwargs` reaches) looks up by name without declaring them as
   * parameters: v1 names such as `train_instance_type`, read by `renamed_kwargs`. Never unknown.
   */
  readonly readKeys: readonly string[];
  /**
   * The chain of callables `**kwargs` was forwarded through, first the callable itself
   * (`PyTorch.__init__ → Framework.__init__ → EstimatorBase.__init__`), for messages.
   */
  readonly forwardedThrough?: readonly string[];
  /**
   * A decorator the generator does not know wraps the callable and may change what it accepts: the
   * parameters are shown for reference, rules stay silent.
   */
  readonly decorated?: boolean;
  /** Whether the callable accepts `*args` (then extra positional arguments never fail). */
  readonly varPositional: boolean;
  /** The docstring's first paragraph. */
  readonly summary?: string;
  /** The return annotation normalised (for `est.fit()` chains), when given. */
  readonly returns?: SdkType;
  /** Source file and line in the SDK at the generation's release (`src/sagemaker/estimator.py:L180`). */
  readonly source: string;
}

export interface SdkClass {
  readonly qualifiedName: string;
  /** Direct base classes, fully qualified where the generator could resolve them. */
  readonly bases: readonly string[];
  /** The class docstring's first paragraph. */
  readonly summary?: string;
  /** The constructor as a caller sees it (`__init__` resolved through the MRO and forwarding; pydantic fields). */
  readonly init?: SdkSignature;
  /** Public methods defined or inherited (name → signature), `self` removed. Properties are not methods. */
  readonly methods: ReadonlyMap<string, SdkSignature>;
  /** Pydantic model (v3 shapes, ModelTrainer, Compute, ...): how it treats extra fields. */
  readonly pydantic?: 'forbid' | 'ignore' | 'allow';
  readonly source: string;
}

/** One generation's model: classes and functions by qualified name, plus every public import path. */
export interface SdkSignatureModel {
  readonly generation: Generation;
  /** `v2.257.6`, `v3 a24812666d`. */
  readonly label: string;
  /** A class by qualified name or any public import path of it. */
  classAt(path: string): SdkClass | undefined;
  /** A module-level function by qualified name or any public import path of it. */
  functionAt(path: string): SdkSignature | undefined;
  /** The qualified name a public import path resolves to (`sagemaker.pytorch.PyTorch` → `sagemaker.pytorch.estimator.PyTorch`). */
  resolve(path: string): string | undefined;
}

/** What a call expression calls, as far as the signature model can prove it. */
export interface CallTarget {
  /** `constructor` of a class, `method` on an SDK object, or a module-level `function`. */
  readonly kind: 'constructor' | 'method' | 'function';
  /** The class (constructor/method) or function, fully qualified. */
  readonly qualifiedName: string;
  /** For methods: the method's name. */
  readonly method?: string;
  /**
   * One signature per SDK generation the call can mean: the detected one when the environment names
   * it, else every generation in which the callee's import path exists. Rules fire only when every
   * candidate agrees; signature help shows the first.
   */
  readonly candidates: readonly { readonly generation: Generation; readonly signature: SdkSignature }[];
}
