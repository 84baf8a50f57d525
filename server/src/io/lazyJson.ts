/**
 * Data files read on first use whose large tables are parsed entry by entry. The SDK signature tables are
 * 1.9 MB (v2) and 3.4 MB (v3) of JSON, and a module whose SDK version is unknown reads both: parsing them
 * whole took about 70 ms on the first analysis after a start, and the 20 MB of objects it made were
 * copied twice by the young-generation collector on their way to the old one. An analysis asks for a few
 * dozen classes. The lazy form (written by scripts/lazyJson.mjs at build time) holds each entry's JSON
 * text at known offsets: a start parses the small header, and each entry is parsed when first asked for.
 * The writer escapes every non-ASCII character, so Node reads the file into a one-byte string (half the
 * memory of the two-byte string a single accented letter used to make of the whole file).
 */

/** A JSON object's entries by key. Asking twice gives the same value (the same object). */
export interface JsonTable<T> {
  has(key: string): boolean;
  get(key: string): T | undefined;
}

/** A JSON array's items by index. */
export interface JsonList<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

/** The members of a data file: the lazy ones as tables or lists, the others as parsed. */
export interface LazyJson {
  readonly eager: Record<string, unknown>;
  table<T>(member: string): JsonTable<T>;
  list<T>(member: string): JsonList<T>;
}

const HEADER = '{"lazyJson":2,';

/** Whether `text` is in the lazy form (else it is plain JSON). */
export function isLazyJson(text: string): boolean {
  return text.startsWith(HEADER);
}

/** Reads a data file's text, in the lazy form or plain JSON: either way, the same tables. */
export function readLazyJson(text: string): LazyJson {
  if (!isLazyJson(text)) return plain(JSON.parse(text) as Record<string, unknown>);
  const newline = text.indexOf('\n');
  // Each entry's start in the body; the entry ends at the next line break (scripts/lazyJson.mjs).
  const header = JSON.parse(text.slice(0, newline)) as { eager: Record<string, unknown>; lazy: Record<string, Record<string, number> | number[]> };
  const bodyStart = newline + 1;
  const parse = (start: number): unknown => {
    const from = bodyStart + start;
    // The writer ends every entry with a line break; a file that lost its last one still reads to its end.
    const end = text.indexOf('\n', from);
    return JSON.parse(text.slice(from, end < 0 ? text.length : end));
  };
  return {
    eager: header.eager,
    table<T>(member: string): JsonTable<T> {
      const starts = header.lazy[member];
      // A member the writer kept whole is read as it is.
      if (!starts) return plain(header.eager).table<T>(member);
      if (Array.isArray(starts)) throw new Error(`lazy JSON: ${member} is a list, not a table`);
      const parsed = new Map<string, T>();
      return {
        has: (key) => Object.hasOwn(starts, key),
        get: (key) => {
          if (!Object.hasOwn(starts, key)) return undefined;
          let value = parsed.get(key);
          if (value === undefined) parsed.set(key, (value = parse(starts[key]) as T));
          return value;
        },
      };
    },
    list<T>(member: string): JsonList<T> {
      const starts = header.lazy[member];
      if (!starts) return plain(header.eager).list<T>(member);
      if (!Array.isArray(starts)) throw new Error(`lazy JSON: ${member} is a table, not a list`);
      const parsed: (T | undefined)[] = [];
      return {
        length: starts.length,
        at: (index) => {
          if (!(index >= 0 && index < starts.length)) return undefined;
          return (parsed[index] ??= parse(starts[index]) as T);
        },
      };
    },
  };
}

/** The same interface over data parsed whole (the source tree's plain JSON, read by tests). */
export function plain(data: Record<string, unknown>): LazyJson {
  return {
    eager: data,
    table<T>(member: string): JsonTable<T> {
      const object = data[member] as Record<string, T>;
      return { has: (key) => Object.hasOwn(object, key), get: (key) => (Object.hasOwn(object, key) ? object[key] : undefined) };
    },
    list<T>(member: string): JsonList<T> {
      const array = data[member] as T[];
      return { length: array.length, at: (index) => array[index] };
    },
  };
}
