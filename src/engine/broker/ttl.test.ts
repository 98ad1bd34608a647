import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { collect, START, setup } from './testing';
import type { Delivery, QueueOptions } from './types';

/** A queue `q` dead-lettering to `dlq` through the default exchange. */
function withDlq(options: QueueOptions = {}) {
  const t = setup();
  t.broker.declareQueue('q', { deadLetterExchange: '', deadLetterRoutingKey: 'dlq', ...options });
  t.broker.declareQueue('dlq');
  return t;
}

describe('message TTL', () => {
  it.each([
    ['per-message expiration', {}, 100],
    ['queue messageTtl', { messageTtl: 100 }, undefined],
    ['the shorter of both (message)', { messageTtl: 500 }, 100],
    ['the shorter of both (queue)', { messageTtl: 100 }, 500],
  ] as const)(
    '%s: expires at its time and is dead-lettered, not delivered',
    (_name, options, expiration) => {
      const { broker, clock, rec } = withDlq(options);
      broker.publish('', 'q', 'late', expiration === undefined ? {} : { expiration });
      clock.advance(99);
      expect(broker.queueStats('q').ready).toBe(1);
      expect(broker.peek('q')[0]?.expiresAt).toBe(START + 100);
      clock.advance(1);
      expect(broker.queueStats('q')).toMatchObject({ ready: 0, deadLettered: 1 });
      expect(rec.ofType('broker.expired')).toMatchObject([
        { queue: 'q', at: START + 100, expiresAt: START + 100 },
      ]);
      const [dead] = broker.peek('dlq');
      expect(dead?.message).toMatchObject({
        body: 'late',
        exchange: '',
        routingKey: 'dlq',
        expiration: undefined,
        deaths: [
          {
            queue: 'q',
            reason: 'expired',
            exchange: '',
            routingKeys: ['q'],
            count: 1,
            time: START + 100,
          },
        ],
      });
      const late = collect(broker, 'q');
      expect(late.got).toEqual([]);
    },
  );

  it('expires a message while the only consumer is at its prefetch limit', () => {
    const { broker, clock, rec } = withDlq({ messageTtl: 100 });
    const c = collect(broker, 'q', 1);
    broker.publish('', 'q', 'held');
    broker.publish('', 'q', 'waits');
    clock.advance(250);
    expect(rec.ofType('broker.expired')).toMatchObject([{ at: START + 100 }]);
    // the held one was delivered in time; it expires nowhere while unacked
    broker.ack(c.last().deliveryTag);
    expect(c.bodies()).toEqual(['held']);
    expect(broker.peek('dlq').map((m) => m.message.body)).toEqual(['waits']);
  });

  it('a message past its TTL is not delivered even when its timer has not fired yet', () => {
    const { broker, clock } = withDlq();
    const c = collect(broker, 'q', 1);
    broker.publish('', 'q', 'first');
    broker.publish('', 'q', 'stale', { expiration: 10 });
    broker.publish('', 'q', 'fresh');
    // time moves on with timers held back: only the dispatch check can stop the stale one
    clock.holdTo(START + 50);
    broker.ack(c.last().deliveryTag);
    expect(c.bodies()).toEqual(['first', 'fresh']);
    expect(broker.peek('dlq').map((m) => m.message.body)).toEqual(['stale']);
  });

  it('a requeued message keeps its expiry: back after its TTL, it expires instead', () => {
    const { broker, clock } = withDlq({ messageTtl: 100 });
    const c = collect(broker, 'q', 1);
    broker.publish('', 'q', 'm');
    clock.advance(150);
    broker.nack(c.last().deliveryTag, { requeue: true });
    expect(c.got).toHaveLength(1);
    expect(broker.peek('dlq')[0]?.message.deaths[0]?.reason).toBe('expired');
  });

  it('TTL 0: delivered when a consumer is waiting, expired at once when none is', () => {
    const { broker } = withDlq({ messageTtl: 0 });
    broker.publish('', 'q', 'nobody');
    expect(broker.queueStats('q').ready).toBe(0);
    expect(broker.peek('dlq').map((m) => m.message.body)).toEqual(['nobody']);
    const c = collect(broker, 'q', 1);
    broker.publish('', 'q', 'taken');
    broker.publish('', 'q', 'busy');
    expect(c.bodies()).toEqual(['taken']);
    expect(broker.peek('dlq').map((m) => m.message.body)).toEqual(['nobody', 'busy']);
  });

  it('keeps one TTL timer per queue, not one per message', () => {
    const { broker, clock } = withDlq({ messageTtl: 1000 });
    for (let i = 0; i < 500; i++) {
      broker.publish('', 'q', i);
      clock.advance(1);
    }
    expect(clock.pending).toBe(1);
    clock.advance(2000);
    expect(broker.queueStats('q').ready).toBe(0);
    expect(broker.queueStats('dlq').ready).toBe(500);
  });

  it.each([11, 12, 13])(
    'no delivery ever comes after its message’s TTL (seeded, seed %i)',
    (seed) => {
      const rng = createRng(seed);
      const { broker, clock } = withDlq({ messageTtl: 300 });
      const held: Delivery[] = [];
      const late: Delivery[] = [];
      let delivered = 0;
      for (let i = 0; i < 3; i++) {
        broker.consume('q', {
          prefetch: rng.int(1, 3),
          onDelivery: (d) => {
            delivered++;
            const { expiration, publishedAt } = d.message;
            const ttl = Math.min(300, expiration ?? 300);
            // a requeue keeps the first enqueue time, so publishedAt bounds it; a TTL of 0
            // may be delivered only in the instant it was published
            const now = clock.now();
            if (ttl > 0 ? now >= publishedAt + ttl : now > publishedAt) late.push(d);
            held.push(d);
          },
        });
      }
      for (let step = 0; step < 2000; step++) {
        if (rng.chance(0.5)) {
          const expiration = rng.chance(0.5) ? rng.int(0, 400) : undefined;
          broker.publish('', 'q', step, expiration === undefined ? {} : { expiration });
        }
        if (held.length > 0 && rng.chance(0.4)) {
          const [d] = held.splice(rng.int(0, held.length - 1), 1);
          if (d !== undefined) {
            if (rng.chance(0.8)) broker.ack(d.deliveryTag);
            else broker.nack(d.deliveryTag);
          }
        }
        clock.advance(rng.int(0, 20));
      }
      expect(late).toEqual([]);
      expect(delivered).toBeGreaterThan(100);
      expect(broker.queueStats('dlq').ready).toBeGreaterThan(10);
    },
  );
});

describe('queue expires', () => {
  it('deletes a queue unused for that long; a consumer keeps it, redeclaring resets the time', () => {
    const { broker, clock, rec } = setup();
    broker.declareQueue('tmp', { expires: 1000 });
    broker.publish('', 'tmp', 'publishing is not use');
    clock.advance(600);
    broker.declareQueue('tmp', { expires: 1000 });
    clock.advance(600);
    expect(broker.hasQueue('tmp')).toBe(true);
    const c = collect(broker, 'tmp', 1);
    clock.advance(5000);
    expect(broker.hasQueue('tmp')).toBe(true);
    broker.cancel(c.tag);
    clock.advance(999);
    expect(broker.hasQueue('tmp')).toBe(true);
    clock.advance(1);
    expect(broker.hasQueue('tmp')).toBe(false);
    expect(rec.ofType('broker.queue-deleted')).toMatchObject([
      { queue: 'tmp', reason: 'expired', messages: 1, at: START + 1200 + 5000 + 1000 },
    ]);
  });
});
