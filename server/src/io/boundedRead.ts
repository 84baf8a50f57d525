import * as fs from 'fs';
import * as path from 'path';

/**
 * The one way sagelint reads a file it did not write: repository content is untrusted. Git stores
 * symbolic links, so a cloned repository can ship `requirements.txt -> /dev/zero` or a named pipe;
 * `readFileSync` on those never returns (or fills memory). So:
 *
 * - only regular files are read (lstat, and fstat again after opening, in case the file was swapped);
 *   a symbolic link is followed only when its target is a regular file (inside `within`, when given);
 * - the file is opened with O_NONBLOCK, so even a named pipe that slipped through cannot block;
 * - at most `maxBytes` are read: a larger file is refused before reading, and a file that grows while
 *   read is refused too.
 *
 * Failures are values, never exceptions, each with a reason a person can act on.
 */

/** Project files (requirements, pyproject.toml, setup.cfg, lock files, .gitignore, METADATA): none is near this in practice. */
export const PROJECT_FILE_MAX_BYTES = 8 * 1024 * 1024;

export interface ReadBounds {
  /** Larger files are not read. */
  readonly maxBytes: number;
  /**
   * Folders the file must be inside once symbolic links are resolved (the project, the workspace
   * folders). Undefined: anywhere (a file the user named).
   */
  readonly within?: readonly string[];
}

export type ReadFailureReason = 'missing' | 'not-a-file' | 'too-large' | 'outside' | 'unreadable';

export interface ReadFailure {
  readonly ok: false;
  readonly reason: ReadFailureReason;
  /** Why, for a person: "a symbolic link to /dev/zero, which is a device, not a regular file". */
  readonly message: string;
}

export type BytesRead = { readonly ok: true; readonly bytes: Buffer } | ReadFailure;
export type TextRead = { readonly ok: true; readonly text: string } | ReadFailure;

const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

function failure(reason: ReadFailureReason, message: string): ReadFailure {
  return { ok: false, reason, message };
}

/** What a non-regular file is, in words. */
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function sizeInWords(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function errorFailure(error: unknown): ReadFailure {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return failure('missing', 'no such file');
  if (code === 'ELOOP') return failure('not-a-file', 'a symbolic link loop');
  return failure('unreadable', `cannot read it (${code ?? (error as Error)?.message ?? String(error)})`);
}

/** True when `file` (absolute, symbolic links resolved) is `folder` or below it. */
export function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The real path of a folder, or the folder as given when it cannot be resolved. */
function realFolder(folder: string): string {
  try {
    return fs.realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
}

/** Reads a file's bytes within bounds (see the module comment). */
export function readBoundedBytes(file: string, bounds: ReadBounds): BytesRead {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    return errorFailure(error);
  }
  let target = file;
  const link = stat.isSymbolicLink();
  if (link || bounds.within) {
    // Resolve links (of the file and of the folders above it) to judge what would really be read.
    try {
      target = fs.realpathSync(file);
      stat = fs.statSync(target);
    } catch (error) {
      const missing = errorFailure(error);
      return link && missing.reason === 'missing' ? failure('missing', 'a symbolic link to nothing') : missing;
    }
  }
  const via = target !== path.resolve(file) && link ? `a symbolic link to ${target}, which is ` : '';
  if (!stat.isFile()) return failure('not-a-file', `${via}${kindOf(stat)}, not a regular file`);
  if (bounds.within && !bounds.within.some((folder) => isInside(realFolder(folder), target))) {
    return failure('outside', `${via || 'a file '}outside ${bounds.within.length === 1 ? bounds.within[0] : 'the workspace folders'}`);
  }
  if (stat.size > bounds.maxBytes) return failure('too-large', `larger than ${sizeInWords(bounds.maxBytes)} (${sizeInWords(stat.size)})`);
  let fd: number;
  try {
    fd = fs.openSync(target, fs.constants.O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  } catch (error) {
    return errorFailure(error);
  }
  try {
    // Again on the open file: it may have been replaced by a pipe or a device since the lstat.
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) return failure('not-a-file', `${kindOf(opened)}, not a regular file`);
    if (opened.size > bounds.maxBytes) return failure('too-large', `larger than ${sizeInWords(bounds.maxBytes)} (${sizeInWords(opened.size)})`);
    // One byte more than the size (or the cap) tells a file that grew, or is over the cap, from one that ends there.
    const buffer = Buffer.allocUnsafe(Math.min(bounds.maxBytes, opened.size) + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return { ok: true, bytes: buffer.subarray(0, length) };
      length += read;
    }
    if (length > bounds.maxBytes) return failure('too-large', `larger than ${sizeInWords(bounds.maxBytes)}`);
    // The file grew while being read: read what else there is, up to the cap.
    return readGrowing(fd, buffer, bounds.maxBytes);
  } catch (error) {
    return errorFailure(error);
  } finally {
    fs.closeSync(fd);
  }
}

function readGrowing(fd: number, start: Buffer, maxBytes: number): BytesRead {
  const chunks = [start];
  let length = start.length;
  const chunk = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    const read = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) return { ok: true, bytes: Buffer.concat(chunks, length) };
    length += read;
    if (length > maxBytes) return failure('too-large', `larger than ${sizeInWords(maxBytes)}`);
    chunks.push(Buffer.from(chunk.subarray(0, read)));
  }
}

/** Reads a file as UTF-8 text within bounds (invalid bytes become U+FFFD, a leading BOM is kept). */
export function readBoundedText(file: string, bounds: ReadBounds): TextRead {
  const read = readBoundedBytes(file, bounds);
  return read.ok ? { ok: true, text: read.bytes.toString('utf8') } : read;
}

/** readBoundedText for a project file, or an Error whose message says why (for callers that catch). */
export function readProjectFile(file: string, within?: readonly string[]): string {
  const read = readBoundedText(file, { maxBytes: PROJECT_FILE_MAX_BYTES, within });
  if (read.ok) return read.text;
  throw new BoundedReadError(file, read);
}

export class BoundedReadError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly file: string,
    readonly failure: ReadFailure,
  ) {
    super(`${file}: ${failure.message}`);
    // Callers that treated ENOENT from readFileSync as "absent" keep doing so.
    this.code = failure.reason === 'missing' ? 'ENOENT' : undefined;
  }
}
