import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { generationOfCall, jobCallOf, listElements, pipelineGraph, pipelineSessionName } from '../../semantic/pipeline';
import { SdkRole, hasRole } from '../../semantic/sdk';
import { NodeQuery } from '../../semantic/reads';

export const IO_REFERENCES = [
  'v2.257.6 src/sagemaker/processing.py L1222-1329 (ProcessingInput), L1330-1420 (ProcessingOutput)',
  'botocore sagemaker service-2.json ProcessingS3Input.LocalPath ("must begin with /opt/ml/processing/"), ProcessingInputs (max 10), ProcessingOutputs (max 10)',
];

/** The v2 SDK class an I/O constructor call builds, when the call is one (v3 shapes have other parameters). */
export function ioRole(model: SemanticModel, call: SyntaxNode): SdkRole | undefined {
  if (call.type !== 'call') return undefined;
  const value = model.valueOf(call);
  if (value.kind !== 'instance' || value.call !== call) return undefined;
  for (const role of ['processing-input', 'processing-output', 'training-input', 'transform-input'] as const) {
    if (hasRole(value.symbol, role)) {
      if ((role === 'processing-input' || role === 'processing-output') && generationOfCall(model, call) !== 'v2') return undefined;
      if (value.symbol.id === 'InputData') return undefined;
      return role;
    }
  }
  return undefined;
}

/** Whether a call has *args or **kwargs (anything may be passed then). */
export function hasSplatArgs(call: SyntaxNode): boolean {
  const args = childByField(call, 'arguments');
  return !!args && args.children.some((c) => c.type === 'list_splat' || c.type === 'dictionary_splat');
}

/** A string literal's value and node, for an argument by keyword or position. */
export function literalArg(model: SemanticModel, call: SyntaxNode, keyword: string, position?: number): { value: string; node: SyntaxNode } | undefined {
  const node = model.argument(call, keyword, position);
  if (!node) return undefined;
  const value = plainStringValue(model.tree, node);
  return value === undefined ? undefined : { value, node: unparenthesize(node) };
}

/** The quote character a string literal uses (for replacements that keep the user's style). */
export function quoteOf(model: SemanticModel, node: SyntaxNode): string {
  const text = model.text(node);
  const match = /^[a-zA-Z]*(['"])/.exec(text);
  return match ? match[1] : '"';
}

/** The container path parameter of a v2 ProcessingInput (destination) or ProcessingOutput (source). */
export function containerPathArg(model: SemanticModel, call: SyntaxNode, role: SdkRole): SyntaxNode | undefined {
  return role === 'processing-input' ? model.argument(call, 'destination', 1) : model.argument(call, 'source', 0);
}

export interface IoList {
  /** `inputs` or `outputs`. */
  readonly keyword: 'inputs' | 'outputs';
  readonly list: SyntaxNode;
  /** The ProcessingInput/ProcessingOutput constructor calls among the elements (others are skipped). */
  readonly calls: SyntaxNode[];
  readonly elementCount: number;
}

/** `processor.run(inputs=[...], outputs=[...])` or a legacy `ProcessingStep(inputs=[...])`: the literal lists. */
export function processingIoLists(model: SemanticModel, call: SyntaxNode): IoList[] {
  const value = model.valueOf(call);
  let isProcessing = false;
  const job = jobCallOf(model, value);
  if (job && hasRole(job.job.symbol, 'processor') && job.method === 'run') isProcessing = true;
  if (value.kind === 'instance' && value.call === call && value.symbol.id === 'ProcessingStep') isProcessing = true;
  if (!isProcessing) return [];
  const result: IoList[] = [];
  for (const keyword of ['inputs', 'outputs'] as const) {
    const argument = model.argument(call, keyword);
    if (!argument) continue;
    const elements = listElements(model, argument);
    if (!elements) continue;
    const calls: SyntaxNode[] = [];
    for (const element of elements) {
      const elementValue = model.valueOf(element);
      if (elementValue.kind === 'instance' && ioRole(model, elementValue.call) === (keyword === 'inputs' ? 'processing-input' : 'processing-output')) calls.push(elementValue.call);
    }
    result.push({ keyword, list: unparenthesize(argument), calls, elementCount: elements.length });
  }
  return result;
}

/** Whether the module defines a SageMaker pipeline: a PipelineSession, a step or a Pipeline. */
export function definesPipeline(model: SemanticModel, at: SyntaxNode): boolean {
  if (pipelineSessionName(model, at)) return true;
  const graph = pipelineGraph(model);
  return graph.steps.length > 0 || graph.pipelines.length > 0;
}

/** The last path segment usable as a directory name. */
export function lastSegment(path: string): string | undefined {
  const parts = path.split(/[\\/]+/).filter((p) => p && p !== '.' && p !== '..');
  const last = parts.at(-1);
  return last && /^[\w.-]+$/.test(last) ? last : undefined;
}

/**
 * `DatasetDefinition(...)` import paths: v2 `sagemaker.dataset_definition` (also imported by
 * `sagemaker.processing`) and v3's API shape in `sagemaker.core.shapes`.
 */
export const DATASET_DEFINITION_PATHS = new Set([
  'sagemaker.dataset_definition.inputs.DatasetDefinition', 'sagemaker.dataset_definition.DatasetDefinition', 'sagemaker.processing.DatasetDefinition',
  'sagemaker.core.shapes.DatasetDefinition', 'sagemaker.core.shapes.shapes.DatasetDefinition',
]);

export interface DatasetInput {
  /** The `DatasetDefinition(...)` call. */
  readonly definition: SyntaxNode;
  /** The `ProcessingInput(...)` call that uses it. */
  readonly input: SyntaxNode;
  /** Whether this is the v3 API shape (keyword arguments only). */
  readonly v3: boolean;
}

/**
 * The DatasetDefinition of a `ProcessingInput(dataset_definition=DatasetDefinition(...))` whose data
 * SageMaker downloads itself: `app_managed` absent or literally False (the API's default), so the
 * definition's LocalPath is required (botocore DatasetDefinition.LocalPath). The definition may be
 * written inline or bound once to a name; undefined whenever anything could be passed through splats,
 * or either object's attribute could be changed after construction.
 */
export function managedDatasetInput(model: SemanticModel, call: SyntaxNode): DatasetInput | undefined {
  if (call.type !== 'call') return undefined;
  const value = model.valueOf(call);
  if (value.kind !== 'instance' || value.call !== call || value.symbol.id !== 'ProcessingInput' || hasSplatArgs(call)) return undefined;
  const v3 = generationOfCall(model, call) === 'v3';
  // v2 ProcessingInput(source, destination, input_name, ..., dataset_definition (8), app_managed (9)); v3 takes keywords only.
  const appManaged = model.argument(call, 'app_managed', v3 ? undefined : 9);
  if (appManaged && unparenthesize(appManaged).type !== 'false') return undefined;
  if (attributeAssignedLater(model, call, 'app_managed')) return undefined;
  const argument = model.argument(call, 'dataset_definition', v3 ? undefined : 8);
  if (!argument) return undefined;
  let definition: SyntaxNode | undefined = unparenthesize(argument);
  if (definition.type === 'identifier') definition = model.assignedExpression(definition);
  if (!definition || definition.type !== 'call' || hasSplatArgs(definition)) return undefined;
  const callee = childByField(definition, 'function');
  const constructor = callee ? model.valueOf(callee) : undefined;
  if (constructor?.kind !== 'path' || !DATASET_DEFINITION_PATHS.has(constructor.path)) return undefined;
  if (attributeAssignedLater(model, definition, 'local_path')) return undefined;
  return { definition, input: call, v3 };
}

/**
 * Whether the object a call builds is bound to a name (`x = Call(...)`) whose attribute (`attribute`, or
 * any attribute when it is omitted) is written somewhere in the module (`x.attribute = ...`,
 * `x.attribute += ...`, or `setattr(x, ...)`): the constructor's arguments are then not the last word
 * (the Lambda helper's `create()`, for one, reads `self.timeout` when it runs). Asked as a node query: the
 * answer depends on every statement (an assignment added below an unchanged call changes it), and a
 * reader depends on the answer only.
 */
export function attributeAssignedLater(model: SemanticModel, call: SyntaxNode, attribute?: string): boolean {
  const key = attribute ?? '*';
  let query = attributeQueries.get(key);
  if (!query) {
    query = {
      name: `attribute-assigned-later:${key}`,
      compute: (m, node) => isAttributeAssignedLater(m, node, attribute),
      // The answer reads the syntax of every statement: an edit whose statements write no attribute of a
      // plain name (and call no setattr) leaves every answer as it was; otherwise every asker runs again.
      changedSince: (m, before) => (before.removed.some((s) => writesAttribute(before.model, s)) || before.added.some((s) => writesAttribute(m, s)) ? undefined : NO_NODES),
    };
    attributeQueries.set(key, query);
  }
  return model.ask(query, call);
}

const attributeQueries = new Map<string, NodeQuery<boolean>>();
/** No answer changed (changedSince). */
const NO_NODES: readonly SyntaxNode[] = [];

function isAttributeAssignedLater(model: SemanticModel, call: SyntaxNode, attribute: string | undefined): boolean {
  let target: SyntaxNode = call;
  while (target.parent?.type === 'parenthesized_expression') target = target.parent;
  const assignment = target.parent;
  if (assignment?.type !== 'assignment' || childByField(assignment, 'right') !== target) return false;
  const left = childByField(assignment, 'left');
  // `self.func = Lambda(...)` and the like: writes through them are not followed.
  if (left?.type !== 'identifier') return false;
  const name = model.text(left);
  return attributeWrite(model, model.tree.root, (object, field) => object === name && (attribute === undefined || field === ANY_ATTRIBUTE || field === attribute));
}

/** What setattr(x, ...) writes: any attribute (what it writes is not followed). */
const ANY_ATTRIBUTE = Symbol('any attribute');

/** Whether anything under `start` writes an attribute of a plain name (or calls setattr on one). */
function writesAttribute(model: SemanticModel, start: SyntaxNode): boolean {
  return attributeWrite(model, start, () => true);
}

/**
 * Whether anything under `start` writes `object.field` (assigned or augmented) with `object` a plain name
 * such that `matches(object, field)` (field undefined when the attribute has no name node), or calls
 * setattr(object, ...) on one such that `matches(object, ANY_ATTRIBUTE)`.
 */
function attributeWrite(model: SemanticModel, start: SyntaxNode, matches: (object: string, field: string | undefined | typeof ANY_ATTRIBUTE) => boolean): boolean {
  const stack: SyntaxNode[] = [start];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const written = childByField(node, 'left');
      const object = written?.type === 'attribute' ? childByField(written, 'object') : undefined;
      const field = written?.type === 'attribute' ? childByField(written, 'attribute') : undefined;
      if (object?.type === 'identifier' && matches(model.text(object), field ? model.text(field) : undefined)) return true;
    } else if (node.type === 'call') {
      const callee = childByField(node, 'function');
      const first = childByField(node, 'arguments')?.children.find((c) => c.named && c.type !== 'comment');
      if (callee?.type === 'identifier' && model.text(callee) === 'setattr' && first?.type === 'identifier' && matches(model.text(first), ANY_ATTRIBUTE)) return true;
    }
    for (const child of node.children) if (child.named) stack.push(child);
  }
  return false;
}

/**
 * True the first time a rule asks about a node in this model: a definition bound to a name and used by
 * two inputs is reported once, where it is written.
 */
export function firstReport(model: SemanticModel, table: object, node: SyntaxNode): boolean {
  const reported = model.memoTable<true>(table);
  if (reported.has(node)) return false;
  reported.set(node, true);
  return true;
}
