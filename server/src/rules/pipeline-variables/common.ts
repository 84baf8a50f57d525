import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { PipelineVariableInfo, SemanticModel } from '../../semantic/model';
import { referenceTo } from '../../semantic/imports';
import { Fix, TextEdit } from '../types';

/** "`run_id` (ExecutionVariables.PIPELINE_EXECUTION_ID)", or just "`ExecutionVariables.PIPELINE_EXECUTION_ID`". */
export function describeVariable(model: SemanticModel, node: SyntaxNode, info: PipelineVariableInfo): string {
  const text = shorten(model.text(unparenthesize(node)));
  const origin = info.origin;
  return text === origin || `\`${text}\`` === origin || origin.endsWith(`\`${text}\``) ? `\`${text}\`` : `\`${text}\` (${origin})`;
}

/**
 * The expression as a message's lead sentence names it: its source text in backticks, at most 40
 * characters (the Problems panel shows about one line; the details after the lead describe it fully).
 */
export function codeOf(model: SemanticModel, node: SyntaxNode): string {
  const text = model.text(unparenthesize(node)).replace(/\s+/g, ' ').trim();
  return `\`${text.length > 40 ? `${text.slice(0, 37)}...` : text}\``;
}

export function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

/** Expression types that can take `.attr` or a call without parentheses. */
const PRIMARY_TYPES = new Set(['identifier', 'attribute', 'call', 'subscript', 'parenthesized_expression', 'string', 'concatenated_string', 'list', 'dictionary', 'tuple']);

export function withAttribute(model: SemanticModel, node: SyntaxNode, attribute: string): string {
  const text = model.text(node);
  return PRIMARY_TYPES.has(node.type) ? `${text}.${attribute}` : `(${text}).${attribute}`;
}

/** A fix that replaces `target` with `Join(on=..., values=[...])`, importing Join when the module lacks it. */
export function joinFix(model: SemanticModel, target: SyntaxNode, on: string, values: readonly string[], title?: string, extraEdits: readonly TextEdit[] = []): Fix | undefined {
  const join = referenceTo(model, 'Join', target);
  if (!join) return undefined;
  const replacement = `${join.expression}(on=${on}, values=[${values.join(', ')}])`;
  return {
    title: title ?? `Build the value with ${join.expression}(on=${on}, values=[...])`,
    applicability: 'safe',
    edits: [{ start: target.start, end: target.end, newText: replacement }, ...join.edits, ...extraEdits],
  };
}

/** The plain Python expression for a string argument value inside a Join. */
export function isStringLiteral(model: SemanticModel, node: SyntaxNode): boolean {
  const bare = unparenthesize(node);
  if (bare.type === 'concatenated_string' || bare.type === 'string') return !stringPrefix(model, bare).includes('b');
  const value = model.valueOf(bare);
  return value.kind === 'literal' && value.type === 'str';
}

/** Lower-case prefix letters of a string node (`f`, `rb`, ...); for a concatenation, of its first part. */
export function stringPrefix(model: SemanticModel, node: SyntaxNode): string {
  const first = node.type === 'concatenated_string' ? node.children.find((c) => c.type === 'string') : node;
  const start = first?.children.find((c) => c.type === 'string_start');
  return start ? model.text(start).replace(/['"]+$/, '').toLowerCase() : '';
}

export interface StringParts {
  /** Python expressions in order: string literals for the text, the interpolated expressions as written. */
  readonly values: string[];
  /** False when some part cannot be moved into a Join mechanically (format specs, nested fields). */
  readonly convertible: boolean;
}

/**
 * Splits an f-string (or an implicit concatenation containing one) into the values of an equivalent
 * `Join(on="", values=[...])`. Literal text keeps its original prefix (minus `f`) and quotes, so escapes
 * and raw strings mean what they meant.
 */
export function fStringParts(model: SemanticModel, node: SyntaxNode): StringParts {
  const values: string[] = [];
  let convertible = true;
  const parts = node.type === 'concatenated_string' ? node.children.filter((c) => c.type === 'string') : [node];
  let pendingLiteral = '';
  let pendingQuote: { prefix: string; quote: string } | undefined;
  const flush = () => {
    if (pendingLiteral && pendingQuote) values.push(...literalValues(pendingQuote.prefix, pendingQuote.quote, pendingLiteral));
    pendingLiteral = '';
  };
  for (const part of parts) {
    const start = part.children.find((c) => c.type === 'string_start');
    const end = part.children.find((c) => c.type === 'string_end');
    if (!start || !end) return { values, convertible: false };
    const startText = model.text(start);
    const quote = startText.slice(startText.search(/['"]/));
    const letters = startText.slice(0, startText.search(/['"]/));
    const isF = /f/i.test(letters);
    if (/[bt]/i.test(letters)) return { values, convertible: false };
    const prefix = letters.replace(/f/gi, '');
    if (pendingQuote && (pendingQuote.quote !== quote || pendingQuote.prefix !== prefix)) flush();
    pendingQuote = { prefix, quote };
    for (const child of part.children) {
      if (child === start || child === end) continue;
      if (child.type === 'interpolation') {
        flush();
        const expression = childByField(child, 'expression');
        const hasConversion = child.children.some((c) => c.type === 'type_conversion');
        const hasSpec = child.children.some((c) => c.type === 'format_specifier');
        const selfDocumenting = child.children.some((c) => !c.named && c.type === '=');
        if (!expression || hasSpec || selfDocumenting) {
          convertible = false;
          continue;
        }
        if (hasConversion) {
          const conversion = model.text(child.children.find((c) => c.type === 'type_conversion')!);
          const fn = conversion === '!r' ? 'repr' : conversion === '!a' ? 'ascii' : 'str';
          if (model.pipelineVariable(expression)) convertible = conversion === '!r' || conversion === '!a' ? convertible : false;
          values.push(`${fn}(${model.text(expression)})`);
        } else {
          values.push(model.text(expression));
        }
      } else {
        // Literal text, with the raw escapes as written; in an f-string {{ and }} stand for { and }.
        let text = model.text(child);
        if (isF) text = text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
        pendingLiteral += text;
      }
    }
  }
  flush();
  return { values, convertible };
}

/**
 * Join values for a piece of literal text, written with the original prefix and quotes. A triple-quoted
 * literal cannot end with an unescaped quote of its own kind (`"""say """"` does not parse), so such a
 * tail becomes a separate value in the other quote: `"""say """`, `'"'`. Join(on="") concatenates them.
 */
export function literalValues(prefix: string, quote: string, text: string): string[] {
  if (quote.length === 3) {
    const q = quote[0];
    let tail = 0;
    while (tail < text.length && text[text.length - 1 - tail] === q) tail++;
    let backslashes = 0;
    for (let i = text.length - tail - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
    if (backslashes % 2 === 1) tail--; // the first quote of the run is escaped and stays
    if (tail > 0) {
      const head = text.slice(0, text.length - tail);
      const other = q === '"' ? "'" : '"';
      return [...(head ? [`${prefix}${quote}${head}${quote}`] : []), `${other}${q.repeat(tail)}${other}`];
    }
  }
  return [`${prefix}${quote}${text}${quote}`];
}

/** Interpolations of an f-string that are pipeline variables converted with str() (not !r / !a). */
export function isReprConversion(model: SemanticModel, interpolation: SyntaxNode): boolean {
  const conversion = interpolation.children.find((c) => c.type === 'type_conversion');
  if (conversion) return model.text(conversion) === '!r' || model.text(conversion) === '!a';
  // `{v=}` without a conversion or format spec uses repr().
  const selfDocumenting = interpolation.children.some((c) => !c.named && c.type === '=');
  return selfDocumenting && !interpolation.children.some((c) => c.type === 'format_specifier');
}

export interface FormatField {
  /** Offsets of the field in the raw literal text (relative to the content start). */
  readonly start: number;
  readonly end: number;
  /** Positional index, or keyword name. */
  readonly key: number | string;
  readonly conversion?: string;
  readonly plain: boolean;
}

/**
 * Parses `%` placeholders in the raw literal text. Returns undefined for the mapping form `%(name)s`
 * and for `*` widths, whose argument mapping is not worth guessing.
 */
export function percentFields(raw: string): FormatField[] | undefined {
  const fields: FormatField[] = [];
  const pattern = /%(\([^)]*\))?([#0\- +]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;
  let index = 0;
  for (let match = pattern.exec(raw); match; match = pattern.exec(raw)) {
    if (match[5] === '%') continue;
    if (match[1] || match[3] === '*' || match[4] === '*') return undefined;
    fields.push({ start: match.index, end: match.index + match[0].length, key: index++, conversion: match[5], plain: match[0] === '%s' });
  }
  return fields;
}

/** Parses `str.format` fields in the raw literal text; undefined for nested or indexed fields. */
export function braceFields(raw: string): FormatField[] | undefined {
  const fields: FormatField[] = [];
  let auto = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '{' && raw[i + 1] === '{') { i++; continue; }
    if (c === '}' && raw[i + 1] === '}') { i++; continue; }
    if (c !== '{') continue;
    const close = raw.indexOf('}', i);
    if (close < 0) return undefined;
    const body = raw.slice(i + 1, close);
    if (body.includes('{')) return undefined;
    const match = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/.exec(body);
    if (!match) return undefined;
    const name = match[1];
    if (/[.[]/.test(name)) return undefined;
    const key = name === '' ? auto++ : /^\d+$/.test(name) ? Number(name) : name;
    fields.push({ start: i, end: close + 1, key, conversion: match[2], plain: match[2] === undefined && match[3] === undefined });
    i = close;
  }
  return fields;
}

/** The raw text between a plain string's quotes, with its prefix and quote; undefined for f/b-strings. */
export function plainStringSource(model: SemanticModel, node: SyntaxNode): { prefix: string; quote: string; raw: string } | undefined {
  const bare = unparenthesize(node);
  if (bare.type !== 'string') return undefined;
  const start = bare.children.find((c) => c.type === 'string_start');
  const end = bare.children.find((c) => c.type === 'string_end');
  if (!start || !end) return undefined;
  const startText = model.text(start);
  const quoteAt = startText.search(/['"]/);
  const prefix = startText.slice(0, quoteAt);
  if (/[fbt]/i.test(prefix)) return undefined;
  return { prefix, quote: startText.slice(quoteAt), raw: model.tree.text.slice(start.end, end.start) };
}

/** Splits a format string at its fields into Join values, given each field's argument expression. */
export function joinValuesFromFields(source: { prefix: string; quote: string; raw: string }, fields: readonly FormatField[], argumentFor: (field: FormatField) => string, unescape: (text: string) => string): string[] {
  const values: string[] = [];
  let last = 0;
  const literal = (text: string) => {
    const unescaped = unescape(text);
    if (unescaped) values.push(...literalValues(source.prefix, source.quote, unescaped));
  };
  for (const field of fields) {
    literal(source.raw.slice(last, field.start));
    values.push(argumentFor(field));
    last = field.end;
  }
  literal(source.raw.slice(last));
  return values;
}

/** Whether an expression is what an enclosing f-string field formats (`f"{<node>}"`), parentheses aside. */
export function formattedByField(node: SyntaxNode): boolean {
  let p = node.parent;
  while (p?.type === 'parenthesized_expression') p = p.parent;
  return p?.type === 'interpolation';
}
