/**
 * The value constraints of the API model's members (string length and pattern, numeric range, list and map
 * sizes), from botocore's service-2.json at the release scripts/gen-constraints.mjs names. Loaded on first
 * use, like the model.
 */
import { PatternMatcher, translateJavaPattern } from './javaPattern';

export interface Constraint {
  readonly min?: number;
  readonly max?: number;
  /** The Java pattern as the model writes it. */
  readonly pattern?: string;
  /** A list's items. */
  readonly item?: Constraint;
  /** A map's keys and values. */
  readonly key?: Constraint;
  readonly value?: Constraint;
}

interface RawRecord {
  n?: number;
  x?: number;
  p?: number;
  i?: number;
  k?: number;
  v?: number;
}

interface RawConstraints {
  botocore: string;
  patterns: string[];
  records: RawRecord[];
  services: Record<string, Record<string, Record<string, number>>>;
}

let raw: RawConstraints | undefined;
const built = new Map<number, Constraint>();
const matchers = new Map<string, PatternMatcher | undefined>();

function data(): RawConstraints {
  // esbuild bundles the JSON; `require` keeps TypeScript from needing resolveJsonModule.
  raw ??= require('./data/constraints.json') as RawConstraints;
  return raw;
}

function record(index: number): Constraint {
  const cached = built.get(index);
  if (cached) return cached;
  const { records, patterns } = data();
  const r = records[index];
  const constraint: Constraint = {
    ...(r.n !== undefined ? { min: r.n } : {}),
    ...(r.x !== undefined ? { max: r.x } : {}),
    ...(r.p !== undefined ? { pattern: patterns[r.p] } : {}),
    ...(r.i !== undefined ? { item: record(r.i) } : {}),
    ...(r.k !== undefined ? { key: record(r.k) } : {}),
    ...(r.v !== undefined ? { value: record(r.v) } : {}),
  };
  built.set(index, constraint);
  return constraint;
}

/** The constraints of `shape.member` in a service's model, if botocore carries any. */
export function memberConstraint(service: string, shape: string, member: string): Constraint | undefined {
  const index = data().services[service]?.[shape]?.[member];
  return index === undefined ? undefined : record(index);
}

/** The botocore release the constraints come from, for messages and docs. */
export function constraintsSource(): string {
  return `botocore ${data().botocore}`;
}

/** Every pattern the constraints use (for the translation test). */
export function allPatterns(): readonly string[] {
  return data().patterns;
}

/** The JavaScript matcher of a Java pattern; undefined when it cannot be translated exactly. */
export function patternMatcher(java: string): PatternMatcher | undefined {
  if (matchers.has(java)) return matchers.get(java);
  const translation = translateJavaPattern(java);
  const matcher = translation.ok ? translation.matcher : undefined;
  matchers.set(java, matcher);
  return matcher;
}
