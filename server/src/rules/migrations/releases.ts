/**
 * What the rules say about the SDK release the code runs (the environment's installed version, a
 * requirement's or a notebook's pin), using the SDK's release history (semantic/sdk/history). The module
 * catalog and the signature model describe one snapshot per generation (v2.257.6, v3); a project pinned
 * elsewhere gets its own release's answer.
 */
import path from 'node:path';
import type { SdkEnvironment } from '../../environment/types';
import { compareVersions, describeRange, intersectRanges } from '../../environment/sdkVersionRange';
import { SemanticModel } from '../../semantic/model';
import { VersionInterval, absenceAt, existsIn, judgedRelease, judgedReleaseIsCertain, nameHistory } from '../../semantic/sdk/history';

type Sdk = NonNullable<SdkEnvironment['sdk']>;

export interface JudgedRelease {
  readonly sdk: Sdk;
  /** The release judged: installed, or the newest of the project's major the pin admits (what pip installs). */
  readonly release: string;
  /** Only one release can run (installed, or a pin that admits one release). */
  readonly certain: boolean;
}

/** The release the module's environment runs, when it names one. */
export function judgedReleaseOf(model: SemanticModel): JudgedRelease | undefined {
  const sdk = model.environment?.sdk;
  if (!sdk) return undefined;
  const release = judgedRelease(sdk);
  return release ? { sdk, release, certain: judgedReleaseIsCertain(sdk) } : undefined;
}

/** "this notebook installs sagemaker>=2.173.0", "the installed sagemaker is 2.160.0", "requirements.txt pins sagemaker==2.160.0". */
export function pinPhrase(judged: JudgedRelease): string {
  const { sdk } = judged;
  const text = sdk.range.text || `sagemaker ${sdk.version}`;
  switch (sdk.source) {
    case 'installed':
      return `the installed sagemaker is ${sdk.version}`;
    case 'notebook':
      return `this notebook installs ${text}`;
    default:
      return `${sdk.from ? path.basename(sdk.from) : 'the project'} requires ${text}`;
  }
}

/**
 * The pin phrase and what it admits after a change: "this notebook installs sagemaker>=2.173.0, which
 * admits v2.224.2 and later" (for a range), or just the pin phrase (installed, exact pins).
 */
export function pinAdmitting(judged: JudgedRelease, from: string): string {
  const phrase = pinPhrase(judged);
  if (judged.certain) return phrase;
  const admitted = intersectRanges(judged.sdk.range, { intervals: [{ from }], text: '' });
  return `${phrase}, which admits ${describeRange(admitted).replace(/^(\d)/, 'v$1')}`;
}

/**
 * Replacements the SDK's own source names for names it removed (a deprecation alias is found in the data):
 * v2.224.2 rewrote `DJLModel` (src/sagemaker/djl_inference/model.py L39: `engine=` picks DeepSpeed,
 * FasterTransformer or Python) and dropped the per-engine classes.
 */
const REPLACED_BY: Record<string, string> = {
  'sagemaker.djl_inference.DeepSpeedModel': 'DJLModel',
  'sagemaker.djl_inference.FasterTransformerModel': 'DJLModel',
  'sagemaker.djl_inference.HuggingFaceAccelerateModel': 'DJLModel',
  'sagemaker.djl_inference.model.DeepSpeedModel': 'DJLModel',
  'sagemaker.djl_inference.model.FasterTransformerModel': 'DJLModel',
  'sagemaker.djl_inference.model.HuggingFaceAccelerateModel': 'DJLModel',
};

/** Whether the name exists in some release of the judged major (else the snapshot rules decide, as before). */
function inMajor(intervals: readonly VersionInterval[], major: number): boolean {
  const first = `${major}.0.0`;
  const next = `${major + 1}.0.0`;
  return intervals.some((i) => (i.from === undefined || compareVersions(i.from, next) < 0) && (i.until === undefined || compareVersions(i.until, first) > 0));
}

/** What the history says about `from module import name` in the judged release. */
export type NameVerdict =
  | { readonly kind: 'exists' }
  /** Gone from the judged release, or not there yet: the message and the pin that keeps it. */
  | { readonly kind: 'absent'; readonly message: string; readonly removedIn?: string; readonly addedIn?: string }
  /** The history cannot judge (never in a release, another major only, no judged release). */
  | { readonly kind: 'unknown' };

export function nameVerdict(judged: JudgedRelease | undefined, module: string, name: string): NameVerdict {
  if (!judged) return { kind: 'unknown' };
  const history = nameHistory(module, name);
  if (!history || !inMajor(history.intervals, judged.sdk.major)) return { kind: 'unknown' };
  if (existsIn(history.intervals, judged.release)) return { kind: 'exists' };
  const { removedIn, addedIn } = absenceAt(history.intervals, judged.release);
  const replacement = history.renamedTo ?? REPLACED_BY[`${module}.${name}`];
  const sameMajor = (release: string | undefined) => release !== undefined && Number(release.split('.')[0]) === judged.sdk.major;
  if (sameMajor(removedIn) && sameMajor(addedIn)) {
    // A gap: removed, then back (`JsonGet` left sagemaker.workflow.functions in v2.47.1 and returned in v2.51.0).
    return {
      kind: 'absent',
      removedIn,
      addedIn,
      message: `\`${name}\` is missing from v${removedIn} until v${addedIn}; ${pinAdmitting(judged, removedIn!)}: require sagemaker>=${addedIn} (or <${removedIn}).`,
    };
  }
  if (removedIn && Number(removedIn.split('.')[0]) === judged.sdk.major) {
    return {
      kind: 'absent',
      removedIn,
      message: `\`${name}\` was removed in v${removedIn}; ${pinAdmitting(judged, removedIn)}: pin sagemaker<${removedIn}${replacement ? ` or use ${replacement}` : ''}.`,
    };
  }
  if (addedIn && Number(addedIn.split('.')[0]) === judged.sdk.major) {
    return { kind: 'absent', addedIn, message: `\`${name}\` was added in v${addedIn}; ${pinPhrase(judged)}${judged.certain ? '' : `, whose newest release is v${judged.release}`}: require sagemaker>=${addedIn}.` };
  }
  return { kind: 'unknown' };
}

/** For messages when no release is judged: " It was removed in v2.224.2: pin sagemaker<2.224.2 to keep it." */
export function historyNote(module: string, name: string, major: number): string {
  const history = nameHistory(module, name);
  if (!history || !inMajor(history.intervals, major)) return '';
  const last = history.intervals[history.intervals.length - 1];
  if (last.until === undefined || Number(last.until.split('.')[0]) !== major) return '';
  return ` It was removed in v${last.until}: pin sagemaker<${last.until} to keep it.`;
}
