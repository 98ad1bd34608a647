import { describe, expect, it } from 'vitest';
import { collect, START, setup } from './testing';

describe('setQueuePolicy (a policy applied to a running queue)', () => {
  it('drops the oldest ready messages at once when maxLength falls, dead-lettered maxlen', () => {
    const { broker, rec } = setup();
    broker.declareQueue('q', { deadLetterExchange: '', deadLetterRoutingKey: 'dlq' });
    broker.declareQueue('dlq');
    for (const n of [1, 2, 3, 4, 5]) broker.publish('', 'q', n);
    broker.setQueuePolicy('q', {
      deadLetterExchange: '',
      deadLetterRoutingKey: 'dlq',
      maxLength: 2,
    });
    expect(broker.peek('q').map((m) => m.message.body)).toStrictEqual([4, 5]);
    expect(broker.peek('dlq').map((m) => m.message.body)).toStrictEqual([1, 2, 3]);
    expect(rec.ofType('broker.queue-policy-set')).toMatchObject([
      { queue: 'q', options: { maxLength: 2 } },
    ]);
    // and it holds from now on
    broker.publish('', 'q', 6);
    expect(broker.peek('q').map((m) => m.message.body)).toStrictEqual([5, 6]);
  });

  it('keeps what a reject-publish queue holds and refuses what comes next', () => {
    const { broker } = setup();
    broker.declareQueue('q');
    for (const n of [1, 2, 3]) broker.publish('', 'q', n);
    broker.setQueuePolicy('q', { maxLength: 1, overflow: 'reject-publish' });
    expect(broker.queueStats('q').ready).toBe(3);
    expect(broker.publish('', 'q', 4).ack).toBe(false);
  });

  it('gives a new TTL to the messages that join after it', () => {
    const { broker } = setup();
    broker.declareQueue('q');
    broker.publish('', 'q', 'before');
    broker.setQueuePolicy('q', { messageTtl: 100 });
    broker.publish('', 'q', 'after');
    expect(broker.peek('q').map((m) => m.expiresAt)).toStrictEqual([undefined, START + 100]);
  });

  it('refuses invalid arguments and leaves the queue as it was', () => {
    const { broker } = setup();
    broker.declareQueue('q', { maxLength: 5 });
    expect(() => broker.setQueuePolicy('q', { maxLength: -1 })).toThrow(/maxLength/);
    expect(broker.listQueues().find((q) => q.name === 'q')?.options).toStrictEqual({
      maxLength: 5,
    });
  });

  it('is a no-op with the same arguments (no trace event)', () => {
    const { broker, rec } = setup();
    broker.declareQueue('q', { maxLength: 5 });
    broker.setQueuePolicy('q', { maxLength: 5 });
    expect(rec.ofType('broker.queue-policy-set')).toHaveLength(0);
  });
});

describe('setPrefetch (basic.qos on a running consumer)', () => {
  it('delivers more at once when it rises', () => {
    const { broker, rec } = setup();
    broker.declareQueue('q');
    for (const n of [1, 2, 3, 4]) broker.publish('', 'q', n);
    const c = collect(broker, 'q', 1);
    expect(c.bodies()).toStrictEqual([1]);
    broker.setPrefetch(c.tag, 3);
    expect(c.bodies()).toStrictEqual([1, 2, 3]);
    expect(rec.ofType('broker.prefetch-set')).toMatchObject([{ consumerTag: c.tag, prefetch: 3 }]);
  });

  it('takes nothing back when it falls, and delivers again once acks bring it under', () => {
    const { broker } = setup();
    broker.declareQueue('q');
    for (const n of [1, 2, 3, 4, 5]) broker.publish('', 'q', n);
    const c = collect(broker, 'q', 3);
    broker.setPrefetch(c.tag, 1);
    expect(broker.queueStats('q').unacked).toBe(3);
    broker.ack(c.got[0]?.deliveryTag ?? -1);
    broker.ack(c.got[1]?.deliveryTag ?? -1);
    expect(c.bodies()).toStrictEqual([1, 2, 3]);
    broker.ack(c.got[2]?.deliveryTag ?? -1);
    expect(c.bodies()).toStrictEqual([1, 2, 3, 4]);
  });

  it('names an unknown consumer and a bad prefetch', () => {
    const { broker } = setup();
    broker.declareQueue('q');
    const c = collect(broker, 'q', 1);
    expect(() => broker.setPrefetch('nope', 2)).toThrow(/nope/);
    expect(() => broker.setPrefetch(c.tag, 1.5)).toThrow(/prefetch/);
  });
});
