import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { PathProblem, PropertyRoot, PropertyType, propertyRoot, resolvePath, stepInto } from '../../api/properties';
import { Value } from '../../semantic/values';

/** A property-path node checked at its last segment, once the segments before it resolve. */
export interface PropertySite {
  readonly node: SyntaxNode;
  readonly value: Extract<Value, { kind: 'properties' }>;
  readonly root: PropertyRoot;
  /** The type the last segment applies to. */
  readonly before: PropertyType;
  readonly segment: string;
  /** The source range of the last segment: the attribute name, or the subscript key. */
  readonly target: SyntaxNode;
  readonly result: { next: PropertyType } | { problem: PathProblem };
}

export function propertySite(node: SyntaxNode, model: SemanticModel): PropertySite | undefined {
  if (node.type !== 'attribute' && node.type !== 'subscript') return undefined;
  const value = model.valueOf(node);
  if (value.kind !== 'properties' || value.node !== node || value.path.length === 0) return undefined;
  const root = propertyRoot(value.step, model);
  if (!root) return undefined;
  const prefix = resolvePath(root, value.path.slice(0, -1));
  if ('problem' in prefix) return undefined; // reported where it goes wrong
  const target = node.type === 'attribute' ? childByField(node, 'attribute') : childByField(node, 'subscript');
  if (!target) return undefined;
  const segment = value.path[value.path.length - 1];
  return { node, value, root, before: prefix.type, segment, target, result: stepInto(prefix.type, segment) };
}

/** The output names a ProcessingStep declares, when every output is a literal-named ProcessingOutput in a literal list. */
export function declaredProcessingOutputs(model: SemanticModel, step: Value): string[] | undefined {
  if (step.kind !== 'instance' || step.symbol.id !== 'ProcessingStep') return undefined;
  let outputs = model.argument(step.call, 'outputs');
  if (!outputs) {
    const stepArgs = model.argument(step.call, 'step_args');
    if (!stepArgs) return undefined;
    const args = model.valueOf(stepArgs);
    if (args.kind !== 'method-call' || args.name !== 'run') return undefined;
    outputs = model.argument(args.call, 'outputs');
  }
  if (!outputs) return undefined;
  const list = unparenthesize(outputs);
  if (list.type !== 'list') {
    // A name bound once to a literal list.
    const value = model.valueOf(list);
    if (value.kind !== 'literal' || value.type !== 'list') return undefined;
    return namesIn(model, value.node);
  }
  return namesIn(model, list);
}

function namesIn(model: SemanticModel, list: SyntaxNode): string[] | undefined {
  const names: string[] = [];
  for (const item of list.children) {
    if (!item.named || item.type === 'comment') continue;
    if (item.type === 'list_splat') return undefined;
    const value = model.valueOf(item);
    if (value.kind !== 'instance' || value.symbol.id !== 'ProcessingOutput') return undefined;
    const nameNode = model.argument(value.call, 'output_name', 2);
    if (!nameNode) return undefined;
    const name = plainStringValue(model.tree, nameNode);
    if (name === undefined) return undefined;
    names.push(name);
  }
  return names;
}

export const PROPERTY_REFERENCES = [
  'v2.257.6 src/sagemaker/workflow/properties.py (Properties, PropertiesList, PropertiesMap built from the botocore shape)',
  'v2.257.6 src/sagemaker/workflow/steps.py (each step\'s Properties root shape)',
  'v3 sagemaker-core/src/sagemaker/core/workflow/properties.py',
];
