import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { PythonParser } from '../parse/parser';
import type { SyntaxTree } from '../parse/syntaxNode';
import { isInside, readBoundedBytes } from './boundedRead';

/**
 * Where the Python files a module names (a Lambda helper's `script="lambda_script.py"`) are looked for,
 * as plain data (it crosses to the CLI's worker threads and goes into the analysis's reuse key).
 */
export interface ScriptAccess {
  /**
   * The folder a relative name is resolved from: the SDK opens `script` relative to the Python process's
   * working directory, which for a notebook is the notebook's folder and for a module is assumed to be
   * the module's folder (where `python pipeline.py` is usually run).
   */
  readonly directory: string;
  /** Folders a file must be inside, symbolic links resolved (the workspace). Empty: nothing is read. */
  readonly within: readonly string[];
}

/** A script larger than this is not read: a Lambda handler file is a few KB. */
export const SCRIPT_MAX_BYTES = 1024 * 1024;

/** A Python file another module names, read and parsed. */
export interface ScriptSource {
  /** The absolute path it was read from (as resolved from the name, before symbolic links). */
  readonly path: string;
  /** The name as the module gave it (for messages). */
  readonly name: string;
  readonly tree: SyntaxTree;
}

interface Entry {
  readonly fingerprint: string;
  /** The UTF-8 text, when it may be Python; parsed only when python() asks (fingerprint() never does). */
  readonly text?: string;
  /** The parse of `text`: undefined until asked for, null when it does not parse without errors. */
  source?: ScriptSource | null;
}

/**
 * Reads the Python files an analysis names, for one analysis: each at most once (every question about the
 * same path gets the same answer), never outside the workspace, never following a link out of it, never
 * more than SCRIPT_MAX_BYTES, and never run. A file that is missing, unreadable, too large, not a `.py`
 * file, not UTF-8 text or not parsed without errors gives no source: a rule that needs it stays silent.
 *
 * Every read has a fingerprint (a hash of the bytes, or why there were none) so that an analysis that
 * reuses findings made from a file can first check the file is still what it was.
 */
export class ScriptFiles {
  private readonly entries = new Map<string, Entry>();
  /** Every path read (and, for a symbolic link, the file it points at): what a watcher must report. */
  readonly pathsRead = new Set<string>();

  constructor(
    private readonly access: ScriptAccess,
    private readonly parser: PythonParser,
  ) {}

  /** The absolute path a name means, or undefined when it cannot be inside the workspace. */
  resolve(name: string): string | undefined {
    if (!name || name.includes('\0') || !this.access.within.length) return undefined;
    const resolved = path.resolve(this.access.directory, name);
    // Lexically first (no I/O for `/etc/passwd`); links are judged by the bounded read.
    if (!this.access.within.some((folder) => isInside(path.resolve(folder), resolved))) return undefined;
    return resolved;
  }

  /** The parsed Python file a name means, with the fingerprint of what was read; undefined when the name cannot be read at all. */
  python(name: string): { path: string; fingerprint: string; source?: ScriptSource } | undefined {
    const resolved = this.resolve(name);
    if (!resolved) return undefined;
    const entry = this.entry(resolved);
    if (entry.source === undefined) entry.source = entry.text === undefined ? null : this.parse(entry.text, resolved, name);
    return { path: resolved, fingerprint: entry.fingerprint, source: entry.source ?? undefined };
  }

  /** The fingerprint of a path now (read once per analysis): compared with a recorded one before reusing findings. */
  fingerprint(resolved: string): string {
    return this.entry(resolved).fingerprint;
  }

  private entry(resolved: string): Entry {
    let entry = this.entries.get(resolved);
    if (!entry) {
      entry = this.read(resolved);
      this.entries.set(resolved, entry);
      this.pathsRead.add(resolved);
      try {
        const real = fs.realpathSync(resolved);
        if (real !== resolved) this.pathsRead.add(real);
      } catch {
        // missing: the path itself is what a watcher reports when it appears
      }
    }
    return entry;
  }

  private read(resolved: string): Entry {
    if (!resolved.endsWith('.py')) return { fingerprint: '!not-python' };
    const read = readBoundedBytes(resolved, { maxBytes: SCRIPT_MAX_BYTES, within: this.access.within });
    if (!read.ok) return { fingerprint: `!${read.reason}` };
    const fingerprint = createHash('sha256').update(read.bytes).digest('hex');
    const text = read.bytes.toString('utf8');
    // Invalid UTF-8 (or a binary file with a .py name) is not what Python would import either.
    if (text.includes('\uFFFD') || text.includes('\0')) return { fingerprint };
    return { fingerprint, text };
  }

  private parse(text: string, resolved: string, name: string): ScriptSource | null {
    const parsed = this.parser.parse(text);
    if (!parsed) return null;
    try {
      // With a syntax error the Lambda cannot import the handler at all; nothing here is provable.
      if (parsed.hasError) return null;
      return { path: resolved, name, tree: parsed.toSyntaxTree(text) };
    } finally {
      parsed.free();
    }
  }
}
