import { describe, expect, it } from 'vitest';
import { headlessSimulation } from '../../engine/sim/headless';
import { sagaScenario, sendOrder, withStep } from '../../engine/sim/sagaTesting';
import { runWithWorkers } from '../../engine/sim/testing';
import { kafkaScenario } from '../../engine/sim/topicTesting';
import type { TraceEvent, TraceOf } from '../../engine/trace';
import { followMessage, journeyKey, journeyOfEvent, parseJourneyRef } from './journey';

const of = <T extends TraceEvent['type']>(events: readonly TraceEvent[], type: T) =>
  events.filter((e): e is TraceOf<T> => e.type === type);

describe('followMessage: a producer message to a topic', () => {
  it('links each send to the record it became, and follows it through every group', async () => {
    const { sim, events, flow } = runWithWorkers(kafkaScenario());
    sim.setRate('app', 8);
    await flow(10_000);
    const sends = of(events, 'message.sent').filter((e) => e.from === 'app');
    const appended = of(events, 'topic.appended');
    expect(appended.length).toBe(of(events, 'log.produced').length);
    // every record names its send, and the send's payload carries the record's key
    for (const a of appended) {
      const send = sends.find((s) => s.messageId === a.messageId);
      expect((send?.data as { user?: string } | undefined)?.user).toBe(a.key);
    }

    const send = sends[5];
    if (send === undefined) throw new Error('sent');
    const journey = followMessage(events, { kind: 'send', id: send.messageId });
    const record = appended.find((a) => a.messageId === send.messageId);
    expect(journey.send).toBe(send);
    expect(journey.record).toEqual({
      topic: 'orders',
      partition: record?.partition,
      offset: record?.offset,
    });
    const texts = journey.hops.map((h) => h.text);
    expect(texts[0]).toBe('app sent order.created to orders');
    expect(texts[1]).toMatch(
      new RegExp(`^appended to orders, partition ${record?.partition} at offset ${record?.offset}`),
    );
    // both groups read it; the fast one handled and committed past it (the slow one lags)
    for (const group of ['fast', 'slow']) {
      expect(texts.some((t) => t.startsWith(`${group}: member ${group}-1 read it`))).toBe(true);
    }
    expect(texts.some((t) => /^fast: member fast-1 handled it, \d+ ms after/.test(t))).toBe(true);
    const commit = journey.hops.find((h) => h.text.startsWith('fast: member fast-1 committed'));
    expect(commit).toBeDefined();
    // in trace order, each hop after the send
    expect(journey.hops.map((h) => h.seq)).toEqual(
      [...journey.hops.map((h) => h.seq)].sort((a, b) => a - b),
    );

    // a group's read, or the record, leads to the same journey
    const polled = of(events, 'log.polled').find(
      (p) =>
        p.partition === record?.partition &&
        p.fromOffset <= (record?.offset ?? -1) &&
        (record?.offset ?? -1) < p.fromOffset + p.count,
    );
    if (polled === undefined || record === undefined) throw new Error('read');
    const ref = {
      kind: 'record',
      topic: 'orders',
      partition: record.partition,
      offset: record.offset,
    } as const;
    expect(followMessage(events, ref).hops).toEqual(journey.hops);
    // another record's journey has none of this one's hops but the shared batch reads
    const other = followMessage(events, { kind: 'send', id: sends[6]?.messageId ?? '' });
    expect(other.record).not.toEqual(journey.record);
    expect(other.hops.some((h) => h.seq === journey.hops[1]?.seq)).toBe(false);
    sim.dispose();
  });
});

/** Runs the saga sketch headless: `orders` sent a second apart, then a minute. */
async function sagaRun(scenario: ReturnType<typeof sagaScenario>, orders: number) {
  const { sim, flow } = headlessSimulation(scenario, { traceCapacity: 100_000 });
  await sim.sagaReady();
  for (let i = 0; i < orders; i++) {
    sendOrder(sim);
    await flow(1000);
  }
  await flow(60_000);
  const events = sim.traceEvents();
  sim.dispose();
  return events;
}

describe('followMessage: a producer message to a saga', () => {
  it.each(['orchestration', 'choreography'] as const)(
    '%s: follows the order it started through its steps, undo and end',
    async (mode) => {
      const s = withStep(sagaScenario({ mode }), 'payment', {
        fault: { mode: 'fail' },
        attempts: 1,
      });
      const events = await sagaRun(s, 2);
      const sends = of(events, 'message.sent').filter((e) => e.from === 'producer1');
      const second = sends[1];
      if (second === undefined) throw new Error('sent');
      const journey = followMessage(events, { kind: 'send', id: second.messageId });
      const orderId = (second.data as { orderId: string }).orderId;
      expect(journey.order).toBe(orderId);
      expect(journey.record).toBeUndefined();
      const texts = journey.hops.map((h) => h.text);
      expect(texts[0]).toBe('producer1 sent order.placed to saga1');
      expect(texts).toContain(`saga1 started order ${orderId}`);
      expect(texts).toContain('step 1 reserve succeeded');
      expect(texts.some((t) => t.startsWith('step 2 charge failed'))).toBe(true);
      expect(texts).toContain('step 1 reserve undone');
      expect(texts.some((t) => t.startsWith('saga aborted at charge'))).toBe(true);
      // its messages travel too: commands and replies, or the services' events
      const message = mode === 'orchestration' ? /^command reserve: orchestrator -> / : /^event /;
      expect(texts.some((t) => message.test(t))).toBe(true);
      expect(journey.hops.some((h) => h.tone === 'undo')).toBe(true);
      // nothing of the first order's saga
      const first = followMessage(events, { kind: 'send', id: sends[0]?.messageId ?? '' });
      const mine = new Set(journey.hops.map((h) => h.seq));
      expect(first.hops.filter((h) => mine.has(h.seq))).toEqual([]);
      // a saga edge's dot names the order: the same journey
      expect(followMessage(events, { kind: 'order', instance: orderId }).hops).toEqual(
        journey.hops,
      );
    },
  );

  it('says why a message started no order', async () => {
    const { sim, flow } = headlessSimulation(sagaScenario(), {});
    await sim.sagaReady();
    const id = sim.send('producer1', 'order.placed', 'no order');
    await flow(1000);
    const journey = followMessage(sim.traceEvents(), { kind: 'send', id });
    expect(journey.hops.at(-1)).toMatchObject({ tone: 'failure' });
    expect(journey.hops.at(-1)?.text).toMatch(/^saga1 refused it: the message is no order/);
    sim.dispose();
  });
});

describe('journey refs', () => {
  it('read back what a dot carries, and nothing else', () => {
    const refs = [
      { kind: 'send', id: 'm3' },
      { kind: 'record', topic: 'orders', partition: 2, offset: 14 },
      { kind: 'order', instance: 'o7' },
    ] as const;
    for (const ref of refs) expect(parseJourneyRef(journeyKey(ref))).toEqual(ref);
    expect(
      parseJourneyRef('{"kind":"record","topic":"t","partition":"1","offset":2}'),
    ).toBeUndefined();
    expect(parseJourneyRef('not json')).toBeUndefined();
    expect(parseJourneyRef('{"kind":"queue","id":"q"}')).toBeUndefined();
  });

  it('leads from activity lines of followed topics and sagas only', () => {
    const followed = { topics: new Set(['orders']), saga: 'saga1' };
    const base = { seq: 1, at: 0 };
    expect(
      journeyOfEvent(
        {
          ...base,
          type: 'log.polled',
          log: 'playground',
          group: 'g',
          consumer: 'g-1',
          topic: 'orders',
          partition: 1,
          fromOffset: 4,
          count: 2,
        },
        followed,
      ),
    ).toEqual({ kind: 'record', topic: 'orders', partition: 1, offset: 4 });
    expect(
      journeyOfEvent(
        {
          ...base,
          type: 'message.sent',
          messageId: 'm1',
          from: 'p',
          to: 'exchange1',
          event: 'e',
          data: {},
          arrivesAt: 1,
        },
        followed,
      ),
    ).toBeUndefined();
    expect(journeyOfEvent({ ...base, type: 'saga.completed', saga: 'o4' }, followed)).toEqual({
      kind: 'order',
      instance: 'o4',
    });
    expect(
      journeyOfEvent(
        { ...base, type: 'saga.completed', saga: 'o4' },
        { topics: new Set(), saga: undefined },
      ),
    ).toBeUndefined();
  });
});
