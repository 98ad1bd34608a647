import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogStoreError, OffsetOutOfRangeError } from './errors';
import type { LogRecordInput, LogStore } from './LogStore';

/** What the suite needs of a store's backend, beyond the LogStore itself. */
export interface LogStoreHarness {
  /** A store on this harness's storage; after close(), a reopen of the same storage. */
  open(): Promise<LogStore>;
  /** records per segment the store was opened with, so tests cross segment boundaries */
  readonly segmentRecords: number;
  /** Makes every write fail as a full disk does, until the returned function is called. */
  exceedQuota(store: LogStore): () => void;
  /** Persistent stores: damages the last segment of a partition while the store is closed. */
  readonly corruptTail?: (topic: string, partition: number) => Promise<void>;
}

const rec = (n: number, extra: Partial<LogRecordInput> = {}): LogRecordInput => ({
  timestamp: 1_000 + n,
  event: `e.${n}`,
  data: { n },
  ...extra,
});

const recs = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => rec(from + i));

/** Reads a partition whole, in reads of `chunk`. */
async function readAll(store: LogStore, topic: string, partition: number, chunk = 1_000) {
  const { start, end } = await store.range(topic, partition);
  const out = [];
  for (let at = start; at < end; ) {
    const got = await store.read(topic, partition, at, chunk);
    if (got.length === 0) break;
    out.push(...got);
    at = (got.at(-1)?.offset ?? at) + 1;
  }
  return out;
}

/**
 * One contract every LogStore passes (Replicache's and BullMQ's way: one suite, many
 * backends). `makeHarness` gives fresh, empty storage for each test.
 */
export function runLogStoreContract(name: string, makeHarness: () => LogStoreHarness): void {
  describe(`LogStore contract: ${name}`, () => {
    let harness: LogStoreHarness;
    let store: LogStore;

    beforeEach(async () => {
      harness = makeHarness();
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
    });

    const reopen = async () => {
      await store.close();
      store = await harness.open();
    };

    it('starts empty', async () => {
      expect(await store.range('t', 0)).toEqual({ start: 0, end: 0 });
      expect(await store.read('t', 0, 0, 10)).toEqual([]);
      expect(await store.committed('g', 't', 0)).toBeUndefined();
      expect(await store.offsetForTime('t', 0, 0)).toBe(0);
      expect((await store.stats()).records).toBe(0);
    });

    it('assigns offsets from 0, gapless, and reads back copies', async () => {
      const data = { nested: { list: [1, 'two', null] } };
      expect(await store.append('t', 0, [rec(0, { key: 'k', data })])).toEqual({
        baseOffset: 0,
        lastOffset: 0,
      });
      expect(await store.append('t', 0, recs(1, 3))).toEqual({ baseOffset: 1, lastOffset: 3 });
      data.nested.list.push(4);
      const read = await store.read('t', 0, 0, 10);
      expect(read.map((r) => r.offset)).toEqual([0, 1, 2, 3]);
      expect(read[0]).toEqual({
        offset: 0,
        timestamp: 1_000,
        key: 'k',
        event: 'e.0',
        data: { nested: { list: [1, 'two', null] } },
      });
      expect(read[1]).not.toHaveProperty('key');
      expect(await store.range('t', 0)).toEqual({ start: 0, end: 4 });
      // partitions and topics count apart
      expect(await store.append('t', 1, recs(0, 2))).toEqual({ baseOffset: 0, lastOffset: 1 });
      expect(await store.append('u', 0, recs(0, 1))).toEqual({ baseOffset: 0, lastOffset: 0 });
    });

    it('keeps offsets unique and gapless under concurrent appends', async () => {
      const sizes = Array.from({ length: 60 }, (_, i) => 1 + ((i * 37) % 23));
      const results = await Promise.all(
        sizes.map((size, i) =>
          store.append(
            't',
            i % 2,
            recs(0, size).map((r, j) => ({ ...r, data: { i, j } })),
          ),
        ),
      );
      for (const partition of [0, 1]) {
        const mine = results.filter((_, i) => i % 2 === partition);
        const offsets = mine
          .flatMap((r) =>
            Array.from({ length: r.lastOffset - r.baseOffset + 1 }, (_, k) => r.baseOffset + k),
          )
          .sort((a, b) => a - b);
        expect(offsets).toEqual(offsets.map((_, k) => k));
        const all = await readAll(store, 't', partition, 17);
        expect(all.map((r) => r.offset)).toEqual(offsets);
        // each append's records sit together, in its order, at the offsets it was told
        results.forEach((r, i) => {
          if (i % 2 !== partition) return;
          const slice = all.slice(r.baseOffset, r.lastOffset + 1);
          expect(slice.map((x) => x.data)).toEqual(slice.map((_, j) => ({ i, j })));
        });
      }
    });

    it('stores all of an append or none of it', async () => {
      await store.append('t', 0, recs(0, 3));
      await expect(store.append('t', 0, [rec(3), rec(4, { event: '' })])).rejects.toThrow(
        LogStoreError,
      );
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(store.append('t', 0, [rec(3), rec(4, { data: cyclic })])).rejects.toMatchObject({
        code: 'invalid-record',
      });
      await expect(store.append('t', 0, [])).rejects.toMatchObject({ code: 'invalid-record' });
      expect(await store.range('t', 0)).toEqual({ start: 0, end: 3 });
      expect(await store.append('t', 0, recs(3, 1))).toEqual({ baseOffset: 3, lastOffset: 3 });
    });

    it('reads across segment boundaries from any offset', async () => {
      const seg = harness.segmentRecords;
      const total = seg * 3 + 7;
      for (let at = 0; at < total; ) {
        const size = Math.min(total - at, 1 + ((at * 7) % (seg + 3)));
        await store.append('t', 0, recs(at, size));
        at += size;
      }
      for (const from of [0, 1, seg - 1, seg, seg + 1, 2 * seg - 1, total - 1]) {
        for (const max of [1, 2, seg, seg + 2, 3 * seg]) {
          const got = await store.read('t', 0, from, max);
          const want = Math.min(max, total - from);
          expect(got.map((r) => r.offset)).toEqual(
            Array.from({ length: want }, (_, i) => from + i),
          );
          expect(got.map((r) => r.event)).toEqual(got.map((r) => `e.${r.offset}`));
        }
      }
      expect(await store.read('t', 0, total, 5)).toEqual([]);
      expect(await store.read('t', 0, 0, 0)).toEqual([]);
    });

    it('keeps text of any kind and records larger than a segment', async () => {
      const big = 'x'.repeat(300_000);
      const odd = { text: 'Привіт, "світ"\n\u2028 😀', n: -0.5, list: [true, null, {}] };
      await store.append('t', 0, [
        rec(0, { data: odd }),
        rec(1, { data: big, key: 'ключ' }),
        rec(2),
      ]);
      const read = await store.read('t', 0, 0, 10);
      expect(read.map((r) => r.data)).toEqual([odd, big, { n: 2 }]);
      expect(read[1]?.key).toBe('ключ');
    });

    it('commits offsets per group and partition', async () => {
      await store.commit('g1', 't', 0, 5);
      await store.commit('g2', 't', 0, 3);
      await store.commit('g1', 't', 1, 7);
      await store.commit('g1', 't', 0, 6);
      expect(await store.committed('g1', 't', 0)).toBe(6);
      expect(await store.committed('g2', 't', 0)).toBe(3);
      expect(await store.committed('g1', 't', 1)).toBe(7);
      expect(await store.committed('g2', 't', 1)).toBeUndefined();
      await expect(store.commit('', 't', 0, 1)).rejects.toMatchObject({ code: 'invalid-record' });
      await expect(store.commit('g', 't', 0, -1)).rejects.toMatchObject({ code: 'invalid-record' });
    });

    it('commits offsets and writes their output together, or neither', async () => {
      await store.append('in', 0, recs(0, 4));
      const results = await store.commitWith(
        [{ group: 'g', topic: 'in', partition: 0, offset: 4 }],
        [
          { topic: 'out', partition: 0, records: recs(0, 2) },
          { topic: 'out', partition: 1, records: recs(2, 1) },
        ],
      );
      expect(results).toEqual([
        { baseOffset: 0, lastOffset: 1 },
        { baseOffset: 0, lastOffset: 0 },
      ]);
      expect(await store.committed('g', 'in', 0)).toBe(4);
      await expect(
        store.commitWith(
          [{ group: 'g', topic: 'in', partition: 0, offset: 9 }],
          [{ topic: 'out', partition: 0, records: [rec(9, { event: '' })] }],
        ),
      ).rejects.toMatchObject({ code: 'invalid-record' });
      expect(await store.committed('g', 'in', 0)).toBe(4);
      expect(await store.range('out', 0)).toEqual({ start: 0, end: 2 });
      const restore = harness.exceedQuota(store);
      await expect(
        store.commitWith(
          [{ group: 'g', topic: 'in', partition: 0, offset: 9 }],
          [{ topic: 'out', partition: 0, records: recs(5, 3) }],
        ),
      ).rejects.toMatchObject({ code: 'quota-exceeded' });
      restore();
      expect(await store.committed('g', 'in', 0)).toBe(4);
      expect(await store.range('out', 0)).toEqual({ start: 0, end: 2 });
    });

    it('truncates before an offset, keeping offsets where they were', async () => {
      const seg = harness.segmentRecords;
      await store.append('t', 0, recs(0, seg * 2 + 5));
      expect(await store.truncateBefore('t', 0, seg + 3)).toBe(seg + 3);
      expect(await store.range('t', 0)).toEqual({ start: seg + 3, end: seg * 2 + 5 });
      await expect(store.read('t', 0, 0, 5)).rejects.toBeInstanceOf(OffsetOutOfRangeError);
      await expect(store.read('t', 0, seg + 2, 5)).rejects.toMatchObject({
        code: 'offset-out-of-range',
        start: seg + 3,
      });
      expect((await store.read('t', 0, seg + 3, 2)).map((r) => r.offset)).toEqual([
        seg + 3,
        seg + 4,
      ]);
      expect(await store.truncateBefore('t', 0, 1)).toBe(0);
      expect(await store.append('t', 0, recs(0, 1))).toEqual({
        baseOffset: seg * 2 + 5,
        lastOffset: seg * 2 + 5,
      });
      // past the end: everything goes, and the next offset is still the next one
      expect(await store.truncateBefore('t', 0, 10 ** 6)).toBe(seg + 3);
      expect(await store.range('t', 0)).toEqual({ start: seg * 2 + 6, end: seg * 2 + 6 });
      expect(await store.read('t', 0, seg * 2 + 6, 5)).toEqual([]);
      expect((await store.append('t', 0, recs(0, 2))).baseOffset).toBe(seg * 2 + 6);
      expect((await store.stats()).records).toBe(2);
    });

    it('finds the first offset at or after a time', async () => {
      const seg = harness.segmentRecords;
      await store.append('t', 0, recs(0, seg * 2));
      expect(await store.offsetForTime('t', 0, 0)).toBe(0);
      expect(await store.offsetForTime('t', 0, 1_000 + seg + 1)).toBe(seg + 1);
      expect(await store.offsetForTime('t', 0, 10 ** 9)).toBe(seg * 2);
      await store.truncateBefore('t', 0, 3);
      expect(await store.offsetForTime('t', 0, 0)).toBe(3);
    });

    it('keeps topic settings', async () => {
      await store.saveTopic({ name: 'a', partitions: 3, retention: { maxRecords: 10 } });
      await store.saveTopic({ name: 'b', partitions: 1, retention: {} });
      await store.saveTopic({ name: 'a', partitions: 4, retention: { maxAgeMs: 5 } });
      const topics = (await store.topics()).sort((x, y) => x.name.localeCompare(y.name));
      expect(topics).toEqual([
        { name: 'a', partitions: 4, retention: { maxAgeMs: 5 } },
        { name: 'b', partitions: 1, retention: {} },
      ]);
    });

    it('counts what it holds', async () => {
      await store.append('t', 0, recs(0, 5));
      await store.append('t', 2, recs(0, 3));
      const stats = await store.stats();
      expect(stats.records).toBe(8);
      expect(stats.bytes).toBeGreaterThan(0);
      expect(stats.partitions.map((p) => [p.topic, p.partition, p.start, p.end])).toEqual(
        expect.arrayContaining([
          ['t', 0, 0, 5],
          ['t', 2, 0, 3],
        ]),
      );
    });

    it('rejects a write when the quota is exceeded and keeps what is stored', async () => {
      await store.append('t', 0, recs(0, harness.segmentRecords + 3));
      await store.commit('g', 't', 0, 2);
      const before = await readAll(store, 't', 0);
      const restore = harness.exceedQuota(store);
      const failed = await Promise.allSettled([
        store.append('t', 0, recs(100, 4)),
        store.append('t', 0, recs(200, 1)),
        store.commit('g', 't', 0, 3),
      ]);
      restore();
      for (const f of failed) {
        expect(f.status).toBe('rejected');
        if (f.status === 'rejected') {
          expect(f.reason).toBeInstanceOf(LogStoreError);
          expect(f.reason.code).toBe('quota-exceeded');
        }
      }
      expect(await readAll(store, 't', 0)).toEqual(before);
      expect(await store.committed('g', 't', 0)).toBe(2);
      const next = before.length;
      expect(await store.append('t', 0, recs(next, 1))).toEqual({
        baseOffset: next,
        lastOffset: next,
      });
    });

    it('refuses calls once closed', async () => {
      await store.close();
      await expect(store.append('t', 0, recs(0, 1))).rejects.toMatchObject({ code: 'closed' });
      await expect(store.read('t', 0, 0, 1)).rejects.toMatchObject({ code: 'closed' });
      store = await harness.open();
    });

    describe('persistence', () => {
      it('keeps records, offsets, commits, topics and truncation across a reopen', async (ctx) => {
        if (!harness.corruptTail) ctx.skip();
        const seg = harness.segmentRecords;
        await store.saveTopic({ name: 't', partitions: 2, retention: { maxRecords: 100 } });
        await Promise.all([
          store.append('t', 0, recs(0, seg + 2)),
          store.append('t', 1, recs(0, 3)),
        ]);
        await store.commit('g', 't', 0, 4);
        await store.truncateBefore('t', 0, 2);
        const before = await readAll(store, 't', 0);
        await reopen();
        expect(await readAll(store, 't', 0)).toEqual(before);
        expect(await store.range('t', 0)).toEqual({ start: 2, end: seg + 2 });
        expect(await store.range('t', 1)).toEqual({ start: 0, end: 3 });
        expect(await store.committed('g', 't', 0)).toBe(4);
        expect(await store.topics()).toEqual([
          { name: 't', partitions: 2, retention: { maxRecords: 100 } },
        ]);
        expect(store.recovered).toEqual([]);
        // appends go on from the end, into the tail segment it reopened
        expect(await store.append('t', 0, recs(seg + 2, 2))).toEqual({
          baseOffset: seg + 2,
          lastOffset: seg + 3,
        });
        await reopen();
        expect((await readAll(store, 't', 0)).map((r) => r.event)).toEqual(
          Array.from({ length: seg + 2 }, (_, i) => `e.${i + 2}`),
        );
      });

      it('stores on close the writes still queued', async (ctx) => {
        if (!harness.corruptTail) ctx.skip();
        const pending = Array.from({ length: 30 }, (_, i) => store.append('t', 0, recs(i, 1)));
        const committing = store.commit('g', 't', 0, 30);
        await store.close();
        await Promise.all([...pending, committing]);
        store = await harness.open();
        expect(await store.range('t', 0)).toEqual({ start: 0, end: 30 });
        expect(await store.committed('g', 't', 0)).toBe(30);
      });

      it('keeps text in any script across a reopen, every segment checked', async (ctx) => {
        if (!harness.corruptTail) ctx.skip();
        const seg = harness.segmentRecords;
        // accents, the euro sign, an emoji (a surrogate pair), CJK, and a lone surrogate,
        // which JSON.stringify escapes: the stored payload is well-formed text
        const texts = ['caf\u00e9', '\u20ac 5', '\ud83d\ude00', '\u4e2d\u6587', 'x\ud800y'];
        const mixed = (from: number, count: number) =>
          recs(from, count).map((r, i) => ({ ...r, data: texts[(from + i) % texts.length] }));
        // one write built in its call, then two queued behind it (encoded at the call)
        await store.append('t', 0, mixed(0, seg + 3));
        await Promise.all([
          store.append('t', 0, mixed(seg + 3, 2)),
          store.append('t', 0, mixed(seg + 5, seg)),
        ]);
        await reopen();
        expect(store.recovered).toEqual([]);
        expect((await readAll(store, 't', 0)).map((r) => r.data)).toEqual(
          Array.from({ length: seg * 2 + 5 }, (_, i) => texts[i % texts.length]),
        );
      });

      it('drops a damaged tail on open, serves the valid prefix and says what it dropped', async (ctx) => {
        const corrupt = harness.corruptTail;
        if (!corrupt) return ctx.skip();
        const seg = harness.segmentRecords;
        await store.append('t', 0, recs(0, seg * 2 + 5));
        await store.append('t', 1, recs(0, 3));
        await store.close();
        await corrupt('t', 0);
        store = await harness.open();
        expect(store.recovered).toEqual([
          {
            topic: 't',
            partition: 0,
            fromOffset: seg * 2,
            toOffset: seg * 2 + 4,
            reason: expect.stringContaining('checksum'),
          },
        ]);
        expect(await store.range('t', 0)).toEqual({ start: 0, end: seg * 2 });
        expect((await readAll(store, 't', 0)).map((r) => r.offset)).toEqual(
          Array.from({ length: seg * 2 }, (_, i) => i),
        );
        expect(await store.range('t', 1)).toEqual({ start: 0, end: 3 });
        // the log goes on, gapless, from the valid end; a second open finds nothing wrong
        expect(await store.append('t', 0, recs(0, 1))).toEqual({
          baseOffset: seg * 2,
          lastOffset: seg * 2,
        });
        await reopen();
        expect(store.recovered).toEqual([]);
        expect(await store.range('t', 0)).toEqual({ start: 0, end: seg * 2 + 1 });
      });
    });
  });
}
