import { test } from 'node:test';
import v8 from 'node:v8';
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

test('idle collector: a collection compacts what survives, so scattered survivors do not hold their pages', () => {
  const collector = new IdleCollector(20, 0);
  const held: { objects?: { index: number; text: string }[] } = { objects: [] };
  for (let i = 0; i < 1_000_000; i++) held.objects!.push({ index: i, text: `item ${i}` });
  collector.collectNow();
  // One object in ten survives: every old-space page keeps some, so none becomes empty by itself. (In a
  // function of its own, so that no register of this frame still holds the dropped array.)
  const survivors = ((): unknown[] => {
    const kept = held.objects!.filter((_, i) => i % 10 === 0);
    held.objects = undefined;
    return kept;
  })();
  collector.collectNow();
  const old = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!;
  const unusedMB = (old.physical_space_size - old.space_used_size) / (1024 * 1024);
  // About 70 MB of pages held 7 MB of survivors; uncompacted, most of those pages stay.
  assert.ok(unusedMB < 16, `old space: ${unusedMB.toFixed(1)} MB of its pages unused`);
  assert.equal(survivors.length, 100_000);
  collector.dispose();
});

test('idle collector: at rest the young generation V8 grew during the analyses is given back', async () => {
  const collector = new IdleCollector(20, 0, 5500);
  const youngMB = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_size / (1024 * 1024);
  // Objects that survive young-generation collections make V8 grow the young generation (to 32 MB on 64-bit).
  let survivors: { index: number; list: number[] }[] = [];
  for (let i = 0; i < 3_000_000; i++) {
    survivors.push({ index: i, list: [i] });
    if (survivors.length > 200_000) survivors = [];
  }
  survivors = [];
  assert.ok(youngMB() >= 16, `the young generation grew to ${youngMB()} MB`);
  collector.analysed();
  // V8 shrinks it only once its allocation rate over the last five seconds is low.
  await sleep(7000);
  assert.ok(youngMB() <= 4, `young generation at rest: ${youngMB()} MB`);
  collector.dispose();
});
