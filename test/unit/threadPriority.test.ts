/**
 * lowerHelperThreadPriority, in a process of its own (this file, started again as a child): every thread
 * but the main one goes HELPER_THREAD_NICENESS_STEP below the main thread, the main thread stays, and a
 * thread already lower is not raised.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { HELPER_THREAD_NICENESS_STEP, lowerHelperThreadPriority } from '../../server/src/lsp/threadPriority';

const CHILD = 'SAGELINT_THREAD_PRIORITY_CHILD';

function niceness(): Record<number, number> {
  const result: Record<number, number> = {};
  for (const task of fs.readdirSync('/proc/self/task')) result[Number(task)] = os.getPriority(Number(task));
  return result;
}

if (process.env[CHILD]) {
  // The child: one helper thread is put at the lowest priority first; then the threads are lowered.
  const before = niceness();
  const lowest = Number(Object.keys(before).find((thread) => Number(thread) !== process.pid));
  os.setPriority(lowest, 19);
  const lowered = lowerHelperThreadPriority();
  process.stdout.write(JSON.stringify({ main: process.pid, lowest, before, lowered, after: niceness() }));
} else {
  test('lowerHelperThreadPriority lowers every thread but the main one, and raises none', { skip: process.platform !== 'linux' }, () => {
    const child = spawnSync(process.execPath, [__filename], { env: { ...process.env, [CHILD]: '1' }, encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    const { main, lowest, before, lowered, after } = JSON.parse(child.stdout) as { main: number; lowest: number; before: Record<number, number>; lowered: number; after: Record<number, number> };
    const target = Math.min(19, before[main] + HELPER_THREAD_NICENESS_STEP);
    assert.equal(after[main], before[main], 'the main thread keeps its priority');
    assert.equal(after[lowest], 19, 'a thread already lower than the target is not raised');
    const helpers = Object.keys(before).map(Number).filter((thread) => thread !== main && thread !== lowest && thread in after);
    assert.ok(helpers.length >= 3, `the child has V8's helper threads (${Object.keys(before).length} threads)`);
    for (const thread of helpers) assert.equal(after[thread], target, `thread ${thread}`);
    // A run already at the lowest priority (nice -n 19 npm test) has nothing to lower.
    assert.equal(lowered, helpers.filter((thread) => before[thread] < target).length);
  });
}
