/**
 * Where a literal instance type is written and which service enum it must come from: SDK estimators,
 * processors, transformers, models and ModelBuilder, their deploy()/transformer()/register() methods,
 * v3's Compute(...), and boto3 sagemaker calls (through the boto3 call checker).
 */
import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { hasRole, symbolAtPath } from '../../semantic/sdk';
import { Value } from '../../semantic/values';
import { apiModel } from '../../api/model';
import { editDistance, nearestNames } from '../../api/closest';
import { boto3Issues } from '../boto3/check';
import { Fix } from '../types';
import { stepFunctionsSageMakerState } from '../../semantic/stepFunctions';

export interface InstanceTypeSite {
  /** The argument (or list item, or dict value) holding the value. */
  readonly node: SyntaxNode;
  /** The string literal itself (the same node, or the literal a name is bound to). */
  readonly literal: SyntaxNode;
  readonly value: string;
  readonly enumName: string;
  /** Whether "local" and "local_gpu" (SDK local mode) are accepted here. */
  readonly allowLocal: boolean;
  /** For messages: "Estimator", "deploy()", "create_training_job". */
  readonly where: string;
}

type Enum = 'TrainingInstanceType' | 'ProcessingInstanceType' | 'TransformInstanceType' | 'ProductionVariantInstanceType';
/** The enum an instance type comes from; "A or B" where the same argument serves two kinds of job. */
export type Kind = Enum | `${Enum} or ${Enum}`;

const enumValuesByKind = new Map<string, readonly string[]>();

/**
 * The valid values of a Kind (both enums' for "A or B", in order, without repeats). One array per kind:
 * "closest valid types" answers are cached per candidate array, so a fresh array per call would defeat it.
 */
export function enumValuesOf(kind: string): readonly string[] {
  let values = enumValuesByKind.get(kind);
  if (!values) {
    values = [...new Set(kind.split(' or ').flatMap((name) => apiModel('sagemaker')!.enumValues(name) ?? []))];
    enumValuesByKind.set(kind, values);
  }
  return values;
}

function literalString(model: SemanticModel, node: SyntaxNode): { literal: SyntaxNode; value: string } | undefined {
  const value = model.valueOf(node);
  if (value.kind !== 'literal' || value.type !== 'str') return undefined;
  const text = plainStringValue(model.tree, value.node);
  return text === undefined ? undefined : { literal: value.node, value: text };
}

/** SM501 and SM502 both ask for the sites of each call: found once per call and model. */
const SITES = {};

export function instanceTypeSites(call: SyntaxNode, model: SemanticModel): InstanceTypeSite[] {
  return model.memo(SITES, call, () => {
    const sites: InstanceTypeSite[] = [];
    collect(call, model, sites);
    return sites;
  });
}

function collect(call: SyntaxNode, model: SemanticModel, sites: InstanceTypeSite[]): void {
  if (call.type !== 'call') return;
  for (const issue of boto3Issues(call, model)) {
    if (issue.kind !== 'instance-type') continue;
    const literal = literalString(model, issue.node);
    if (literal) sites.push({ node: issue.node, literal: literal.literal, value: issue.value, enumName: issue.enumName, allowLocal: false, where: 'this boto3 call' });
  }
  const callee = childByField(call, 'function');
  if (!callee) return;
  const calleeValue = model.valueOf(callee);
  const add = (keyword: string, kind: Kind, where: string, allowLocal = true, list = false) => {
    const argument = model.argument(call, keyword);
    if (!argument) return;
    if (!list) {
      const literal = literalString(model, argument);
      if (literal) sites.push({ node: argument, ...literal, enumName: kind, allowLocal, where });
      return;
    }
    const bare = unparenthesize(argument);
    if (bare.type !== 'list' && bare.type !== 'tuple') return;
    for (const item of bare.children) {
      if (!item.named || item.type === 'comment') continue;
      const literal = literalString(model, item);
      if (literal) sites.push({ node: item, ...literal, enumName: kind, allowLocal: false, where });
    }
  };
  for (const target of instanceTypeTargets(calleeValue)) add(target.keyword, target.enumName, target.where, target.allowLocal, target.list);
}

/** A keyword argument of an SDK call that takes instance types, and the enum they come from. */
export interface InstanceTypeTarget {
  readonly keyword: string;
  readonly enumName: Kind;
  readonly where: string;
  readonly allowLocal: boolean;
  /** The argument is a list of instance types (`register(inference_instances=[...])`). */
  readonly list: boolean;
}

/** The instance-type keyword arguments of a callee: an SDK class, `Compute`, or a deploy/transformer/register method. */
export function instanceTypeTargets(calleeValue: Value): InstanceTypeTarget[] {
  const one = (enumName: Kind, where: string, allowLocal = true): InstanceTypeTarget[] => [{ keyword: 'instance_type', enumName, where, allowLocal, list: false }];
  if (calleeValue.kind === 'path') {
    // v3's Compute (sagemaker.core.training.configs, re-exported by sagemaker.train.configs) is passed to
    // ModelTrainer (training) and to ModelBuilder and ModelBuilder.from_jumpstart_config (hosting), so
    // where it is built either kind is valid. Not in the SDK catalog.
    if (/^sagemaker\..*\.Compute$/.test(calleeValue.path)) return one('TrainingInstanceType or ProductionVariantInstanceType', 'Compute');
    // Step Functions Data Science SDK states (stepfunctions v2.3.0 src/stepfunctions/steps/sagemaker.py):
    // EndpointConfigStep copies instance_type into ProductionVariants[0].InstanceType, where local mode
    // means nothing; ModelStep only gives it to model_config() to pick the container image, which knows
    // "local"/"local_gpu" (image_uris).
    const state = stepFunctionsSageMakerState(calleeValue.path);
    if (state === 'EndpointConfigStep') return one('ProductionVariantInstanceType', 'Step Functions EndpointConfigStep', false);
    if (state === 'ModelStep') return one('ProductionVariantInstanceType', 'Step Functions ModelStep');
    const resolved = symbolAtPath(calleeValue.path);
    if (!resolved) return [];
    const symbol = resolved.symbol;
    const name = symbol.id;
    if (hasRole(symbol, 'estimator')) return one('TrainingInstanceType', name);
    if (hasRole(symbol, 'processor')) return one('ProcessingInstanceType', name);
    if (hasRole(symbol, 'transformer')) return one('TransformInstanceType', name);
    if (hasRole(symbol, 'model-builder')) return one('ProductionVariantInstanceType', name);
    return [];
  }
  if (calleeValue.kind === 'method' && calleeValue.self.kind === 'instance') {
    const symbol = calleeValue.self.symbol;
    const deployable = hasRole(symbol, 'estimator') || hasRole(symbol, 'model') || hasRole(symbol, 'tuner') || hasRole(symbol, 'automl') || hasRole(symbol, 'model-builder');
    if (!deployable) return [];
    if (calleeValue.name === 'deploy') return one('ProductionVariantInstanceType', `${symbol.id}.deploy()`);
    if (calleeValue.name === 'transformer') return one('TransformInstanceType', `${symbol.id}.transformer()`);
    if (calleeValue.name === 'register') {
      return [
        { keyword: 'inference_instances', enumName: 'ProductionVariantInstanceType', where: `${symbol.id}.register(inference_instances=...)`, allowLocal: false, list: true },
        { keyword: 'transform_instances', enumName: 'TransformInstanceType', where: `${symbol.id}.register(transform_instances=...)`, allowLocal: false, list: true },
      ];
    }
  }
  return [];
}

export type Verdict =
  | { kind: 'ok' }
  /** Malformed (SM501): missing `ml.`, `local-gpu`, wrong case, not an instance type at all. */
  | { kind: 'malformed'; message: string; fix?: Fix }
  /** Well-formed but not in the enum (SM502). */
  | { kind: 'not-in-enum'; message: string; fix?: Fix };

const WELL_FORMED = /^ml\.[a-z0-9-]+\.[a-z0-9]+$/;

export function judge(site: InstanceTypeSite, model: SemanticModel): Verdict {
  const values = enumValuesOf(site.enumName);
  const { value } = site;
  if (values.includes(value)) return { kind: 'ok' };
  if (site.allowLocal && (value === 'local' || value === 'local_gpu')) return { kind: 'ok' };
  // v3 ModelTrainer's local container mode reads Compute.instance_type only to tell "local_gpu" from the
  // rest (sagemaker-train/src/sagemaker/train/local/local_container.py L464 at a24812666d), and its own
  // examples write "local_cpu", so every local-looking value works there.
  if (site.allowLocal && site.where === 'Compute' && /^local([-_]?(cpu|gpu))?$/.test(value)) return { kind: 'ok' };
  const quote = model.text(site.literal).trimStart().startsWith("'") ? "'" : '"';
  // Fixes only for a literal written in place: a named literal may feed other uses too.
  const inPlace = unparenthesize(site.node) === site.literal;
  const replace = (newValue: string, applicability: 'safe' | 'unsafe'): Fix | undefined => inPlace ? ({
    title: `Replace with "${newValue}"`,
    applicability,
    edits: [{ start: site.literal.start, end: site.literal.end, newText: `${quote}${newValue}${quote}` }],
  }) : undefined;
  const normalized = value.trim().toLowerCase();
  const localLike = /^local([-_ ]?(gpu|cpu))?$/.exec(normalized);
  if (localLike) {
    if (!site.allowLocal) return { kind: 'malformed', message: `Local mode does not work here: use a SageMaker instance type such as "ml.m5.xlarge". "${value}" is SDK local mode, which ${site.where} does not support: it needs a value from ${site.enumName}.` };
    const canonical = localLike[2] === 'gpu' ? 'local_gpu' : 'local';
    return {
      kind: 'malformed',
      message: `"${value}" is not a local-mode instance type: use "${canonical}". The SDK recognises exactly "local" and "local_gpu"; anything else is sent to SageMaker as an instance type.`,
      fix: replace(canonical, 'safe'),
    };
  }
  const exact = values.find((v) => v === normalized || v === `ml.${normalized}` || v === `ml.${normalized.replace(/^ml[._-]/, '')}`);
  if (exact) {
    const prefix = !normalized.startsWith('ml.');
    return {
      kind: 'malformed',
      message: prefix
        ? `"${value}" is missing the "ml." prefix SageMaker instance types have; did you mean "${exact}"? Without it the SDK raises ValueError: Invalid SageMaker instance type (when it derives an image URI) or the service rejects the job.`
        : `"${value}" is not spelled like a SageMaker instance type; did you mean "${exact}"?`,
      fix: replace(exact, 'safe'),
    };
  }
  const nearest = nearestNames(WELL_FORMED.test(normalized) ? normalized : `ml.${normalized.replace(/^ml[._-]?/, '')}`, values, 3);
  if (WELL_FORMED.test(value)) {
    const close = nearest.length && editDistance(value, nearest[0]) <= 1 ? nearest[0] : undefined;
    return {
      kind: 'not-in-enum',
      message: `"${value}" is not a ${site.enumName.replace(/InstanceType.*$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() || 'known'} instance type: ${close ? `use "${close}"` : `try ${nearest.slice(0, 2).map((n) => `"${n}"`).join(' or ')}`}. It is not in ${site.enumName} in the API model (${apiModel('sagemaker')!.source}); closest valid types: ${nearest.map((n) => `"${n}"`).join(', ')}. The service rejects types outside the enum for this kind of job; the model may be older than the service.`,
      fix: close ? replace(close, 'unsafe') : undefined,
    };
  }
  return {
    kind: 'malformed',
    message: `"${value}" is not a SageMaker instance type (they look like "ml.<family>.<size>", e.g. "ml.m5.xlarge"${site.allowLocal ? ', or "local" / "local_gpu" for local mode' : ''}); closest ${site.enumName} values: ${nearest.map((n) => `"${n}"`).join(', ')}.`,
  };
}

export const INSTANCE_TYPE_REFERENCES = [
  'v2.257.6 src/sagemaker/utils.py L1666 (get_instance_type_family: ^ml[\\._]([a-z\\d\\-]+)\\.?\\w*$)',
  'v2.257.6 src/sagemaker/image_uris.py L574-577 (ValueError: Invalid SageMaker instance type)',
  'aws/sagemaker-python-sdk issue #4198 ("local-gpu" is not local mode)',
  'API model enums TrainingInstanceType, ProcessingInstanceType, TransformInstanceType, ProductionVariantInstanceType (@aws-sdk/client-sagemaker 3.1142.0)',
];
