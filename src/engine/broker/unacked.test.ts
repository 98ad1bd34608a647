import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import type { InFlight } from './Consumer';
import { collect, setup } from './testing';
import { Unacked } from './unacked';

/**
 * A consumer's unacked deliveries are a FIFO with settled entries dropped lazily: acks out of
 * order, multiple acks across gaps and a release after both must hold exactly the deliveries
 * not yet settled, in delivery order, and the garbage behind a held one must not grow.
 */
describe("a consumer's unacked deliveries", () => {
  function held(n: number) {
    const t = setup();
    t.broker.declareQueue('q');
    const c = collect(t.broker, 'q');
    for (let i = 1; i <= n; i++) t.broker.publish('', 'q', i);
    const tags = c.got.map((d) => d.deliveryTag);
    const unacked = () => t.broker.unacked('q').map((d) => d.message.body);
    const count = () => t.broker.consumers('q')[0]?.unacked;
    return { ...t, c, tags, unacked, count };
  }

  it('acks out of order, then a multiple ack takes only what is still held up to its tag', () => {
    const { broker, tags, unacked, count, rec } = held(10);
    for (const i of [8, 1, 3, 2]) expect(broker.ack(tags[i - 1] as number)).toBe(true);
    expect(count()).toBe(6);
    expect(unacked()).toEqual([4, 5, 6, 7, 9, 10]);
    // settled tags are unknown now, also inside a later multiple ack's range
    expect(broker.ack(tags[1] as number)).toBe(false);
    expect(broker.ack(tags[8] as number, true)).toBe(true);
    expect(unacked()).toEqual([10]);
    const acked = rec.ofType('broker.acked');
    // 4 single acks, then 4, 5, 6, 7 and 9 by the multiple ack: 8 not twice
    expect(acked.map((e) => e.deliveryTag)).toEqual(
      [8, 1, 3, 2, 4, 5, 6, 7, 9].map((i) => tags[i - 1]),
    );
    expect(broker.queueStats('q')).toMatchObject({ acked: 9, unacked: 1 });
  });

  it('a release after out-of-order acks returns exactly the held ones, in queue order', () => {
    const { broker, tags, c } = held(6);
    broker.ack(tags[4] as number);
    broker.ack(tags[1] as number);
    expect(broker.releaseConsumer(c.tag)).toBe(4);
    expect(broker.peek('q').map((m) => m.message.body)).toEqual([1, 3, 4, 6]);
    expect(broker.queueStats('q')).toMatchObject({ ready: 4, unacked: 0, acked: 2 });
  });

  it('keeps the oldest held while thousands behind it are acked one by one, in any order', () => {
    const { broker, tags, unacked, count } = held(3000);
    const rng = createRng(7);
    const rest = tags.slice(1);
    for (let i = rest.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [rest[i], rest[j]] = [rest[j] as number, rest[i] as number];
    }
    let left = rest.length + 1;
    for (const tag of rest) {
      expect(broker.ack(tag)).toBe(true);
      left--;
      if (left % 500 === 0) expect(count()).toBe(left);
    }
    expect(unacked()).toEqual([1]);
    expect(broker.ack(tags[0] as number, true)).toBe(true);
    expect(count()).toBe(0);
    expect(broker.queueStats('q')).toMatchObject({ acked: 3000, unacked: 0 });
  });
});

describe('Unacked', () => {
  const inFlight = (deliveryTag: number) =>
    ({ delivery: { deliveryTag }, settled: false }) as InFlight;

  it('drops settled entries at the head at once and rebuilds when garbage passes the live ones', () => {
    const list = new Unacked();
    const all = Array.from({ length: 1000 }, (_, i) => inFlight(i + 1));
    for (const f of all) list.add(f);
    list.remove(all[0] as InFlight);
    expect(list.stored).toBe(999);
    // the oldest stays held: the settled ones behind it are garbage, rebuilt away
    for (const f of all.slice(2)) {
      list.remove(f);
      expect(list.stored - list.size).toBeLessThanOrEqual(Math.max(32, list.size));
    }
    expect(list.size).toBe(1);
    expect(list.toArray()).toEqual([all[1]]);
  });
});
