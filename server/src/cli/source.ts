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
}

/**
 * Reads a file as Python text. Invalid UTF-8 becomes U+FFFD rather than an error: the rest is still worth
 * checking. Only a regular file of at most `maxBytes` is read (else a BoundedReadError says why).
 */
export function readSource(file: string, maxBytes = Number.MAX_SAFE_INTEGER): Source {
  const read = readBoundedBytes(file, { maxBytes });
  if (!read.ok) throw new BoundedReadError(file, read);
  return decodeSource(read.bytes);
}

export function decodeSource(bytes: Uint8Array): Source {
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), bom: true } : { text, bom: false };
}

/** Writes fixed text back to where readSource read it. */
export function writeSource(file: string, source: Source, text: string): void {
  fs.writeFileSync(file, source.bom ? `\ufeff${text}` : text);
}
