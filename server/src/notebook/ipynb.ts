import { diffLines } from '../cli/diff';

/** The parts of an .ipynb file (nbformat 4) sagelint reads. */
export interface IpynbCell {
  /** Position among all cells, 0-based. */
  readonly index: number;
  readonly kind: 'code' | 'markdown' | 'raw';
  readonly text: string;
}

export class NotebookFormatError extends Error {}

/** Parses notebook JSON. Throws NotebookFormatError with a one-line reason when it is not a notebook. */
export function parseIpynb(json: string): { cells: IpynbCell[]; language: string } {
  let data: unknown;
  try {
    data = JSON.parse(withoutNonFiniteNumbers(json.replace(/^\ufeff/, '')));
  } catch (error) {
    throw new NotebookFormatError(`not valid notebook JSON (${(error as Error).message})`);
  }
  const root = data as { cells?: unknown; metadata?: unknown };
  if (!root || typeof root !== 'object' || !Array.isArray(root.cells)) throw new NotebookFormatError('not a Jupyter notebook (no "cells" list)');
  // Metadata of the wrong shape (`"name": {...}`) says nothing about the language: Python, as Jupyter's default.
  const metadata = asObject(root.metadata);
  const name = asObject(metadata?.language_info)?.name;
  const kernelLanguage = asObject(metadata?.kernelspec)?.language;
  const language = (typeof name === 'string' ? name : typeof kernelLanguage === 'string' ? kernelLanguage : 'python').toLowerCase();
  const cells = root.cells.map((raw: unknown, index: number): IpynbCell => {
    const cell = asObject(raw);
    // nbformat: a string or a list of strings; anything else holds no code.
    const source = Array.isArray(cell?.source) ? cell.source.map((line) => (typeof line === 'string' ? line : '')).join('') : typeof cell?.source === 'string' ? cell.source : '';
    const kind = cell?.cell_type === 'code' ? 'code' : cell?.cell_type === 'markdown' ? 'markdown' : 'raw';
    return { index, kind, text: source };
  });
  return { cells, language };
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Python's json module writes NaN, Infinity and -Infinity as bare words (outputs and metadata of real
 * notebooks hold them), and Jupyter reads them; JSON.parse does not. Outside strings they become `null`
 * here, for reading only (sagelint reads just the cells' sources from the result; fixes edit the
 * original text); every other number and string is left exactly as it is.
 */
export function withoutNonFiniteNumbers(json: string): string {
  if (!/NaN|Infinity/.test(json)) return json;
  let out = '';
  let copied = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      // Skip the string, escapes included.
      for (i++; i < json.length && json[i] !== '"'; i++) if (json[i] === '\\') i++;
      continue;
    }
    const word = c === 'N' && json.startsWith('NaN', i) ? 'NaN' : c === 'I' && json.startsWith('Infinity', i) ? 'Infinity' : c === '-' && json.startsWith('-Infinity', i) ? '-Infinity' : '';
    if (!word) continue;
    out += `${json.slice(copied, i)}null`;
    copied = i + word.length;
    i += word.length - 1;
  }
  return out + json.slice(copied);
}

/** The code cells worth analysing: all of them in a Python notebook, none in another language's. */
export function pythonCodeCells(notebook: { cells: readonly IpynbCell[]; language: string }): IpynbCell[] {
  if (!notebook.language.startsWith('python')) return [];
  return notebook.cells.filter((c) => c.kind === 'code');
}

/** Where a cell's `source` value is in the notebook's JSON text. */
interface SourceSpan {
  readonly start: number;
  readonly end: number;
  readonly kind: 'string' | 'array' | 'other';
  /** For an array: each item's text in the JSON, and whether it is a string. */
  readonly items: { start: number; end: number; isString: boolean }[];
}

/**
 * Finds each cell's `source` value in notebook JSON without parsing into values, so that nothing else
 * has to be written again. Duplicate keys resolve as JSON.parse resolves them (the last one wins).
 * Iterative, so deeply nested outputs cannot exhaust the stack.
 */
function locateSources(json: string): Map<number, SourceSpan> {
  type Frame = { kind: 'object' | 'array'; key?: string; index: number; role: 'root' | 'cells' | 'cell' | 'source' | 'other'; cell?: number; start: number; span?: SourceSpan };
  let sources = new Map<number, SourceSpan>();
  const stack: Frame[] = [];
  let i = json.charCodeAt(0) === 0xfeff ? 1 : 0;
  let expectKey = false;
  /** What a value starting now is, from the frame it sits in. */
  const roleOfValue = (): { role: Frame['role']; cell?: number } => {
    const top = stack[stack.length - 1];
    if (!top) return { role: 'root' };
    if (top.role === 'root' && top.kind === 'object' && top.key === 'cells') return { role: 'cells' };
    if (top.role === 'cells' && top.kind === 'array') return { role: 'cell', cell: top.index };
    if (top.role === 'cell' && top.kind === 'object' && top.key === 'source') return { role: 'source', cell: top.cell };
    return { role: 'other' };
  };
  const scanString = (from: number): number => {
    let j = from + 1;
    while (j < json.length) {
      const c = json.charCodeAt(j);
      if (c === 0x5c) j += 2;
      else if (c === 0x22) return j + 1;
      else j++;
    }
    return json.length;
  };
  /** Records a scalar (or a finished container) value that spans [start, end). */
  const finishValue = (start: number, end: number, kind: SourceSpan['kind'], span?: SourceSpan) => {
    const top = stack[stack.length - 1];
    if (top?.role === 'source' && top.kind === 'array' && top.span) top.span.items.push({ start, end, isString: kind === 'string' });
    const role = roleOfValue();
    if (role.role === 'source' && role.cell !== undefined) sources.set(role.cell, span ?? { start, end, kind, items: [] });
  };
  while (i < json.length) {
    const c = json[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '{' || c === '[') {
      const { role, cell } = roleOfValue();
      let frameRole: Frame['role'] = 'other';
      if (role === 'root' && c === '{') frameRole = 'root';
      else if (role === 'cells' && c === '[') {
        frameRole = 'cells';
        sources = new Map(); // a later "cells" key replaces an earlier one, as in JSON.parse
      } else if (role === 'cell' && c === '{') frameRole = 'cell';
      else if (role === 'source') frameRole = 'source';
      const frame: Frame = { kind: c === '{' ? 'object' : 'array', index: 0, role: frameRole, cell, start: i };
      if (frameRole === 'source') frame.span = { start: i, end: -1, kind: c === '[' ? 'array' : 'other', items: [] };
      stack.push(frame);
      expectKey = c === '{';
      i++;
    } else if (c === '}' || c === ']') {
      const frame = stack.pop();
      i++;
      if (frame?.span) {
        const span = { ...frame.span, end: i };
        finishValue(span.start, i, span.kind, span);
      } else if (frame) {
        const top = stack[stack.length - 1];
        if (top?.role === 'source' && top.kind === 'array' && top.span) top.span.items.push({ start: frame.start, end: i, isString: false });
      }
      expectKey = false;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.index++;
      expectKey = top?.kind === 'object';
      i++;
    } else if (c === ':') {
      i++;
    } else if (c === '"') {
      const end = scanString(i);
      const top = stack[stack.length - 1];
      if (expectKey && top?.kind === 'object') {
        top.key = JSON.parse(json.slice(i, end)) as string;
        expectKey = false;
      } else {
        finishValue(i, end, 'string');
      }
      i = end;
    } else {
      // A number or literal (true, false, null, NaN, Infinity): up to the next delimiter.
      let j = i;
      while (j < json.length && !' \t\n\r,:]}'.includes(json[j])) j++;
      finishValue(i, j, 'other');
      i = Math.max(j, i + 1);
    }
  }
  return sources;
}

/** A JSON string for a source line: the escapes Jupyter writes, and \uXXXX for non-ASCII when the file is ASCII-only. */
function jsonString(text: string, asciiOnly: boolean): string {
  const quoted = JSON.stringify(text);
  return asciiOnly ? quoted.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : quoted;
}

/**
 * The notebook JSON with new text for some cells (by index). Only those cells' `source` values are
 * rewritten, in the original text: every other byte stays as it was (numbers, escapes, key order,
 * duplicate keys, formatting). In a list `source`, lines that did not change keep their JSON text too,
 * and new items follow the list's own layout.
 */
export function writeIpynb(json: string, texts: ReadonlyMap<number, string>): string {
  const spans = locateSources(json);
  const asciiOnly = !/[^\x00-\x7f]/.test(json);
  const replacements: { start: number; end: number; text: string }[] = [];
  for (const [index, text] of texts) {
    const span = spans.get(index);
    if (!span) continue;
    const current = (() => {
      try {
        const value = JSON.parse(json.slice(span.start, span.end)) as unknown;
        return Array.isArray(value) ? (value.every((v) => typeof v === 'string') ? value.join('') : undefined) : typeof value === 'string' ? value : undefined;
      } catch {
        return undefined; // NaN and the like: not a text source
      }
    })();
    if (current === text) continue;
    replacements.push({ start: span.start, end: span.end, text: span.kind === 'array' ? sourceList(json, span, text, asciiOnly) : jsonString(text, asciiOnly) });
  }
  let out = json;
  for (const r of replacements.sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.text + out.slice(r.end);
  return out;
}

/** A list `source` for `text`, one item per line, reusing the JSON of unchanged items and the list's layout. */
function sourceList(json: string, span: SourceSpan, text: string, asciiOnly: boolean): string {
  const lines = text.split(/(?<=\n)/).filter((line) => line !== '');
  const items = span.items;
  const raw = items.map((item) => json.slice(item.start, item.end));
  const values = items.every((item) => item.isString) ? raw.map((r) => JSON.parse(r) as string) : undefined;
  // Layout: what precedes the first item, separates items and follows the last, taken from this list.
  let open: string;
  let separator: string;
  let close: string;
  if (items.length) {
    open = json.slice(span.start + 1, items[0].start);
    close = json.slice(items[items.length - 1].end, span.end - 1);
    separator = items.length > 1 ? json.slice(items[0].end, items[1].start) : `,${open}`;
  } else {
    const lineStart = json.lastIndexOf('\n', span.start) + 1;
    const keyIndent = /^[ \t]*/.exec(json.slice(lineStart))![0];
    const unit = /^[{[]\r?\n([ \t]+)/.exec(json.slice(json.charCodeAt(0) === 0xfeff ? 1 : 0))?.[1];
    const eol = json.includes('\r\n') ? '\r\n' : '\n';
    if (unit === undefined) {
      open = '';
      close = '';
      separator = /,\s/.test(json) ? ', ' : ',';
    } else {
      open = `${eol}${keyIndent}${unit}`;
      close = `${eol}${keyIndent}`;
      separator = `,${open}`;
    }
  }
  if (!lines.length) return '[]';
  let rendered: string[];
  if (values) {
    rendered = [];
    let k = 0;
    for (const op of diffLines(values, lines)) {
      if (op.kind === '-') k++;
      else if (op.kind === ' ') rendered.push(raw[k++]);
      else rendered.push(jsonString(op.line, asciiOnly));
    }
  } else {
    rendered = lines.map((line) => jsonString(line, asciiOnly));
  }
  return `[${open}${rendered.join(separator)}${close}]`;
}
