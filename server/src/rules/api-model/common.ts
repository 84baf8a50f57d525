import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { PathProblem, PropertyRoot, PropertyType, propertyRoot, resolvePath, stepInto } from '../../api/properties';
import { Value } from '../../semantic/values';
import { listElements } from '../../semantic/pipeline';

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
  return outputNamesIn(model, outputs, PROCESSING_OUTPUT);
}

/** An output class and the position of its `output_name` parameter. */
interface OutputClass {
  readonly ids: ReadonlySet<string>;
  readonly namePosition: number;
}

const PROCESSING_OUTPUT: OutputClass = { ids: new Set(['ProcessingOutput']), namePosition: 2 };
/** LambdaOutput(output_name=None, output_type=...) and CallbackOutput(...): attrs classes, output_name first (v2.257.6 workflow/lambda_step.py L46, callback_step.py L44). */
const STEP_OUTPUT: OutputClass = { ids: new Set(['LambdaOutput', 'CallbackOutput']), namePosition: 0 };

/** The position of `outputs` in LambdaStep(name, lambda_func, display_name, description, inputs, outputs) and CallbackStep(name, sqs_queue_url, inputs, outputs): the same in v2.257.6 and v3. */
const OUTPUTS_POSITION: Readonly<Record<string, number>> = { LambdaStep: 5, CallbackStep: 3 };

/**
 * The output names of a LambdaStep or CallbackStep: the keys of its `properties.Outputs`, a plain dict
 * the constructor builds from `outputs=[LambdaOutput(output_name=...)]` (v2.257.6 workflow/lambda_step.py
 * L120-127, callback_step.py L116-123; the same in v3 sagemaker-mlops). Undefined unless every output is
 * a LambdaOutput/CallbackOutput with a literal `output_name` in a literal list. A LambdaStep without
 * `outputs` (and no *args/**kwargs) has none: its `outputs` defaults to [].
 */
export function declaredStepOutputs(model: SemanticModel, step: Value): string[] | undefined {
  if (step.kind !== 'instance') return undefined;
  const position = OUTPUTS_POSITION[step.symbol.id];
  if (position === undefined) return undefined;
  const outputs = model.argument(step.call, 'outputs', position);
  if (!outputs) {
    const args = childByField(step.call, 'arguments');
    const splat = !args || args.type !== 'argument_list' || args.children.some((c) => c.type === 'list_splat' || c.type === 'dictionary_splat');
    return step.symbol.id === 'LambdaStep' && !splat ? [] : undefined;
  }
  if (unparenthesize(outputs).type === 'none') return step.symbol.id === 'LambdaStep' ? [] : undefined;
  return outputNamesIn(model, outputs, STEP_OUTPUT);
}

function outputNamesIn(model: SemanticModel, outputs: SyntaxNode, kind: OutputClass): string[] | undefined {
  // A literal list, or a name bound once to one and never changed in place (no `.append(...)`).
  const items = listElements(model, outputs);
  if (!items) return undefined;
  const names: string[] = [];
  for (const item of items) {
    const value = model.valueOf(item);
    if (value.kind !== 'instance' || !kind.ids.has(value.symbol.id)) return undefined;
    const nameNode = model.argument(value.call, 'output_name', kind.namePosition);
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
