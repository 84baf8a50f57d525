/**
 * A small glob matcher for `exclude` and `per-file-ignores` (Node's path.matchesGlob is experimental in
 * Node 20 and missing from the Node inside older VS Code builds, so it is not used).
 *
 * Syntax: `*` (any characters but `/`), `**` (any number of whole path segments), `?`, `[abc]`, `[!abc]`,
 * `{a,b}`. Paths are matched with forward slashes, relative to the folder of the configuration file.
 *
 * Semantics, as in ruff and .gitignore: a pattern without a slash matches any single path segment (a
 * file or folder name anywhere below the folder); a pattern with a slash is anchored at the folder
 * and matches the path itself or any folder above the file (so `src/legacy` and `src/legacy/**` both
 * cover every file in src/legacy). A trailing `/` is dropped; a leading `./` or `/` anchors.
 */
export class Glob {
  private readonly automaton: Automaton;
  private readonly anchored: boolean;

  constructor(readonly pattern: string) {
    let body = pattern.trim().replace(/\\/g, '/');
    this.anchored = body.startsWith('/') || body.startsWith('./') || body.replace(/\/+$/, '').includes('/');
    body = body.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
    try {
      this.automaton = compile(parse(body));
    } catch (error) {
      // e.g. a reversed range "[z-a]": match the pattern literally and say so.
      this.error = (error as Error).message;
      this.automaton = compile([...body].map((c) => ({ kind: 'char' as const, test: (code: number) => code === c.charCodeAt(0) })));
    }
  }

  /** Why the pattern could not be read as a glob (it then matches only itself, literally). */
  readonly error?: string;

  /** The number of automaton states (the pattern's size, for bounding the work of a match). */
  get states(): number {
    return this.automaton.size;
  }

  /** States visited by all matches so far (every Glob): a match visits at most states × (path length + 1). */
  static get visits(): number {
    return Automaton.visits;
  }

  /** `relative` is the path below the configuration folder, with `/` or the platform separator. */
  matches(relative: string): boolean {
    const segments = relative.replace(/\\/g, '/').split('/').filter((s) => s && s !== '.');
    if (!segments.length || segments[0] === '..') return false;
    if (!this.anchored) return segments.some((segment) => this.automaton.matches(segment));
    for (let i = segments.length; i >= 1; i--) if (this.automaton.matches(segments.slice(0, i).join('/'))) return true;
    return false;
  }
}

/*
 * Globs are matched by simulating a nondeterministic automaton over the path, one character at a time,
 * keeping the set of states reached (Thompson's construction). The cost is at most the pattern's length
 * times the path's, whatever the pattern: a regular expression built from the glob backtracks instead,
 * and `*?*?*?*?*?*?*?*?*?*?*?*?#` took tens of seconds on one path of 60 characters.
 */

const SLASH = 0x2f;

/** One piece of a parsed glob. */
type Item =
  | { readonly kind: 'char'; readonly test: (code: number) => boolean }
  /** `*`: any run of characters but `/` (`anySlash`: `**` as a whole last segment, any run at all). */
  | { readonly kind: 'star'; readonly anySlash: boolean }
  /** `**` + `/` as whole segments: any number of whole segments, each followed by its `/`. */
  | { readonly kind: 'segments' }
  /** `{a,b}`: one of the alternatives. */
  | { readonly kind: 'alternatives'; readonly options: Item[][] };

function parse(pattern: string): Item[] {
  // Open brace groups: each holds its alternatives so far; the innermost is the last.
  const groups: Item[][][] = [];
  let sequence: Item[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/';
        const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === pattern.length) sequence.push({ kind: 'star', anySlash: true });
          else {
            sequence.push({ kind: 'segments' });
            i++; // the slash after ** belongs to it
          }
          i++;
          continue;
        }
        i++;
      }
      sequence.push({ kind: 'star', anySlash: false });
    } else if (c === '?') sequence.push({ kind: 'char', test: (code) => code !== SLASH });
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) sequence.push(literal(c));
      else {
        sequence.push(characterClass(pattern.slice(i + 1, close)));
        i = close;
      }
    } else if (c === '{') {
      groups.push([sequence]);
      sequence = [];
    } else if (c === '}' && groups.length) {
      sequence = closeGroup(groups, sequence);
    } else if (c === ',' && groups.length) {
      groups[groups.length - 1].push(sequence);
      sequence = [];
    } else sequence.push(literal(c));
  }
  while (groups.length) sequence = closeGroup(groups, sequence); // an unclosed { runs to the end
  return sequence;
}

/** Ends the innermost brace group: its alternatives become one item of the sequence it was opened in. */
function closeGroup(groups: Item[][][], last: Item[]): Item[] {
  const [outer, ...options] = groups.pop()!;
  outer.push({ kind: 'alternatives', options: [...options, last] });
  return outer;
}

function literal(c: string): Item {
  const code = c.charCodeAt(0);
  return { kind: 'char', test: (other) => other === code };
}

/** `[abc]`, `[a-z]`, `[!abc]` / `[^abc]` (never matching `/`). A reversed range is an error. */
function characterClass(set: string): Item {
  const negate = set.startsWith('!') || set.startsWith('^');
  if (negate) set = set.slice(1);
  const ranges: [number, number][] = [];
  for (let j = 0; j < set.length; j++) {
    const low = set.charCodeAt(j);
    if (set[j + 1] === '-' && j + 2 < set.length) {
      const high = set.charCodeAt(j + 2);
      if (high < low) throw new Error(`range out of order in character class: ${set.slice(j, j + 3)}`);
      ranges.push([low, high]);
      j += 2;
    } else ranges.push([low, low]);
  }
  const inSet = (code: number) => ranges.some(([low, high]) => code >= low && code <= high);
  return { kind: 'char', test: negate ? (code) => code !== SLASH && !inSet(code) : inSet };
}

/** Automaton states: a character test with its next state, a fork (no input consumed), or acceptance. */
type State = { readonly test: (code: number) => boolean; next: number } | { readonly fork: number[] } | { readonly accept: true };

class Automaton {
  /** States visited by every match so far: the work done, which tests bound (it is linear in the path). */
  static visits = 0;
  private readonly mark: Int32Array;
  private generation = 0;

  get size(): number {
    return this.states.length;
  }

  constructor(
    private readonly states: State[],
    private readonly start: number,
  ) {
    this.mark = new Int32Array(states.length);
  }

  matches(text: string): boolean {
    let current = this.closure([this.start]);
    for (let i = 0; i < text.length && current.length; i++) {
      const code = text.charCodeAt(i);
      const next: number[] = [];
      for (const index of current) {
        const state = this.states[index];
        if ('test' in state && state.test(code)) next.push(state.next);
      }
      current = this.closure(next);
    }
    return current.some((index) => 'accept' in this.states[index]);
  }

  /** The states reachable without consuming input, each once. */
  private closure(from: number[]): number[] {
    const generation = ++this.generation;
    const out: number[] = [];
    const stack = [...from];
    while (stack.length) {
      const index = stack.pop()!;
      if (this.mark[index] === generation) continue;
      this.mark[index] = generation;
      Automaton.visits++;
      const state = this.states[index];
      if ('fork' in state) for (let k = state.fork.length - 1; k >= 0; k--) stack.push(state.fork[k]);
      else out.push(index);
    }
    return out;
  }
}

/** Builds the automaton back to front: each item is compiled knowing the state that follows it. */
function compile(items: readonly Item[]): Automaton {
  const states: State[] = [{ accept: true }];
  const add = (state: State) => states.push(state) - 1;
  const sequence = (list: readonly Item[], next: number): number => {
    for (let k = list.length - 1; k >= 0; k--) next = item(list[k], next);
    return next;
  };
  const item = (piece: Item, next: number): number => {
    switch (piece.kind) {
      case 'char':
        return add({ test: piece.test, next });
      case 'star': {
        // fork: one more character (and back to the fork), or on.
        const fork: number[] = [];
        const loop = add({ fork });
        fork.push(add({ test: piece.anySlash ? () => true : (code) => code !== SLASH, next: loop }), next);
        return loop;
      }
      case 'segments': {
        // (any characters, then '/') zero or more times: fork to a run that ends at a '/' and back, or on.
        const fork: number[] = [];
        const loop = add({ fork });
        const slash = add({ test: (code) => code === SLASH, next: loop });
        const runFork: number[] = [];
        const run = add({ fork: runFork });
        runFork.push(add({ test: () => true, next: run }), slash);
        fork.push(run, next);
        return loop;
      }
      case 'alternatives':
        return add({ fork: piece.options.map((option) => sequence(option, next)) });
    }
  };
  return new Automaton(states, sequence(items, 0));
}

/** True when any of the globs matches the path. */
export function matchesAny(globs: readonly Glob[], relative: string): boolean {
  return globs.some((glob) => glob.matches(relative));
}
