import * as fs from 'fs';
import * as path from 'path';
import { SdkEnvironment } from './types';
import { DeclaredSagemaker, NotRead, readDeclaredRequirements, readDeclaredSagemaker } from './declared';
import { findMypyConfig } from './mypy';
import { InstalledSagemaker, prefixOf, readInstalledBoto3Typing, readInstalledSagemaker, sitePackagesOf } from './sitePackages';
import { boto3TypingOf } from './typing';
import { describeRange, exactVersion, shortRange } from './sdkVersionRange';

export type InterpreterSource = 'sagelint.pythonPath' | 'python-extension' | '.venv' | 'venv' | 'VIRTUAL_ENV';

export interface DetectionInput {
  /** The workspace folder (a path). */
  readonly root?: string;
  /** The sagelint.pythonPath setting: an interpreter or an environment folder; relative to root. */
  readonly pythonPath?: string;
  /** The Python extension's active interpreter, as the client learned it. */
  readonly interpreter?: string;
  /** Process environment (VIRTUAL_ENV). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** false in an untrusted workspace: then nothing is read from disk. */
  readonly trusted?: boolean;
  /**
   * Folders the project files read (and `-r` includes followed) must be inside, symbolic links resolved:
   * the workspace folders in the editor, the repository in the CLI. Default: the root alone.
   */
  readonly within?: readonly string[];
}

export interface DetectedEnvironment {
  /** What analysis gets. */
  readonly environment: SdkEnvironment;
  readonly interpreter?: { readonly prefix: string; readonly sitePackages?: string; readonly source: InterpreterSource };
  readonly installed?: InstalledSagemaker;
  readonly declared?: DeclaredSagemaker;
  readonly untrusted?: boolean;
  /** One line for the status bar, e.g. "SageMaker 2.257.6 (.venv)". */
  readonly summary: string;
  /** Lines for the details view. */
  readonly details: readonly string[];
  /** Project files not read, and why (special files, too large, includes outside the project): worth a warning. */
  readonly notRead: readonly NotRead[];
}

/**
 * Finds the Python environment of a workspace and what it says about the SageMaker SDK, reading files
 * only (never running Python): the interpreter (sagelint.pythonPath, else the Python extension's active
 * one, else .venv or venv in the workspace, else $VIRTUAL_ENV), its installed sagemaker
 * (dist-info METADATA, py.typed); without one, the version the project's requirement files declare.
 */
export function detectEnvironment(input: DetectionInput): DetectedEnvironment {
  if (input.trusted === false) {
    return { environment: {}, untrusted: true, summary: 'untrusted workspace', details: ['The workspace is not trusted: SageLint reads no environment or requirement files.'], notRead: [] };
  }
  const interpreter = findInterpreter(input);
  const installed = interpreter?.sitePackages ? readInstalledSagemaker(interpreter.sitePackages) : undefined;
  const within = input.root ? input.within ?? [input.root] : undefined;
  const project = input.root ? readDeclaredRequirements(input.root, within) : undefined;
  const declared = !installed && input.root ? readDeclaredSagemaker(input.root, project) : undefined;
  const boto3Typing = input.root && project ? boto3TypingOf(input.root, project, interpreter?.sitePackages ? readInstalledBoto3Typing(interpreter.sitePackages) : undefined, within) : undefined;
  const mypyConfig = input.root ? findMypyConfig(input.root, within) : undefined;
  let sdk: SdkEnvironment['sdk'];
  if (installed) {
    sdk = { major: Number(installed.version.split('.')[0]), version: installed.version, typed: installed.typed, source: 'installed', from: installed.metadata, range: exactVersion(installed.version, `sagemaker==${installed.version}`) };
  } else if (declared?.major !== undefined) {
    // A specifier sagelint does not understand admits, as far as it knows, any version.
    const range = declared.range ?? { intervals: [{}], text: declared.requirement };
    sdk = { major: declared.major, version: declared.version ?? `${declared.major}.x`, source: 'declared', from: declared.file, range };
  }
  const environment: SdkEnvironment = { ...(sdk ? { sdk } : {}), ...(mypyConfig ? { mypyConfig } : {}), ...(boto3Typing ? { boto3Typing } : {}) };
  const where = interpreter ? (interpreter.source === '.venv' || interpreter.source === 'venv' ? interpreter.source : path.basename(interpreter.prefix)) : undefined;
  const summary = sdk
    ? `SageMaker ${sdk.source === 'declared' ? shortRange(sdk.range) : sdk.version}${sdk.source === 'declared' ? ` (declared in ${path.basename(sdk.from!)})` : where ? ` (${where})` : ''}`
    : interpreter ? `SageMaker not installed (${where})` : 'SageMaker version unknown';
  const details: string[] = [];
  if (interpreter) details.push(`Environment: ${interpreter.prefix} (from ${interpreter.source})`, `site-packages: ${interpreter.sitePackages ?? 'not found'}`);
  else details.push('Environment: none found (no sagelint.pythonPath, Python extension interpreter, .venv, venv or VIRTUAL_ENV)');
  if (installed) details.push(`sagemaker ${installed.version} installed (${installed.metadata}); ${installed.typed ? 'ships py.typed' : 'no py.typed: mypy treats it as untyped'}`);
  else if (declared) details.push(`sagemaker declared in ${declared.file}: ${declared.requirement}${sdk ? ` (admits ${describeRange(sdk.range)})` : ''}`);
  else details.push('sagemaker: not installed and not declared in requirement files');
  if (sdk) details.push(`SDK generation: v${sdk.major} (advice and quick-fixes follow it)`);
  details.push(mypyConfig ? `mypy configured in ${mypyConfig}` : 'mypy: not configured');
  if (boto3Typing) {
    const stubs = boto3Typing.stubs;
    details.push(
      stubs ? `boto3 sagemaker client stubs: ${stubs.requirement ?? stubs.name} (${stubs.source} in ${stubs.file})`
        : boto3Typing.uncertain ? `boto3 sagemaker client stubs: unknown (${boto3Typing.uncertain})`
          : 'boto3 sagemaker client stubs: none declared or installed',
    );
  }
  const notRead = project?.notRead ?? [];
  for (const { file, why } of notRead) details.push(`Not read: ${input.root ? path.relative(input.root, file) || file : file}: ${why}`);
  return { environment, interpreter, installed, declared, summary, details, notRead };
}

function findInterpreter(input: DetectionInput): DetectedEnvironment['interpreter'] {
  const candidates: [InterpreterSource, string | undefined][] = [
    ['sagelint.pythonPath', input.pythonPath ? path.resolve(input.root ?? '.', expandHome(input.pythonPath)) : undefined],
    ['python-extension', input.interpreter],
    ['.venv', input.root && path.join(input.root, '.venv')],
    ['venv', input.root && path.join(input.root, 'venv')],
    ['VIRTUAL_ENV', input.env?.VIRTUAL_ENV],
  ];
  for (const [source, candidate] of candidates) {
    if (!candidate) continue;
    if ((source === '.venv' || source === 'venv') && !fs.existsSync(candidate)) continue;
    const prefix = prefixOf(candidate);
    const sitePackages = sitePackagesOf(prefix);
    // An explicit choice wins even when it has no site-packages; a guessed folder must look like an environment.
    if (sitePackages || source === 'sagelint.pythonPath' || source === 'python-extension') return { prefix, sitePackages, source };
  }
  return undefined;
}

function expandHome(p: string): string {
  const home = process.env.HOME ?? process.env.USERPROFILE;
  return home && (p === '~' || p.startsWith('~/')) ? path.join(home, p.slice(1)) : p;
}
