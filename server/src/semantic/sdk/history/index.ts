/**
 * The SageMaker Python SDK's release history (see README.md here): in which releases a public name of a
 * module, a callable of the signature model, and each of its parameters exist. Generated from the SDK's
 * release tags by scripts/gen-sdk-history.py. The data file is read on first use, never at start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { VersionInterval, VersionRange, compareVersions, newestAdmitted, rangeContains } from '../../../environment/sdkVersionRange';
import type { SdkEnvironment } from '../../../environment/types';

export type { VersionInterval } from '../../../environment/sdkVersionRange';

interface RawCallable {
  /** Interval code of the releases with a signature. */
  c: string;
  /** The unknown-keyword fate (signature data's `u`) when it never changed, else `fate:code;fate:code`. */
  f: string;
  /** Interval code ("" = the callable's own `c`) -> parameter names (string-table indices, base 36, space-separated); `r`: the same for "required". */
  p?: Record<string, string>;
  r?: Record<string, string>;
}

interface RawHistory {
  releases: string[];
  strings: string[];
  /** module -> interval code -> names (string-table indices, base 36, space-separated). */
  names: Record<string, Record<string, string>>;
  /** module -> old name -> [new name, releases in which old is a deprecation alias of new]. */
  aliases: Record<string, Record<string, [string, string]>>;
  /** owner (module or class) -> member (function, class, method) -> history. */
  callables: Record<string, Record<string, RawCallable>>;
}

export interface NameHistory {
  /** The releases in which `from module import name` works (`from` inclusive, `until` exclusive). */
  readonly intervals: readonly VersionInterval[];
  /** Older names of this name, kept in its module as deprecation aliases (`RealTimePredictor` for `Predictor`). */
  readonly renamedFrom?: readonly string[];
  /** This name is, in the last release that has it, a deprecation alias of another name of its module. */
  readonly renamedTo?: string;
}

/** The unknown-keyword fate of the signature data (`type-error`, `dropped`, ...), per releases. */
export type KeywordFateCode = 't' | 'd' | 'a' | 'pf' | 'pi';

export interface CallableHistory {
  /** The releases in which the signature model's generator gives the callable a signature. */
  readonly intervals: readonly VersionInterval[];
  /** What an unknown keyword does, per releases (`t`: TypeError, `d`: dropped, `a`: accepted, `pf`/`pi`: pydantic forbid/ignore). */
  readonly unknownKeyword: readonly { readonly fate: KeywordFateCode; readonly intervals: readonly VersionInterval[] }[];
}

export interface ParamHistory {
  /** The releases in which the callable takes the parameter (by keyword, its own or reached through `**kwargs`). */
  readonly intervals: readonly VersionInterval[];
  /** The releases in which it has no default. */
  readonly required: readonly VersionInterval[];
}

// ------------------------------------------------------------------------------------------------ data

/** The data file: beside the bundle (dist/sdk-history.json), else in the source tree (tests). */
function dataFile(): string {
  const candidates = [path.join(__dirname, 'sdk-history.json')];
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'dist', 'sdk-history.json'));
    candidates.push(path.join(dir, 'server', 'src', 'semantic', 'sdk', 'history', 'data.json'));
  }
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`sagelint: cannot find the SDK release history (looked beside ${__dirname})`);
  return found;
}

interface Loaded {
  readonly raw: RawHistory;
  /** module -> name -> interval code, built per module on first use. */
  readonly names: Map<string, Map<string, string>>;
  /** interval code -> intervals. */
  readonly codes: Map<string, readonly VersionInterval[]>;
  readonly byMajor: Map<number, readonly string[]>;
}

let loaded: Loaded | undefined;
let loadMilliseconds: number | undefined;

function history(): Loaded {
  if (!loaded) {
    const started = performance.now();
    const raw = JSON.parse(fs.readFileSync(dataFile(), 'utf8')) as RawHistory;
    const byMajor = new Map<number, string[]>();
    for (const release of raw.releases) {
      const major = Number(release.split('.')[0]);
      const list = byMajor.get(major) ?? [];
      list.push(release);
      byMajor.set(major, list);
    }
    loaded = { raw, names: new Map(), codes: new Map(), byMajor };
    loadMilliseconds = performance.now() - started;
  }
  return loaded;
}

/** How long reading and parsing the data took (undefined before first use): for the bench and the report. */
export function historyLoadMilliseconds(): number | undefined {
  return loadMilliseconds;
}

/** `12-40,55-`: releases 12 up to (not including) 40, and 55 onwards, as version intervals. */
function intervalsOf(code: string): readonly VersionInterval[] {
  const h = history();
  let intervals = h.codes.get(code);
  if (!intervals) {
    const releases = h.raw.releases;
    intervals = code.split(',').map((part) => {
      const [from, until] = part.split('-');
      return until ? { from: releases[Number(from)], until: releases[Number(until)] } : { from: releases[Number(from)] };
    });
    h.codes.set(code, intervals);
  }
  return intervals;
}

/** "e9 2ks" -> the strings at those (base-36) indices. */
function stringsOf(ids: string): string[] {
  const strings = history().raw.strings;
  return ids.split(' ').map((id) => strings[parseInt(id, 36)]);
}

function namesOf(module: string): Map<string, string> | undefined {
  const h = history();
  let names = h.names.get(module);
  if (!names) {
    const groups = h.raw.names[module];
    if (!groups) return undefined;
    names = new Map();
    for (const [code, ids] of Object.entries(groups)) for (const name of stringsOf(ids)) names.set(name, code);
    h.names.set(module, names);
  }
  return names;
}

function rawCallable(qualifiedCallable: string): RawCallable | undefined {
  const dot = qualifiedCallable.lastIndexOf('.');
  if (dot < 0) return undefined;
  return history().raw.callables[qualifiedCallable.slice(0, dot)]?.[qualifiedCallable.slice(dot + 1)];
}

// ------------------------------------------------------------------------------------------------- API

/** Every release of a major the history was read from, oldest first (`2.0.0` ... `2.257.6`; `.postN` included). */
export function sdkReleases(major: 2 | 3): readonly string[] {
  return history().byMajor.get(major) ?? [];
}

/**
 * The releases in which `from module import name` works; undefined when the name exists in no release
 * (v2.0.0 and later) or the module is unknown. A submodule is a name of its package.
 */
export function nameHistory(module: string, name: string): NameHistory | undefined {
  const code = namesOf(module)?.get(name);
  if (code === undefined) return undefined;
  const aliases = history().raw.aliases[module];
  const renamedFrom = aliases ? Object.entries(aliases).filter(([, [to]]) => to === name).map(([from]) => from) : [];
  const renamedTo = aliases?.[name]?.[0];
  return {
    intervals: intervalsOf(code),
    ...(renamedFrom.length ? { renamedFrom } : {}),
    ...(renamedTo ? { renamedTo } : {}),
  };
}

/**
 * A callable of the signature model by qualified name: a class (its constructor), `Class.method`, or a
 * module-level function (`sagemaker.pytorch.estimator.PyTorch`, `sagemaker.estimator.EstimatorBase.fit`).
 */
export function callableHistory(qualifiedCallable: string): CallableHistory | undefined {
  const raw = rawCallable(qualifiedCallable);
  if (!raw) return undefined;
  const fates = raw.f.includes(':') ? raw.f.split(';').map((part) => part.split(':') as [string, string]) : [[raw.f, raw.c] as [string, string]];
  return {
    intervals: intervalsOf(raw.c),
    unknownKeyword: fates.map(([fate, code]) => ({ fate: fate as KeywordFateCode, intervals: intervalsOf(code) })),
  };
}

/** The releases in which a callable (as for callableHistory) takes a keyword parameter; undefined when it never did. */
export function parameterHistory(qualifiedCallable: string, param: string): ParamHistory | undefined {
  const raw = rawCallable(qualifiedCallable);
  if (!raw?.p) return undefined;
  const find = (groups: Record<string, string> | undefined): readonly VersionInterval[] => {
    for (const [code, ids] of Object.entries(groups ?? {})) if (stringsOf(ids).includes(param)) return intervalsOf(code || raw.c);
    return [];
  };
  const intervals = find(raw.p);
  return intervals.length ? { intervals, required: find(raw.r) } : undefined;
}

/** Whether a release lies in one of the intervals. */
export function existsIn(intervals: readonly VersionInterval[], release: string): boolean {
  return rangeContains({ intervals, text: '' }, release);
}

/**
 * The release a rule judges against: installed → that version; a pin or range → the newest release of the
 * project's major it admits (what pip installs); unknown → undefined (rules judge the newest snapshot,
 * as before). A range admitting no known release of the major (a future release) → undefined.
 */
export function judgedRelease(sdk: SdkEnvironment['sdk']): string | undefined {
  if (!sdk || (sdk.major !== 2 && sdk.major !== 3)) return undefined;
  if (sdk.source === 'installed') return sdk.version;
  return rangeJudgement(sdk.major, sdk.range).release;
}

/** Whether judgedRelease is the one release the code runs (an installed SDK, or a range that admits a single release). */
export function judgedReleaseIsCertain(sdk: SdkEnvironment['sdk']): boolean {
  if (!sdk || (sdk.major !== 2 && sdk.major !== 3)) return false;
  if (sdk.source === 'installed') return true;
  return rangeJudgement(sdk.major, sdk.range).certain;
}

/**
 * What a pin or range judges, per major and intervals. Rules ask at every SDK call of a pinned notebook
 * (SM801 once per call), and each answer compares the range with all of the major's releases (over 250):
 * asked afresh, that was half of the CLI's time over the real corpus.
 */
const judgements = new Map<string, { release: string | undefined; certain: boolean }>();

function rangeJudgement(major: 2 | 3, range: VersionRange): { release: string | undefined; certain: boolean } {
  const key = `${major}\u0000${JSON.stringify(range.intervals)}`;
  let judged = judgements.get(key);
  if (!judged) {
    const releases = sdkReleases(major);
    judged = { release: newestAdmitted(range, releases), certain: releases.filter((release) => rangeContains(range, release)).length === 1 };
    // Each file brings at most a few ranges; a long-running server could meet many over time.
    if (judgements.size >= 256) judgements.clear();
    judgements.set(key, judged);
  }
  return judged;
}

/**
 * Why a name or parameter is missing from a release it is not in: the release that removed it (the end of
 * the last interval before `release`) and the one that (re-)added it (the start of the first interval after).
 */
export function absenceAt(intervals: readonly VersionInterval[], release: string): { removedIn?: string; addedIn?: string } {
  let removedIn: string | undefined;
  for (const interval of intervals) {
    if (interval.from !== undefined && compareVersions(interval.from, release) > 0) return { ...(removedIn ? { removedIn } : {}), addedIn: interval.from };
    if (interval.until !== undefined && compareVersions(interval.until, release) <= 0) removedIn = interval.until;
  }
  return removedIn ? { removedIn } : {};
}

/**
 * The history's key for a call target (signature model's CallTarget): a constructor or function by its
 * qualified name; a method by its class and name, else by the class that defines it (inherited methods
 * whose signature reads the same are recorded only there). Undefined when the history does not know it.
 */
export function callableKey(target: { readonly kind: 'constructor' | 'method' | 'function'; readonly qualifiedName: string; readonly method?: string }, signatureQualifiedName: string): string | undefined {
  const keys = target.kind === 'method' ? [`${target.qualifiedName}.${target.method}`, signatureQualifiedName] : [target.qualifiedName];
  return keys.find((key) => rawCallable(key) !== undefined);
}

/**
 * "since v2.136.0", "since v2.136.0, removed in v2.224.2", "removed in v2.75.0" within one major (a v2 name's
 * end at v3.0.0 and existing since the major's first release say nothing); undefined when there is nothing to say.
 */
export function lifetimeText(intervals: readonly VersionInterval[], major: number): string | undefined {
  const releases = sdkReleases(major as 2 | 3);
  if (!releases.length) return undefined;
  const first = releases[0];
  const next = `${major + 1}.0.0`;
  const inMajor = intervals.filter((i) => (i.from === undefined || compareVersions(i.from, next) < 0) && (i.until === undefined || compareVersions(i.until, first) > 0));
  if (!inMajor.length) return undefined;
  const from = inMajor[0].from;
  const until = inMajor[inMajor.length - 1].until;
  const parts: string[] = [];
  if (from !== undefined && compareVersions(from, first) > 0) parts.push(`since v${from}`);
  if (until !== undefined && compareVersions(until, next) < 0) parts.push(`removed in v${until}`);
  return parts.length ? parts.join(', ') : undefined;
}
