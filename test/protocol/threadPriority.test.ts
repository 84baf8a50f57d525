/**
 * The server's main thread answers the editor; V8's helper threads (its optimising compiler, parallel GC)
 * run at a lower priority (lsp/threadPriority.ts), so that on a machine with few cores they do not take
 * the main thread's share while a first analysis runs. Linux only: elsewhere a thread's priority is not
 * set this way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { ProtocolClient, docUri } from './client';
import { SAMPLE } from './samples';
import { HELPER_THREAD_NICENESS_STEP } from '../../server/src/lsp/threadPriority';

/** Each thread's niceness, from /proc/<pid>/task/<tid>/stat (field 19; the command name before it may hold spaces). */
function threadNiceness(pid: number): Map<number, number> {
  const niceness = new Map<number, number>();
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    const stat = fs.readFileSync(`/proc/${pid}/task/${task}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    niceness.set(Number(task), Number(fields[19 - 3]));
  }
  return niceness;
}

test('the server runs its helper threads at a lower priority than its main thread, which keeps its own', { skip: process.platform !== 'linux' }, async () => {
  const client = await ProtocolClient.start({ timeout: 60_000 });
  try {
    await client.open(docUri('priority'), SAMPLE);
    const pid = client.pid!;
    const threads = threadNiceness(pid);
    const main = threads.get(pid)!;
    assert.equal(main, os.getPriority(process.pid), 'the main thread keeps the priority it started with (this process\'s)');
    const lowered = [...threads].filter(([thread, nice]) => thread !== pid && nice >= Math.min(19, main + HELPER_THREAD_NICENESS_STEP));
    // Node starts four V8 helper threads (--v8-pool-size); threads the main thread starts later share its priority.
    assert.ok(lowered.length >= 4, `helper threads lowered: ${lowered.length} of ${threads.size - 1} (${[...threads].map(([t, n]) => `${t}:${n}`).join(' ')})`);
  } finally {
    await client.dispose();
  }
});
