import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { setup } from './testing';
import type { Delivery } from './types';

/**
 * The worker pool's guarantee, at the broker: 10,000 messages through 4 consumers while one
 * consumer dies every ~200 deliveries (releaseConsumer, as when its worker is terminated)
 * and a new one takes its place. Acks come in a random order.
 */
function run(seed: number) {
  const rng = createRng(seed);
  const { broker } = setup();
  broker.declareQueue('work');
  const TOTAL = 10_000;
  const held = new Map<string, Delivery[]>();
  const deliveries = new Map<string, Delivery[]>();
  const acked = new Map<string, number>();
  let sinceRelease = 0;
  let releases = 0;
  let nextRelease = rng.int(150, 250);

  const start = () => {
    const list: Delivery[] = [];
    const tag = broker.consume('work', {
      prefetch: rng.int(1, 20),
      onDelivery: (d) => {
        list.push(d);
        const seen = deliveries.get(d.message.id) ?? [];
        seen.push(d);
        deliveries.set(d.message.id, seen);
        sinceRelease++;
      },
    });
    held.set(tag, list);
  };
  for (let i = 0; i < 4; i++) start();

  let published = 0;
  for (let step = 0; acked.size < TOTAL; step++) {
    if (step > 200_000) throw new Error('no progress');
    if (published < TOTAL && rng.chance(0.3)) {
      for (let n = rng.int(1, 30); n > 0 && published < TOTAL; n--) {
        broker.publish('', 'work', ++published);
      }
    }
    const tags = [...held.keys()];
    const list = held.get(tags[rng.int(0, tags.length - 1)] as string) as Delivery[];
    if (list.length > 0) {
      const [d] = list.splice(rng.int(0, list.length - 1), 1) as [Delivery];
      if (broker.ack(d.deliveryTag)) acked.set(d.message.id, (acked.get(d.message.id) ?? 0) + 1);
    }
    if (sinceRelease >= nextRelease) {
      const victim = tags[rng.int(0, tags.length - 1)] as string;
      broker.releaseConsumer(victim);
      held.delete(victim);
      releases++;
      start();
      sinceRelease = 0;
      nextRelease = rng.int(150, 250);
    }
  }
  return { broker, deliveries, acked, releases, TOTAL };
}

describe('10,000 messages, 4 consumers, one released every ~200 deliveries', () => {
  it.each([1, 2, 3])(
    'loses nothing, acks each once, and every duplicate is redelivered (seed %i)',
    (seed) => {
      const { broker, deliveries, acked, releases, TOTAL } = run(seed);
      expect(releases).toBeGreaterThan(40);
      // 0 lost: every message acked, and acked once (a dead consumer's late ack is refused)
      expect(acked.size).toBe(TOTAL);
      expect([...acked.values()].every((n) => n === 1)).toBe(true);
      expect(broker.queueStats('work')).toMatchObject({ ready: 0, unacked: 0, acked: TOTAL });
      // 0 unexpected: a message's first delivery is not redelivered, every later one is
      let duplicates = 0;
      for (const list of deliveries.values()) {
        list.forEach((d, i) => {
          expect(d.redelivered).toBe(i > 0);
          expect(d.deliveryCount).toBe(i + 1);
        });
        duplicates += list.length - 1;
      }
      expect(duplicates).toBeGreaterThan(0);
      expect(broker.queueStats('work').requeued).toBe(duplicates);
    },
  );
});
