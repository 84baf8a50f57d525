import { test } from 'node:test';
import v8 from 'node:v8';
import assert from 'node:assert/strict';
import { IdleCollector, limitHeapGrowth } from '../../server/src/lsp/idleCollector';

const oldSpaceSize = (): number => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_size ?? 0;

// The language server's pattern while someone types: a steady amount of live data (the document's tree and
// model), and each analysis keeps part of what it made for a while (the statements an edit changed), then
// drops it, so old space fills with data that dies later. V8 let old space grow to about five times the
// live data here (four times, plus what arrives while it marks); the server limits it to about twice.
// (The flag is process-wide: this file runs in a process of its own, as every test file does.)
test('limitHeapGrowth: while analyses run back to back, old space stays near twice the live data', () => {
  assert.ok(limitHeapGrowth(), 'V8 took the flag');
  const collector = new IdleCollector();
  const live: { n: number; name: string; pair: number[] }[] = [];
  for (let i = 0; i < 400_000; i++) live.push({ n: i, name: `n${i}`, pair: [i, i + 1] });
  collector.collectNow();
  const liveBytes = v8.getHeapStatistics().used_heap_size;
  const keptForAWhile: unknown[][] = new Array(64);
  let largestOldSpace = 0;
  for (let k = 0; k < 8000; k++) {
    const made: unknown[] = [];
    for (let j = 0; j < 1000; j++) made.push({ k, j, name: `x${j}`, list: [j] });
    keptForAWhile[k % keptForAWhile.length] = made;
    if (k % 16 === 0) largestOldSpace = Math.max(largestOldSpace, oldSpaceSize());
  }
  const ratio = largestOldSpace / liveBytes;
  assert.equal(live.length, 400_000); // keeps the live data reachable to the end
  assert.ok(ratio < 3.5, `old space reached ${(largestOldSpace / 2 ** 20).toFixed(0)} MB, ${ratio.toFixed(2)} times the ${(liveBytes / 2 ** 20).toFixed(0)} MB of live data`);
  collector.dispose();
});
