import * as path from 'path';
import { fileURLToPath } from 'url';
import { AnalyzeOptions } from '../analysis/analyze';
import { DetectedEnvironment, detectEnvironment } from './detect';
import { describeFileSdkVersion, FileSdkVersion } from './fileVersion';
import { describeRange, shortRange } from './sdkVersionRange';
import type { NotebookPinScan } from '../notebook/sdkPin';
import type { SdkEnvironment } from './types';
import type { ScriptAccess } from '../io/scriptFiles';

/** The `sagelint/status` notification's payload (server → client). */
export interface EnvironmentStatus {
  readonly summary: string;
  readonly details: readonly string[];
  readonly sdk?: { readonly major: number; readonly version: string; readonly source: string; readonly typed?: boolean; readonly range?: string };
  readonly untrusted?: boolean;
}

/**
 * The answer to `sagelint/fileStatus` (client → server, `{ uri }`): the workspace's status for one
 * document, with the SDK version that document is checked against (a notebook's own pin included).
 * The status bar shows it for the active editor; the server sends `sagelint/status` again when a
 * notebook's pin changes, so the client asks again.
 */
export interface FileStatus extends EnvironmentStatus {
  readonly uri: string;
  readonly version: FileSdkVersion;
}

export const FILE_STATUS_REQUEST = 'sagelint/fileStatus';

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

  /** The folders project files may be read from for a document (its workspace folder first); none when untrusted. */
  readableFolders(uri?: string): string[] {
    if (!this.trusted) return [];
    const root = this.rootFor(uri);
    return root ? [root, ...this.roots.filter((r) => r !== root)] : [];
  }

  optionsFor(uri: string): AnalyzeOptions | undefined {
    try {
      return { environment: this.detect(uri).environment, ...this.scriptsFor(uri) };
    } catch {
      return undefined;
    }
  }

  /**
   * Where the Python files a document names are read (a Lambda helper's script): relative to the
   * document's folder (a notebook's kernel runs there; a module is assumed to be run from its own),
   * inside the workspace folders only, and nothing at all in an untrusted workspace.
   */
  private scriptsFor(uri: string): { scripts?: ScriptAccess } {
    const file = uriPath(uri);
    const within = this.readableFolders(uri);
    return file && within.length ? { scripts: { directory: path.dirname(file), within } } : {};
  }

  status(uri?: string): EnvironmentStatus {
    const found = this.detect(uri);
    const sdk = found.environment.sdk;
    return {
      summary: found.summary,
      details: found.details,
      ...(sdk ? { sdk: statusSdk(sdk) } : {}),
      ...(found.untrusted ? { untrusted: true } : {}),
    };
  }

  /**
   * The status of one document: the workspace's, with the version that document runs. For a notebook,
   * `notebook` is what its install lines say and the environment its code is analysed with.
   */
  fileStatus(uri: string, notebook?: { scan: NotebookPinScan; environment?: SdkEnvironment }): FileStatus {
    const workspace = this.status(uri);
    if (workspace.untrusted) return { ...workspace, uri, version: { summary: 'no SDK version known', reason: 'the workspace is not trusted' } };
    const environment = notebook ? notebook.environment : this.detect(uri).environment;
    const version = describeFileSdkVersion(environment, notebook?.scan, this.rootFor(uri));
    const sdk = environment?.sdk;
    const pin = notebook?.scan.pin;
    // The status bar's text: the workspace's line, unless the notebook installs its own sagemaker.
    const summary = !pin ? workspace.summary : `SageMaker ${sdk ? shortRange(sdk.range) : pin.outcome === 'newest' ? 'newest' : 'version unknown'} (notebook)`;
    return {
      ...workspace,
      uri,
      version,
      summary,
      details: [`This file: ${version.summary} (${version.reason})`, ...workspace.details],
      ...(sdk ? { sdk: statusSdk(sdk) } : { sdk: undefined }),
    };
  }
}

function statusSdk(sdk: NonNullable<SdkEnvironment['sdk']>): NonNullable<EnvironmentStatus['sdk']> {
  return { major: sdk.major, version: sdk.version, source: sdk.source, ...(sdk.typed !== undefined ? { typed: sdk.typed } : {}), range: describeRange(sdk.range) };
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
