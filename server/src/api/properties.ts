/**
 * Step property paths (`step.properties.A.B[0].C`) resolved against the API model: the SDK builds
 * `.properties` from the botocore shape(s) the catalog names per step (workflow/properties.py), with
 * lists and maps indexed by `[...]` and every other member an attribute.
 */
import { SdkSymbol } from '../semantic/sdk';
import { Value } from '../semantic/values';
import { SemanticModel } from '../semantic/model';
import { ApiModel, Member, Shape, TypeRef, apiModel } from './model';

/** The `.properties` object of one step type. */
export interface PropertyRoot {
  readonly step: SdkSymbol;
  readonly model: ApiModel;
  /** The response shape(s): one for most steps, two for TuningStep and ModelStep (create or register). */
  readonly shapes: readonly Shape[];
  /** Members the SDK adds by hand (the first segment of the catalog's propertiesMembers). */
  readonly handBuilt: ReadonlySet<string>;
}

/** Where a property path has got to. `opaque` means the linter cannot say (hand-built members). */
export type PropertyType = { readonly kind: 'root'; readonly root: PropertyRoot } | { readonly kind: 'type'; readonly type: TypeRef; readonly member?: Member } | { readonly kind: 'opaque' };

export type PathProblem =
  /** An attribute the type has no member for; `candidates` are the members it has. */
  | { readonly kind: 'unknown-member'; readonly name: string; readonly owner: string; readonly candidates: readonly string[] }
  /** `[...]` on something that is not a list or a map. */
  | { readonly kind: 'not-subscriptable'; readonly owner: string }
  /** An attribute on a list or map, which needs `[...]` first. */
  | { readonly kind: 'needs-index'; readonly owner: string; readonly container: 'list' | 'map' }
  /** An attribute on a primitive leaf (a string, number, ...). */
  | { readonly kind: 'leaf'; readonly owner: string };

/**
 * The properties root for a step value, when its type is modelled (sagemaker service shapes or
 * hand-built members). With the semantic model, a ModelStep's two possible shapes narrow to one: its
 * properties are its last step's, DescribeModelPackageOutput after `register()` and DescribeModelOutput
 * after `create()` (v2 workflow/model_step.py, StepCollection.properties).
 */
export function propertyRoot(step: Value, semantic?: SemanticModel): PropertyRoot | undefined {
  if (step.kind !== 'instance') return undefined;
  const symbol = step.symbol;
  if (!symbol.propertiesShape) return undefined;
  if (symbol.propertiesService && symbol.propertiesService !== 'sagemaker') return undefined;
  const model = apiModel('sagemaker')!;
  let shapeNames = symbol.propertiesShape;
  if (semantic && symbol.id === 'ModelStep') {
    const args = semantic.argument(step.call, 'step_args');
    const value = args ? semantic.valueOf(args) : undefined;
    if (value?.kind === 'method-call' && value.name === 'register') shapeNames = ['DescribeModelPackageOutput'];
    else if (value?.kind === 'method-call' && value.name === 'create') shapeNames = ['DescribeModelOutput'];
  }
  const shapes = shapeNames.map((name) => model.shape(name));
  if (shapes.some((shape) => !shape)) return undefined;
  return { step: symbol, model, shapes: shapes as Shape[], handBuilt: new Set((symbol.propertiesMembers ?? []).map((m) => m.split('.')[0])) };
}

/** A human name for where the path is: "DescribeTrainingJobResponse", "ProcessingOutput". */
export function typeOwnerName(type: PropertyType): string {
  if (type.kind === 'root') return type.root.shapes.length ? type.root.shapes.map((s) => s.name).join(' / ') : `${type.root.step.id}.properties`;
  if (type.kind === 'opaque') return 'a hand-built property';
  const t = type.type;
  switch (t.kind) {
    case 'structure':
    case 'union':
    case 'enum':
      return t.name;
    case 'list':
      return `a list of ${typeName(t.of)}`;
    case 'map':
      return `a map of ${typeName(t.of)}`;
    default:
      return t.name;
  }
}

function typeName(t: TypeRef): string {
  return t.kind === 'list' ? `list of ${typeName(t.of)}` : t.kind === 'map' ? `map of ${typeName(t.of)}` : t.name;
}

/** Members available as attributes at this point, in model order (root: each shape's, then hand-built ones). */
export function membersAt(type: PropertyType): Member[] {
  if (type.kind === 'root') {
    const seen = new Map<string, Member>();
    for (const shape of type.root.shapes) for (const member of shape.members.values()) if (!seen.has(member.name)) seen.set(member.name, member);
    for (const name of type.root.handBuilt) {
      if (!seen.has(name)) seen.set(name, { name, type: { kind: 'primitive', name: 'any' }, typeText: 'any', required: false, doc: 'Added to `.properties` by the SDK.' });
    }
    return [...seen.values()];
  }
  if (type.kind === 'type' && (type.type.kind === 'structure' || type.type.kind === 'union')) {
    const model = apiModel('sagemaker')!;
    return [...(model.shape(type.type.name)?.members.values() ?? [])];
  }
  return [];
}

/** One step along a path: `Name` (an attribute) or `[key]` (a subscript). */
export function stepInto(type: PropertyType, segment: string): { next: PropertyType } | { problem: PathProblem } {
  if (type.kind === 'opaque') return { next: type };
  const subscript = segment.startsWith('[');
  if (type.kind === 'root') {
    if (subscript) return { problem: { kind: 'not-subscriptable', owner: typeOwnerName(type) } };
    if (type.root.handBuilt.has(segment)) return { next: { kind: 'opaque' } };
    for (const shape of type.root.shapes) {
      const member = shape.members.get(segment);
      if (member) return { next: { kind: 'type', type: member.type, member } };
    }
    return { problem: { kind: 'unknown-member', name: segment, owner: typeOwnerName(type), candidates: membersAt(type).map((m) => m.name) } };
  }
  const t = type.type;
  if (t.kind === 'primitive' && (t.name === 'any' || t.name === 'document')) return { next: { kind: 'opaque' } };
  if (subscript) {
    if (t.kind === 'list' || t.kind === 'map') return { next: { kind: 'type', type: t.of } };
    return { problem: { kind: 'not-subscriptable', owner: typeOwnerName(type) } };
  }
  if (t.kind === 'list' || t.kind === 'map') return { problem: { kind: 'needs-index', owner: typeOwnerName(type), container: t.kind } };
  if (t.kind === 'structure' || t.kind === 'union') {
    const members = membersAt(type);
    const member = members.find((m) => m.name === segment);
    if (member) return { next: { kind: 'type', type: member.type, member } };
    return { problem: { kind: 'unknown-member', name: segment, owner: t.name, candidates: members.map((m) => m.name) } };
  }
  return { problem: { kind: 'leaf', owner: typeOwnerName(type) } };
}

/** Follows a whole path; stops at the first problem (with the index of the segment that has it). */
export function resolvePath(root: PropertyRoot, path: readonly string[]): { type: PropertyType } | { problem: PathProblem; index: number; before: PropertyType } {
  let type: PropertyType = { kind: 'root', root };
  for (let i = 0; i < path.length; i++) {
    const result = stepInto(type, path[i]);
    if ('problem' in result) return { problem: result.problem, index: i, before: type };
    type = result.next;
  }
  return { type };
}
