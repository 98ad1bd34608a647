import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../engine/clock';
import { recordTrace, Trace } from '../engine/trace';
import { runLogStoreContract } from './contract';
import { indexedDbHarness } from './idbTestHarness';
import { openIndexedDbLogStore } from './indexedDbStore';

runLogStoreContract('IndexedDB (fake-indexeddb)', () => indexedDbHarness());

describe('IndexedDB store', () => {
  it('group-commits appends that arrive while a transaction is in flight', async () => {
    const store = await openIndexedDbLogStore({ name: `group-${Date.now()}` });
    const appends = Array.from({ length: 200 }, (_, i) =>
      store.append('t', 0, [{ timestamp: i, event: 'e', data: i }]),
    );
    const results = await Promise.all(appends);
    expect(results.map((r) => r.baseOffset)).toEqual(results.map((_, i) => i));
    const stats = await store.stats();
    expect(stats.writes).toBe(200);
    expect(stats.transactions).toBeLessThan(5);
    // 200 records in segments of 512: one stored value
    expect(stats.partitions[0]?.segments).toBe(1);
    await store.close();
  });

  it('tells the trace what it dropped on open and why a write failed', async () => {
    const trace = new Trace(new SimulatedClock(5));
    const recorded = recordTrace(trace);
    const harness = indexedDbHarness(4, trace);
    let store = await harness.open();
    const records = Array.from({ length: 10 }, (_, i) => ({ timestamp: i, event: 'e', data: i }));
    await store.append('t', 0, records);
    await store.close();
    await harness.corruptTail?.('t', 0);
    store = await harness.open();
    expect(recorded.ofType('log.tail-dropped')).toMatchObject([
      { topic: 't', partition: 0, fromOffset: 8, toOffset: 9, at: 5 },
    ]);
    const restore = harness.exceedQuota(store);
    await expect(store.append('t', 0, records)).rejects.toMatchObject({ code: 'quota-exceeded' });
    restore();
    expect(recorded.ofType('log.write-failed')).toMatchObject([{ code: 'quota-exceeded' }]);
    await store.close();
  });
});
