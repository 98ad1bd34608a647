import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { collect, setup } from './testing';
import type { Delivery } from './types';

/** A broker with one queue `q` holding messages 1..n published on the default exchange. */
function queueWith(n: number, options: Parameters<typeof setup>[0] = {}) {
  const t = setup(options);
  t.broker.declareQueue('q');
  for (let i = 1; i <= n; i++) t.broker.publish('', 'q', i);
  return t;
}

describe('delivery order', () => {
  it('delivers FIFO and round-robin among consumers with room', () => {
    const { broker } = setup();
    broker.declareQueue('q');
    const [a, b, c] = [collect(broker, 'q'), collect(broker, 'q'), collect(broker, 'q')];
    for (let i = 1; i <= 7; i++) broker.publish('', 'q', i);
    expect(a.bodies()).toEqual([1, 4, 7]);
    expect(b.bodies()).toEqual([2, 5]);
    expect(c.bodies()).toEqual([3, 6]);
  });

  it('skips a consumer at its prefetch and comes back to it when an ack frees room', () => {
    const { broker } = setup();
    broker.declareQueue('q');
    const slow = collect(broker, 'q', 1);
    const fast = collect(broker, 'q', 3);
    for (let i = 1; i <= 6; i++) broker.publish('', 'q', i);
    expect(slow.bodies()).toEqual([1]);
    expect(fast.bodies()).toEqual([2, 3, 4]);
    expect(broker.queueStats('q')).toMatchObject({ ready: 2, unacked: 4, consumers: 2 });
    broker.ack(slow.last().deliveryTag);
    expect(slow.bodies()).toEqual([1, 5]);
    broker.ack(fast.got[0]?.deliveryTag ?? -1);
    expect(fast.bodies()).toEqual([2, 3, 4, 6]);
  });

  it('a consumer that starts late gets the backlog up to its prefetch', () => {
    const { broker } = queueWith(10);
    const c = collect(broker, 'q', 4);
    expect(c.bodies()).toEqual([1, 2, 3, 4]);
    expect(broker.queueStats('q')).toMatchObject({ ready: 6, unacked: 4 });
    const unlimited = collect(broker, 'q', 0);
    expect(unlimited.bodies()).toEqual([5, 6, 7, 8, 9, 10]);
  });

  it('a consumer that acks inside onDelivery drains a long queue without nesting', () => {
    const { broker } = queueWith(5000);
    const seen: unknown[] = [];
    broker.consume('q', {
      prefetch: 1,
      onDelivery: (d) => {
        seen.push(d.message.body);
        broker.ack(d.deliveryTag);
      },
    });
    expect(seen).toHaveLength(5000);
    expect(seen[4999]).toBe(5000);
    expect(broker.queueStats('q')).toMatchObject({
      ready: 0,
      unacked: 0,
      acked: 5000,
      delivered: 5000,
    });
  });
});

describe('prefetch', () => {
  it.each([1, 2, 3, 4, 5])(
    'unacked per consumer never exceeds its prefetch, over random acks, nacks and releases (seed %i)',
    (seed) => {
      const rng = createRng(seed);
      const { broker } = setup();
      broker.declareQueue('q', { deadLetterExchange: '', deadLetterRoutingKey: 'dlq' });
      broker.declareQueue('dlq');
      const held = new Map<string, Delivery[]>();
      const prefetchOf = new Map<string, number>();
      let violations = 0;
      const addConsumer = () => {
        const prefetch = rng.int(0, 5);
        const list: Delivery[] = [];
        const tag = broker.consume('q', {
          prefetch,
          onDelivery: (d) => {
            list.push(d);
            if (prefetch > 0 && list.length > prefetch) violations++;
          },
        });
        held.set(tag, list);
        prefetchOf.set(tag, prefetch);
      };
      for (let i = 0; i < 4; i++) addConsumer();
      let published = 0;
      for (let step = 0; step < 3000; step++) {
        const roll = rng.next();
        const tags = [...held.keys()];
        const tag = tags[rng.int(0, tags.length - 1)] as string;
        const list = held.get(tag) as Delivery[];
        if (roll < 0.4) {
          broker.publish('', 'q', ++published);
        } else if (roll < 0.97 && list.length > 0) {
          const i = rng.int(0, list.length - 1);
          const d = list[i] as Delivery;
          const how = rng.int(0, 3);
          if (how === 0) {
            // ack multiple settles this one and every earlier one of the consumer; the
            // bookkeeping goes first, as the ack may deliver again at once
            const keep = list.filter((x) => x.deliveryTag > d.deliveryTag);
            list.length = 0;
            list.push(...keep);
            broker.ack(d.deliveryTag, true);
          } else {
            list.splice(i, 1);
            if (how === 1) broker.ack(d.deliveryTag);
            else broker.nack(d.deliveryTag, { requeue: how === 2 });
          }
        } else if (roll >= 0.97) {
          broker.releaseConsumer(tag);
          list.length = 0;
          held.delete(tag);
          addConsumer();
        }
        for (const c of broker.consumers('q')) {
          const prefetch = prefetchOf.get(c.consumerTag) ?? 0;
          if (prefetch > 0) expect(c.unacked).toBeLessThanOrEqual(prefetch);
          expect(c.unacked).toBe(held.get(c.consumerTag)?.length);
        }
      }
      expect(violations).toBe(0);
      const q = broker.queueStats('q');
      // every message is somewhere: ready, held, acked or dead-lettered
      expect(q.ready + q.unacked + q.acked + q.deadLettered).toBe(published);
      expect(broker.queueStats('dlq').ready).toBe(q.deadLettered);
    },
  );

  it('refuses a prefetch that is not a whole number >= 0', () => {
    const { broker } = queueWith(0);
    for (const prefetch of [-1, 1.5, Number.NaN]) {
      expect(() => broker.consume('q', { prefetch, onDelivery: () => {} })).toThrow(/prefetch/);
    }
    expect(broker.queueStats('q').consumers).toBe(0);
  });
});

describe('ack, nack and reject', () => {
  it('ack with multiple settles the consumer’s deliveries up to the tag, not another’s', () => {
    const { broker } = queueWith(0);
    const a = collect(broker, 'q');
    const b = collect(broker, 'q');
    for (let i = 1; i <= 6; i++) broker.publish('', 'q', i);
    // a holds 1, 3, 5; b holds 2, 4, 6
    expect(broker.ack(a.got[1]?.deliveryTag ?? -1, true)).toBe(true);
    expect(broker.unacked('q').map((d) => d.message.body)).toEqual([2, 4, 5, 6]);
    expect(b.bodies()).toEqual([2, 4, 6]);
    expect(broker.queueStats('q').acked).toBe(2);
  });

  it('an unknown or already settled tag is refused and traced, and changes nothing', () => {
    const { broker, rec } = queueWith(1);
    const c = collect(broker, 'q');
    const tag = c.last().deliveryTag;
    expect(broker.ack(tag)).toBe(true);
    expect(broker.ack(tag)).toBe(false);
    expect(broker.nack(tag)).toBe(false);
    expect(broker.reject(999)).toBe(false);
    expect(rec.ofType('broker.unknown-delivery').map((e) => [e.deliveryTag, e.op])).toEqual([
      [tag, 'ack'],
      [tag, 'nack'],
      [999, 'nack'],
    ]);
    expect(broker.queueStats('q')).toMatchObject({ acked: 1, ready: 0, unacked: 0 });
  });

  it('nack with requeue puts the message back at the head, redelivered, with its count', () => {
    const { broker } = queueWith(3);
    const c = collect(broker, 'q', 1);
    expect(c.last()).toMatchObject({ redelivered: false, deliveryCount: 1, message: { body: 1 } });
    broker.nack(c.last().deliveryTag);
    expect(c.last()).toMatchObject({ redelivered: true, deliveryCount: 2, message: { body: 1 } });
    broker.reject(c.last().deliveryTag, true);
    expect(c.last()).toMatchObject({ redelivered: true, deliveryCount: 3, message: { body: 1 } });
    broker.ack(c.last().deliveryTag);
    expect(c.last()).toMatchObject({ redelivered: false, deliveryCount: 1, message: { body: 2 } });
    expect(broker.queueStats('q')).toMatchObject({ requeued: 2, delivered: 4, acked: 1 });
  });

  it('nack multiple requeues a consumer’s deliveries in their queue order', () => {
    const { broker } = queueWith(5);
    const c = collect(broker, 'q', 3);
    broker.nack(c.got[2]?.deliveryTag ?? -1, { multiple: true, requeue: true });
    expect(broker.peek('q').map((m) => [m.message.body, m.redelivered])).toEqual([
      [4, false],
      [5, false],
    ]);
    // the consumer got 1, 2, 3 again: the head of the queue, before 4 and 5
    expect(c.bodies()).toEqual([1, 2, 3, 1, 2, 3]);
    expect(c.got.slice(3).every((d) => d.redelivered)).toBe(true);
  });

  it('nack without requeue drops the message when the queue has no dead-letter exchange', () => {
    const { broker, rec } = queueWith(1);
    const c = collect(broker, 'q');
    broker.nack(c.last().deliveryTag, { requeue: false });
    expect(broker.queueStats('q')).toMatchObject({ ready: 0, unacked: 0, deadLettered: 1 });
    expect(rec.ofType('broker.dropped')).toMatchObject([
      { queue: 'q', reason: 'rejected', why: 'no-dead-letter-exchange' },
    ]);
  });
});

describe('releaseConsumer', () => {
  it('returns what the consumer held to the head, in order, redelivered, and removes it', () => {
    const { broker, rec } = queueWith(6);
    const dying = collect(broker, 'q', 3);
    broker.ack(dying.got[1]?.deliveryTag ?? -1);
    // holds 1 and 3 (2 acked) plus 4, which the ack made room for
    expect(broker.releaseConsumer(dying.tag)).toBe(3);
    expect(broker.releaseConsumer(dying.tag)).toBe(0);
    expect(broker.consumers()).toEqual([]);
    expect(broker.peek('q').map((m) => [m.message.body, m.redelivered, m.deliveryCount])).toEqual([
      [1, true, 1],
      [3, true, 1],
      [4, true, 1],
      [5, false, 0],
      [6, false, 0],
    ]);
    expect(broker.ack(dying.got[0]?.deliveryTag ?? -1)).toBe(false);
    const next = collect(broker, 'q', 2);
    expect(next.got.map((d) => [d.message.body, d.redelivered, d.deliveryCount])).toEqual([
      [1, true, 2],
      [3, true, 2],
    ]);
    expect(rec.ofType('broker.requeued').map((e) => [e.messageId, e.cause])).toEqual([
      ['m1', 'released'],
      ['m3', 'released'],
      ['m4', 'released'],
    ]);
    expect(rec.ofType('broker.consumer-released')).toMatchObject([
      { consumerTag: dying.tag, returned: 3 },
    ]);
  });

  it('a consumer whose onDelivery throws is released and its message goes to another', () => {
    const { broker, rec } = queueWith(0);
    broker.consume('q', {
      prefetch: 0,
      consumerTag: 'bad',
      onDelivery: () => {
        throw new Error('boom');
      },
    });
    const good = collect(broker, 'q');
    broker.publish('', 'q', 1);
    expect(good.got.map((d) => [d.message.body, d.redelivered])).toEqual([[1, true]]);
    expect(broker.consumers().map((c) => c.consumerTag)).toEqual([good.tag]);
    expect(rec.ofType('broker.consumer-failed')).toMatchObject([
      { consumerTag: 'bad', error: 'boom' },
    ]);
  });
});

describe('cancel', () => {
  it('stops deliveries; what it holds can still be acked, or returns when released', () => {
    const { broker, rec } = queueWith(4);
    const c = collect(broker, 'q', 2);
    expect(broker.cancel(c.tag)).toBe(true);
    expect(broker.cancel(c.tag)).toBe(false);
    broker.ack(c.got[0]?.deliveryTag ?? -1);
    expect(c.bodies()).toEqual([1, 2]);
    expect(broker.queueStats('q')).toMatchObject({ consumers: 0, unacked: 1, ready: 2 });
    expect(broker.consumers()).toEqual([
      { consumerTag: c.tag, queue: 'q', prefetch: 2, unacked: 1, active: false },
    ]);
    expect(broker.releaseConsumer(c.tag)).toBe(1);
    expect(broker.peek('q').map((m) => m.message.body)).toEqual([2, 3, 4]);
    expect(rec.ofType('broker.consumer-cancelled')).toMatchObject([{ by: 'client' }]);
  });

  it('a cancelled consumer is forgotten once it has settled everything', () => {
    const { broker } = queueWith(1);
    const c = collect(broker, 'q', 1);
    broker.cancel(c.tag);
    broker.ack(c.last().deliveryTag);
    expect(broker.consumers()).toEqual([]);
    expect(broker.releaseConsumer(c.tag)).toBe(0);
  });

  it('refuses a consumer tag in use and makes up free ones', () => {
    const { broker } = queueWith(0);
    broker.consume('q', { prefetch: 1, consumerTag: 'ctag-1', onDelivery: () => {} });
    expect(() =>
      broker.consume('q', { prefetch: 1, consumerTag: 'ctag-1', onDelivery: () => {} }),
    ).toThrow(expect.objectContaining({ code: 'not-allowed' }));
    expect(broker.consume('q', { prefetch: 1, onDelivery: () => {} })).toBe('ctag-2');
    expect(() => broker.consume('nope', { prefetch: 1, onDelivery: () => {} })).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
  });
});

describe('deleting and purging', () => {
  it('deleteQueue cancels its consumers (onCancel), forgets their deliveries, and counts the messages', () => {
    const { broker, rec } = queueWith(5);
    let cancelled = 0;
    const c = collect(broker, 'q', 2, { onCancel: () => cancelled++ });
    expect(broker.deleteQueue('q')).toBe(5);
    expect(broker.deleteQueue('q')).toBe(0);
    expect(cancelled).toBe(1);
    expect(broker.ack(c.last().deliveryTag)).toBe(false);
    expect(broker.consumers()).toEqual([]);
    expect(rec.ofType('broker.queue-deleted')).toMatchObject([
      { queue: 'q', reason: 'deleted', messages: 5 },
    ]);
    expect(rec.ofType('broker.consumer-cancelled')).toMatchObject([{ by: 'queue-deleted' }]);
  });

  it('purge removes the ready messages, not the unacked ones', () => {
    const { broker } = queueWith(5);
    const c = collect(broker, 'q', 2);
    expect(broker.purge('q')).toBe(3);
    expect(broker.queueStats('q')).toMatchObject({ ready: 0, unacked: 2 });
    broker.nack(c.last().deliveryTag);
    expect(broker.queueStats('q')).toMatchObject({ ready: 0, unacked: 2 });
  });
});

describe('a consumer that requeues inside onDelivery', () => {
  it('cannot hang the engine: the dispatch yields to the clock after maxSyncDeliveries', () => {
    const { broker, clock, rec } = queueWith(1, { maxSyncDeliveries: 50 });
    let deliveries = 0;
    broker.consume('q', {
      prefetch: 1,
      onDelivery: (d) => {
        deliveries++;
        broker.nack(d.deliveryTag, { requeue: true });
      },
    });
    expect(deliveries).toBe(50);
    expect(rec.ofType('broker.dispatch-deferred')).toHaveLength(1);
    clock.advance(1);
    expect(deliveries).toBe(100);
    clock.advance(2);
    expect(deliveries).toBe(200);
  });
});
