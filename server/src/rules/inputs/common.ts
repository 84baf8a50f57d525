import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel, plainStringValue } from '../../semantic/model';
import { generationOfCall, jobCallOf, listElements, pipelineGraph, pipelineSessionName } from '../../semantic/pipeline';
import { SdkRole, hasRole } from '../../semantic/sdk';

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
