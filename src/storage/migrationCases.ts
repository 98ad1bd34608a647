import { describe, expect, it } from 'vitest';
import { fnv1a } from '../engine/hash';
import { requestResult } from './idbRequest';
import { LOG_DB, LOG_DB_V1_STORES, logDbName, openLogDb } from './idbSchema';
import { exceedQuota } from './idbTestHarness';
import { openIndexedDbLogStore } from './indexedDbStore';
import { segmentChecksum } from './segmentChecksum';

const line = (i: number) => JSON.stringify({ timestamp: 1_000 + i, event: `e.${i}`, data: { i } });

interface OldSegment {
  readonly partition: number;
  readonly base: number;
  readonly count: number;
  /** what is stored instead of the records' JSON (a damaged segment) */
  readonly payload?: string;
  readonly noHeader?: boolean;
  readonly noValue?: boolean;
}

/**
 * A log as an older version of the store wrote it, its checksums FNV-1a of the payload's
 * UTF-16 code units: version 1 (src/storage/idbSchema.ts before version 2: the segment and
 * its header in two stores) or version 2 (before version 3: the payload alone, its header the
 * key). `noHeader` and `noValue` are version 1's only.
 */
async function writeOld(version: 1 | 2, name: string, segments: readonly OldSegment[]) {
  const open = indexedDB.open(logDbName(name), version);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (version === 1) {
      db.createObjectStore('segments', { keyPath: ['topic', 'partition', 'baseOffset'] });
      db.createObjectStore('segmentIndex', { keyPath: ['topic', 'partition', 'baseOffset'] });
    } else {
      db.createObjectStore('batches');
    }
    db.createObjectStore('offsets', { keyPath: ['group', 'topic', 'partition'] });
    db.createObjectStore('partitions', { keyPath: ['topic', 'partition'] });
    db.createObjectStore('topics', { keyPath: 'name' });
  };
  const db = await requestResult(open);
  const stores = version === 1 ? ['segments', 'segmentIndex'] : ['batches'];
  const tx = db.transaction([...stores, 'offsets', 'partitions', 'topics'], 'readwrite');
  for (const s of segments) {
    const text = Array.from({ length: s.count }, (_, k) => line(s.base + k)).join(',');
    const topic = 't';
    const { partition, base: baseOffset } = s;
    const header = {
      topic,
      partition,
      baseOffset,
      lastOffset: baseOffset + s.count - 1,
      count: s.count,
      checksum: fnv1a(text),
      maxTimestamp: 1_000 + baseOffset + s.count - 1,
      bytes: text.length,
    };
    const payload = s.payload ?? text;
    if (version === 2) {
      const { count, checksum, maxTimestamp, bytes } = header;
      const key = [topic, partition, baseOffset, count, checksum, maxTimestamp, bytes];
      tx.objectStore('batches').put(payload, key);
      continue;
    }
    if (!s.noValue) {
      tx.objectStore('segments').put({ topic, partition, baseOffset, payload });
    }
    if (!s.noHeader) tx.objectStore('segmentIndex').put(header);
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

/** Every stored segment's key holds xxHash32 of its payload, or -1 (damaged). */
async function storedChecksums(name: string) {
  const db = await openLogDb(name);
  expect(db.version).toBe(LOG_DB.version);
  expect([...db.objectStoreNames].sort()).toEqual(Object.values(LOG_DB.stores).sort());
  const tx = db.transaction(LOG_DB.stores.batches);
  const checks: { base: number; checksum: number; matches: boolean }[] = [];
  for (let c = await tx.store.openCursor(); c; c = await c.continue()) {
    checks.push({
      base: c.key[2],
      checksum: c.key[4],
      matches: segmentChecksum(c.value) === c.key[4],
    });
  }
  db.close();
  return checks;
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

/** Logs of versions 1 and 2 opened by this code, on whatever `indexedDB` the test runs with. */
export function runMigrationCases(backend: string): void {
  describe.each([1, 2] as const)(
    `IndexedDB store (${backend}): a version %i log opened by version 3`,
    (version) => {
      it('keeps every record, offset, committed offset, start and topic, and goes on appending', async () => {
        const name = `v${version}-${Date.now()}`;
        await writeOld(version, name, [
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

        // four segments, each keyed by the xxHash32 of its payload
        const checks = await storedChecksums(name);
        expect(checks.map((c) => [c.base, c.matches])).toEqual([
          [0, true],
          [4, true],
          [8, true],
          [0, true],
        ]);

        store = await openIndexedDbLogStore({ name, segment, verifyTail: Infinity });
        expect(store.recovered).toEqual([]);
        expect((await store.read('t', 0, 2, 100)).map((r) => r.event)).toEqual(events(2, 11));
        await store.close();
      });

      it('still finds a segment damaged before the upgrade, and says which offsets it dropped', async () => {
        const name = `v${version}-torn-${Date.now()}`;
        const torn = Array.from({ length: 4 }, (_, k) => line(8 + k))
          .join(',')
          .slice(0, 90);
        // same length, valid JSON, same count: only the checksum tells
        const altered = Array.from({ length: 4 }, (_, k) => line(4 + k))
          .join(',')
          .replace('e.4', 'E.4');
        await writeOld(version, name, [
          { partition: 0, base: 0, count: 4 },
          { partition: 0, base: 4, count: 4 },
          { partition: 0, base: 8, count: 4, payload: torn },
          { partition: 1, base: 0, count: 4 },
          { partition: 1, base: 4, count: 4, payload: altered },
        ]);
        // the damaged ones keyed -1, which no xxHash32 is; the rest their xxHash32
        expect(await storedChecksums(name)).toEqual([
          { base: 0, checksum: expect.any(Number), matches: true },
          { base: 4, checksum: expect.any(Number), matches: true },
          { base: 8, checksum: -1, matches: false },
          { base: 0, checksum: expect.any(Number), matches: true },
          { base: 4, checksum: -1, matches: false },
        ]);
        const store = await openIndexedDbLogStore({ name, segment: { records: 4 } });
        expect(store.recovered).toEqual([
          dropped(8, 11, 'segment at 8 fails its checksum'),
          { ...dropped(4, 7, 'segment at 4 fails its checksum'), partition: 1 },
        ]);
        expect((await store.read('t', 0, 2, 100)).map((r) => r.event)).toEqual(events(2, 8));
        expect((await store.read('t', 1, 0, 100)).map((r) => r.event)).toEqual(events(0, 4));
        expect(await store.append('t', 0, [{ timestamp: 0, event: 'next', data: 0 }])).toEqual({
          baseOffset: 8,
          lastOffset: 8,
        });
        await store.close();
      });

      it(`leaves the version ${version} log as it was when the upgrade fails (a full disk)`, async () => {
        const name = `v${version}-full-${Date.now()}`;
        await writeOld(version, name, [
          { partition: 0, base: 0, count: 4 },
          { partition: 0, base: 4, count: 3 },
        ]);
        const restore = exceedQuota();
        try {
          await expect(openIndexedDbLogStore({ name })).rejects.toMatchObject({
            code: 'quota-exceeded',
          });
        } finally {
          restore();
        }
        const open = indexedDB.open(logDbName(name));
        const db = await requestResult(open);
        expect(db.version).toBe(version);
        if (version === 1) expect([...db.objectStoreNames]).toContain(LOG_DB_V1_STORES.segments);
        else {
          // the keys as version 2 wrote them: FNV-1a checksums
          const keys = await requestResult(
            db.transaction(LOG_DB.stores.batches).objectStore(LOG_DB.stores.batches).getAllKeys(),
          );
          expect(keys.map((k) => (k as unknown[])[4])).toEqual([
            fnv1a([0, 1, 2, 3].map(line).join(',')),
            fnv1a([4, 5, 6].map(line).join(',')),
          ]);
        }
        db.close();
        const store = await openIndexedDbLogStore({ name, verifyTail: Infinity });
        expect(store.recovered).toEqual([]);
        expect((await store.read('t', 0, 2, 100)).map((r) => r.event)).toEqual(events(2, 7));
        await store.close();
      });
    },
  );

  describe(`IndexedDB store (${backend}): a version 1 log opened by version 3`, () => {
    it('reports a segment whose header or value version 1 had lost as a gap', async () => {
      const name = `v1-gap-${Date.now()}`;
      await writeOld(1, name, [
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
  });
}
