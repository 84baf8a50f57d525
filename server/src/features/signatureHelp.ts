/**
 * `textDocument/signatureHelp` for calls into the SageMaker SDK: the callee's parameters from the
 * generated signature model, the one the cursor is at highlighted, with its type and docstring.
 *
 * Works on the text, not the analysis tree: the call being typed rarely parses. The call and the
 * argument come from ./callContext.ts; the callee is evaluated in a probe document (./probe.ts) and
 * looked up in the signature model.
 */
import { Connection, MarkupKind, ParameterInformation, Position, SignatureHelp, SignatureHelpParams, SignatureInformation } from 'vscode-languageserver/node';
import type { PythonParser } from '../parse/parser';
import type { SdkEnvironment } from '../environment/types';
import { SyntaxTree } from '../parse/syntaxNode';
import type { Generation } from '../semantic/sdk';
import type { CallTarget, SdkParam, SdkSignature } from '../semantic/sdk/signatures/types';
import { CallContext, enclosingCalls, givenKeywords } from './callContext';
import { CursorText, evaluateAllIn, treeParser } from './probe';
import type { CalleeAt } from './sdkCallTarget';
import { docMarkdown, paramMarkdown, signatureHelpLabel, signatureTraps } from './sdkSignatureText';

/** Finds what a call (a probe call, ./probe.ts) or a callee expression calls, as far as the signature model can prove it. */
export type CallTargetLookup = (callee: CalleeAt) => CallTarget | undefined;

export interface SdkCallAtCursor {
  readonly call: CallContext;
  readonly target: CallTarget;
  /** How the callable is named in labels: the class for a constructor, else the function or method. */
  readonly name: string;
}

/** How many enclosing calls are tried, innermost first, for one that calls the SDK. */
const MAX_ENCLOSING = 3;

/**
 * The innermost call around `offset` whose callee is in the SDK: in `PyTorch(hyperparameters=dict(|`
 * that is PyTorch (dict is not the SDK's). Undefined when no enclosing call can be proven to be one.
 */
export function sdkCallAt(
  text: string,
  offset: number,
  parse: (text: string) => SyntaxTree | undefined,
  lookup: CallTargetLookup,
  environment?: SdkEnvironment,
): SdkCallAtCursor | undefined {
  if (!text.includes('sagemaker')) return undefined;
  const calls = enclosingCalls(text, offset, MAX_ENCLOSING);
  if (!calls.length) return undefined;
  // One probe document for every callee, each probed as a call without arguments (`PyTorch()`): nested
  // calls share the statement the probes are placed before.
  const probes = calls.map((c) => `${text.slice(c.calleeStart, c.calleeEnd)}()`);
  const probed = evaluateAllIn(text, calls[calls.length - 1].open, probes, parse, environment);
  for (let i = 0; i < calls.length; i++) {
    const callee = probed[i];
    const target = callee && lookup(callee);
    if (target && target.candidates.length) return { call: calls[i], target, name: displayName(target) };
  }
  return undefined;
}

function displayName(target: CallTarget): string {
  if (target.kind === 'method' && target.method) return target.method;
  return target.qualifiedName.slice(target.qualifiedName.lastIndexOf('.') + 1);
}

/** Signature help at `offset`, or undefined outside SDK calls. */
export function signatureHelpAt(
  text: string,
  offset: number,
  parse: (text: string) => SyntaxTree | undefined,
  lookup: CallTargetLookup,
  environment?: SdkEnvironment,
): SignatureHelp | undefined {
  const found = sdkCallAt(text, offset, parse, lookup, environment);
  if (!found) return undefined;
  const { call, target, name } = found;
  // One signature per distinct candidate: v2 and v3 may both be possible (no environment detected).
  const distinct = new Map<string, { signature: SdkSignature; ranges: readonly (readonly [number, number])[]; generations: Generation[] }>();
  for (const { generation, signature } of target.candidates) {
    const { label, ranges } = signatureHelpLabel(name, signature);
    const entry = distinct.get(label);
    if (entry) entry.generations.push(generation);
    else distinct.set(label, { signature, ranges, generations: [generation] });
  }
  const typed = typedName(text, call, offset);
  const signatures: SignatureInformation[] = [...distinct].map(([label, { signature, ranges, generations }]) => ({
    label,
    documentation: { kind: MarkupKind.Markdown, value: signatureDocumentation(name, signature, generations) },
    parameters: signature.params.map((param, index): ParameterInformation => ({
      label: [ranges[index][0], ranges[index][1]],
      documentation: { kind: MarkupKind.Markdown, value: paramMarkdown(param) },
    })),
    activeParameter: activeParameterIndex(signature.params, call, typed),
  }));
  return { signatures, activeSignature: 0, activeParameter: signatures[0]?.activeParameter ?? null };
}

function signatureDocumentation(name: string, signature: SdkSignature, generations: Generation[]): string {
  const lines: string[] = [];
  if (signature.summary) lines.push(docMarkdown(signature.summary));
  const traps = signatureTraps(name, signature);
  if (traps.length) lines.push(...traps);
  lines.push(`SDK ${generations.join('/')} · \`${signature.source}\``);
  return lines.join('\n\n');
}

/** The identifier typed so far where an argument's name goes (`ro` in `PyTorch(entry_point="x", ro|`). */
function typedName(text: string, call: CallContext, offset: number): string {
  if (!call.namePosition) return '';
  const arg = call.arguments[call.active];
  return arg ? text.slice(arg.start, offset).trim() : '';
}

/**
 * The parameter the cursor is at: the one a keyword names (`role=|`), the one a name being typed
 * starts (`ro|`, when it is not a positional argument's value already), or the positional slot.
 * `params.length` (out of range: nothing highlighted) when none applies, e.g. after an unknown keyword.
 */
export function activeParameterIndex(params: readonly SdkParam[], call: CallContext, typed: string): number {
  const none = params.length;
  const arg = call.arguments[call.active];
  const kwargs = params.findIndex((p) => p.kind === 'var-keyword');
  if (arg?.keyword) {
    const named = params.findIndex((p) => p.name === arg.keyword && p.kind !== 'positional-only' && p.kind !== 'var-positional' && p.kind !== 'var-keyword');
    return named >= 0 ? named : kwargs >= 0 ? kwargs : none;
  }
  if (arg?.star === '**') return kwargs >= 0 ? kwargs : none;
  if (arg?.star === '*') return params.findIndex((p) => p.kind === 'var-positional') >= 0 ? params.findIndex((p) => p.kind === 'var-positional') : none;
  if (typed) {
    const given = givenKeywords(call);
    const keywordable = (p: SdkParam) => p.kind === 'positional-or-keyword' || p.kind === 'keyword-only';
    const exact = params.findIndex((p) => keywordable(p) && p.name === typed && !given.has(p.name));
    if (exact >= 0) return exact;
    // After a keyword argument only keywords may follow, so a typed name is one; else it may be a positional value.
    const keywordsBefore = call.arguments.slice(0, call.active).some((a) => a.keyword || a.star === '**');
    if (keywordsBefore) {
      const started = params.findIndex((p) => keywordable(p) && p.name.startsWith(typed) && !given.has(p.name));
      if (started >= 0) return started;
    }
  }
  if (call.positionalBefore === undefined) return none;
  if (call.arguments.slice(0, call.active).some((a) => a.keyword || a.star === '**')) return none; // positional after keyword: a syntax error
  const positional = params.filter((p) => p.kind === 'positional-only' || p.kind === 'positional-or-keyword');
  if (call.positionalBefore < positional.length) return params.indexOf(positional[call.positionalBefore]);
  const star = params.findIndex((p) => p.kind === 'var-positional');
  return star >= 0 ? star : none;
}

/** The LSP `textDocument/signatureHelp` handler (registered in lsp/server.ts), for documents and notebook cells. */
export function signatureHelpHandler(
  connection: Connection,
  cursorText: (uri: string, position: Position) => CursorText | undefined,
  parserFor: () => PythonParser | undefined,
  lookup: CallTargetLookup,
): (params: SignatureHelpParams) => SignatureHelp | null {
  return ({ textDocument, position }) => {
    const parser = parserFor();
    const at = parser && cursorText(textDocument.uri, position);
    if (!parser || !at) return null;
    try {
      return signatureHelpAt(at.text, at.offset, treeParser(parser), lookup, at.environment) ?? null;
    } catch (error) {
      connection.console.error(`sagelint: signature help failed: ${String((error as Error)?.stack ?? error)}`);
      return null;
    }
  };
}
