import { describe, expect, it } from 'vitest';
import { collect, START, setup } from './testing';
import type { QueueOptions } from './types';

/**
 * Producer -> exchange `events` (topic) -> queue `work` (bound `user.#`), dead-lettering to
 * exchange `dlx` (fanout) -> queue `dlq`: the rabbitmq lab's shape.
 */
function pipeline(options: QueueOptions = {}) {
  const t = setup();
  const { broker } = t;
  broker.declareExchange('events', 'topic');
  broker.declareExchange('dlx', 'fanout');
  broker.declareQueue('work', { deadLetterExchange: 'dlx', ...options });
  broker.declareQueue('dlq');
  broker.bind('work', 'events', 'user.#');
  broker.bind('dlq', 'dlx', '');
  return t;
}

const bodies = (t: ReturnType<typeof setup>, queue: string) =>
  t.broker.peek(queue).map((m) => m.message.body);

describe('dead-letter reasons', () => {
  it('rejected: nack without requeue republishes to the dead-letter exchange with x-death', () => {
    const t = pipeline();
    t.broker.publish('events', 'user.created', 'ann', { headers: { tenant: 'a' } });
    const c = collect(t.broker, 'work');
    t.clock.advance(5);
    t.broker.nack(c.last().deliveryTag, { requeue: false });
    const [dead] = t.broker.peek('dlq');
    expect(dead?.message).toEqual({
      id: 'm1',
      exchange: 'dlx',
      routingKey: 'user.created',
      body: 'ann',
      headers: { tenant: 'a' },
      publishedAt: START,
      expiration: undefined,
      deaths: [
        {
          queue: 'work',
          reason: 'rejected',
          exchange: 'events',
          routingKeys: ['user.created'],
          count: 1,
          time: START + 5,
        },
      ],
    });
    expect(t.rec.ofType('broker.dead-lettered')).toMatchObject([
      {
        queue: 'work',
        messageId: 'm1',
        reason: 'rejected',
        exchange: 'dlx',
        routingKey: 'user.created',
      },
    ]);
    expect(t.broker.queueStats('work')).toMatchObject({ deadLettered: 1, unacked: 0 });
  });

  it('the dead-letter routing key replaces the message’s key', () => {
    const t = pipeline({ deadLetterExchange: '', deadLetterRoutingKey: 'dlq' });
    t.broker.publish('events', 'user.created', 1);
    t.broker.reject(collect(t.broker, 'work').last().deliveryTag, false);
    expect(t.broker.peek('dlq')[0]?.message).toMatchObject({ exchange: '', routingKey: 'dlq' });
  });

  it('maxlen: drop-head dead-letters the oldest to make room', () => {
    const t = pipeline({ maxLength: 2 });
    for (let i = 1; i <= 5; i++) t.broker.publish('events', 'user.x', i);
    expect(bodies(t, 'work')).toEqual([4, 5]);
    expect(bodies(t, 'dlq')).toEqual([1, 2, 3]);
    expect(t.broker.peek('dlq').map((m) => m.message.deaths[0]?.reason)).toEqual([
      'maxlen',
      'maxlen',
      'maxlen',
    ]);
    // unacked messages do not count toward maxLength
    const c = collect(t.broker, 'work', 2);
    t.broker.publish('events', 'user.x', 6);
    t.broker.publish('events', 'user.x', 7);
    expect(c.bodies()).toEqual([4, 5]);
    expect(bodies(t, 'work')).toEqual([6, 7]);
  });

  it('maxLength 0 with a waiting consumer still delivers (drop-head only drops ready messages)', () => {
    const t = pipeline({ maxLength: 0 });
    const c = collect(t.broker, 'work', 1);
    t.broker.publish('events', 'user.x', 1);
    t.broker.publish('events', 'user.x', 2);
    expect(c.bodies()).toEqual([1]);
    expect(bodies(t, 'dlq')).toEqual([2]);
  });

  it('reject-publish-dlx refuses the new message (nack) and dead-letters it', () => {
    const t = pipeline({ maxLength: 1, overflow: 'reject-publish-dlx' });
    t.broker.publish('events', 'user.x', 1);
    expect(t.broker.publish('events', 'user.x', 2)).toMatchObject({
      ack: false,
      reason: 'queue-full',
    });
    expect(bodies(t, 'work')).toEqual([1]);
    expect(bodies(t, 'dlq')).toEqual([2]);
    expect(t.broker.peek('dlq')[0]?.message.deaths[0]?.reason).toBe('maxlen');
  });

  it('reject-publish refuses without dead-lettering', () => {
    const t = pipeline({ maxLength: 1, overflow: 'reject-publish' });
    t.broker.publish('events', 'user.x', 1);
    expect(t.broker.publish('events', 'user.x', 2).ack).toBe(false);
    expect(bodies(t, 'dlq')).toEqual([]);
    expect(t.rec.ofType('broker.refused')).toMatchObject([
      { queue: 'work', messageId: 'm2', reason: 'queue-full' },
    ]);
  });
});

describe('delivery limit', () => {
  it('a message a handler always fails goes to the DLQ with delivery_limit; the other 999 are acked', () => {
    const t = pipeline({ deliveryLimit: 3 });
    const held = collect(t.broker, 'work', 10);
    for (let i = 0; i < 1000; i++) {
      t.broker.publish('events', 'user.order', { n: i, poison: i === 500 });
    }
    let poisonDeliveries = 0;
    // the handler: settles what it holds, oldest first, until nothing is left
    for (let i = 0; i < held.got.length; i++) {
      const d = held.got[i];
      if (d === undefined) break;
      if ((d.message.body as { poison: boolean }).poison) {
        poisonDeliveries++;
        t.broker.nack(d.deliveryTag, { requeue: true });
      } else t.broker.ack(d.deliveryTag);
    }
    expect(poisonDeliveries).toBe(3);
    expect(t.broker.queueStats('work')).toMatchObject({
      ready: 0,
      unacked: 0,
      acked: 999,
      deadLettered: 1,
      requeued: 2,
    });
    const [dead] = t.broker.peek('dlq');
    expect(dead?.message.body).toEqual({ n: 500, poison: true });
    expect(dead?.message.deaths).toMatchObject([
      { queue: 'work', reason: 'delivery_limit', count: 1 },
    ]);
    const deliveries = t.rec.ofType('broker.delivered').filter((e) => e.messageId === 'm501');
    expect(deliveries.map((e) => [e.deliveryCount, e.redelivered])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
  });

  it('deliveries returned by a dead consumer count toward the limit', () => {
    const t = pipeline({ deliveryLimit: 2 });
    t.broker.publish('events', 'user.x', 'crashes its worker');
    t.broker.releaseConsumer(collect(t.broker, 'work', 1).tag);
    t.broker.releaseConsumer(collect(t.broker, 'work', 1).tag);
    expect(bodies(t, 'work')).toEqual([]);
    expect(t.broker.peek('dlq')[0]?.message.deaths[0]?.reason).toBe('delivery_limit');
  });
});

describe('moving dead letters back', () => {
  it('sends each back to its exchange and key; it keeps its id and x-death, and dies again counted', () => {
    const t = pipeline({ deliveryLimit: 1 });
    t.broker.publish('events', 'user.poison', 'p');
    t.broker.nack(collect(t.broker, 'work', 1, { consumerTag: 'w1' }).last().deliveryTag);
    expect(bodies(t, 'dlq')).toEqual(['p']);
    t.broker.cancel('w1');
    t.clock.advance(10);
    expect(t.broker.moveMessages('dlq')).toBe(1);
    expect(bodies(t, 'dlq')).toEqual([]);
    const [back] = t.broker.peek('work');
    expect(back).toMatchObject({ deliveryCount: 0, redelivered: false });
    expect(back?.message).toMatchObject({
      id: 'm1',
      exchange: 'events',
      routingKey: 'user.poison',
    });
    expect(t.rec.ofType('broker.moved')).toMatchObject([
      { queue: 'dlq', messageId: 'm1', exchange: 'events', routingKey: 'user.poison' },
    ]);
    // it fails again: the same (queue, reason) is counted, not repeated
    t.broker.nack(collect(t.broker, 'work', 1).last().deliveryTag);
    expect(t.broker.peek('dlq')[0]?.message.deaths).toMatchObject([
      { queue: 'work', reason: 'delivery_limit', count: 2, time: START + 10 },
    ]);
  });

  it('moves to a named exchange and key, a limited or chosen set, and leaves a message with nowhere to go', () => {
    const t = setup();
    t.broker.declareExchange('retry', 'direct');
    for (const q of ['src', 'a', 'b']) t.broker.declareQueue(q);
    t.broker.bind('a', 'retry', 'a');
    t.broker.bind('b', 'retry', 'b');
    for (let i = 1; i <= 5; i++) t.broker.publish('', 'src', i);
    expect(t.broker.moveMessages('src', 'retry', { routingKey: 'a', limit: 2 })).toBe(2);
    expect(
      t.broker.moveMessages('src', 'retry', { routingKey: 'b', messageIds: ['m5', 'm3'] }),
    ).toBe(2);
    expect(bodies(t, 'a')).toEqual([1, 2]);
    expect(bodies(t, 'b')).toEqual([3, 5]);
    expect(bodies(t, 'src')).toEqual([4]);
    expect(() => t.broker.moveMessages('src', 'nope')).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
    // by default it goes back to where it came from: the default exchange, key "src"
    expect(t.broker.moveMessages('src')).toBe(1);
    expect(bodies(t, 'src')).toEqual([4]);
    // a message whose exchange is gone stays where it is
    t.broker.publish('retry', 'a', 6);
    t.broker.declareExchange('gone', 'fanout');
    t.broker.declareQueue('dead', {});
    t.broker.bind('dead', 'gone', '');
    t.broker.publish('gone', '', 7);
    t.broker.deleteExchange('gone');
    expect(t.broker.moveMessages('dead')).toBe(0);
    expect(bodies(t, 'dead')).toEqual([7]);
  });
});

describe('dead-letter edge cases', () => {
  it('drops the message when the dead-letter exchange does not exist', () => {
    const t = setup();
    t.broker.declareQueue('q', { deadLetterExchange: 'missing' });
    t.broker.publish('', 'q', 1);
    t.broker.nack(collect(t.broker, 'q').last().deliveryTag, { requeue: false });
    expect(t.rec.ofType('broker.dropped')).toMatchObject([
      { reason: 'rejected', why: 'dead-letter-exchange-missing' },
    ]);
  });

  it('drops a message that would cycle without a rejection: two full queues feeding each other', () => {
    const t = setup();
    t.broker.declareQueue('a', { maxLength: 1, deadLetterExchange: '', deadLetterRoutingKey: 'b' });
    t.broker.declareQueue('b', { maxLength: 1, deadLetterExchange: '', deadLetterRoutingKey: 'a' });
    t.broker.publish('', 'b', 'b1');
    t.broker.publish('', 'a', 'a1');
    t.broker.publish('', 'a', 'a2');
    // a1 was pushed out of a into b, pushing b1 into a, pushing a2 out...: each stops when
    // it would come back to a queue it left without a rejection
    expect(t.rec.ofType('broker.dropped').every((e) => e.why === 'dead-letter-cycle')).toBe(true);
    expect(t.rec.ofType('broker.dropped').length).toBeGreaterThan(0);
    expect(t.broker.queueStats('a').ready + t.broker.queueStats('b').ready).toBe(2);
  });

  it('a retry loop through a TTL queue is not a cycle when the message was rejected', () => {
    const t = setup();
    t.broker.declareQueue('work', { deadLetterExchange: '', deadLetterRoutingKey: 'wait' });
    t.broker.declareQueue('wait', {
      messageTtl: 100,
      deadLetterExchange: '',
      deadLetterRoutingKey: 'work',
    });
    t.broker.publish('', 'work', 'retry me');
    const c = collect(t.broker, 'work', 1);
    t.broker.nack(c.last().deliveryTag, { requeue: false });
    t.clock.advance(100);
    expect(c.got.map((d) => d.message.deaths.map((x) => `${x.reason}@${x.queue}`))).toEqual([
      [],
      ['expired@wait', 'rejected@work'],
    ]);
    // and again: counts grow, the message keeps coming back
    t.broker.nack(c.last().deliveryTag, { requeue: false });
    t.clock.advance(100);
    expect(c.last().message.deaths.map((x) => [x.reason, x.count])).toEqual([
      ['expired', 2],
      ['rejected', 2],
    ]);
  });

  it('a queue expiring messages into itself drops them', () => {
    const t = setup();
    t.broker.declareQueue('self', {
      messageTtl: 10,
      deadLetterExchange: '',
      deadLetterRoutingKey: 'self',
    });
    t.broker.publish('', 'self', 1);
    t.clock.advance(10);
    expect(t.broker.queueStats('self').ready).toBe(0);
    expect(t.rec.ofType('broker.dropped')).toMatchObject([
      { queue: 'self', why: 'dead-letter-cycle' },
    ]);
  });
});
