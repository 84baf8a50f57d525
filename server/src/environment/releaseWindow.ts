import path from 'node:path';
import { compareVersions } from './sdkVersionRange';
import type { SdkEnvironment } from './types';

type Sdk = NonNullable<SdkEnvironment['sdk']>;

/**
 * The SDK, when every release the environment admits is older than `version`: an installed 2.70.0, a pin
 * `sagemaker==2.70.0`, `<2.81`, `~=2.80.0`. Undefined when nothing is known or some admitted release is
 * `version` or newer (`>=2.50` installs the newest, so behaviour that changed in between is judged by the
 * newest). Rules state behaviour that changed between releases for that SDK, and only then.
 */
export function sdkOnlyBefore(environment: SdkEnvironment | undefined, version: string): Sdk | undefined {
  const sdk = environment?.sdk;
  const intervals = sdk?.range?.intervals;
  if (!sdk || !intervals?.length) return undefined;
  return intervals.every((i) => i.until !== undefined && compareVersions(i.until, version) <= 0) ? sdk : undefined;
}

/** "sagemaker==2.70.0 (requirements.txt)", "sagemaker 2.70.0 (installed)", "sagemaker<2.81 (this notebook's %pip install)". */
export function sdkPinText(sdk: Sdk): string {
  const requirement = sdk.range?.text && /^[A-Za-z]/.test(sdk.range.text) ? sdk.range.text : `sagemaker${sdk.range?.text || `==${sdk.version}`}`;
  switch (sdk.source) {
    case 'installed':
      return `sagemaker ${sdk.version} (installed)`;
    case 'notebook':
      return `${requirement} (${sdk.cell ? `cell ${sdk.cell} of this notebook` : "this notebook's install line"})`;
    default:
      return `${requirement}${sdk.from ? ` (${path.basename(sdk.from)})` : ''}`;
  }
}
