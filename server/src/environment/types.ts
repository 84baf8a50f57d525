/** What sagelint knows about the Python environment a module runs in. Every field is optional. */
export interface SdkEnvironment {
  /** The sagemaker package: installed (read from site-packages) or declared (requirements files). */
  readonly sdk?: {
    /** 1, 2 or 3. */
    readonly major: number;
    /** "2.257.6"; for a declared range, the lowest version it allows ("3.0.0" for ">=3"). */
    readonly version: string;
    /** Installed packages only: whether site-packages/sagemaker/py.typed exists. */
    readonly typed?: boolean;
    readonly source: 'installed' | 'declared';
    /** The METADATA file or requirements file it was read from. */
    readonly from?: string;
  };
  /** The workspace configures mypy: the file that does. */
  readonly mypyConfig?: string;
}
