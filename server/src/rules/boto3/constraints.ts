/**
 * SM404's check of a literal against the value constraints the API model carries for its member (botocore
 * service-2.json: `min`/`max` string length, `pattern`, numeric range, list and map sizes). Only what the
 * code proves is judged: a whole literal (or a name bound to one), and of an f-string or `+` chain only
 * what its literal parts decide (their length alone over the maximum, or a character no matching value can
 * contain). Placeholders ("<your-role>", "arn:aws:iam::XXXXXXXXXXXX:...") are left to SM523.
 */
import { SyntaxNode, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { HOLE, builtString } from '../../semantic/builtStrings';
import { Constraint, patternMatcher } from '../../api/constraints';
import { charactersOutside, decides, describeCharacters } from '../../api/javaPattern';
import { placeholderIn } from '../placeholders';
import { Fix } from '../types';

export interface ConstraintIssue {
  readonly node: SyntaxNode;
  readonly message: string;
  readonly fix?: Fix;
}

/** Escapes whose value builtString/plainStringValue decode; any other makes the text unknown. */
const DECODED_ESCAPES = new Set(['\\n', '\\t', '\\r', '\\\\', "\\'", '\\"']);

/** Hints for members whose right value is known to come from one place. */
const MEMBER_HINTS: Record<string, string> = {
  CallbackToken: 'The token is the one the callback step put in its SQS message (the message\'s "token" field); pass it unchanged.',
};

/** How a member is named in messages: `Tags[0].Key`, shortened from the left when long. */
function shortWhere(where: string): string {
  return where.length > 40 ? `...${where.slice(-37)}` : where;
}

function lastName(where: string): string {
  return /(\w+)(\[[^\]]*\])*$/.exec(where)?.[1] ?? where;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Text a value shows in a message, cut when long. */
function shown(text: string): string {
  const printable = text.replace(/[\x00-\x1f]/g, '?');
  return printable.length > 40 ? `${printable.slice(0, 37)}...` : printable;
}

function hasUndecodedEscape(model: SemanticModel, node: SyntaxNode): boolean {
  const stack = [node];
  while (stack.length) {
    const current = stack.pop()!;
    if (current.type === 'escape_sequence' && !DECODED_ESCAPES.has(model.text(current))) return true;
    if (current.type === 'interpolation') continue; // builtString makes an interpolation a hole or reads it itself
    for (const child of current.children) stack.push(child);
  }
  return false;
}

/** Values that are templates to fill in, not values: SM523's, or the "XXXXXXXXXXXX" account of SM519. */
function isPlaceholder(text: string): boolean {
  if (placeholderIn(text)) return true;
  if (/<[^<>]*>|x{4,}|\{[^{}]*\}|\$\{/i.test(text)) return true;
  // "REPLACE WITH A PATH TO ...", "your_endpoint", and a constant's name quoted ('ENDPOINT_NAME') left to fill in.
  if (/(^|[^a-z])(replace|insert|enter|your|todo|tbd|changeme|fill)([^a-z]|$)/i.test(text) || /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(text)) return true;
  if (/^arn:/i.test(text) && /^[A-Za-z_-]+$/.test(text.split(':')[4] ?? '')) return true; // arn:aws:iam::ACCOUNT_ID:role/...
  return false;
}

/** The pattern in words where it has a well-known form; undefined otherwise. */
export function describePattern(java: string): string | undefined {
  // Resource names: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62} and its variants.
  if (/^\^?\[a-zA-Z0-9\]\(-\*\[a-zA-Z0-9\]\)(\{0,\d+\}|\*)\$?$/.test(java)) return 'letters, digits and hyphens, with a letter or digit at each end';
  if (java === '[a-zA-Z_][a-zA-Z0-9_]*') return 'letters, digits and underscores, not starting with a digit';
  // Tag keys and values.
  if (java === '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)') return 'letters, digits, spaces and the characters _ . : / = + - @';
  const arn = describeArn(java);
  if (arn) return arn;
  return undefined;
}

/** `arn:aws[a-z\-]*:iam::\d{12}:role/?...` → `arn:aws:iam::<account>:role/...`. */
function describeArn(java: string): string | undefined {
  const body = java.replace(/^\^/, '').replace(/\$$/, '');
  if (!body.startsWith('arn:')) return undefined;
  const fields = body.split(':');
  if (fields.length < 6) return undefined;
  const [, partition, service, region, account] = fields;
  const resource = fields.slice(5).join(':');
  if (!/^aws(\[a-z\\-\]\*)?$/.test(partition) || !/^[a-z0-9-]+$/.test(service)) return undefined;
  let regionText: string;
  if (region === '') regionText = '';
  else if (/^\[a-z0-9\\-\](\*|\{\d+,\d+\})$/.test(region)) regionText = '<region>';
  else return undefined;
  if (!/^(\\d\{12\}|\[0-9\]\{12\}|\((\\d|\[0-9\])\{12\}\|aws\))$/.test(account)) return undefined;
  const literalResource = /^([a-z-]+)(\\?\/)\??/.exec(resource);
  if (!literalResource) return undefined;
  return `arn:aws:${service}:${regionText}:<account>:${literalResource[1]}/<name>`;
}

type Literal = { kind: 'str'; exact?: string; parts: string[] } | { kind: 'number'; value: number } | { kind: 'size'; count: number; unit: 'item' | 'entry' };

function parseNumber(text: string): number | undefined {
  const clean = text.replace(/_/g, '');
  if (/[jJ]$/.test(clean)) return undefined;
  if (/^0[xX][0-9a-fA-F]+$/.test(clean)) return parseInt(clean.slice(2), 16);
  if (/^0[oO][0-7]+$/.test(clean)) return parseInt(clean.slice(2), 8);
  if (/^0[bB][01]+$/.test(clean)) return parseInt(clean.slice(2), 2);
  if (/^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(clean)) return Number(clean);
  return undefined;
}

function readLiteral(model: SemanticModel, node: SyntaxNode, literal: SyntaxNode, literalType: string): Literal | undefined {
  switch (literalType) {
    case 'str': {
      if (hasUndecodedEscape(model, literal)) return undefined;
      const built = builtString(model, literal);
      if (!built) return undefined;
      const parts = built.text.split(HOLE);
      return { kind: 'str', exact: parts.length === 1 ? parts[0] : undefined, parts };
    }
    case 'int':
    case 'float': {
      const value = parseNumber(model.text(literal));
      return value === undefined || !Number.isFinite(value) ? undefined : { kind: 'number', value };
    }
    case 'list':
    case 'tuple':
    case 'dict': {
      // A list bound to a name may be appended to before the call: only a literal written in place has a known size.
      if (literal !== unparenthesize(node)) return undefined;
      let count = 0;
      for (const child of literal.children) {
        if (!child.named || child.type === 'comment') continue;
        if (child.type === 'list_splat' || child.type === 'dictionary_splat') return undefined;
        if (literalType === 'dict' && child.type !== 'pair') return undefined;
        count++;
      }
      return { kind: 'size', count, unit: literalType === 'dict' ? 'entry' : 'item' };
    }
    default:
      return undefined;
  }
}

/**
 * The constraint a literal breaks, as an SM404 issue; undefined when it keeps them all or when the code
 * does not prove it breaks one. `node` is where the value is written (reported), `literal` the literal it
 * evaluates to.
 */
export function constraintIssue(model: SemanticModel, node: SyntaxNode, literal: SyntaxNode, literalType: string, constraint: Constraint, where: string): ConstraintIssue | undefined {
  const read = readLiteral(model, node, literal, literalType);
  if (!read) return undefined;
  const name = shortWhere(where);
  if (read.kind === 'number') {
    const { value } = read;
    if (constraint.min !== undefined && value < constraint.min) {
      return { node, message: `\`${name}=${model.text(literal)}\` is below its minimum of ${constraint.min}: ${range(constraint)}. botocore raises ParamValidationError before sending: Invalid value for parameter ${where}, value: ${model.text(literal)}, valid min value: ${constraint.min}.` };
    }
    if (constraint.max !== undefined && value > constraint.max) {
      return { node, message: `\`${name}=${model.text(literal)}\` is above its maximum of ${constraint.max}: ${range(constraint)}. The service rejects the request with a ValidationException (Member must have value less than or equal to ${constraint.max}).` };
    }
    return undefined;
  }
  if (read.kind === 'size') {
    const { count, unit } = read;
    if (constraint.min !== undefined && count < constraint.min) {
      const who = unit === 'item' ? `botocore raises ParamValidationError before sending: Invalid length for parameter ${where}, value: ${count}, valid min length: ${constraint.min}.` : 'The service rejects the request with a ValidationException.';
      return { node, message: `\`${name}\` has ${plural(count, unit)}, fewer than its minimum of ${constraint.min}: give at least ${plural(constraint.min, unit)}. ${who}` };
    }
    if (constraint.max !== undefined && count > constraint.max) {
      return { node, message: `\`${name}\` has ${plural(count, unit)}, more than its maximum of ${constraint.max}: give at most ${constraint.max}. The service rejects the request with a ValidationException.` };
    }
    return undefined;
  }
  const { exact, parts } = read;
  const known = parts.join('');
  if (isPlaceholder(known)) return undefined;
  const hint = MEMBER_HINTS[lastName(where)] ? ` ${MEMBER_HINTS[lastName(where)]}` : '';
  const length = [...known].length;
  const lengthWords = constraint.min !== undefined && constraint.min === constraint.max ? `exactly ${plural(constraint.min, 'character')}` : constraint.max !== undefined ? `${constraint.min ?? 0}-${constraint.max} characters` : `at least ${plural(constraint.min ?? 0, 'character')}`;
  if (exact !== undefined && constraint.min !== undefined && length < constraint.min) {
    const form = constraint.pattern !== undefined ? describePattern(constraint.pattern) : undefined;
    return {
      node,
      message: `\`${name}="${shown(exact)}"\` is ${plural(length, 'character')}, shorter than the API allows: it takes ${lengthWords}.${form ? ` It must be ${form}.` : ''}${hint} botocore raises ParamValidationError before sending: Invalid length for parameter ${where}, value: ${length}, valid min length: ${constraint.min}.`,
    };
  }
  if (constraint.max !== undefined && length > constraint.max) {
    const atLeast = exact === undefined ? 'at least ' : '';
    return {
      node,
      message: `\`${name}\` is ${atLeast}${plural(length, 'character')}, over its maximum of ${constraint.max}: shorten it.${exact === undefined ? ' Its literal parts alone are that long.' : ''}${hint} The service rejects the request with a ValidationException (Member must have length less than or equal to ${constraint.max}).`,
    };
  }
  if (constraint.pattern === undefined) return undefined;
  const matcher = patternMatcher(constraint.pattern);
  if (!matcher || !decides(matcher, known)) return undefined;
  const forbidden = matcher.allowed ? charactersOutside(matcher.allowed, known) : [];
  if (exact === undefined && !forbidden.length) return undefined;
  if (exact !== undefined && matcher.regex.test(exact)) return undefined;
  const allowedWords = matcher.allowed ? describeCharacters(matcher.allowed) : undefined;
  const form = describePattern(constraint.pattern);
  const serviceError = `The service rejects it with a ValidationException (Member must satisfy regular expression pattern: ${constraint.pattern}).`;
  const shownValue = exact !== undefined ? `="${shown(exact)}"` : '';
  const characters = forbidden.map((c) => (c === ' ' ? 'a space' : `"${c}"`));
  let message: string;
  if (forbidden.length) {
    const has = `has ${characters.slice(0, 3).join(', ')}${characters.length > 3 ? ', ...' : ''}, which the API does not allow`;
    message = `\`${name}${shownValue}\` ${has}: ${allowedWords ? `use only ${allowedWords}` : `match the pattern ${constraint.pattern}`}.${form && allowedWords && !form.startsWith(allowedWords) ? ` It must be ${form}.` : ''}${hint} ${serviceError}`;
  } else if (form) {
    message = `\`${name}${shownValue}\` is not of the form the API requires: use ${form}.${hint} ${serviceError}`;
  } else {
    message = `\`${name}${shownValue}\` does not match the API's pattern for it: use a value matching ${constraint.pattern}.${hint} ${serviceError}`;
  }
  return { node, message, fix: exact !== undefined ? hyphenFix(model, node, literal, exact, constraint) : undefined };
}

function range(constraint: Constraint): string {
  if (constraint.min !== undefined && constraint.max !== undefined) return `use a value from ${constraint.min} to ${constraint.max}`;
  if (constraint.min !== undefined) return `use ${constraint.min} or more`;
  return `use ${constraint.max} or less`;
}

/**
 * Names of the "letters, digits and hyphens" kind written with underscores, spaces or dots: an unsafe fix to
 * hyphens when the result then fits the pattern and the length. Unsafe: the name changes (a resource
 * created under the old name elsewhere is no longer the same one).
 */
function hyphenFix(model: SemanticModel, node: SyntaxNode, literal: SyntaxNode, value: string, constraint: Constraint): Fix | undefined {
  if (literal !== unparenthesize(node) || literal.type !== 'string' || !constraint.pattern || !/^[A-Za-z0-9_ .-]+$/.test(value)) return undefined;
  if (literal.children.some((c) => c.type === 'escape_sequence' || c.type === 'interpolation')) return undefined;
  const replaced = value.replace(/[_ .]+/g, '-');
  const matcher = patternMatcher(constraint.pattern);
  if (!matcher || !matcher.regex.test(replaced) || (constraint.max !== undefined && replaced.length > constraint.max)) return undefined;
  const contents = literal.children.filter((c) => c.type === 'string_content');
  if (contents.length !== 1 || model.text(contents[0]) !== value) return undefined;
  const text = model.text(node);
  const newText = text.slice(0, contents[0].start - node.start) + replaced + text.slice(contents[0].end - node.start);
  return { title: `Replace with "${replaced}"`, applicability: 'unsafe', edits: [{ start: node.start, end: node.end, newText }] };
}
