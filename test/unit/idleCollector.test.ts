import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdleCollector } from '../../server/src/lsp/idleCollector';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('idle collector: a quiet spell after analyses collects garbage nothing else would have collected yet', async () => {
  const collector = new IdleCollector(20, 0);
  // An unreachable object held only weakly: without allocation pressure V8 has no reason to collect it.
  const ref = (() => new WeakRef({ payload: new Array(1000).fill('x') }))();
  await sleep(0); // a WeakRef target lives at least until the end of the job that created it
  collector.analysed();
  collector.analysed(); // a second analysis restarts the wait rather than adding a collection
  for (let i = 0; i < 50 && ref.deref() !== undefined; i++) await sleep(20);
  assert.equal(ref.deref(), undefined, 'collected once the analyses went quiet');
  collector.dispose();
});

test('idle collector: the memory a collection frees is returned to the system by the time it returns', () => {
  const collector = new IdleCollector(20, 0);
  // Small objects that survive one collection fill old-space pages; dropped, those pages become free.
  const held: { garbage?: { index: number; text: string }[] } = { garbage: [] };
  for (let i = 0; i < 1_000_000; i++) held.garbage!.push({ index: i, text: `item ${i}` });
  collector.collectNow();
  assert.equal(held.garbage!.length, 1_000_000);
  held.garbage = undefined;
  const before = process.memoryUsage().rss;
  collector.collectNow();
  const released = (before - process.memoryUsage().rss) / (1024 * 1024);
  // The objects take about 80 MB; V8's background threads would still hold most of them here.
  assert.ok(released > 30, `released ${released.toFixed(1)} MB`);
  collector.dispose();
});
