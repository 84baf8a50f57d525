import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A full garbage collection once the server goes quiet after analysing. Each analysis of a 2,000-line
 * module leaves some megabytes of garbage, and V8 grows its heap rather than collect while a burst of
 * opens or keystrokes lasts, so RSS after opening 100 documents was 300-370 MB though they hold about
 * 50 MB of live data. Collecting when no analysis has run for `quietMs` (a pause in typing, the end of
 * a burst of opens), and only when the heap grew by `growthBytes` since the last collection, keeps RSS
 * near the live size without taking time from a keystroke: the next analysis starts after it, and a
 * burst never waits for one.
 *
 * At rest (`restMs` without an analysis) it also gives back the young generation: see `rest`.
 */
export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;
  private restTimer: NodeJS.Timeout | undefined;
  private usedAfterLast = 0;
  private readonly gc: GcFunction | undefined = exposeGc();

  /** Run at rest, before the young-generation collection: drops what is kept only to make typing faster. */
  atRest?: () => void;

  constructor(
    private readonly quietMs = 300,
    private readonly growthBytes = 24 * 1024 * 1024,
    private readonly restMs = 6000,
  ) {}

  /** An analysis ran: (re)start waiting for the quiet, and for the rest. */
  analysed(): void {
    if (!this.gc) return;
    if (this.timer) this.timer.refresh();
    else this.timer = setTimeout(() => this.collect(), this.quietMs).unref();
    if (this.restTimer) this.restTimer.refresh();
    else this.restTimer = setTimeout(() => this.rest(), this.restMs).unref();
  }

  /**
   * A young-generation collection once the server has been at rest for a while, so that V8 shrinks the
   * young generation back to its initial 2 MB. While analyses run, V8 grows it to 32 MB (two 16 MB
   * semi-spaces), and it keeps all of it resident: a third of the heap of an idle server with one small
   * document, 32 of the 382 MB after editing a 50,000-line module. V8 shrinks it only in a collection
   * that finds the allocation rate of the last five seconds low (under 1 KB/ms), which never happens on
   * its own in a server that allocates nothing while idle, and not in the idle collection either, which
   * runs 300 ms after a burst. A young-generation collection costs a millisecond or two here: the young
   * generation is empty after the idle collection. Typing again grows it back within a few keystrokes.
   * V8 judges the rate from one collection to the next: when the idle collection itself ended less than
   * five seconds before this one (it takes seconds after a huge module on a busy machine), the rate still
   * includes the end of the burst, so it is tried again, a few times at most.
   */
  private rest(attempt = 1): void {
    this.restTimer = undefined;
    if (attempt === 1) this.atRest?.();
    this.gc?.({ type: 'minor' });
    if (youngGenerationBytes() > YOUNG_GENERATION_AT_REST && attempt < REST_ATTEMPTS) {
      this.restTimer = setTimeout(() => this.rest(attempt + 1), this.restMs).unref();
    }
  }

  private collect(): void {
    this.timer = undefined;
    if (v8.getHeapStatistics().used_heap_size - this.usedAfterLast < this.growthBytes) return;
    this.collectNow();
  }

  /**
   * A full collection that compacts the heap and has returned the freed memory to the system when it
   * returns. Compacting: what survives an analysis (a document's text, its tree, the model) is scattered
   * over pages the analyses' garbage filled, and a plain full collection frees only the pages left
   * entirely empty: after opening 100 documents, 47 MB of live objects held 83-116 MB of old space
   * (the rest of the spread of that RSS row), and after editing a 50,000-line module 118 MB held 184 MB.
   * Compacted, they hold 50 and 121 MB. It costs the main thread more (about 340 ms of CPU instead of
   * 140 for the 50,000-line module, on a loaded machine), spent while the server is idle. By default V8
   * sweeps and unmaps freed pages on background threads after the collection: on a busy machine RSS
   * stayed 60-90 MB above the live size for hundreds of milliseconds after it (100 open documents measured
   * anywhere from 219 to 275 MB half a second after the last open). The server is idle here, so the main
   * thread does that work itself: a few tens of milliseconds more, spent while nobody waits.
   */
  collectNow(): void {
    if (!this.gc) return;
    const synchronous = setFlag('--no-concurrent-sweeping');
    const compacting = setFlag('--compact-on-every-full-gc');
    try {
      this.gc();
    } finally {
      if (compacting) setFlag('--no-compact-on-every-full-gc');
      if (synchronous) setFlag('--concurrent-sweeping');
    }
    this.usedAfterLast = v8.getHeapStatistics().used_heap_size;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.restTimer) clearTimeout(this.restTimer);
    this.timer = undefined;
    this.restTimer = undefined;
  }
}

/**
 * Lets old space grow to twice the live data between full collections (V8 allows up to four times).
 * While someone types, each analysis keeps part of what it made for a while (the statements the edit
 * changed: their nodes, records and values) and drops it later, so old space fills steadily with data
 * that dies, though the live data stays the same size. V8 sizes the next limit from how fast it collects
 * against how fast old space fills, and keystroke after keystroke always looks fast to fill: it settled at
 * four times. Over 10,000 edits of a 300-line module (20 MB live) old space went from 83 MB after the
 * 1,000th edit to 116 MB, RSS grew by 15-19%, and stayed at that peak until the edits stopped; at twice,
 * RSS stays within a few MB of its level after the first 1,000 edits. The cost is a full collection twice
 * as often, marked incrementally and concurrently as before: for 20 MB of live data, one every couple of
 * hundred keystrokes, a few milliseconds of main thread; after editing a 50,000-line module (180 MB live,
 * 15-20 MB kept per keystroke) the limit is still about 200 MB above the live data, ten keystrokes or so.
 * V8 reads the flag each time it computes a limit, so setting it at start applies to all later ones.
 */
export function limitHeapGrowth(): boolean {
  return setFlag(HEAP_GROWTH_FLAG);
}

/**
 * Old space may reach (1 + 100 / 100) times the live data after a full collection. dist/server.js sets it
 * too, before it compiles the bundle: V8's flags are part of what a code cache must match (serverEntry.ts).
 */
export const HEAP_GROWTH_FLAG = '--heap-growing-percent=100';

/** V8's young generation starts at 2 MB (two 1 MB semi-spaces) and grows to 32 MB. */
const YOUNG_GENERATION_AT_REST = 4 * 1024 * 1024;
const REST_ATTEMPTS = 3;

function youngGenerationBytes(): number {
  return v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

function setFlag(flag: string): boolean {
  try {
    v8.setFlagsFromString(flag);
    return true;
  } catch {
    return false;
  }
}

/** V8's `gc`: a full collection, or with `{ type: 'minor' }` a young-generation one. */
type GcFunction = (options?: { type: 'minor' }) => void;

/** The global `gc` function, made available at run time (the flag applies to new contexts). */
function exposeGc(): GcFunction | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as GcFunction) : undefined;
  } catch {
    return undefined; // a runtime that refuses the flag: V8 collects on its own schedule
  }
}
