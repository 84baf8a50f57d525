/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-sensitive.
 * Three rolling rows in reused typed arrays: "closest valid types" lists compare one value against every
 * value of an enum (hundreds), and a fresh matrix per comparison made that a visible share of analysis.
 */
let rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > 8) return Math.abs(m - n);
  if (m === 0 || n === 0) return m + n;
  if (rows[0].length < n + 1) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  // beforePrevious = row i-2, previous = row i-1, current = row i.
  let [beforePrevious, previous, current] = rows;
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= m; i++) {
    current[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) best = Math.min(best, beforePrevious[j - 2] + 1);
      current[j] = best;
    }
    const spare = beforePrevious;
    beforePrevious = previous;
    previous = current;
    current = spare;
  }
  return previous[n];
}

/** The largest distance still treated as a typo of a name this long. */
export function typoBudget(length: number): number {
  return length <= 4 ? 1 : length <= 10 ? 2 : 3;
}

/**
 * The candidate `name` most likely misspells: a case-insensitive match first, then the smallest edit
 * distance within the typo budget (ties go to the first candidate in the given order). Undefined when
 * nothing is close enough.
 */
export function closestName(name: string, candidates: Iterable<string>, budget = typoBudget(name.length)): string | undefined {
  const list = Array.isArray(candidates) ? (candidates as string[]) : [...candidates];
  // The same misspelling is looked up again at every keystroke; the answer depends only on these inputs.
  const key = `${budget}\u0000${name}\u0000${list.join('\u0001')}`;
  if (closestCache.has(key)) return closestCache.get(key);
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of list) {
    if (candidate === name) {
      best = candidate;
      bestDistance = 0;
      break;
    }
    // The length difference is a lower bound of the distance: too far, or no better than the best so far.
    const floor = Math.abs(candidate.length - name.length);
    if (floor > budget || floor >= bestDistance) continue;
    const distance = candidate.toLowerCase() === lower ? 0.5 : editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const answer = bestDistance <= budget ? best : undefined;
  if (closestCache.size >= CLOSEST_CACHE_LIMIT) closestCache.clear();
  closestCache.set(key, answer);
  return answer;
}

const closestCache = new Map<string, string | undefined>();
const CLOSEST_CACHE_LIMIT = 256;

/**
 * Answers of nearestNames per candidate list: the same wrong literal is judged again at every
 * keystroke, against the same enum array, and the answer cannot change.
 */
const nearestCache = new WeakMap<readonly string[], Map<string, string[]>>();
const NEAREST_CACHE_LIMIT = 512;

/** The `count` candidates nearest to `name` (for "closest valid types" lists), nearest first. */
export function nearestNames(name: string, candidates: readonly string[], count: number): string[] {
  let answers = nearestCache.get(candidates);
  if (!answers) nearestCache.set(candidates, (answers = new Map()));
  const key = `${count}\u0000${name}`;
  const known = answers.get(key);
  if (known) return [...known];
  const lower = name.toLowerCase();
  // The nearest so far, nearest first (ties in candidate order). A candidate whose length differs from the
  // name's by at least the distance of the last of them cannot enter (editDistance never returns less than
  // the difference, and a tie goes to the earlier candidate): most of an enum's hundreds of values are
  // skipped without computing a distance.
  const best: { candidate: string; distance: number }[] = [];
  if (count > 0) {
    for (const candidate of candidates) {
      const other = candidate.toLowerCase();
      if (best.length === count && Math.abs(other.length - lower.length) >= best[count - 1].distance) continue;
      const distance = editDistance(lower, other);
      if (best.length === count && distance >= best[count - 1].distance) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].distance > distance) at--;
      best.splice(at, 0, { candidate, distance });
      if (best.length > count) best.pop();
    }
  }
  const nearest = best.map((entry) => entry.candidate);
  if (answers.size >= NEAREST_CACHE_LIMIT) answers.clear();
  answers.set(key, nearest);
  return [...nearest];
}
