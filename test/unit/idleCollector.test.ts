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
