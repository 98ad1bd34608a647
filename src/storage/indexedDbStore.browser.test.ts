import { expect, it } from 'vitest';
import { runLogStoreContract } from './contract';
import { indexedDbHarness } from './idbTestHarness';

// the same contract on Chromium's own IndexedDB, where strict durability flushes to disk
runLogStoreContract('IndexedDB (Chromium)', () => indexedDbHarness());

it('stores 20,000 records appended concurrently, gapless, in few transactions', async () => {
  const harness = indexedDbHarness(512);
  const store = await harness.open();
  const batches = Array.from({ length: 200 }, (_, b) =>
    store.append(
      't',
      0,
      Array.from({ length: 100 }, (_, i) => ({ timestamp: b, event: 'e', data: { b, i } })),
    ),
  );
  const results = await Promise.all(batches);
  expect(results.map((r) => r.baseOffset)).toEqual(results.map((_, b) => b * 100));
  const stats = await store.stats();
  expect(stats.records).toBe(20_000);
  expect(stats.transactions).toBeLessThan(50);
  const read = await store.read('t', 0, 19_990, 100);
  expect(read.map((r) => r.offset)).toEqual(Array.from({ length: 10 }, (_, i) => 19_990 + i));
  await store.close();
});
