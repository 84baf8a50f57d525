import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { referenceTo } from '../../semantic/imports';
import { pipelineSessionName } from '../../semantic/pipeline';
import { detectEol, lineStartBefore } from '../../text/lineIndex';
import { TextEdit } from '../types';

export const PIPELINE_DOC = 'https://sagemaker.readthedocs.io/en/stable/amazon_sagemaker_model_building_pipeline.html';

export function shortText(model: SemanticModel, node: SyntaxNode): string {
  const oneLine = model.text(node).replace(/\s+/g, ' ').trim();
  return oneLine.length > 50 ? `${oneLine.slice(0, 47)}...` : oneLine;
}

/** The top-level statement that holds a node. */
export function topLevelStatement(model: SemanticModel, node: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | null = node;
  while (current && current.parent && current.parent !== model.tree.root) current = current.parent;
  return current && current.parent === model.tree.root ? current : undefined;
}

/**
 * An expression for a PipelineSession usable at `at`: an existing module-level one, or a new
 * `pipeline_session = PipelineSession()` line (and the import) placed before the top-level statement
 * holding `at`; `PipelineSession()` inline when neither is possible.
 */
export function pipelineSessionExpression(model: SemanticModel, at: SyntaxNode): { expression: string; edits: TextEdit[] } | undefined {
  const existing = pipelineSessionName(model, at);
  if (existing) return { expression: existing, edits: [] };
  const reference = referenceTo(model, 'PipelineSession', at);
  if (!reference) return undefined;
  const statement = topLevelStatement(model, at);
  const name = 'pipeline_session';
  if (statement && !model.scopes.module.definitions.has(name) && !reference.edits.some((e) => e.start === statement.start)) {
    const eol = detectEol(model.tree.text);
    return { expression: name, edits: [...reference.edits, { start: statement.start, end: statement.start, newText: `${name} = ${reference.expression}()${eol}` }] };
  }
  return { expression: `${reference.expression}()`, edits: reference.edits };
}

/**
 * An edit that adds `keyword=value` to a call's argument list, spanning from `from` (which must lie
 * inside the call, before the closing parenthesis) so that it covers the finding reported at `from`.
 */
export function addKeywordEdit(model: SemanticModel, call: SyntaxNode, from: SyntaxNode, keyword: string, value: string): TextEdit | undefined {
  const args = childByField(call, 'arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  const close = args.children[args.children.length - 1];
  if (!close || close.type !== ')') return undefined;
  const items = args.children.filter((c) => c.named && c.type !== 'comment');
  const text = model.tree.text;
  let at: number;
  let inserted: string;
  if (!items.length) {
    at = close.start;
    inserted = `${keyword}=${value}`;
  } else {
    const last = items[items.length - 1];
    const between = text.slice(last.end, close.start);
    const comma = between.indexOf(',');
    const multiLine = /[\r\n]/.test(text.slice(args.start, last.start));
    if (comma >= 0 && !between.slice(0, comma).includes('#')) {
      at = last.end + comma + 1;
      if (multiLine) {
        const lineStart = lineStartBefore(text, last.start);
        const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
        inserted = `${detectEol(text)}${indent}${keyword}=${value},`;
      } else inserted = ` ${keyword}=${value}`;
    } else {
      at = last.end;
      inserted = `, ${keyword}=${value}`;
    }
  }
  if (at < from.start) return undefined;
  return { start: from.start, end: at, newText: text.slice(from.start, at) + inserted };
}

/** An edit deleting one argument of a call together with its separating comma. */
export function removeArgumentEdit(argument: SyntaxNode): TextEdit {
  const list = argument.parent!;
  const items = list.children.filter((c) => c.named && c.type !== 'comment');
  const index = items.indexOf(argument);
  if (index >= 0 && index < items.length - 1) return { start: argument.start, end: items[index + 1].start, newText: '' };
  if (index > 0) return { start: items[index - 1].end, end: argument.end, newText: '' };
  return { start: argument.start, end: argument.end, newText: '' };
}

/** Edits deleting several arguments of one call: each run of adjacent removed arguments is one edit. */
export function removeArgumentsEdits(remove: readonly SyntaxNode[]): TextEdit[] {
  if (!remove.length) return [];
  const list = remove[0].parent!;
  const items = list.children.filter((c) => c.named && c.type !== 'comment');
  const removed = new Set(remove);
  const edits: TextEdit[] = [];
  for (let i = 0; i < items.length; i++) {
    if (!removed.has(items[i])) continue;
    let j = i;
    while (j + 1 < items.length && removed.has(items[j + 1])) j++;
    if (j + 1 < items.length) edits.push({ start: items[i].start, end: items[j + 1].start, newText: '' });
    else if (i > 0) edits.push({ start: items[i - 1].end, end: items[j].end, newText: '' });
    else edits.push({ start: items[i].start, end: items[j].end, newText: '' });
    i = j;
  }
  return edits;
}
