import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../engine/clock';
import { recordTrace, Trace } from '../engine/trace';
import { runLogStoreContract } from './contract';
import { LOG_DB, openLogDb, partitionRange } from './idbSchema';
import { indexedDbHarness } from './idbTestHarness';
import { openIndexedDbLogStore } from './indexedDbStore';
import { segmentChecksum } from './segmentChecksum';

runLogStoreContract('IndexedDB (fake-indexeddb)', () => indexedDbHarness());

/** Records `from` .. `from + n - 1`: event `e.<offset>`, data `data(offset)`. */
const recs = (from: number, n: number, data: (i: number) => unknown = (i) => ({ i })) =>
  Array.from({ length: n }, (_, k) => ({
    timestamp: from + k,
    event: `e.${from + k}`,
    data: data(from + k),
  }));

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

  it('starts a new segment for half a segment or more instead of storing the tail again', async () => {
    const name = `seal-${Date.now()}`;
    let store = await openIndexedDbLogStore({ name, segment: { records: 8 } });
    await store.append('t', 0, recs(0, 3));
    await store.append('t', 0, recs(3, 2)); // less than half: extends the tail (5)
    await store.append('t', 0, recs(5, 4)); // half: the tail stays as stored, 4 go on
    await store.append('t', 0, recs(9, 11)); // again: segments of 8 and 3 after it
    const segments = async () => (await store.stats()).partitions[0]?.segments;
    expect(await segments()).toBe(4);
    await store.close();
    store = await openIndexedDbLogStore({ name, segment: { records: 8 }, verifyTail: Infinity });
    expect(store.recovered).toEqual([]);
    expect(await store.range('t', 0)).toEqual({ start: 0, end: 20 });
    expect((await store.read('t', 0, 0, 100)).map((r) => r.event)).toEqual(
      Array.from({ length: 20 }, (_, i) => `e.${i}`),
    );
    // a start never truncated is not stored: it is the first segment's base
    const db = await openLogDb(name);
    expect(await db.getAll(LOG_DB.stores.partitions)).toEqual([]);
    db.close();
    await store.close();
  });

  it('fills new segments up to the limit but extends a stored tail only while it is small', async () => {
    const name = `extend-${Date.now()}`;
    const segment = { records: 16, extend: 4 };
    let store = await openIndexedDbLogStore({ name, segment });
    await store.append('t', 0, recs(0, 3)); // a new segment: 3
    await store.append('t', 0, recs(3, 1)); // under 4: extended to 4
    await store.append('t', 0, recs(4, 1)); // 4 is not under 4: a new one, 1
    await store.append('t', 0, recs(5, 10)); // half of 4 or more: a new one, 10
    await store.append('t', 0, recs(15, 40)); // 16, 16 and 8, not rewriting the 10
    const stats = await store.stats();
    expect(stats.partitions[0]?.segments).toBe(6);
    await store.close();
    store = await openIndexedDbLogStore({ name, segment, verifyTail: Infinity });
    expect(store.recovered).toEqual([]);
    expect((await store.read('t', 0, 0, 100)).map((r) => r.event)).toEqual(
      Array.from({ length: 55 }, (_, i) => `e.${i}`),
    );
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

describe('IndexedDB store recovery', () => {
  async function damage(name: string, baseOffsets: number[]) {
    const db = await openLogDb(name);
    for (const base of baseOffsets) {
      const tx = db.transaction(LOG_DB.stores.batches, 'readwrite');
      const cursor = await tx.store.openCursor(partitionRange('t', 0, base));
      if (cursor?.key[2] !== base) throw new Error(`no segment at ${base}`);
      await cursor.update(cursor.value.replace('e', 'E'));
      await tx.done;
    }
    db.close();
  }

  async function twentyRecords(name: string) {
    const store = await openIndexedDbLogStore({ name, segment: { records: 4 } });
    await store.append(
      't',
      0,
      Array.from({ length: 20 }, (_, i) => ({ timestamp: i, event: `e${i}`, data: i })),
    );
    await store.close();
  }

  it('reads the new tail when a cut falls at the start of the checked window', async () => {
    const name = `window-${Date.now()}`;
    await twentyRecords(name);
    await damage(name, [12]);
    const store = await openIndexedDbLogStore({ name, segment: { records: 4 }, verifyTail: 2 });
    expect(store.recovered).toMatchObject([{ fromOffset: 12, toOffset: 19 }]);
    expect(await store.append('t', 0, [{ timestamp: 0, event: 'next', data: 0 }])).toEqual({
      baseOffset: 12,
      lastOffset: 12,
    });
    const all = await store.read('t', 0, 0, 100);
    expect(all.map((r) => r.event)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `e${i}`),
      'next',
    ]);
    await store.close();
  });

  it('checks that tail too, and reports one cut a partition', async () => {
    const name = `window2-${Date.now()}`;
    await twentyRecords(name);
    await damage(name, [8, 12]);
    const store = await openIndexedDbLogStore({ name, segment: { records: 4 }, verifyTail: 2 });
    expect(store.recovered).toMatchObject([{ fromOffset: 8, toOffset: 19 }]);
    expect(await store.range('t', 0)).toEqual({ start: 0, end: 8 });
    await store.close();
  });

  it("keys every segment with xxHash32 of its payload's UTF-8 (format version 3)", async () => {
    const name = `xxh-${Date.now()}`;
    const store = await openIndexedDbLogStore({ name, segment: { records: 4 } });
    const data = (i: number) => `\u00e9\u20ac\ud83d\ude00 ${i}`;
    await store.append('t', 0, recs(0, 6, data));
    await Promise.all([store.append('t', 0, recs(6, 1, data)), store.append('t', 0, recs(7, 3))]);
    await store.close();
    const db = await openLogDb(name);
    const tx = db.transaction(LOG_DB.stores.batches);
    const seen: number[] = [];
    for (let c = await tx.store.openCursor(); c; c = await c.continue()) {
      expect(c.key[4]).toBe(segmentChecksum(c.value));
      seen.push(c.key[2]);
    }
    db.close();
    // the first segment full, the tail extended (a put replacing a key), a new one after it
    expect(seen).toEqual([0, 4, 7]);
  });

  it('a read returns the writes queued before it (read your writes)', async () => {
    const store = await openIndexedDbLogStore({ name: `settle-${Date.now()}` });
    void store.commit('g', 't', 0, 7);
    void store.saveTopic({ name: 't', partitions: 1, retention: {} });
    expect(await store.committed('g', 't', 0)).toBe(7);
    expect(await store.topics()).toHaveLength(1);
    await store.close();
  });
});

describe('IndexedDB store: a write built in its call (nothing in flight)', () => {
  it('refuses it whole when a record in a later segment is not JSON', async () => {
    const name = `lazy-bad-${Date.now()}`;
    const trace = new Trace(new SimulatedClock(0));
    const recorded = recordTrace(trace);
    let store = await openIndexedDbLogStore({ name, segment: { records: 4 }, trace });
    await store.append('t', 0, recs(0, 3));
    // 20 records fill segments of 4: the first ones are put before record 16 is reached
    const bad = recs(3, 20, (i) => (i === 16 ? { n: 1n } : { i }));
    await expect(store.append('t', 0, bad)).rejects.toMatchObject({ code: 'invalid-record' });
    expect(await store.range('t', 0)).toEqual({ start: 0, end: 3 });
    // and queued behind a write in flight, refused at the call
    const good = store.append('t', 0, recs(3, 5));
    await expect(store.append('t', 0, bad)).rejects.toMatchObject({ code: 'invalid-record' });
    expect(await good).toEqual({ baseOffset: 3, lastOffset: 7 });
    expect(recorded.ofType('log.write-failed')).toEqual([]);
    await store.close();
    store = await openIndexedDbLogStore({ name, segment: { records: 4 }, verifyTail: Infinity });
    expect(store.recovered).toEqual([]);
    expect((await store.read('t', 0, 0, 100)).map((r) => r.event)).toEqual(
      Array.from({ length: 8 }, (_, i) => `e.${i}`),
    );
    await store.close();
  });

  it('stores the records as they were at the call, in flight or queued', async () => {
    const store = await openIndexedDbLogStore({ name: `lazy-copy-${Date.now()}` });
    const first = recs(0, 3);
    const second = recs(3, 3);
    const appended = [store.append('t', 0, first), store.append('t', 0, second)];
    for (const r of [...first, ...second]) (r.data as { i: number }).i = -1;
    first.push(...recs(100, 2));
    await Promise.all(appended);
    const read = await store.read('t', 0, 0, 10);
    expect(read.map((r) => r.data)).toEqual(Array.from({ length: 6 }, (_, i) => ({ i })));
    await store.close();
  });

  it('cuts segments by size for large records and checks them on reopen', async () => {
    const name = `lazy-big-${Date.now()}`;
    const segment = { records: 64, bytes: 2_000 };
    const text = (i: number) => `${i}:${'y'.repeat(300)}`;
    let store = await openIndexedDbLogStore({ name, segment });
    await store.append('t', 0, recs(0, 30, text));
    await Promise.all([
      store.append('t', 0, recs(30, 10, text)),
      store.append('t', 0, recs(40, 10, text)),
    ]);
    const stats = await store.stats();
    // ~340 code units a record: five or six a segment, never 64
    expect(stats.partitions[0]?.segments).toBeGreaterThanOrEqual(8);
    await store.close();
    store = await openIndexedDbLogStore({ name, segment, verifyTail: Infinity });
    expect(store.recovered).toEqual([]);
    const read = await store.read('t', 0, 0, 100);
    expect(read.map((r) => r.data)).toEqual(Array.from({ length: 50 }, (_, i) => text(i)));
    await store.close();
  });
});
