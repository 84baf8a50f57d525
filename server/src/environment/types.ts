import { VersionRange } from './sdkVersionRange';

/** What sagelint knows about the Python environment a module runs in. Every field is optional. */
export interface SdkEnvironment {
  /**
   * The sagemaker package the module runs: installed (read from site-packages), declared (requirement and
   * project files) or pinned by the notebook itself (its `%pip install` lines, which the kernel runs).
   */
  readonly sdk?: {
    /** 1, 2 or 3. */
    readonly major: number;
    /** "2.257.6"; for a declared or pinned range, the lowest version it allows ("3.0.0" for ">=3"). */
    readonly version: string;
    /** Installed packages only: whether site-packages/sagemaker/py.typed exists. */
    readonly typed?: boolean;
    readonly source: 'installed' | 'declared' | 'notebook';
    /** The METADATA file or requirements file it was read from; for a notebook, the notebook (or the `-r` file its pin includes). */
    readonly from?: string;
    /**
     * Every release the code may run: installed, the exact version; declared or pinned, the specifier's range
     * (`text` is the requirement as written, "sagemaker>=2.173.0"). Say "2.173.0 and later" from it rather
     * than pretending to know one version.
     */
    readonly range: VersionRange;
    /** A notebook's pin: the 1-based cell (counting every cell) and 1-based line within that cell. */
    readonly cell?: number;
    readonly line?: number;
  };
  /** The workspace configures mypy: the file that does. */
  readonly mypyConfig?: string;
  /** boto3 and its sagemaker client stubs, from the requirement files and the installed packages (SM702, SM703). */
  readonly boto3Typing?: Boto3Typing;
}

/** A 0-based line and UTF-16 character, as in LSP. */
export interface FilePosition {
  readonly line: number;
  readonly character: number;
}

/**
 * What the project says about boto3 typing. Present only when at least one requirement file was read
 * and understood; `uncertain` when something may declare stubs that sagelint did not read.
 */
export interface Boto3Typing {
  /** The requirement files read (absolute paths). */
  readonly files: readonly string[];
  /**
   * Stubs may be declared where sagelint cannot tell: a file it failed to read (malformed, a missing `-r`
   * include) or a file that names a stubs package outside what it parses (setup.py, .pre-commit-config.yaml, ...).
   */
  readonly uncertain?: string;
  /** boto3 or sagemaker (which depends on boto3) is declared: the requirement files describe this project's AWS dependencies. */
  readonly declaresAws: boolean;
  /** boto3: the declared requirement (version: lowest allowed; exact: when pinned or locked) or the installed version. */
  readonly boto3?: {
    readonly requirement?: string;
    readonly version?: string;
    readonly exact?: string;
    readonly file: string;
    readonly source: 'declared' | 'installed';
  };
  /** The first declaration or installation that types the sagemaker client; undefined: none. */
  readonly stubs?: { readonly name: string; readonly requirement?: string; readonly file: string; readonly source: 'declared' | 'installed' };
  /**
   * The requirements*.txt to add the stubs to (the one declaring boto3, else sagemaker), with where its
   * text ends and its line-break conventions. Absent when that file is pyproject.toml, setup.cfg, Pipfile ...
   * or outside the project's folder (or the workspace folders): a fix never edits files elsewhere.
   * `relative`: its path relative to that folder, with `/`, for the fix's title.
   */
  readonly addTo?: { readonly file: string; readonly relative?: string; readonly end: FilePosition; readonly endsWithNewline: boolean; readonly eol: string };
}
