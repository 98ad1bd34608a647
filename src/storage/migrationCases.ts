import { describe, expect, it } from 'vitest';
import { fnv1a } from '../engine/hash';
import { requestResult } from './idbRequest';
import { LOG_DB, LOG_DB_V1_STORES, logDbName, openLogDb } from './idbSchema';
import { exceedQuota } from './idbTestHarness';
import { openIndexedDbLogStore } from './indexedDbStore';

const line = (i: number) => JSON.stringify({ timestamp: 1_000 + i, event: `e.${i}`, data: { i } });

interface V1Segment {
  readonly partition: number;
  readonly base: number;
  readonly count: number;
  /** what is stored instead of the records' JSON (a damaged segment) */
  readonly payload?: string;
  readonly noHeader?: boolean;
  readonly noValue?: boolean;
}

/** A log as version 1 of the store wrote it (src/storage/idbSchema.ts before version 2). */
async function writeV1(name: string, segments: readonly V1Segment[]) {
  const open = indexedDB.open(logDbName(name), 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore('segments', { keyPath: ['topic', 'partition', 'baseOffset'] });
    db.createObjectStore('segmentIndex', { keyPath: ['topic', 'partition', 'baseOffset'] });
    db.createObjectStore('offsets', { keyPath: ['group', 'topic', 'partition'] });
    db.createObjectStore('partitions', { keyPath: ['topic', 'partition'] });
    db.createObjectStore('topics', { keyPath: 'name' });
  };
  const db = await requestResult(open);
  const tx = db.transaction(
    ['segments', 'segmentIndex', 'offsets', 'partitions', 'topics'],
    'readwrite',
  );
  for (const s of segments) {
    const text = Array.from({ length: s.count }, (_, k) => line(s.base + k)).join(',');
    const topic = 't';
    const { partition, base: baseOffset } = s;
    if (!s.noValue) {
      tx.objectStore('segments').put({ topic, partition, baseOffset, payload: s.payload ?? text });
    }
    if (!s.noHeader) {
      tx.objectStore('segmentIndex').put({
        topic,
        partition,
        baseOffset,
        lastOffset: baseOffset + s.count - 1,
        count: s.count,
        checksum: fnv1a(text),
        maxTimestamp: 1_000 + baseOffset + s.count - 1,
        bytes: text.length,
      });
    }
  }
  tx.objectStore('offsets').put({ group: 'g', topic: 't', partition: 0, offset: 5 });
  tx.objectStore('partitions').put({ topic: 't', partition: 0, start: 2 });
  tx.objectStore('topics').put({ name: 't', partitions: 2, retention: { maxRecords: 100 } });
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

const dropped = (fromOffset: number, toOffset: number, reason: string) => ({
  topic: 't',
  partition: 0,
  fromOffset,
  toOffset,
  reason,
});

const events = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `e.${from + i}`);

/** A version 1 log opened by this code, on whatever `indexedDB` the test runs with. */
export function runMigrationCases(backend: string): void {
  describe(`IndexedDB store (${backend}): a version 1 log opened by version 2`, () => {
    it('keeps every record, offset, committed offset, start and topic, and goes on appending', async () => {
      const name = `v1-${Date.now()}`;
      await writeV1(name, [
        { partition: 0, base: 0, count: 4 },
        { partition: 0, base: 4, count: 4 },
        { partition: 0, base: 8, count: 2 },
        { partition: 1, base: 0, count: 3 },
      ]);
      const segment = { records: 4 };
      let store = await openIndexedDbLogStore({ name, segment, verifyTail: Infinity });
      expect(store.recovered).toEqual([]);
      expect(await store.range('t', 0)).toEqual({ start: 2, end: 10 });
      expect(await store.range('t', 1)).toEqual({ start: 0, end: 3 });
      const read = await store.read('t', 0, 2, 100);
      expect(read.map((r) => r.event)).toEqual(events(2, 10));
      expect(read.map((r) => r.offset)).toEqual(Array.from({ length: 8 }, (_, i) => 2 + i));
      expect(read[0]).toEqual({ offset: 2, timestamp: 1_002, event: 'e.2', data: { i: 2 } });
      expect((await store.read('t', 1, 0, 100)).map((r) => r.event)).toEqual(events(0, 3));
      expect(await store.committed('g', 't', 0)).toBe(5);
      expect(await store.topics()).toEqual([
        { name: 't', partitions: 2, retention: { maxRecords: 100 } },
      ]);
      expect(await store.offsetForTime('t', 0, 1_006)).toBe(6);
      // the migrated tail (2 records) is extended, under a new key, and the old key goes
      expect(
        await store.append('t', 0, [{ timestamp: 1_010, event: 'e.10', data: { i: 10 } }]),
      ).toEqual({ baseOffset: 10, lastOffset: 10 });
      expect((await store.stats()).partitions[0]?.segments).toBe(3);
      await store.close();

      const db = await openLogDb(name);
      expect(db.version).toBe(LOG_DB.version);
      expect([...db.objectStoreNames].sort()).toEqual(Object.values(LOG_DB.stores).sort());
      expect(await db.count(LOG_DB.stores.batches)).toBe(4);
      db.close();

      store = await openIndexedDbLogStore({ name, segment, verifyTail: Infinity });
      expect(store.recovered).toEqual([]);
      expect((await store.read('t', 0, 2, 100)).map((r) => r.event)).toEqual(events(2, 11));
      await store.close();
    });

    it('still finds a tail damaged before the upgrade, and says which offsets it dropped', async () => {
      const name = `v1-torn-${Date.now()}`;
      const torn = Array.from({ length: 4 }, (_, k) => line(8 + k))
        .join(',')
        .slice(0, 90);
      await writeV1(name, [
        { partition: 0, base: 0, count: 4 },
        { partition: 0, base: 4, count: 4 },
        { partition: 0, base: 8, count: 4, payload: torn },
      ]);
      const store = await openIndexedDbLogStore({ name, segment: { records: 4 } });
      expect(store.recovered).toEqual([dropped(8, 11, 'segment at 8 fails its checksum')]);
      expect((await store.read('t', 0, 2, 100)).map((r) => r.event)).toEqual(events(2, 8));
      expect(await store.append('t', 0, [{ timestamp: 0, event: 'next', data: 0 }])).toEqual({
        baseOffset: 8,
        lastOffset: 8,
      });
      await store.close();
    });

    it('reports a segment whose header or value version 1 had lost as a gap', async () => {
      const name = `v1-gap-${Date.now()}`;
      await writeV1(name, [
        { partition: 0, base: 0, count: 4 },
        { partition: 0, base: 4, count: 4, noValue: true },
        { partition: 0, base: 8, count: 4 },
        { partition: 1, base: 0, count: 2 },
        { partition: 1, base: 2, count: 2, noHeader: true },
      ]);
      const store = await openIndexedDbLogStore({ name, segment: { records: 4 } });
      expect(store.recovered).toEqual([dropped(4, 11, 'offsets jump from 3 to 8')]);
      expect(await store.range('t', 0)).toEqual({ start: 2, end: 4 });
      // version 1 never read a segment without its header: the partition ends before it
      expect(await store.range('t', 1)).toEqual({ start: 0, end: 2 });
      await store.close();
    });

    it('leaves the version 1 log as it was when the upgrade fails (a full disk)', async () => {
      const name = `v1-full-${Date.now()}`;
      await writeV1(name, [
        { partition: 0, base: 0, count: 4 },
        { partition: 0, base: 4, count: 3 },
      ]);
      const restore = exceedQuota();
      await expect(openIndexedDbLogStore({ name })).rejects.toMatchObject({
        code: 'quota-exceeded',
      });
      restore();
      const open = indexedDB.open(logDbName(name));
      const db = await requestResult(open);
      expect(db.version).toBe(1);
      expect([...db.objectStoreNames]).toContain(LOG_DB_V1_STORES.segments);
      db.close();
      const store = await openIndexedDbLogStore({ name, verifyTail: Infinity });
      expect(store.recovered).toEqual([]);
      expect((await store.read('t', 0, 2, 100)).map((r) => r.event)).toEqual(events(2, 7));
      await store.close();
    });
  });
}
