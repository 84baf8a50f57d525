/**
 * PEP 440 versions and specifier sets, as the set of releases a requirement admits. Code pins the SDK
 * with a range as often as with one version (`sagemaker>=2.173.0,<3`), and advice must hold for every
 * release the range admits, or say which ones it holds for; so a specifier becomes a union of intervals
 * that can be intersected with a name's release history and described in words.
 */

/** A parsed PEP 440 version (https://peps.python.org/pep-0440/), what ordering needs. */
interface Version {
  readonly epoch: number;
  /** The release segments, trailing zeros removed ("2.1.0" and "2.1" are equal). */
  readonly release: readonly number[];
  /** The segments as written, for building prefixes (`~=2.100` → `2.*`). */
  readonly written: readonly number[];
  /** a (alpha) = 0, b = 1, rc = 2, and the number. */
  readonly pre?: readonly [number, number];
  readonly post?: number;
  readonly dev?: number;
  readonly local?: readonly (number | string)[];
}

const VERSION =
  /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(?:post|rev|r)[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

const PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

/**
 * Parsed versions by text. Comparisons parse both sides each time, and a release history holds the same few
 * hundred versions that every range check compares with: the regular expression was most of their cost.
 */
const parsedVersions = new Map<string, Version | undefined>();

function parseVersion(text: string): Version | undefined {
  let parsed = parsedVersions.get(text);
  if (parsed === undefined && !parsedVersions.has(text)) {
    parsed = parseVersionText(text);
    // Bounded: the texts come from the files analysed (pins, requirement lines), not only the history.
    if (parsedVersions.size >= 4096) parsedVersions.clear();
    parsedVersions.set(text, parsed);
  }
  return parsed;
}

function parseVersionText(text: string): Version | undefined {
  const m = VERSION.exec(text);
  if (!m) return undefined;
  const written = m[2].split('.').map(Number);
  const release = [...written];
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  const post = m[5] !== undefined ? Number(m[5]) : m[6] !== undefined ? Number(m[6] || 0) : undefined;
  return {
    epoch: m[1] ? Number(m[1]) : 0,
    release,
    written,
    ...(m[3] ? { pre: [PRE_RANK[m[3].toLowerCase()], Number(m[4] || 0)] as const } : {}),
    ...(post !== undefined ? { post } : {}),
    ...(m[7] !== undefined ? { dev: Number(m[7] || 0) } : {}),
    ...(m[8] ? { local: m[8].toLowerCase().split(/[-_.]/).map((s) => (/^\d+$/.test(s) ? Number(s) : s)) } : {}),
  };
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

function compareParsed(a: Version, b: Version): number {
  if (a.epoch !== b.epoch) return Math.sign(a.epoch - b.epoch);
  const release = compareNumbers(a.release, b.release);
  if (release) return release;
  // A dev release of the release itself (1.0.dev0) comes before its pre-releases; no suffix after them.
  const preKey = (v: Version): number[] => (v.pre ? [v.pre[0], v.pre[1]] : v.post === undefined && v.dev !== undefined ? [-1] : [Infinity]);
  const pre = compareNumbers(preKey(a), preKey(b));
  if (pre) return pre;
  const post = (a.post ?? -1) - (b.post ?? -1);
  if (post) return Math.sign(post);
  const dev = (a.dev ?? Infinity) - (b.dev ?? Infinity);
  if (dev) return Math.sign(dev);
  return compareLocal(a.local, b.local);
}

/** PEP 440: a local version sorts after the same public version; numeric segments after alphanumeric ones. */
function compareLocal(a: Version['local'], b: Version['local']): number {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (typeof x !== typeof y) return typeof x === 'number' ? 1 : -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * PEP 440 release comparison on the numeric release segments ("2.9.0" < "2.10.0", "2.1" == "2.1.0");
 * dev releases before pre-releases before the release before post-releases, local versions after the
 * public one. Text that is not a version sorts by its digits (never throws).
 */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (x && y) return compareParsed(x, y);
  if (x || y) return x ? 1 : -1;
  return Math.sign(a.localeCompare(b, 'en', { numeric: true }));
}

/** One interval of versions: `from` inclusive, `until` exclusive; an absent bound is unbounded. */
export interface VersionInterval {
  readonly from?: string;
  readonly until?: string;
}

/**
 * A union of disjoint intervals, sorted. `intervals: []` admits nothing; `[{}]` admits every version.
 * `text`: the specifier as written, for messages ("sagemaker>=2.173.0").
 */
export interface VersionRange {
  readonly intervals: readonly VersionInterval[];
  readonly text: string;
}

/**
 * The smallest version after `version` and its local versions: `==2.160.0` admits 2.160.0 and
 * 2.160.0+local, so it is [2.160.0, 2.160.0.post0.dev0). (There is no version between the two.)
 */
function justAfter(version: string): string {
  const v = parseVersion(version);
  if (!v) return `${version}.post0.dev0`;
  const base = version.replace(/\+.*$/, '').trim().replace(/^v/i, '');
  if (v.dev !== undefined) return base.replace(/[-_.]?dev[-_.]?\d*$/i, `.dev${v.dev + 1}`);
  if (v.post !== undefined) return `${base.replace(/(?:-\d+|[-_.]?(?:post|rev|r)[-_.]?\d*)$/i, '')}.post${v.post + 1}.dev0`;
  return `${base}.post0.dev0`;
}

/**
 * `>V` admits neither V's local versions nor its post-releases (PEP 440): its lower bound sits after every
 * post-release of V that anyone publishes. Written as a post-release number no project reaches.
 */
const AFTER_POSTS = 999999999;

function laterThan(version: string): string {
  const v = parseVersion(version);
  // `>V.post1` and `>V.dev1` admit later post and dev releases of V; `>V` for a plain release does not.
  if (!v || v.post !== undefined || v.dev !== undefined || v.pre) return justAfter(version);
  return `${version.trim().replace(/^v/i, '').replace(/\+.*$/, '')}.post${AFTER_POSTS}`;
}

/** The interval of `==P.*`: every version whose release starts with P (dev and pre-releases included). */
function prefixInterval(prefix: readonly number[], epoch: number): VersionInterval {
  const e = epoch ? `${epoch}!` : '';
  const next = [...prefix.slice(0, -1), prefix[prefix.length - 1] + 1];
  return { from: `${e}${prefix.join('.')}.dev0`, until: `${e}${next.join('.')}.dev0` };
}

function complement(intervals: readonly VersionInterval[]): VersionInterval[] {
  const out: VersionInterval[] = [];
  let below: string | undefined; // where the part not covered starts; undefined: unbounded
  for (const interval of intervals) {
    if (interval.from !== undefined) out.push({ ...(below !== undefined ? { from: below } : {}), until: interval.from });
    if (interval.until === undefined) return normalise(out);
    below = interval.until;
  }
  out.push(below !== undefined ? { from: below } : {});
  return normalise(out);
}

const lower = (a?: string, b?: string): number => (a === undefined ? (b === undefined ? 0 : -1) : b === undefined ? 1 : compareVersions(a, b));
const upper = (a?: string, b?: string): number => (a === undefined ? (b === undefined ? 0 : 1) : b === undefined ? -1 : compareVersions(a, b));

/** Sorted, merged, empty intervals dropped. */
function normalise(intervals: readonly VersionInterval[]): VersionInterval[] {
  const live = intervals.filter((i) => i.from === undefined || i.until === undefined || compareVersions(i.from, i.until) < 0);
  live.sort((a, b) => lower(a.from, b.from));
  const out: VersionInterval[] = [];
  for (const interval of live) {
    const last = out[out.length - 1];
    // Overlapping or touching ([1, 2) and [2, 3)): one interval.
    if (last && (last.until === undefined || (interval.from !== undefined && compareVersions(interval.from, last.until) <= 0))) {
      if (upper(interval.until, last.until) > 0) out[out.length - 1] = { ...(last.from !== undefined ? { from: last.from } : {}), ...(interval.until !== undefined ? { until: interval.until } : {}) };
      continue;
    }
    out.push(interval);
  }
  return out;
}

function intersectIntervals(a: readonly VersionInterval[], b: readonly VersionInterval[]): VersionInterval[] {
  const out: VersionInterval[] = [];
  for (const x of a) {
    for (const y of b) {
      const from = lower(x.from, y.from) >= 0 ? x.from : y.from;
      const until = upper(x.until, y.until) <= 0 ? x.until : y.until;
      out.push({ ...(from !== undefined ? { from } : {}), ...(until !== undefined ? { until } : {}) });
    }
  }
  return normalise(out);
}

/** One clause of a specifier set as intervals; undefined when not understood. */
function clauseIntervals(clause: string): VersionInterval[] | undefined {
  const m = /^\s*(~=|===|==|!=|<=|>=|<|>|\^|~)\s*(\S+?)\s*$/.exec(clause);
  if (!m) {
    // A bare version (poetry writes "2.1"; pip does not accept it, but it can only mean that version).
    return parseVersion(clause) ? [{ from: clause.trim(), until: justAfter(clause.trim()) }] : undefined;
  }
  const [, op, value] = m;
  if (op === '===') return [{ from: value, until: justAfter(value) }];
  const wildcard = /^(.*?)\.\*$/.exec(value);
  if (wildcard) {
    if (op !== '==' && op !== '!=') return undefined;
    const v = parseVersion(wildcard[1]);
    if (!v || v.pre || v.post !== undefined || v.dev !== undefined || v.local) return undefined;
    const interval = [prefixInterval(v.written, v.epoch)];
    return op === '==' ? interval : complement(interval);
  }
  const v = parseVersion(value);
  if (!v) return undefined;
  switch (op) {
    case '==':
      return [{ from: value, until: justAfter(value) }];
    case '!=':
      return complement([{ from: value, until: justAfter(value) }]);
    case '>=':
      return [{ from: value }];
    case '>':
      return [{ from: laterThan(value) }];
    case '<':
      return [{ until: value }];
    case '<=':
      return [{ until: justAfter(value) }];
    case '~=': {
      if (v.written.length < 2) return undefined;
      return [{ from: value, until: prefixInterval(v.written.slice(0, -1), v.epoch).until }];
    }
    case '^': {
      // poetry: the leftmost non-zero segment may not change (^2.1 → >=2.1,<3; ^0.2.3 → >=0.2.3,<0.3).
      const nonZero = v.written.findIndex((n) => n !== 0);
      const keep = nonZero < 0 ? v.written.length - 1 : nonZero;
      return [{ from: value, until: nextAt(v.written, keep) }];
    }
    case '~': {
      // poetry: ~2.1.3 → >=2.1.3,<2.2; ~2 → >=2,<3.
      return [{ from: value, until: nextAt(v.written, v.written.length === 1 ? 0 : 1) }];
    }
  }
  return undefined;
}

function nextAt(segments: readonly number[], index: number): string {
  return [...segments.slice(0, index), segments[index] + 1].join('.');
}

/**
 * A PEP 440 specifier set: `==2.160.0`, `==2.*`, `>=2.173.0,<3`, `~=2.100`, `!=2.5.0`, `>`, `<=`, `===`
 * (and poetry's `^2.1` / `~2.1`); undefined when not understood. An empty specifier admits every version.
 * `<V` admits V's pre-releases here (PEP 440 excludes them); the SDK published none since v2.0.0.
 */
export function parseVersionSpecifier(specifier: string, text: string = specifier): VersionRange | undefined {
  let intervals: VersionInterval[] = [{}];
  const clauses = specifier.split(',');
  if (clauses.length > 1 && clauses.some((c) => !c.trim())) return undefined; // ">=2,", ",<3": malformed
  for (const clause of clauses) {
    if (!clause.trim()) continue;
    const more = clauseIntervals(clause);
    if (!more) return undefined;
    intervals = intersectIntervals(intervals, more);
  }
  return { intervals, text };
}

/** The range of one version (an installed one, a lock file's). */
export function exactVersion(version: string, text: string = `==${version}`): VersionRange {
  return { intervals: [{ from: version, until: justAfter(version) }], text };
}

export function rangeContains(range: VersionRange, version: string): boolean {
  if (!parseVersion(version)) return false;
  return range.intervals.some((i) => (i.from === undefined || compareVersions(version, i.from) >= 0) && (i.until === undefined || compareVersions(version, i.until) < 0));
}

/** The versions both admit; the text says both ("sagemaker>=2.173.0 and <2.224.2"). */
export function intersectRanges(a: VersionRange, b: VersionRange): VersionRange {
  return { intervals: intersectIntervals(a.intervals, b.intervals), text: a.text && b.text ? `${a.text} and ${b.text}` : a.text || b.text };
}

/** A bound as people write it: `2.dev0` (the bound of `==2.*`) is "2". */
function shown(version: string): string {
  return version.replace(/^(\d+(?:\.\d+)*)\.dev0$/, '$1');
}

function describeInterval(i: VersionInterval): string {
  if (i.from === undefined && i.until === undefined) return 'any version';
  const from = i.from;
  const laterThanMatch = from !== undefined ? new RegExp(`^(.*)\\.post${AFTER_POSTS}$`).exec(from) : null;
  const afterOne = from !== undefined ? /^(.*)\.post0\.dev0$/.exec(from)?.[1] : undefined;
  const fromText = laterThanMatch ? `later than ${laterThanMatch[1]}` : afterOne !== undefined ? `later than ${afterOne}` : from !== undefined ? shown(from) : undefined;
  if (from !== undefined && i.until !== undefined) {
    if (i.until === justAfter(from)) return from;
    const prefix = /^(\d+(?:\.\d+)*)\.dev0$/.exec(from);
    if (prefix && prefixInterval(prefix[1].split('.').map(Number), 0).until === i.until) return `any ${prefix[1]}.x release`;
  }
  const untilInclusive = i.until !== undefined ? /^(.*)\.post0\.dev0$/.exec(i.until)?.[1] : undefined;
  const untilText = untilInclusive !== undefined ? `up to and including ${untilInclusive}` : i.until !== undefined ? `up to but not including ${shown(i.until)}` : undefined;
  if (fromText === undefined) return untilInclusive !== undefined ? `${untilInclusive} or earlier` : `before ${shown(i.until!)}`;
  if (untilText === undefined) return laterThanMatch || afterOne !== undefined ? fromText : `${fromText} and later`;
  return `${fromText} ${untilText}`;
}

/** "2.160.0", "2.173.0 and later", "2.100.0 up to but not including 2.224.2", "before 2.81.0", "any version". */
export function describeRange(range: VersionRange): string {
  const intervals = range.intervals;
  if (!intervals.length) return 'no version';
  // `!=` clauses cut single versions out of an interval: "2 up to but not including 3, except 2.5.0".
  const holes: string[] = [];
  for (let i = 0; i + 1 < intervals.length; i++) {
    const until = intervals[i].until;
    if (until === undefined || intervals[i + 1].from !== justAfter(until)) break;
    holes.push(until);
  }
  if (intervals.length > 1 && holes.length === intervals.length - 1) {
    const hull = { ...(intervals[0].from !== undefined ? { from: intervals[0].from } : {}), ...(intervals[intervals.length - 1].until !== undefined ? { until: intervals[intervals.length - 1].until } : {}) };
    return `${describeInterval(hull)}, except ${holes.join(', ')}`;
  }
  const parts = intervals.map(describeInterval);
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

/**
 * A range in few characters, for a status bar: the version when it admits one ("2.160.0"), else the
 * specifier as written without the package name (">=2.173.0,<3"), else its description.
 */
export function shortRange(range: VersionRange): string {
  const described = describeRange(range);
  if (/^[\d][\w.+!]*$/.test(described)) return described;
  const specifier = range.text.replace(/^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*/, '').trim();
  return specifier || described;
}

/** A pre-release or dev release: pip installs one only when the specifier asks for it or nothing else fits. */
export function isPreRelease(version: string): boolean {
  const v = parseVersion(version);
  return !!v && (!!v.pre || v.dev !== undefined);
}

/** The release pip would install: the newest of `releases` the range admits (final releases before pre-releases). */
export function newestAdmitted(range: VersionRange, releases: readonly string[]): string | undefined {
  const admitted = releases.filter((r) => rangeContains(range, r));
  const finals = admitted.filter((r) => !isPreRelease(r));
  const pool = finals.length ? finals : admitted;
  let newest: string | undefined;
  for (const r of pool) if (newest === undefined || compareVersions(r, newest) > 0) newest = r;
  return newest;
}
