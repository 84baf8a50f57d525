/**
 * Completions from the API model: members after `step.properties.` (and each following `.`), boto3
 * client methods after `client.`, and keyword arguments inside a boto3 client call.
 *
 * While the user types, the text around the cursor rarely parses, so the expression before the cursor
 * is evaluated in a probe document (./probe.ts).
 */
import { CompletionItem, CompletionItemKind, CompletionParams, Connection, MarkupKind, Position } from 'vscode-languageserver/node';
import { SyntaxTree, childByField } from '../parse/syntaxNode';
import type { SdkEnvironment } from '../environment/types';
import { PythonParser } from '../parse/parser';
import { SemanticModel } from '../semantic/model';
import { Value } from '../semantic/values';
import { ApiModel, apiModel, pythonTypeText } from '../api/model';
import { enumValuesOf, instanceTypeTargets } from '../rules/instance-types/common';
import { membersAt, propertyRoot, resolvePath } from '../api/properties';
import { CLIENT_NON_OPERATIONS } from '../rules/boto3/check';
import { Inside, expressionStart, insideStringOrComment, openBrackets } from './pythonText';
import { CursorText, evaluateAt, evaluateIn, treeParser } from './probe';
import { callAtNamePosition, givenKeywords } from './callContext';
import type { CallTargetLookup } from './signatureHelp';
import type { CallTarget } from '../semantic/sdk/signatures/types';
import { paramMarkdown, paramTypeText } from './sdkSignatureText';

export type CompletionKind = 'field' | 'method' | 'parameter' | 'value';

export interface ApiCompletion {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line: the type or operation name. */
  readonly detail: string;
  /** Markdown. */
  readonly documentation: string;
  /** Text to insert in place of the typed prefix (defaults to the label). */
  readonly insertText?: string;
  /** Orders required parameters first. */
  readonly sortText?: string;
  /** The typed prefix the completion replaces: [start, offset). */
  readonly replaceStart: number;
}

export function completionsAt(
  text: string,
  offset: number,
  parse: (text: string) => SyntaxTree | undefined,
  /** Finds SDK callees (keyword completion inside SDK calls); without it, only boto3 calls get keywords. */
  lookup?: CallTargetLookup,
  environment?: SdkEnvironment,
): ApiCompletion[] {
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) start--;
  const before = text.slice(0, start);
  if (!before.includes('sagemaker')) return [];
  const inside = insideStringOrComment(text, start);
  if (inside) return inside.kind === 'string' ? stringValueCompletions(text, offset, inside, parse) : [];
  const dot = /\.\s*$/.exec(before);
  if (dot) {
    const objectEnd = start - dot[0].length;
    const objectStart = expressionStart(text, objectEnd);
    if (objectStart === undefined || objectStart === objectEnd) return [];
    const evaluated = evaluateIn(text, objectStart, text.slice(objectStart, objectEnd), parse);
    return evaluated ? memberCompletions(evaluated.value, start, evaluated.model) : [];
  }
  const call = callAtNamePosition(text, offset);
  if (!call) return [];
  // Probed as a call without arguments (`PyTorch()`), as signature help does: the SDK lookup takes calls.
  const probe = evaluateIn(text, call.calleeStart, `${text.slice(call.calleeStart, call.calleeEnd)}()`, parse, environment);
  const calleeNode = probe && childByField(probe.node, 'function');
  if (!probe || !calleeNode) return [];
  const callee = probe.model.valueOf(calleeNode);
  const given = givenKeywords(call);
  if (callee.kind === 'method' && callee.self.kind === 'boto3-client') {
    const op = apiModel(callee.self.service)?.operationByPython(callee.name);
    if (!op?.input) return [];
    const items: ApiCompletion[] = [];
    for (const member of op.input.members.values()) {
      if (given.has(member.name)) continue;
      items.push({
        label: member.name,
        kind: 'parameter',
        detail: `${pythonTypeText(member.type)}${member.required ? ' (required)' : ''}`,
        documentation: member.doc,
        insertText: `${member.name}=`,
        sortText: `${member.required ? '0' : '1'}${member.name}`,
        replaceStart: start,
      });
    }
    return items;
  }
  const target = lookup?.(probe);
  return target ? sdkKeywordCompletions(target, given, call.positionalBefore, start) : [];
}

/**
 * The keyword arguments of an SDK call not given yet (by name or by position), in the signature's order
 * with the required ones first: name, type, default and docstring (the first candidate's signature, as signature help shows).
 */
function sdkKeywordCompletions(target: CallTarget, given: ReadonlySet<string>, positionalBefore: number | undefined, replaceStart: number): ApiCompletion[] {
  const signature = target.candidates[0]?.signature;
  if (!signature) return [];
  // The parameters the positional arguments before the cursor fill (all of them after a `*args`).
  const positional = signature.params.filter((p) => p.kind === 'positional-only' || p.kind === 'positional-or-keyword');
  const filled = new Set(positionalBefore === undefined ? positional : positional.slice(0, positionalBefore));
  const items: ApiCompletion[] = [];
  signature.params.forEach((param, index) => {
    if (param.kind === 'positional-only' || param.kind === 'var-positional' || param.kind === 'var-keyword' || given.has(param.name) || filled.has(param)) return;
    const type = paramTypeText(param);
    const detail = [type, param.required ? '(required)' : param.default !== undefined ? `= ${param.default.replace(/\s+/g, ' ')}` : ''].filter(Boolean).join(' ');
    items.push({
      label: param.name,
      kind: 'parameter',
      detail,
      documentation: paramMarkdown(param),
      insertText: `${param.name}=`,
      sortText: `${param.required ? '0' : '1'}${String(index).padStart(3, '0')}`,
      replaceStart,
    });
  });
  return items;
}

/**
 * `name` when the text before `end` finishes with `name =` (white space around the `=` allowed): what
 * /([A-Za-z_]\w*)\s*=\s*$/ matched, read backwards from the end. The regular expression retried the
 * identifier at every position of a long word (a 200,000-character literal before the cursor: 35 s).
 */
function keywordBefore(text: string, end: number): [string, string] | undefined {
  let at = end;
  while (at > 0 && /\s/.test(text[at - 1])) at--;
  if (text[at - 1] !== '=') return undefined;
  at--;
  while (at > 0 && /\s/.test(text[at - 1])) at--;
  let start = at;
  while (start > 0 && /\w/.test(text[start - 1])) start--;
  while (start < at && !/[A-Za-z_]/.test(text[start])) start++; // the name starts at its first letter or _
  return start < at ? [text.slice(start, end), text.slice(start, at)] : undefined;
}

/**
 * Inside a string passed as a keyword argument: the enum values of that boto3 parameter (SortOrder,
 * InstanceType, ...) or the instance types of an SDK `instance_type=` (with local mode where allowed).
 */
function stringValueCompletions(text: string, offset: number, inside: Inside, parse: (text: string) => SyntaxTree | undefined): ApiCompletion[] {
  if (inside.quote.length !== 1) return [];
  const typed = text.slice(inside.contentStart, offset);
  if (/[\n\\]/.test(typed)) return [];
  const quoteAt = inside.contentStart - 1;
  const keyword = keywordBefore(text, quoteAt);
  const dictKey = /["']([A-Za-z]\w*)["']\s*:\s*$/.exec(text.slice(0, quoteAt));
  const open = openBrackets(text, quoteAt);
  const items = (values: readonly string[], detail: string): ApiCompletion[] =>
    values.map((value) => ({ label: value, kind: 'value' as const, detail, documentation: '', replaceStart: inside.contentStart }));
  if (keyword) {
    const call = open[open.length - 1];
    if (!call || call.char !== '(') return [];
    const calleeStart = expressionStart(text, call.at);
    if (calleeStart === undefined || calleeStart === call.at) return [];
    const calleeText = text.slice(calleeStart, call.at);
    const callee = evaluateAt(text, calleeStart, calleeText, parse);
    if (!callee) return [];
    if (callee.kind === 'method' && callee.self.kind === 'boto3-client') {
      const member = apiModel(callee.self.service)?.operationByPython(callee.name)?.input?.members.get(keyword[1]);
      return member?.type.kind === 'enum' ? items(member.type.values, member.type.name) : [];
    }
    const target = instanceTypeTargets(callee).find((t) => t.keyword === keyword[1] && !t.list);
    if (!target) return [];
    const values = enumValuesOf(target.enumName);
    return [...items(values, target.enumName), ...(target.allowLocal ? items(['local', 'local_gpu'], 'SDK local mode') : [])];
  }
  if (dictKey) {
    // `{"InstanceType": "` inside a boto3 call: any enum member of that name in the call's input shapes.
    for (let i = open.length - 1; i >= 0; i--) {
      if (open[i].char !== '(') continue;
      const calleeStart = expressionStart(text, open[i].at);
      if (calleeStart === undefined || calleeStart === open[i].at) return [];
      const callee = evaluateAt(text, calleeStart, text.slice(calleeStart, open[i].at), parse);
      if (!callee || callee.kind !== 'method' || callee.self.kind !== 'boto3-client') return [];
      const api = apiModel(callee.self.service);
      const input = api?.operationByPython(callee.name)?.input;
      if (!api || !input) return [];
      const enumName = enumMemberIn(api, input.name, dictKey[1]);
      return enumName ? items(api.enumValues(enumName) ?? [], enumName) : [];
    }
  }
  return [];
}

/** The enum type of a member named `name` anywhere under a shape (breadth first), if it is an enum. */
function enumMemberIn(api: ApiModel, shapeName: string, name: string): string | undefined {
  const seen = new Set<string>();
  const queue = [shapeName];
  while (queue.length) {
    const shape = api.shape(queue.shift()!);
    if (!shape || seen.has(shape.name)) continue;
    seen.add(shape.name);
    for (const member of shape.members.values()) {
      let type = member.type;
      while (type.kind === 'list' || type.kind === 'map') type = type.of;
      if (member.name === name && type.kind === 'enum') return type.name;
      if (type.kind === 'structure' || type.kind === 'union') queue.push(type.name);
    }
  }
  return undefined;
}

function memberCompletions(value: Value, replaceStart: number, semantic?: SemanticModel): ApiCompletion[] {
  if (value.kind === 'properties') {
    const root = propertyRoot(value.step, semantic);
    if (!root) return [];
    const resolved = resolvePath(root, value.path);
    if ('problem' in resolved) return [];
    return membersAt(resolved.type).map((member) => ({
      label: member.name,
      kind: 'field' as const,
      detail: pythonTypeText(member.type),
      documentation: member.doc,
      replaceStart,
    }));
  }
  if (value.kind === 'boto3-client') {
    const model = apiModel(value.service);
    if (!model) return [];
    const items: ApiCompletion[] = model.pythonNames.map((name) => {
      const op = model.operationByPython(name)!;
      return { label: name, kind: 'method' as const, detail: `${op.name} (${value.service})`, documentation: op.doc, replaceStart };
    });
    for (const name of CLIENT_NON_OPERATIONS) items.push({ label: name, kind: 'method', detail: 'boto3 client', documentation: '', replaceStart });
    return items;
  }
  return [];
}

/** The LSP `textDocument/completion` handler (registered in lsp/server.ts), for documents and notebook cells. */
export function completionHandler(
  connection: Connection,
  cursorText: (uri: string, position: Position) => CursorText | undefined,
  parserFor: () => PythonParser | undefined,
  lookup: CallTargetLookup,
): (params: CompletionParams) => CompletionItem[] | null {
  return ({ textDocument, position }) => {
    const parser = parserFor();
    const at = parser && cursorText(textDocument.uri, position);
    if (!parser || !at) return null;
    try {
      const items = completionsAt(at.text, at.offset, treeParser(parser), lookup, at.environment);
      const placed: CompletionItem[] = [];
      for (const item of items) {
        const start = at.toPosition(item.replaceStart);
        if (!start) continue;
        placed.push({
          label: item.label,
          kind: item.kind === 'field' ? CompletionItemKind.Field : item.kind === 'method' ? CompletionItemKind.Method : item.kind === 'value' ? CompletionItemKind.EnumMember : CompletionItemKind.Variable,
          detail: item.detail,
          documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
          sortText: item.sortText,
          textEdit: { range: { start, end: position }, newText: item.insertText ?? item.label },
        });
      }
      return placed.length ? placed : null;
    } catch (error) {
      connection.console.error(`sagelint: completion failed: ${String((error as Error)?.stack ?? error)}`);
      return null;
    }
  };
}
