/**
 * Completions from the API model: members after `step.properties.` (and each following `.`), boto3
 * client methods after `client.`, and keyword arguments inside a boto3 client call.
 *
 * While the user types, the text around the cursor rarely parses (`step.properties.` has no member yet,
 * `client.create_model(Mod` has no closing parenthesis). So the expression before the cursor is
 * evaluated in a probe document: the text up to the start of the current statement, plus
 * `__sagelint_probe__ = (<expression>)` at that statement's indentation. Bindings made before the
 * statement are what the expression sees, as in the real file.
 */
import { CompletionItem, CompletionItemKind, CompletionParams, Connection, MarkupKind } from 'vscode-languageserver/node';
import { SyntaxNode, SyntaxTree, childByField } from '../parse/syntaxNode';
import { PythonParser } from '../parse/parser';
import { LineIndex } from '../text/lineIndex';
import { SemanticModel } from '../semantic/model';
import { Value } from '../semantic/values';
import { ApiModel, apiModel, pythonTypeText } from '../api/model';
import { enumValuesOf, instanceTypeTargets } from '../rules/instance-types/common';
import { membersAt, propertyRoot, resolvePath } from '../api/properties';
import { CLIENT_NON_OPERATIONS } from '../rules/boto3/check';

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

const PROBE = '__sagelint_probe__';

export function completionsAt(text: string, offset: number, parse: (text: string) => SyntaxTree | undefined): ApiCompletion[] {
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
  const call = enclosingCall(text, start);
  if (!call) return [];
  const calleeStart = expressionStart(text, call.calleeEnd);
  if (calleeStart === undefined || calleeStart === call.calleeEnd) return [];
  const calleeText = text.slice(calleeStart, call.calleeEnd);
  const lastDot = calleeText.lastIndexOf('.');
  if (lastDot < 0) return [];
  const client = evaluateAt(text, calleeStart, calleeText.slice(0, lastDot), parse);
  if (!client || client.kind !== 'boto3-client') return [];
  const op = apiModel(client.service)?.operationByPython(calleeText.slice(lastDot + 1).trim());
  if (!op?.input) return [];
  const given = new Set([...text.slice(call.open + 1, start).matchAll(/([A-Za-z_]\w*)\s*=(?!=)/g)].map((m) => m[1]));
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

/**
 * Inside a string passed as a keyword argument: the enum values of that boto3 parameter (SortOrder,
 * InstanceType, ...) or the instance types of an SDK `instance_type=` (with local mode where allowed).
 */
function stringValueCompletions(text: string, offset: number, inside: Inside, parse: (text: string) => SyntaxTree | undefined): ApiCompletion[] {
  if (inside.quote.length !== 1) return [];
  const typed = text.slice(inside.contentStart, offset);
  if (/[\n\\]/.test(typed)) return [];
  const quoteAt = inside.contentStart - 1;
  const keyword = /([A-Za-z_]\w*)\s*=\s*$/.exec(text.slice(0, quoteAt));
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

/** Evaluates `expression` as if written at the start of the statement that contains `at`. */
function evaluateAt(text: string, at: number, expression: string, parse: (text: string) => SyntaxTree | undefined): Value | undefined {
  return evaluateIn(text, at, expression, parse)?.value;
}

function evaluateIn(text: string, at: number, expression: string, parse: (text: string) => SyntaxTree | undefined): { value: Value; model: SemanticModel } | undefined {
  if (expression.includes('#')) return undefined;
  const statementStart = statementStartBefore(text, at);
  const lineText = text.slice(statementStart, text.indexOf('\n', statementStart) < 0 ? text.length : text.indexOf('\n', statementStart));
  const indentation = /^[ \t]*/.exec(lineText)![0];
  const probeText = `${text.slice(0, statementStart)}${indentation}${PROBE} = (${expression.replace(/\s*\n\s*/g, ' ')})\n`;
  const tree = parse(probeText);
  if (!tree) return undefined;
  const probe = findProbe(tree);
  const right = probe && childByField(probe, 'right');
  if (!right) return undefined;
  const model = new SemanticModel(tree);
  return { value: model.valueOf(right), model };
}

function findProbe(tree: SyntaxTree): SyntaxNode | undefined {
  const stack = [tree.root];
  let found: SyntaxNode | undefined;
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'assignment') {
      const left = childByField(node, 'left');
      if (left && left.type === 'identifier' && tree.textOf(left) === PROBE) found = node;
    }
    for (const child of node.children) if (child.named) stack.push(child);
  }
  return found;
}

/**
 * Start of the expression that ends at `end`: a chain of names, dots, calls and subscripts
 * (`step.properties.Outputs["train"]`). Undefined when it holds something this cannot follow.
 */
function expressionStart(text: string, end: number): number | undefined {
  let i = end;
  while (i > 0 && /[ \t]/.test(text[i - 1])) i--;
  for (;;) {
    const closeAt = i - 1;
    if (closeAt >= 0 && (text[closeAt] === ']' || text[closeAt] === ')')) {
      const open = matchingOpen(text, closeAt);
      if (open === undefined) return undefined;
      i = open;
      continue;
    }
    let j = i;
    while (j > 0 && /[A-Za-z0-9_]/.test(text[j - 1])) j--;
    if (j === i) return i === end ? undefined : i;
    i = j;
    let k = i;
    while (k > 0 && /[ \t]/.test(text[k - 1])) k--;
    if (k > 0 && text[k - 1] === '.') {
      i = k - 1;
      while (i > 0 && /[ \t]/.test(text[i - 1])) i--;
      continue;
    }
    return i;
  }
}

/** The bracket opening the one closing at `close`, skipping strings; undefined if unbalanced. */
function matchingOpen(text: string, close: number): number | undefined {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const q = text.lastIndexOf(c, i - 1);
      if (q < 0) return undefined;
      i = q;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      depth--;
      if (depth === 0) return i;
    } else if (c === '\n' && depth === 0) return undefined;
  }
  return undefined;
}

interface Inside {
  readonly kind: 'string' | 'comment';
  /** Where the string's content starts (after the opening quote). */
  readonly contentStart: number;
  readonly quote: string;
}

function insideStringOrComment(text: string, offset: number): Inside | undefined {
  let inside: Inside | undefined;
  openBrackets(text, offset, (found) => (inside = found));
  return inside;
}

/**
 * Scans the text before `offset` (skipping strings and comments) for the open brackets at that point.
 * `onInside` is called when `offset` falls inside a string or a comment.
 */
function openBrackets(text: string, offset: number, onInside?: (inside: Inside) => void): { char: string; at: number }[] {
  const stack: { char: string; at: number }[] = [];
  let i = 0;
  while (i < offset) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= offset) onInside?.({ kind: 'comment', contentStart: i + 1, quote: '' });
      i = nl < 0 ? offset : nl;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < offset && !text.startsWith(quote, j)) {
        if (text[j] === '\\') j++;
        else if (!triple && text[j] === '\n') break;
        j++;
      }
      if (j >= offset) onInside?.({ kind: 'string', contentStart: i + quote.length, quote });
      i = j + quote.length;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') stack.push({ char: c, at: i });
    else if ((c === ')' || c === ']' || c === '}') && stack.length) stack.pop();
    i++;
  }
  return stack;
}

/** The start of the line where the statement holding `offset` begins (outside any open bracket). */
function statementStartBefore(text: string, offset: number): number {
  const open = openBrackets(text, offset);
  const from = open.length ? open[0].at : offset;
  let lineStart = text.lastIndexOf('\n', from - 1) + 1;
  // A backslash continuation: go up to the first line of the statement.
  while (lineStart > 1 && text[lineStart - 2] === '\\') lineStart = text.lastIndexOf('\n', lineStart - 3) + 1;
  return lineStart;
}

/** The innermost open `(` before `offset` that belongs to a call, when `offset` is where an argument name goes. */
function enclosingCall(text: string, offset: number): { open: number; calleeEnd: number } | undefined {
  const open = openBrackets(text, offset);
  const last = open[open.length - 1];
  if (!last || last.char !== '(') return undefined;
  // Only at the start of an argument: right after `(` or a top-level `,`.
  const between = text.slice(last.at + 1, offset);
  const inner = openBrackets(between, between.length);
  if (inner.length) return undefined;
  const lastComma = between.lastIndexOf(',');
  const segment = lastComma < 0 ? between : between.slice(lastComma + 1);
  if (segment.trim() !== '') return undefined;
  let calleeEnd = last.at;
  while (calleeEnd > 0 && /[ \t]/.test(text[calleeEnd - 1])) calleeEnd--;
  return /[A-Za-z0-9_)\]]/.test(text[calleeEnd - 1] ?? '') ? { open: last.at, calleeEnd } : undefined;
}

/** The LSP `textDocument/completion` handler (registered in lsp/server.ts). */
export function completionHandler(
  connection: Connection,
  documentFor: (uri: string) => { readonly text: string } | undefined,
  parserFor: () => PythonParser | undefined,
): (params: CompletionParams) => CompletionItem[] | null {
  return ({ textDocument, position }) => {
    const state = documentFor(textDocument.uri);
    const parser = parserFor();
    if (!state || !parser) return null;
    try {
      const text = state.text;
      const lines = new LineIndex(text);
      const offset = lines.offsetAt(position);
      const parse = (t: string): SyntaxTree | undefined => {
        const parsed = parser.parse(t);
        if (!parsed) return undefined;
        try {
          return parsed.toSyntaxTree(t);
        } finally {
          parsed.free();
        }
      };
      const items = completionsAt(text, offset, parse);
      if (!items.length) return null;
      return items.map((item) => ({
        label: item.label,
        kind: item.kind === 'field' ? CompletionItemKind.Field : item.kind === 'method' ? CompletionItemKind.Method : item.kind === 'value' ? CompletionItemKind.EnumMember : CompletionItemKind.Variable,
        detail: item.detail,
        documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
        sortText: item.sortText,
        textEdit: { range: { start: lines.positionAt(item.replaceStart), end: position }, newText: item.insertText ?? item.label },
      }));
    } catch (error) {
      connection.console.error(`sagelint: completion failed: ${String((error as Error)?.stack ?? error)}`);
      return null;
    }
  };
}
