import * as fs from 'fs';
import * as os from 'os';

/**
 * How much lower than the main thread V8's helper threads run (a niceness difference; 19 is the lowest).
 *
 * A cold server's first analysis of a 2,000-line module takes about 160 ms of CPU on the main thread, and V8
 * spends about 270 ms more meanwhile on its helper threads (CPU per thread, from /proc): mostly TurboFan
 * compiling the functions that just became hot, then the grammar's wasm tier-up and parallel GC. Node starts
 * its four helper threads at the main thread's priority, so on a machine with two cores the scheduler shares
 * the cores among five runnable threads, and the main thread, the one the editor waits for, took 250 ms to
 * the first diagnostics for its 160 ms of work. Chrome runs V8's background work below its main threads; Node
 * does not. Ten steps lower, a helper's weight is about a tenth of the main thread's. The main thread then
 * does more of the work itself (optimised code arrives later, fewer threads help the GC), but waits less:
 * see the commit that added this for the measurements.
 */
export const HELPER_THREAD_NICENESS_STEP = 10;
/** The lowest priority Linux knows. */
const LOWEST_PRIORITY = 19;

/**
 * Lowers the scheduling priority of this process's other threads below the main thread's (the calling thread,
 * which must be the main one). Linux only: there a thread's priority is its own, and `setpriority` takes a
 * thread id from /proc/self/task; elsewhere (macOS, Windows) nothing changes. Call it early: V8's helper
 * threads exist from the process's start, and threads started later by the main thread take its priority.
 * Returns how many threads it lowered.
 */
export function lowerHelperThreadPriority(): number {
  if (process.platform !== 'linux') return 0;
  let tasks: string[];
  try {
    tasks = fs.readdirSync('/proc/self/task');
  } catch {
    return 0; // no /proc: leave the priorities alone
  }
  const main = process.pid;
  // A /proc mounted from another PID namespace (some containers) lists other ids: leave those alone.
  if (!tasks.includes(String(main))) return 0;
  let lowered = 0;
  try {
    const priority = Math.min(LOWEST_PRIORITY, os.getPriority(main) + HELPER_THREAD_NICENESS_STEP);
    for (const task of tasks) {
      const thread = Number(task);
      if (!Number.isInteger(thread) || thread === main) continue;
      try {
        // Never raised: a thread already lower (the whole process started low) stays where it is.
        if (os.getPriority(thread) < priority) {
          os.setPriority(thread, priority);
          lowered++;
        }
      } catch {
        // The thread ended meanwhile: nothing to lower.
      }
    }
  } catch {
    // The main thread's priority could not be read: leave the others as they are.
  }
  return lowered;
}
