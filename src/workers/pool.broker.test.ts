import { describe, expect, it } from 'vitest';
import { Broker, type QueueOptions } from '../engine/broker';
import type { ConsumeOptions, Delivery } from '../engine/broker/types';
import type { WorkerPoolOptions } from './pool';
import { packResults } from './protocol';
import { killEvery } from './testing/chaos';
import { harness } from './testing/harness';
import { MultiAckBroker } from './testing/multiAckBroker';

/**
 * The pool with the engine's real Broker (fake workers, simulated clock): the guarantees
 * hold end to end, and the broker's own features (delivery limit, dead-lettering, queue
 * deletion) meet the pool as they will in the labs.
 */
function setupWith(
  multiple: boolean,
  options: Partial<WorkerPoolOptions> = {},
  queue: QueueOptions = {},
) {
  const h = harness((clock, trace) => {
    const broker = multiple ? new MultiAckBroker({ clock, trace }) : new Broker({ clock, trace });
    broker.declareExchange('dlx', 'fanout');
    broker.declareQueue('dead');
    broker.bind('dead', 'dlx', '');
    broker.declareQueue('q', { deadLetterExchange: 'dlx', ...queue });
    return broker;
  }, options);
  /** Publishes m{from}..m{to - 1} through the default exchange, body { n }. */
  const publish = (from: number, to: number) => {
    for (let n = from; n < to; n++) h.broker.publish('', 'q', { n }, { messageId: `m${n}` });
  };
  /** Every delivery the broker made, as [message id, redelivered]. */
  const deliveries = () =>
    h.rec.ofType('broker.delivered').map((e) => [e.messageId, e.redelivered] as const);
  return { ...h, publish, deliveries };
}

// acks one by one (a port without ackMultiple), and runs of them as one multiple ack
describe.each([
  ['one by one', false],
  ['in runs (ackMultiple)', true],
])('pool and Broker, acks %s', (_, multiple) => {
  const setup = (options: Partial<WorkerPoolOptions> = {}, queue: QueueOptions = {}) =>
    setupWith(multiple, options, queue);

  it('a kill mid-batch: the broker redelivers what the worker held, redelivered=true', async () => {
    const h = setup({ prefetch: 4, handler: { kind: 'slow', ms: 100 } });
    h.publish(0, 4);
    await h.run(150); // m0 acked, m1 under way
    h.pool.kill('q:w1');
    await h.run(500);
    expect(h.deliveries()).toEqual([
      ['m0', false],
      ['m1', false],
      ['m2', false],
      ['m3', false],
      ['m1', true],
      ['m2', true],
      ['m3', true],
    ]);
    expect(h.broker.queueStats('q')).toMatchObject({ ready: 0, unacked: 0, acked: 4 });
    expect(h.rec.ofType('broker.consumer-released')).toMatchObject([
      { consumerTag: 'q:w1', returned: 3 },
    ]);
  });

  it('results out of order, with a failure, a repeat and an unknown tag: each delivery answered once, in order', async () => {
    const h = setup({ prefetch: 5, handler: { kind: 'slow', ms: 10_000 } });
    h.publish(0, 5);
    await h.run(0);
    // as a custom handler could post them: the worker holds tags 1..5
    h.worker('q:w1').inject(
      packResults([
        { deliveryTag: 1, ok: true },
        { deliveryTag: 2, ok: true },
        { deliveryTag: 4, ok: true }, // not its oldest (3 is): acked on its own
        { deliveryTag: 3, ok: false, error: 'x', requeue: true },
        { deliveryTag: 2, ok: true }, // answered already
        { deliveryTag: 99, ok: true }, // never held
        { deliveryTag: 5, ok: true }, // its oldest again (3 went back to the queue)
      ]),
    );
    expect(h.rec.ofType('broker.acked').map((e) => [e.deliveryTag, e.multiple])).toEqual([
      [1, multiple],
      [2, multiple],
      [4, false],
      [5, multiple],
    ]);
    expect(h.rec.ofType('broker.nacked').map((e) => e.deliveryTag)).toEqual([3]);
    expect(h.rec.ofType('pool.handled').map((e) => [e.deliveryTag, e.messageId, e.ok])).toEqual([
      [1, 'm0', true],
      [2, 'm1', true],
      [4, 'm3', true],
      [3, 'm2', false],
      [5, 'm4', true],
    ]);
    expect(h.rec.ofType('pool.result-ignored').map((e) => e.deliveryTag)).toEqual([2, 99]);
    // m2 came back at once, redelivered, to the same worker; the broker saw no stale tag
    expect(h.deliveries().at(-1)).toEqual(['m2', true]);
    expect(h.rec.ofType('broker.unknown-delivery')).toEqual([]);
    expect(h.broker.queueStats('q')).toMatchObject({ ready: 0, unacked: 1, acked: 4 });
    expect(h.pool.stats().workers[0]).toMatchObject({ held: 1, acked: 4, nacked: 1 });
  });

  it('unacked never exceeds the prefetch', async () => {
    const h = setup({ prefetch: 3, size: 3, handler: { kind: 'slow', ms: 5 } });
    let most = 0;
    h.trace.subscribe(() => {
      for (const c of h.broker.consumers('q')) most = Math.max(most, c.unacked);
    });
    h.publish(0, 100);
    await h.run(300, 5);
    expect(most).toBe(3);
    expect(h.broker.queueStats('q')).toMatchObject({ ready: 0, unacked: 0, acked: 100 });
  });

  it('a message that always fails goes to the dead-letter queue after the delivery limit; the other 999 are acked', async () => {
    const h = setup(
      { size: 2, prefetch: 10, handler: { kind: 'poison', when: { field: 'n', equals: 500 } } },
      { deliveryLimit: 3 },
    );
    h.publish(0, 1000);
    await h.run(100);
    expect(h.broker.queueStats('q')).toMatchObject({ ready: 0, unacked: 0, acked: 999 });
    const [dead] = h.broker.peek('dead');
    expect(h.broker.queueStats('dead').ready).toBe(1);
    expect(dead?.message.id).toBe('m500');
    expect(dead?.message.deaths[0]).toMatchObject({ queue: 'q', reason: 'delivery_limit' });
    const failures = h.rec.ofType('pool.handled').filter((e) => !e.ok);
    expect(failures.map((e) => e.messageId)).toEqual(['m500', 'm500', 'm500']);
  });

  it('without requeue, a failure is dead-lettered at once as rejected', async () => {
    const h = setup({
      requeueOnError: false,
      handler: { kind: 'poison', when: { routingKey: 'q' } },
    });
    h.publish(0, 2);
    await h.run(50);
    expect(h.broker.peek('dead').map((m) => [m.message.id, m.message.deaths[0]?.reason])).toEqual([
      ['m0', 'rejected'],
      ['m1', 'rejected'],
    ]);
  });

  it('2,000 messages, 4 workers, a kill every ~50 acks: none lost, none acked twice', async () => {
    const h = setup({ size: 4, prefetch: 8, handler: { kind: 'analytics' } });
    const chaos = killEvery(h.trace, h.pool, 50, 99);
    h.publish(0, 2000);
    for (let i = 0; i < 200 && h.broker.queueStats('q').acked < 2000; i++) await h.run(10);
    expect(h.broker.queueStats('q')).toMatchObject({ ready: 0, unacked: 0, acked: 2000 });
    const acks = h.rec.ofType('broker.acked').map((e) => e.messageId);
    expect(new Set(acks).size).toBe(2000);
    expect(acks).toHaveLength(2000);
    // no answer of a dead worker reached the broker
    expect(h.rec.ofType('broker.unknown-delivery')).toEqual([]);
    const seen = new Set<string>();
    for (const [id, redelivered] of h.deliveries()) {
      expect(redelivered).toBe(seen.has(id));
      seen.add(id);
    }
    expect(chaos.kills).toBeGreaterThan(30);
  });

  it('a deleted queue cancels its workers; they stop without a replacement', async () => {
    const h = setup({ size: 2 });
    await h.run(10);
    h.broker.deleteQueue('q');
    expect(h.rec.ofType('pool.worker-terminated').map((e) => [e.worker, e.reason])).toEqual([
      ['q:w1', 'cancelled'],
      ['q:w2', 'cancelled'],
    ]);
    expect(h.workers.every((w) => w.terminated)).toBe(true);
    expect(h.pool.stats().workers).toEqual([]);
  });
});

describe('pool and Broker, setPrefetch', () => {
  it("is basic.qos on each worker's consumer: more go out at once, in batches of the new size; a bad one is refused", async () => {
    const h = setupWith(true, { size: 2, prefetch: 2, handler: { kind: 'slow', ms: 100 } });
    h.publish(0, 20);
    // each worker answers its first (100 ms) before it sleeps on its second: both measured
    // slow, so their prefetch goes out split
    await h.run(150);
    expect(h.broker.queueStats('q')).toMatchObject({ acked: 2, unacked: 4, ready: 14 });
    const before = h.rec.ofType('pool.batch-sent').length;
    h.pool.setPrefetch(6);
    await h.run(0);
    expect(h.rec.ofType('broker.prefetch-set').map((e) => [e.consumerTag, e.prefetch])).toEqual([
      ['q:w1', 6],
      ['q:w2', 6],
    ]);
    expect(h.broker.queueStats('q')).toMatchObject({ unacked: 12, ready: 6 });
    // the four more each worker got go as batches of at most ceil(6 / 2)
    const sizes = h.rec
      .ofType('pool.batch-sent')
      .slice(before)
      .map((e) => e.deliveryTags.length);
    expect(sizes).toEqual([3, 1, 3, 1]);
    expect(() => h.pool.setPrefetch(-1)).toThrow(RangeError);
    expect(() => h.pool.setPrefetch(1.5)).toThrow(/prefetch must be/);
    expect(h.pool.stats().prefetch).toBe(6);
    expect(h.rec.ofType('broker.prefetch-set')).toHaveLength(2);
  });
});

/** Hands its consumers delivery 1 after delivery 2, as a wire that does not keep order would. */
class SwappingBroker extends MultiAckBroker {
  override consume(queue: string, options: ConsumeOptions): string {
    let first: Delivery | undefined;
    return super.consume(queue, {
      ...options,
      onDelivery: (d) => {
        if (d.deliveryTag === 1) first = d;
        else options.onDelivery(d);
        if (d.deliveryTag === 2 && first !== undefined) options.onDelivery(first);
      },
    });
  }
}

describe('pool and Broker, deliveries out of order', () => {
  it('a worker given a tag below one it holds acks one by one: no multiple ack covers an unhandled delivery', async () => {
    const h = harness(
      (clock, trace) => {
        const broker = new SwappingBroker({ clock, trace });
        broker.declareQueue('q');
        return broker;
      },
      { prefetch: 5, handler: { kind: 'slow', ms: 10_000 } },
    );
    for (let n = 0; n < 3; n++) h.broker.publish('', 'q', { n });
    await h.run(0);
    expect(h.rec.ofType('pool.batch-sent').flatMap((e) => e.deliveryTags)).toEqual([2, 1, 3]);
    // its oldest by arrival is 2, but the broker's oldest unacked is 1, not yet handled
    h.worker('q:w1').inject(packResults([{ deliveryTag: 2, ok: true }]));
    await h.run(0);
    expect(h.rec.ofType('broker.acked').map((e) => [e.deliveryTag, e.multiple])).toEqual([
      [2, false],
    ]);
    expect(h.broker.queueStats('q')).toMatchObject({ unacked: 2, acked: 1 });
  });
});
