import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/rng';
import { openIndexedDbLogStore } from './indexedDbStore';
import type { LogStore } from './LogStore';
import { MemoryLogStore } from './memoryStore';

/**
 * The IndexedDB store against the memory store as its model: seeded random appends
 * (concurrent, of any size), truncations, commits and reopens, then reads of random ranges
 * must agree. A failing seed stays in the list as a regression case.
 */
describe('IndexedDB store against the memory model', () => {
  it.each([1, 2, 3, 42, 2024])('agrees on seed %i', async (seed) => {
    const rng = createRng(seed);
    const name = `model-${seed}-${Date.now()}`;
    const open = () =>
      openIndexedDbLogStore({ name, segment: { records: rng.int(2, 9) }, verifyTail: 2 });
    const model = new MemoryLogStore();
    let store: LogStore = await open();
    let n = 0;
    const batch = () =>
      Array.from({ length: rng.int(1, 12) }, () => ({
        timestamp: n,
        event: `e${n++}`,
        data: { n, pad: 'x'.repeat(rng.int(0, 40)) },
      }));
    for (let step = 0; step < 60; step++) {
      const roll = rng.next();
      const partition = rng.int(0, 1);
      if (roll < 0.5) {
        // a burst of appends in one tick: one group commit; the model takes them in order
        const batches = Array.from({ length: rng.int(1, 5) }, batch);
        const got = await Promise.all(batches.map((b) => store.append('t', partition, b)));
        const want = [];
        for (const b of batches) want.push(await model.append('t', partition, b));
        expect(got).toEqual(want);
      } else if (roll < 0.6) {
        const { end } = await model.range('t', partition);
        const to = rng.int(0, end + 2);
        expect(await store.truncateBefore('t', partition, to)).toBe(
          await model.truncateBefore('t', partition, to),
        );
      } else if (roll < 0.7) {
        const offset = rng.int(0, 100);
        await Promise.all([
          store.commit('g', 't', partition, offset),
          model.commit('g', 't', partition, offset),
        ]);
      } else if (roll < 0.8) {
        await store.close();
        store = await open();
        expect(store.recovered).toEqual([]);
      } else {
        const { start, end } = await model.range('t', partition);
        const from = rng.int(start, end + 1);
        const max = rng.int(1, 30);
        expect(await store.read('t', partition, from, max)).toEqual(
          await model.read('t', partition, from, max),
        );
        const time = rng.int(0, n + 1);
        expect(await store.offsetForTime('t', partition, time)).toBe(
          await model.offsetForTime('t', partition, time),
        );
      }
      expect(await store.range('t', partition)).toEqual(await model.range('t', partition));
      expect(await store.committed('g', 't', partition)).toBe(
        await model.committed('g', 't', partition),
      );
    }
    for (const partition of [0, 1]) {
      const { start, end } = await model.range('t', partition);
      expect(await store.read('t', partition, start, end - start + 1)).toEqual(
        await model.read('t', partition, start, end - start + 1),
      );
    }
    await store.close();
  });
});
