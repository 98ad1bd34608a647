import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock';
import { Trace, type TraceEvent } from '../trace';
import { Broker } from './Broker';
import { collect, START, setup } from './testing';

/** The trace as `type queue/exchange message`, short enough to read as a story. */
function story(events: readonly TraceEvent[]): string[] {
  return events.map((e) => {
    const where = 'queue' in e ? e.queue : 'exchange' in e ? e.exchange : '';
    const what = 'messageId' in e ? ` ${e.messageId}` : '';
    return `${e.type} ${where}${what}`.trimEnd();
  });
}

describe('broker trace', () => {
  it('tells a message’s life event by event', () => {
    const { broker, rec, clock } = setup();
    broker.declareExchange('user_events', 'topic');
    broker.declareExchange('dlx', 'fanout');
    broker.declareQueue('emails', { deadLetterExchange: 'dlx' });
    broker.declareQueue('dlq');
    broker.bind('emails', 'user_events', 'user.*');
    broker.bind('dlq', 'dlx', '');
    const c = collect(broker, 'emails', 1);
    broker.publish('user_events', 'user.registered', { name: 'Ann' });
    broker.publish('user_events', 'order.created', {});
    broker.nack(c.last().deliveryTag, { requeue: true });
    clock.advance(1);
    broker.reject(c.last().deliveryTag, false);
    expect(story(rec.events())).toEqual([
      'broker.exchange-declared user_events',
      'broker.exchange-declared dlx',
      'broker.queue-declared emails',
      'broker.queue-declared dlq',
      'broker.bound emails',
      'broker.bound dlq',
      'broker.consumer-added emails',
      'broker.published user_events m1',
      'broker.routed user_events m1',
      'broker.enqueued emails m1',
      'broker.delivered emails m1',
      'broker.published user_events m2',
      'broker.unroutable user_events m2',
      'broker.nacked emails m1',
      'broker.requeued emails m1',
      'broker.delivered emails m1',
      'broker.nacked emails m1',
      'broker.dead-lettered emails m1',
      'broker.routed dlx m1',
      'broker.enqueued dlq m1',
    ]);
    const [published] = rec.ofType('broker.published');
    expect(published).toMatchObject({
      broker: 'broker',
      routingKey: 'user.registered',
      body: { name: 'Ann' },
      headers: {},
      confirm: { ack: true, queues: ['emails'] },
      at: START,
    });
    expect(rec.ofType('broker.routed')[0]?.bindings).toEqual([
      { exchange: 'user_events', queue: 'emails', bindingKey: 'user.*', args: undefined },
    ]);
    expect(
      rec
        .ofType('broker.delivered')
        .map((e) => [e.deliveryTag, e.consumerTag, e.redelivered, e.deliveryCount]),
    ).toEqual([
      [1, c.tag, false, 1],
      [2, c.tag, true, 2],
    ]);
    expect(rec.ofType('broker.nacked').map((e) => e.requeue)).toEqual([true, false]);
    expect(rec.ofType('broker.enqueued').map((e) => e.ready)).toEqual([1, 1]);
  });

  it('records nothing and works the same while no one listens, or with no trace at all', () => {
    const clock = new SimulatedClock(START);
    const trace = new Trace(clock);
    const seen: TraceEvent[] = [];
    for (const broker of [new Broker({ clock, trace }), new Broker({ clock, id: 'untraced' })]) {
      broker.declareQueue('q', {
        maxLength: 1,
        deadLetterExchange: '',
        deadLetterRoutingKey: 'dlq',
      });
      broker.declareQueue('dlq');
      const c = collect(broker, 'q', 1);
      for (let i = 0; i < 5; i++) broker.publish('', 'q', i);
      broker.nack(c.last().deliveryTag, { requeue: false });
      expect(broker.queueStats('dlq').ready).toBe(4);
    }
    expect(trace.nextSeq).toBe(1);
    const off = trace.subscribe((e) => seen.push(e));
    off();
    expect(seen).toEqual([]);
  });

  it('names its broker in every event', () => {
    const clock = new SimulatedClock(START);
    const trace = new Trace(clock);
    const events: TraceEvent[] = [];
    trace.subscribe((e) => events.push(e));
    const broker = new Broker({ clock, trace, id: 'lab' });
    broker.declareQueue('q');
    broker.publish('', 'q', 1);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => 'broker' in e && e.broker === 'lab')).toBe(true);
  });
});
