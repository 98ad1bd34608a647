import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openIndexedDbLogStore } from '../../storage/indexedDbStore';
import type { LogStore } from '../../storage/LogStore';
import { MemoryLogStore } from '../../storage/memoryStore';
import { SimulatedClock } from '../clock';
import { createRng } from '../rng';
import { recordTrace, Trace } from '../trace';
import { KAFKA_PARTITIONS, KAFKA_TOPIC, KafkaLab, type KafkaLabOptions } from './KafkaLab';

const T0 = Date.UTC(2026, 10, 25);

async function openLab(
  store: LogStore = new MemoryLogStore(),
  extra: Partial<KafkaLabOptions> = {},
) {
  const clock = new SimulatedClock(T0);
  const trace = new Trace(clock);
  const recorded = recordTrace(trace, 50_000);
  const lab = await KafkaLab.open({ store, clock, rng: createRng(5), trace, ...extra });
  return { lab, clock, store, recorded };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function run(clock: SimulatedClock, ms: number, stepMs = 20) {
  for (let t = 0; t < ms; t += stepMs) {
    clock.advance(stepMs);
    await settle();
    await settle();
  }
}

const consumer = (lab: KafkaLab, id: string) => lab.snapshot.consumers.find((c) => c.id === id);
const group = (lab: KafkaLab, id: string) => lab.snapshot.groups.find((g) => g.group === id);

describe('KafkaLab', () => {
  it('appends orders by key to three partitions, offsets gapless in each', async () => {
    const { lab, store } = await openLab(new MemoryLogStore(), { consumers: [] });
    await lab.produce(60);
    let total = 0;
    for (let p = 0; p < KAFKA_PARTITIONS; p++) {
      const records = await store.read(KAFKA_TOPIC, p, 0, 100);
      expect(records.map((r) => r.offset)).toEqual(records.map((_, i) => i));
      // one customer's orders stay in one partition
      for (const r of records) {
        const other = lab.snapshot.partitions.filter(
          (v) => v.partition !== p && v.recent.some((x) => x.key === r.key),
        );
        expect(other).toEqual([]);
      }
      total += records.length;
    }
    expect(total).toBe(60);
    expect(lab.snapshot.producer.sent).toBe(60);
  });

  it('reads each group at its own pace: one at 10 a second, one at 3', async () => {
    const { lab, clock } = await openLab(new MemoryLogStore(), {
      consumers: [
        { id: 'fast', group: 'fast', pace: 10 },
        { id: 'slow', group: 'slow', pace: 3 },
      ],
    });
    await lab.produce(100);
    await run(clock, 2000);
    const fast = consumer(lab, 'fast')?.processed ?? 0;
    const slow = consumer(lab, 'slow')?.processed ?? 0;
    expect(fast).toBeGreaterThanOrEqual(18);
    expect(fast).toBeLessThanOrEqual(20);
    expect(slow).toBeGreaterThanOrEqual(5);
    expect(slow).toBeLessThanOrEqual(6);
    expect(group(lab, 'fast')?.lag).toBe(100 - fast);
    expect(group(lab, 'slow')?.lag).toBe(100 - slow);
  });

  it('replays a group from offset 0 while the others go on', async () => {
    const { lab, clock } = await openLab(new MemoryLogStore(), {
      consumers: [
        { id: 'a', group: 'a', pace: 50 },
        { id: 'b', group: 'b', pace: 50 },
      ],
    });
    await lab.produce(30);
    await run(clock, 1000);
    expect(group(lab, 'a')?.lag).toBe(0);
    await lab.replay('a');
    expect(group(lab, 'a')?.lag).toBe(30);
    expect(group(lab, 'b')?.lag).toBe(0);
    await run(clock, 1000);
    expect(consumer(lab, 'a')?.processed).toBe(60);
    expect(consumer(lab, 'b')?.processed).toBe(30);
  });

  it('shares the partitions in a group and rebalances when a member joins or leaves', async () => {
    const { lab, clock, recorded } = await openLab(new MemoryLogStore(), {
      consumers: [
        { id: 'ship-1', group: 'ship', pace: 20 },
        { id: 'ship-2', group: 'ship', pace: 20 },
      ],
    });
    const held = () =>
      lab.snapshot.consumers
        .flatMap((c) => c.assignment)
        .slice()
        .sort();
    expect(held()).toEqual([0, 1, 2]);
    expect(consumer(lab, 'ship-1')?.assignment.length).toBeGreaterThan(0);
    expect(consumer(lab, 'ship-2')?.assignment.length).toBeGreaterThan(0);
    const added = lab.addMember('ship');
    expect(added).toBe('ship-3');
    expect(lab.snapshot.consumers.map((c) => c.assignment.length)).toEqual([1, 1, 1]);
    await lab.produce(60);
    await run(clock, 1500);
    await lab.removeMember('ship-1');
    expect(held()).toEqual([0, 1, 2]);
    await run(clock, 3000);
    // each record handled once by the group: commits after each record, so none is lost
    expect(group(lab, 'ship')?.lag).toBe(0);
    const polled = recorded.events().filter((e) => e.type === 'log.polled');
    const seen = new Set(
      polled.map((e) => (e.type === 'log.polled' ? `${e.partition}:${e.fromOffset}` : '')),
    );
    expect(seen.size).toBe(60);
    expect(recorded.events().some((e) => e.type === 'log.rebalanced')).toBe(true);
  });

  it('produces on its own at a set rate', async () => {
    const { lab, clock } = await openLab(new MemoryLogStore(), { consumers: [] });
    lab.setRate(5);
    await run(clock, 2000);
    expect(lab.snapshot.producer.sent).toBe(10);
    lab.setRate(0);
    await run(clock, 1000);
    expect(lab.snapshot.producer.sent).toBe(10);
  });

  it('comes back after a reload with the log and every group’s committed offsets', async () => {
    const name = `kafka-reload-${Date.now()}`;
    const consumers = [
      { id: 'fast', group: 'fast', pace: 10 },
      { id: 'slow', group: 'slow', pace: 3 },
    ];
    const first = await openLab(await openIndexedDbLogStore({ name }), { consumers });
    await first.lab.produce(40);
    await run(first.clock, 1000);
    const before = first.lab.snapshot.groups.map((g) => [g.group, g.lag, g.committed]);
    first.lab.dispose();
    await first.store.close();

    const again = await openLab(await openIndexedDbLogStore({ name }), { consumers });
    expect(again.lab.snapshot.partitions.reduce((n, p) => n + p.end, 0)).toBe(40);
    expect(again.lab.snapshot.groups.map((g) => [g.group, g.lag, g.committed])).toEqual(before);
    again.lab.dispose();
    await again.store.close();
  });

  it('reads each group’s committed offsets once when it opens, however many members it has', async () => {
    const store = new MemoryLogStore();
    const first = await openLab(store);
    await first.lab.produce(30);
    await run(first.clock, 2000);
    const before = first.lab.snapshot.groups.map((g) => [g.group, g.committed]);
    first.lab.dispose();
    const asked: string[] = [];
    const committed = store.committed.bind(store);
    store.committed = (group, topic, partition) => {
      asked.push(`${group}-${partition}`);
      return committed(group, topic, partition);
    };
    const again = await openLab(store);
    // shipping's two members share one read of its offsets
    expect(asked.sort()).toEqual(
      ['analytics', 'billing', 'shipping'].flatMap((g) =>
        Array.from({ length: KAFKA_PARTITIONS }, (_, p) => `${g}-${p}`),
      ),
    );
    expect(again.lab.snapshot.groups.map((g) => [g.group, g.committed])).toEqual(before);
    expect(before.find(([g]) => g === 'shipping')?.[1]).not.toEqual({});
    again.lab.dispose();
  });
});
