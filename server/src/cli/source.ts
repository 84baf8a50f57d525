import * as fs from 'fs';
import { BoundedReadError, readBoundedBytes } from '../io/boundedRead';

/**
 * The seam between files on disk and the analyser. Other source kinds (notebooks) plug in here:
 * add the extension to SOURCE_EXTENSIONS and teach readSource/writeSource to map them to Python text.
 */
export const SOURCE_EXTENSIONS: readonly string[] = ['.py', '.ipynb'];
/** Other files found while walking folders: pip requirements files (SM703; see requirements/cliTask.ts). */
export { PYPROJECT_FILE, REQUIREMENTS_FILE } from '../environment/declared';

export interface Source {
  /** The Python text to analyse (without a byte order mark). */
  readonly text: string;
  /** The file started with a UTF-8 byte order mark; writing it back keeps it. */
  readonly bom: boolean;
  /** The coding the bytes were decoded with ('utf-8', or a PEP 263 coding); fixed text is encoded back with it. */
  readonly encoding: string;
  /**
   * Why fixed text cannot be written back byte for byte (bytes that are not valid in the file's coding,
   * a coding we cannot encode): then the text was decoded leniently for checking only, and fixes must
   * leave the file untouched. Undefined when fixes can be written.
   */
  readonly unwritable?: string;
}

/**
 * Reads a file as Python text (decoded by its PEP 263 coding line, else as UTF-8). Only a regular file
 * of at most `maxBytes` is read (else a BoundedReadError says why).
 */
export function readSource(file: string, options: DecodeOptions & { readonly maxBytes?: number } = {}): Source {
  const read = readBoundedBytes(file, { maxBytes: options.maxBytes ?? Number.MAX_SAFE_INTEGER });
  if (!read.ok) throw new BoundedReadError(file, read);
  return decodeSource(read.bytes, options);
}

export interface DecodeOptions {
  /**
   * Honour a `coding:` declaration in the first two lines (PEP 263 for Python; pip reads requirements
   * files the same way). Off for formats that are UTF-8 by definition (JSON notebooks, TOML).
   */
  readonly codingLine?: boolean;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Decodes source bytes. Valid text in its coding decodes exactly, and encodeSource gives the same bytes
 * back for every character not edited. Bytes that are not valid in the coding still decode (invalid
 * UTF-8 as U+FFFD), so the rest of the file is checked, but `unwritable` then says why no fix may be
 * written.
 */
export function decodeSource(bytes: Uint8Array, options: DecodeOptions = { codingLine: true }): Source {
  const codingLine = options.codingLine ?? true;
  const bom = bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b);
  const body = bom ? bytes.subarray(3) : bytes;
  const declared = codingLine && !bom ? declaredCoding(body) : undefined;
  const codec = declared === undefined ? UTF8 : codecFor(declared);
  if (!codec) {
    return { text: lenientUtf8(body), bom, encoding: declared!, unwritable: `its coding "${declared}" is not one sagelint can write back` };
  }
  const decoded = codec.decode(body);
  if (decoded !== undefined) return { text: decoded, bom, encoding: codec.name };
  const text = lenientUtf8(body);
  const where = codec === UTF8 ? firstInvalidUtf8(body) : undefined;
  return {
    text,
    bom,
    encoding: codec.name,
    unwritable: codec === UTF8 ? `it is not valid UTF-8 (byte ${where} is not), and it declares no other coding` : `it has bytes that are not valid ${codec.name}`,
  };
}

/** The bytes of fixed text in the source's coding, or why they cannot be written. */
export function encodeSource(source: Source, text: string): { bytes: Uint8Array } | { error: string } {
  if (source.unwritable) return { error: source.unwritable };
  const codec = source.encoding === 'utf-8' ? UTF8 : codecFor(source.encoding);
  const body = codec?.encode(text);
  if (!body) return { error: `the fixed text has characters that ${source.encoding} cannot encode` };
  if (!source.bom) return { bytes: body };
  const out = new Uint8Array(body.length + 3);
  out.set(UTF8_BOM);
  out.set(body, 3);
  return { bytes: out };
}

/** Writes fixed text back to where readSource read it; throws when it cannot be written byte for byte. */
export function writeSource(file: string, source: Source, text: string): void {
  const encoded = encodeSource(source, text);
  if ('error' in encoded) throw new Error(encoded.error);
  fs.writeFileSync(file, encoded.bytes);
}

function lenientUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
}

/** The offset of the first byte that makes `bytes` invalid UTF-8 (RFC 3629: no overlongs, no surrogates). */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (!length || i + length > bytes.length) return i;
    // The second byte's range excludes overlong forms and surrogates; the others are plain continuations.
    const second = bytes[i + 1];
    const [low, high] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return undefined;
}

/**
 * The PEP 263 coding named in the first two lines (the second only when the first is blank or a
 * comment), as CPython's tokenizer looks for it: `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`.
 */
export function declaredCoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const lines = head.split(/\r\n|\r|\n/, 2);
  const pattern = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
  const first = pattern.exec(lines[0] ?? '');
  if (first) return first[1];
  if (lines.length > 1 && /^[ \t\f]*(#.*)?$/.test(lines[0])) return pattern.exec(lines[1] ?? '')?.[1];
  return undefined;
}

interface Codec {
  readonly name: string;
  /** The text, or undefined when a byte is not valid in this coding. */
  decode(bytes: Uint8Array): string | undefined;
  /** The bytes, or undefined when a character has no encoding in this coding. */
  encode(text: string): Uint8Array | undefined;
}

const UTF8: Codec = {
  name: 'utf-8',
  decode(bytes) {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return undefined;
    }
  },
  encode(text) {
    // A lone surrogate would become EF BF BD; text decoded from valid UTF-8 has none, but an edit might.
    if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) return undefined;
    return new TextEncoder().encode(text);
  },
};

/** A coding where each byte is one character: a table of 256 entries (undefined: the byte is invalid). */
function singleByteCodec(name: string, table: readonly (string | undefined)[]): Codec {
  const reverse = new Map<string, number>();
  table.forEach((char, byte) => {
    if (char !== undefined && !reverse.has(char)) reverse.set(char, byte);
  });
  return {
    name,
    decode(bytes) {
      let out = '';
      for (let i = 0; i < bytes.length; i++) {
        const char = table[bytes[i]];
        if (char === undefined) return undefined;
        out += char;
      }
      return out;
    },
    encode(text) {
      const out = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) {
        const byte = reverse.get(text[i]);
        if (byte === undefined) return undefined;
        out[i] = byte;
      }
      return out;
    },
  };
}

/** Python's names, normalised as its codecs module does (lower case, `_` and spaces as `-`). */
function normaliseCoding(name: string): string {
  return name.toLowerCase().replace(/[_ ]/g, '-');
}

const LATIN1_NAMES = new Set(['latin-1', 'latin1', 'latin', 'l1', 'iso-8859-1', 'iso8859-1', 'iso-latin-1', '8859', 'cp819', 'iso-ir-100', 'iso8859', 'ibm819', 'csisolatin1']);
const ASCII_NAMES = new Set(['ascii', 'us-ascii', '646', 'us', 'ansi-x3.4-1968', 'iso646-us', 'cp367', 'ibm367', 'csascii']);
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'u8', 'utf', 'cp65001', 'utf8-ucs2', 'utf8-ucs4']);
/** Codings the WHATWG decoder knows whose characters take several bytes: decodable, but we have no encoder. */
const MULTI_BYTE = new Set(['gbk', 'gb18030', 'big5', 'euc-jp', 'iso-2022-jp', 'shift_jis', 'euc-kr', 'utf-16le', 'utf-16be']);

const codecCache = new Map<string, Codec | undefined>();

/** The codec for a declared coding, or undefined when we cannot both decode and encode it exactly. */
function codecFor(declared: string): Codec | undefined {
  const name = normaliseCoding(declared);
  if (codecCache.has(name)) return codecCache.get(name);
  let codec: Codec | undefined;
  // CPython's tokenizer treats "utf-8-<anything>" and "latin-1-<anything>" as those codings.
  if (UTF8_NAMES.has(name) || name.startsWith('utf-8-')) codec = UTF8;
  else if (LATIN1_NAMES.has(name) || /^(latin-1|iso-8859-1|iso-latin-1)-/.test(name)) {
    codec = singleByteCodec('latin-1', Array.from({ length: 256 }, (_, b) => String.fromCharCode(b)));
  } else if (ASCII_NAMES.has(name)) {
    codec = singleByteCodec('ascii', Array.from({ length: 256 }, (_, b) => (b < 0x80 ? String.fromCharCode(b) : undefined)));
  } else {
    let decoder: { readonly encoding: string } | undefined;
    try {
      decoder = new TextDecoder(name, { fatal: true });
    } catch {
      decoder = undefined; // a coding the WHATWG decoder does not know (cp437, ...)
    }
    // The WHATWG "latin1"/"ascii" labels mean windows-1252; those names were handled above.
    if (decoder && !MULTI_BYTE.has(decoder.encoding) && decoder.encoding !== 'utf-8' && decoder.encoding !== 'replacement') {
      const table = Array.from({ length: 256 }, (_, b) => {
        try {
          const char = new TextDecoder(name, { fatal: true }).decode(Uint8Array.of(b));
          return char.length === 1 ? char : undefined;
        } catch {
          return undefined;
        }
      });
      codec = singleByteCodec(normaliseCoding(declared), table);
    } else if (decoder?.encoding === 'utf-8') codec = UTF8;
  }
  codecCache.set(name, codec);
  return codec;
}
