import { describe, expect, it } from 'vitest';
import { runLogStoreContract } from './contract';
import { indexedDbHarness } from './idbTestHarness';
import { openIndexedDbLogStore } from './indexedDbStore';

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

describe('one writer per log (Web Locks)', () => {
  it('refuses a second store, or lets it wait until the first closes', async () => {
    const name = `lock-${Date.now()}`;
    const first = await openIndexedDbLogStore({ name });
    await first.append('t', 0, [{ timestamp: 0, event: 'e', data: 0 }]);
    await expect(openIndexedDbLogStore({ name, lock: 'fail' })).rejects.toMatchObject({
      code: 'locked',
    });
    const gaveUp = new AbortController();
    const abandoned = openIndexedDbLogStore({ name, signal: gaveUp.signal });
    gaveUp.abort();
    await expect(abandoned).rejects.toMatchObject({ code: 'locked' });
    // a signal that times out says the same (its reason is a TimeoutError, not an AbortError),
    // and so does one aborted with a reason of its own
    await expect(
      openIndexedDbLogStore({ name, signal: AbortSignal.timeout(20) }),
    ).rejects.toMatchObject({ code: 'locked' });
    const ownReason = new AbortController();
    const withReason = openIndexedDbLogStore({ name, signal: ownReason.signal });
    ownReason.abort(new Error('the lab was closed'));
    await expect(withReason).rejects.toMatchObject({ code: 'locked' });
    let opened = false;
    const waiting = openIndexedDbLogStore({ name }).then((s) => {
      opened = true;
      return s;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(opened).toBe(false);
    await first.close();
    const second = await waiting;
    expect(await second.range('t', 0)).toEqual({ start: 0, end: 1 });
    await second.close();
  });
});
