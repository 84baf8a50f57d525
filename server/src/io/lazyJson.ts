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
import * as fs from 'fs';

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
  const header = JSON.parse(text.slice(0, newline)) as Header;
  const bodyStart = newline + 1;
  const parse = (start: number): unknown => {
    const from = bodyStart + start;
    // The writer ends every entry with a line break; a file that lost its last one still reads to its end.
    const end = text.indexOf('\n', from);
    return JSON.parse(text.slice(from, end < 0 ? text.length : end));
  };
  return lazyMembers(header, parse);
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

/**
 * Reads a data file in the lazy form from disk (readLazyJson reads the same from its text): the header is
 * read and parsed at once, and each entry read from the file when first asked for, exactly its own bytes
 * (from its start to the next entry's). Holding the text of the entries not asked for cost the server
 * 5.3 MB of heap for as long as it ran (the bodies of the v2 and v3 signature tables and of the SageMaker
 * API model; a document reads a few dozen of their entries). Only a regular file is read so; anything
 * else is read whole, as is a file in plain JSON.
 *
 * The file stays open, so that an entry reads the file the header came from even once it is deleted or
 * replaced (an extension update; the build writes these files beside and renames them into place). Where an
 * entry's bytes are not where the index says (a file cut short, or one whose text is not ASCII, where
 * characters and bytes differ), all of the file is read as it is then, and the entries looked up in it by
 * key, as readLazyJson would. A file written over in place since it was opened (its size or time changed) is
 * not read again: its entries would mix with the header and the entries already read from the file before
 * (a class's parameters are found by their positions in the parameter list), so the entries not read yet
 * are unknown from then on (undefined, as for a key the file lacks), and the rules that need them stay silent.
 */
export function readLazyJsonFile(file: string): LazyJson {
  if (!fs.statSync(file).isFile()) return readLazyJson(fs.readFileSync(file, 'utf8'));
  const fd = fs.openSync(file, 'r');
  let header: Header | undefined;
  let bodyStart = 0;
  let stat: fs.Stats;
  try {
    stat = fs.fstatSync(fd);
    const first = readHeader(fd, stat.size);
    if (first) {
      header = JSON.parse(first.text) as Header;
      bodyStart = first.bytes + 1;
    }
  } finally {
    if (!header) fs.closeSync(fd);
  }
  if (!header) return readLazyJson(fs.readFileSync(file, 'utf8'));
  const { size, mtimeMs } = stat;
  const bodyLength = size - bodyStart;
  // Each entry ends where the next one (of any member) starts.
  const starts = Float64Array.from(Object.values(header.lazy).flatMap((member) => Object.values(member))).sort();
  let whole: LazyJson | undefined;
  const unchanged = (): boolean => {
    const now = fs.fstatSync(fd);
    return now.size === size && now.mtimeMs === mtimeMs;
  };
  const reader = {
    /** The entry at `start`, or undefined when the file cannot give it as the index says. */
    entry(start: number): { value: unknown } | undefined {
      if (whole || !unchanged()) return undefined;
      const next = nextStart(starts, start);
      const end = Math.min(next ?? bodyLength, bodyLength);
      // One byte more on either side: the line breaks that must bound the entry.
      const from = start > 0 ? start - 1 : 0;
      if (!(start >= 0 && start < end)) return undefined;
      const bytes = Buffer.allocUnsafe(end - from);
      if (fs.readSync(fd, bytes, 0, bytes.length, bodyStart + from) !== bytes.length) return undefined;
      if (start > 0 && bytes[0] !== NEWLINE) return undefined;
      let last = bytes.length;
      if (next !== undefined && next <= bodyLength) {
        if (bytes[last - 1] !== NEWLINE) return undefined;
        last--;
      } else if (bytes[last - 1] === NEWLINE) last--;
      return { value: JSON.parse(bytes.toString('utf8', start - from, last)) };
    },
    /** All of the file read as text, while it is still the file the header came from. */
    whole(): LazyJson | undefined {
      if (whole || !unchanged()) return whole;
      const text = fs.readFileSync(fd, 'utf8');
      // Written over while it was being read: what was read may be part old, part new.
      if (!unchanged()) return undefined;
      return (whole = readLazyJson(text));
    },
  };
  closeWhenCollected.register(reader, fd);
  return lazyMembers(header, (start, member, key) => {
    const read = reader.entry(start);
    if (read) return read.value;
    const whole = reader.whole();
    return typeof key === 'string' ? whole?.table(member).get(key) : whole?.list(member).at(key);
  });
}

interface Header {
  eager: Record<string, unknown>;
  lazy: Record<string, Record<string, number> | number[]>;
}

/**
 * The members of a lazy file: those kept whole read from the header, the others entry by entry through
 * `read` (the entry at `start` in the body: the `key` of a table, the index of a list), each parsed once
 * and kept (an entry that reads as undefined is asked for again).
 */
function lazyMembers(header: Header, read: (start: number, member: string, key: string | number) => unknown): LazyJson {
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
          if (value === undefined) {
            value = read(starts[key], member, key) as T;
            if (value !== undefined) parsed.set(key, value);
          }
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
          if (parsed[index] === undefined) parsed[index] = read(starts[index], member, index) as T;
          return parsed[index];
        },
      };
    },
  };
}

const NEWLINE = 10;

/** A file's descriptor, closed once nothing can read the file through it any more. */
const closeWhenCollected = new FinalizationRegistry<number>((fd) => {
  try {
    fs.closeSync(fd);
  } catch {
    // Already closed.
  }
});

/** The first line of the file, if it is a lazy form's header: its text and its length in bytes. */
function readHeader(fd: number, size: number): { text: string; bytes: number } | undefined {
  const chunks: Buffer[] = [];
  let read = 0;
  while (read < size) {
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, size - read));
    const count = fs.readSync(fd, chunk, 0, chunk.length, read);
    if (count <= 0) return undefined;
    if (read === 0 && chunk.toString('latin1', 0, Math.min(count, HEADER.length)) !== HEADER.slice(0, Math.min(count, HEADER.length))) return undefined;
    const newline = chunk.subarray(0, count).indexOf(NEWLINE);
    if (newline >= 0) {
      chunks.push(chunk.subarray(0, newline));
      const bytes = read + newline;
      const text = Buffer.concat(chunks).toString('utf8');
      return text.startsWith(HEADER) ? { text, bytes } : undefined;
    }
    chunks.push(chunk.subarray(0, count));
    read += count;
  }
  return undefined;
}

/** The smallest of the sorted `starts` above `start` (undefined for the last). */
function nextStart(starts: Float64Array, start: number): number | undefined {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid] <= start) low = mid + 1;
    else high = mid;
  }
  return low < starts.length ? starts[low] : undefined;
}
