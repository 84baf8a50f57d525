import * as path from 'path';
import { sdkLabel } from '../semantic/sdk/modules';
import type { NotebookPinScan } from '../notebook/sdkPin';
import { describeRange } from './sdkVersionRange';
import type { SdkEnvironment } from './types';

/** Which SDK version a file was checked against, and why: for `check --show-version` and the status bar. */
export interface FileSdkVersion {
  /** "sagemaker 2.173.0 and later", "sagemaker 2.257.6", "the newest sagemaker release", "no SDK version known". */
  readonly summary: string;
  /** "cell 2, line 1: %pip install -q sagemaker>=2.173.0", "installed: .venv/lib/python3.11/site-packages". */
  readonly reason: string;
  /** Where the version came from; undefined when none is known. */
  readonly source?: 'installed' | 'declared' | 'notebook';
}

/**
 * What sagelint checks against when no version is known. A function: the module table that names the v2
 * release is loaded on first use, not when the server starts.
 */
const bothGenerations = () => `checked against ${sdkLabel('v2')} and v3`;

/**
 * Says which version a file's code runs, from the environment the rules saw and, for a notebook, what its
 * install lines said. Paths are shown relative to `relativeTo` (the current folder, a workspace folder).
 */
export function describeFileSdkVersion(environment: SdkEnvironment | undefined, scan?: NotebookPinScan, relativeTo?: string): FileSdkVersion {
  const shown = (file: string) => (relativeTo ? path.relative(relativeTo, file) || file : file);
  const sdk = environment?.sdk;
  const pin = scan?.pin;
  const at = (p: { cell: number; line: number; command: string }) => `cell ${p.cell}, line ${p.line}: ${p.command}`;
  if (pin && sdk?.source === 'notebook') {
    const file = pin.file ? `; ${path.basename(pin.file)} says ${sdk.range.text}` : '';
    return { summary: `sagemaker ${describeRange(sdk.range)}`, reason: `${at(pin)}${file}`, source: 'notebook' };
  }
  if (pin?.outcome === 'newest') {
    return { summary: 'the newest sagemaker release', reason: `${at(pin)}${pin.why ? ` (${pin.why})` : ''}; the newest release changes over time, so ${bothGenerations()}`, source: 'notebook' };
  }
  if (pin) {
    const why = pin.outcome === 'unknown' ? pin.why : `${pin.range?.text ?? 'the pin'} admits ${pin.range ? describeRange(pin.range) : 'no release'}`;
    return { summary: 'no SDK version known', reason: `${at(pin)}: ${why}; ${bothGenerations()}` };
  }
  const ignored = scan?.ignored.length ? `; ${scan.ignored.map((i) => `ignored ${at(i)}: ${i.why}`).join('; ')}` : '';
  if (!sdk) return { summary: 'no SDK version known', reason: `${bothGenerations()}${ignored}` };
  if (sdk.source === 'installed') {
    // from: site-packages/sagemaker-X.dist-info/METADATA: the site-packages folder says which environment.
    const sitePackages = sdk.from ? path.dirname(path.dirname(sdk.from)) : undefined;
    return { summary: `sagemaker ${sdk.version}`, reason: `installed${sitePackages ? `: ${shown(sitePackages)}` : ''}${ignored}`, source: 'installed' };
  }
  return { summary: `sagemaker ${describeRange(sdk.range)}`, reason: `declared${sdk.from ? ` in ${shown(sdk.from)}` : ''}: ${sdk.range.text}${ignored}`, source: sdk.source };
}
