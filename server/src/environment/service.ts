import * as path from 'path';
import { fileURLToPath } from 'url';
import { AnalyzeOptions } from '../analysis/analyze';
import { DetectedEnvironment, detectEnvironment } from './detect';

/** The `sagelint/status` notification's payload (server → client). */
export interface EnvironmentStatus {
  readonly summary: string;
  readonly details: readonly string[];
  readonly sdk?: { readonly major: number; readonly version: string; readonly source: string; readonly typed?: boolean };
  readonly untrusted?: boolean;
}

export const STATUS_NOTIFICATION = 'sagelint/status';
/** Files whose change can change the detected environment (watched when the client can register watchers). */
export const ENVIRONMENT_WATCH_GLOBS = [
  '**/requirements*.txt', '**/setup.cfg', '**/Pipfile', '**/poetry.lock', '**/uv.lock', '**/mypy.ini', '**/.mypy.ini',
  '**/site-packages/sagemaker-*.dist-info/METADATA', '**/site-packages/sagemaker/py.typed',
  '**/site-packages/boto3-*.dist-info/METADATA', '**/site-packages/mypy_boto3_sagemaker*/**', '**/site-packages/types_boto3_sagemaker*/**',
  '**/setup.py', '**/.pre-commit-config.yaml',
];
/** client → server: `{ interpreter?: string }`, the Python extension's active interpreter (path to python). */
export const SET_INTERPRETER_NOTIFICATION = 'sagelint/setInterpreter';

/**
 * The server's view of the workspace's Python environments: one detection per workspace folder,
 * cached until an input changes (folders, trust, sagelint.pythonPath, the client's interpreter).
 */
export class EnvironmentService {
  private roots: string[] = [];
  private trusted = true;
  private pythonPath: string | undefined;
  private interpreter: string | undefined;
  private readonly cache = new Map<string, DetectedEnvironment>();

  constructor(
    private readonly changed: () => void,
    /** Told once per detection about project files that were not read (special, too large, outside the workspace). */
    private readonly warn: (message: string) => void = () => {},
  ) {}

  configure(update: { roots?: string[]; trusted?: boolean; pythonPath?: string | null; interpreter?: string | null }): void {
    const before = JSON.stringify([this.roots, this.trusted, this.pythonPath, this.interpreter]);
    if (update.roots) this.roots = update.roots;
    if (update.trusted !== undefined) this.trusted = update.trusted;
    if (update.pythonPath !== undefined) this.pythonPath = typeof update.pythonPath === 'string' && update.pythonPath.trim() ? update.pythonPath.trim() : undefined;
    if (update.interpreter !== undefined) this.interpreter = typeof update.interpreter === 'string' && update.interpreter ? update.interpreter : undefined;
    if (JSON.stringify([this.roots, this.trusted, this.pythonPath, this.interpreter]) === before) return;
    this.cache.clear();
    this.changed();
  }

  /** Forget what was read from disk (a requirement file or the environment changed). */
  refresh(): void {
    this.cache.clear();
    this.changed();
  }

  /** The workspace folder a document belongs to (the deepest containing one), else the first folder. */
  private rootFor(uri: string | undefined): string | undefined {
    const file = uri ? uriPath(uri) : undefined;
    if (file) {
      const containing = this.roots.filter((root) => file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
      if (containing.length) return containing.sort((a, b) => b.length - a.length)[0];
    }
    return this.roots[0];
  }

  detect(uri?: string): DetectedEnvironment {
    const root = this.rootFor(uri);
    const key = root ?? '';
    let found = this.cache.get(key);
    if (!found) {
      // Project files and their includes are read only inside the workspace folders.
      const within = root ? [root, ...this.roots.filter((r) => r !== root)] : undefined;
      found = detectEnvironment({ root, pythonPath: this.pythonPath, interpreter: this.interpreter, env: process.env, trusted: this.trusted, within });
      this.cache.set(key, found);
      for (const { file, why } of found.notRead) this.warn(`sagelint: ${file}: ${why}.`);
    }
    return found;
  }

  optionsFor(uri: string): AnalyzeOptions | undefined {
    try {
      return { environment: this.detect(uri).environment };
    } catch {
      return undefined;
    }
  }

  status(uri?: string): EnvironmentStatus {
    const found = this.detect(uri);
    const sdk = found.environment.sdk;
    return {
      summary: found.summary,
      details: found.details,
      ...(sdk ? { sdk: { major: sdk.major, version: sdk.version, source: sdk.source, typed: sdk.typed } } : {}),
      ...(found.untrusted ? { untrusted: true } : {}),
    };
  }
}

/** The file path of a file: URI or of a notebook cell URI (vscode-notebook-cell: keeps the notebook's path). */
export function uriPath(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    if (url.protocol === 'file:') return fileURLToPath(url);
    if (url.protocol === 'vscode-notebook-cell:') return decodeURIComponent(url.pathname);
  } catch {
    // not a URI
  }
  return undefined;
}
