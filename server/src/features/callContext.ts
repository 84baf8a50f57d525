/**
 * Which call the cursor is in, and which of its arguments: what signature help and keyword completion
 * need. Read from the text, not the tree, because the call being typed rarely parses
 * (`PyTorch(entry_point="x", ` has no closing parenthesis and may run into the next statement).
 */
import { expressionStart, openBrackets } from './pythonText';

export interface CallArgument {
  /** The argument's text between its commas (or the parentheses), comments blanked. */
  readonly start: number;
  readonly end: number;
  /** `name=value`: the name. */
  readonly keyword?: string;
  /** `*args` or `**kwargs`. */
  readonly star?: '*' | '**';
}

export interface CallContext {
  /** Offset of the call's `(`. */
  readonly open: number;
  /** The called expression, `PyTorch` or `est.fit` or `sagemaker.pytorch.PyTorch`. */
  readonly calleeStart: number;
  readonly calleeEnd: number;
  /** Every argument, those after the cursor included (up to the closing parenthesis, or where the statement ends). */
  readonly arguments: readonly CallArgument[];
  /** Index in `arguments` of the one the cursor is in (a cursor right after a comma is in the next one). */
  readonly active: number;
  /** Positional arguments before the active one; undefined after a `*args` (the count is unknown). */
  readonly positionalBefore: number | undefined;
  /** The cursor is where an argument's name goes: the argument so far is empty or a bare identifier prefix. */
  readonly namePosition: boolean;
}

/** Words that can precede `(` without being called. */
const NOT_CALLABLE = new Set([
  'and', 'as', 'assert', 'async', 'await', 'del', 'elif', 'else', 'except', 'for', 'from', 'if', 'import', 'in',
  'is', 'lambda', 'not', 'or', 'return', 'while', 'with', 'yield',
]);

/**
 * The calls enclosing `offset`, innermost first: a cursor in `PyTorch(instance_type=[|` is in PyTorch's
 * `instance_type` argument; in `PyTorch(hyperparameters=dict(|` it is in `dict(` and, further out, in
 * PyTorch's `hyperparameters`. At most `limit` calls.
 */
export function enclosingCalls(text: string, offset: number, limit = 3): CallContext[] {
  const open = openBrackets(text, offset);
  const calls: CallContext[] = [];
  for (let i = open.length - 1; i >= 0 && calls.length < limit; i--) {
    if (open[i].char !== '(') continue;
    const call = callContextAt(text, open[i].at, offset);
    if (call) calls.push(call);
  }
  return calls;
}

/** The call whose argument list the cursor is directly in (not in a bracket inside it), when an argument's name goes there. */
export function callAtNamePosition(text: string, offset: number): CallContext | undefined {
  const open = openBrackets(text, offset);
  const innermost = open[open.length - 1];
  if (!innermost || innermost.char !== '(') return undefined;
  const call = callContextAt(text, innermost.at, offset);
  return call?.namePosition ? call : undefined;
}

/** The call whose `(` is at `openAt`, seen from a cursor at `offset` inside it; undefined when the `(` is not a call's. */
export function callContextAt(text: string, openAt: number, offset: number): CallContext | undefined {
  let calleeEnd = openAt;
  while (calleeEnd > 0 && /[ \t]/.test(text[calleeEnd - 1])) calleeEnd--;
  if (!/[A-Za-z0-9_)\]]/.test(text[calleeEnd - 1] ?? '')) return undefined; // a parenthesised expression or tuple
  const calleeStart = expressionStart(text, calleeEnd);
  if (calleeStart === undefined || calleeStart === calleeEnd) return undefined;
  const calleeText = text.slice(calleeStart, calleeEnd);
  if (NOT_CALLABLE.has(calleeText)) return undefined;
  if (/\b(def|class)\s+$/.test(text.slice(Math.max(0, calleeStart - 10), calleeStart))) return undefined; // a definition's parameters
  const segments = argumentSegments(text, openAt, offset, indentationOfLine(text, calleeStart));
  const args: CallArgument[] = segments.map((segment) => describeArgument(segment.clean, segment.start, segment.end));
  const active = Math.max(0, segments.findIndex((s) => offset >= s.start && offset <= s.end));
  let positionalBefore: number | undefined = 0;
  for (const arg of args.slice(0, active)) {
    if (arg.star === '*') positionalBefore = undefined;
    else if (positionalBefore !== undefined && !arg.keyword && !arg.star) positionalBefore++;
  }
  const activeSegment = segments[active];
  const typed = activeSegment ? activeSegment.clean.slice(0, offset - activeSegment.start) : '';
  return {
    open: openAt,
    calleeStart,
    calleeEnd,
    arguments: args,
    active,
    positionalBefore,
    namePosition: /^\s*([A-Za-z_]\w*)?$/.test(typed),
  };
}

interface Segment {
  readonly start: number;
  readonly end: number;
  /** The segment's text with comments blanked (same length). */
  readonly clean: string;
}

/**
 * The call's arguments split at its top-level commas. Before the cursor every character belongs to the
 * call (the user is typing it); after the cursor the call ends at its `)`, or, when it has none yet, at
 * the first line that starts at or left of the statement's indentation (the next statement).
 */
function argumentSegments(text: string, openAt: number, offset: number, statementIndent: number): Segment[] {
  const segments: Segment[] = [];
  let segmentStart = openAt + 1;
  let clean = '';
  let depth = 0;
  let i = openAt + 1;
  const finish = (end: number) => segments.push({ start: segmentStart, end, clean });
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      let nl = text.indexOf('\n', i);
      if (nl < 0) nl = text.length;
      clean += ' '.repeat(nl - i);
      i = nl;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) {
        if (text[j] === '\\') j++;
        else if (!triple && text[j] === '\n') break;
        j++;
      }
      const stringEnd = Math.min(text.length, text.startsWith(quote, j) ? j + quote.length : j);
      clean += text.slice(i, stringEnd);
      i = stringEnd;
      continue;
    }
    if (c === '\n' && i >= offset && depth === 0 && endsStatement(text, i + 1, statementIndent)) break;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        if (c === ')' || i >= offset) break; // the call's own `)`; a stray closer after the cursor ends it too
      } else depth--;
    } else if (c === ',' && depth === 0) {
      finish(i);
      segmentStart = i + 1;
      clean = '';
      i++;
      continue;
    }
    clean += c;
    i++;
  }
  finish(segmentStart + clean.length);
  // A trailing empty argument after the last comma is not an argument unless the cursor is in it.
  const last = segments[segments.length - 1];
  if (segments.length > 1 && last.clean.trim() === '' && !(offset >= last.start && offset <= last.end)) segments.pop();
  return segments;
}

/** Whether the line starting at `lineStart` begins a new statement: code at or left of the statement's indentation. */
function endsStatement(text: string, lineStart: number, statementIndent: number): boolean {
  let i = lineStart;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (i >= text.length || text[i] === '\n' || text[i] === '\r' || text[i] === '#') return false; // blank or comment lines continue
  if (text[i] === ')') return false;
  return i - lineStart <= statementIndent;
}

function indentationOfLine(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let i = lineStart;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i - lineStart;
}

function describeArgument(clean: string, start: number, end: number): CallArgument {
  const keyword = /^\s*([A-Za-z_]\w*)\s*=(?!=)/.exec(clean);
  if (keyword) return { start, end, keyword: keyword[1] };
  const star = /^\s*(\*\*?)/.exec(clean);
  if (star) return { start, end, star: star[1] as '*' | '**' };
  return { start, end };
}

/** Keyword names given anywhere in the call. */
export function givenKeywords(call: CallContext): Set<string> {
  return new Set(call.arguments.flatMap((a) => (a.keyword ? [a.keyword] : [])));
}
