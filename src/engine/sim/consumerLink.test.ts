import { describe, expect, it } from 'vitest';
import { rabbitmqLab } from '../../labs/rabbitmq';
import type { TraceEvent } from '../trace';
import { runWithWorkers } from './testing';

const HOP = rabbitmqLab.settings.hopMs;

function deliveries(events: readonly TraceEvent[], queue: string) {
  return events.flatMap((e) =>
    e.type === 'broker.delivered' && e.queue === queue
      ? [{ id: e.messageId, again: e.redelivered }]
      : [],
  );
}

/** email_worker slow, so what it takes it holds for a while; two messages in its hands. */
async function busyEmailWorker() {
  const run = runWithWorkers(rabbitmqLab);
  await run.flow(200);
  run.sim.setHandlerSpec('email_worker', { kind: 'slow', ms: 3000 });
  run.sim.send('producer', 'user.registered', { user_id: 1 });
  run.sim.send('producer', 'user.registered', { user_id: 2 });
  await run.flow(3 * HOP + 100);
  expect(run.sim.getSnapshot().queues.email_queue?.unacked).toBe(2);
  return run;
}

describe('acks through the link', () => {
  it('a run of results goes to the broker as one multiple ack, each message acked once', async () => {
    const { sim, events, flow } = runWithWorkers(rabbitmqLab);
    await flow(200);
    // analytics_worker: one worker at prefetch 5
    for (let user = 1; user <= 12; user++) sim.send('producer', 'user.registered', { user });
    await flow(10 * HOP);
    const queue = sim.getSnapshot().queues.analytics_queue;
    expect(queue).toMatchObject({ ready: 0, unacked: 0, acked: 12 });
    const acks = events.filter((e) => e.type === 'broker.acked' && e.queue === 'analytics_queue');
    // one event per message acked; the ones of a run say multiple
    expect(acks).toHaveLength(12);
    expect(acks.filter((e) => e.type === 'broker.acked' && e.multiple).length).toBeGreaterThan(1);
    expect(events.some((e) => e.type === 'broker.unknown-delivery')).toBe(false);
  });

  it('a redelivery does not overtake a delivery still on the wire, so no multiple ack covers it', async () => {
    const { sim, events, flow } = runWithWorkers(rabbitmqLab);
    await flow(200);
    // fails a message the first time only: it is requeued and redelivered at once
    const source =
      "if (message.body.fail && !message.redelivered) throw new Error('once'); return 'ok';";
    sim.setHandlerSpec('analytics_worker', { kind: 'custom', source });
    sim.send('producer', 'user.registered', { fail: true });
    // the second message is delivered (and on its way) before the first is redelivered
    await flow(1.5 * HOP);
    sim.send('producer', 'user.registered', { fail: false });
    await flow(10 * HOP);
    const queue = sim.getSnapshot().queues.analytics_queue;
    expect(queue).toMatchObject({ ready: 0, unacked: 0, acked: 2 });
    const handled = events.flatMap((e) =>
      e.type === 'pool.handled' && e.ok ? [e.deliveryTag] : [],
    );
    // each tag the broker acked (one by one or up to it) had been handled by the worker
    const acked = events.flatMap((e) => (e.type === 'broker.acked' ? [e.deliveryTag] : []));
    expect(acked.sort((a, b) => a - b)).toEqual(handled.sort((a, b) => a - b));
    expect(events.some((e) => e.type === 'broker.unknown-delivery')).toBe(false);
  });

  it('after a partition the broker noticed, a run that mixes taken-back and new deliveries acks only the new', async () => {
    const { sim, events, flow } = runWithWorkers(rabbitmqLab);
    await flow(200);
    sim.setHandlerSpec('analytics_worker', { kind: 'slow', ms: 3000 });
    for (let user = 1; user <= 3; user++) sim.send('producer', 'user.registered', { user });
    await flow(3 * HOP + 100);
    expect(sim.getSnapshot().queues.analytics_queue?.unacked).toBe(3);
    sim.partitionConsumer('analytics_worker', 1000);
    await flow(1100);
    // the worker goes on with its three slow ones; what it takes next it handles at once
    sim.setHandlerSpec('analytics_worker', { kind: 'analytics' });
    sim.healConsumer('analytics_worker');
    for (let user = 4; user <= 5; user++) sim.send('producer', 'user.registered', { user });
    const healed = events.length;
    await flow(20_000);
    expect(sim.getSnapshot().queues.analytics_queue).toMatchObject({
      ready: 0,
      unacked: 0,
      acked: 5,
    });
    const after = events.slice(healed);
    expect(after.some((e) => e.type === 'broker.acked' && e.multiple)).toBe(true);
    // the answers for the three taken back never reached the broker
    expect(events.some((e) => e.type === 'broker.unknown-delivery')).toBe(false);
    const again = deliveries(events, 'analytics_queue').filter((d) => d.again);
    expect(again).toHaveLength(3);
  });
});

describe('partitioning a consumer', () => {
  it('gets it no deliveries; the broker gives it up after noticeMs and its messages come back', async () => {
    const { sim, events, flow } = await busyEmailWorker();
    sim.partitionConsumer('email_worker', 2000);
    expect(sim.getSnapshot().consumers.email_worker?.partitioned).toBe(true);
    sim.send('producer', 'user.registered', { user_id: 3 });
    await flow(1900);
    // its acks (the slow handler is done by now) do not reach the broker; the new one waits
    expect(sim.getSnapshot().queues.email_queue).toMatchObject({ ready: 1, unacked: 2, acked: 0 });

    await flow(200);
    const noticed = events.find((e) => e.type === 'fault.partition-noticed');
    expect(noticed).toMatchObject({ consumer: 'email_worker', released: 2 });
    expect(sim.getSnapshot().queues.email_queue).toMatchObject({ ready: 3, unacked: 0, acked: 0 });

    sim.healConsumer('email_worker');
    expect(events.find((e) => e.type === 'fault.partition-healed')).toMatchObject({
      noticed: true,
    });
    await flow(15_000);
    expect(sim.getSnapshot().queues.email_queue).toMatchObject({ ready: 0, unacked: 0, acked: 3 });
    const [first, second, ...rest] = deliveries(events, 'email_queue');
    expect(rest.map((d) => d.again).sort()).toEqual([false, true, true]);
    expect([first?.again, second?.again]).toEqual([false, false]);
    // the workers went on: partitioned, not killed
    expect(events.some((e) => e.type === 'pool.worker-failed')).toBe(false);
    // answers for what the broker had taken back were dropped, not sent on a dead channel
    expect(events.some((e) => e.type === 'broker.unknown-delivery')).toBe(false);
    expect(sim.getSnapshot().consumers.email_worker).toMatchObject({
      partitioned: false,
      acked: 5,
    });
  });

  it('healed before the broker notices, what waited on the wire crosses late and nothing is redelivered', async () => {
    const { sim, events, flow } = await busyEmailWorker();
    sim.partitionConsumer('email_worker', 10_000);
    sim.send('producer', 'user.registered', { user_id: 3 });
    await flow(5000);
    expect(sim.getSnapshot().queues.email_queue).toMatchObject({ unacked: 2, acked: 0 });
    sim.healConsumer('email_worker');
    expect(events.find((e) => e.type === 'fault.partition-healed')).toMatchObject({
      noticed: false,
    });
    await flow(10_000);
    expect(sim.getSnapshot().queues.email_queue).toMatchObject({ ready: 0, unacked: 0, acked: 3 });
    expect(deliveries(events, 'email_queue').every((d) => !d.again)).toBe(true);
    expect(events.some((e) => e.type === 'fault.partition-noticed')).toBe(false);
  });

  it('a worker killed while cut off: nothing is lost, whether the broker noticed or not', async () => {
    for (const noticeMs of [1000, 60_000]) {
      const { sim, events, flow } = await busyEmailWorker();
      sim.partitionConsumer('email_worker', noticeMs);
      const busy = sim.getSnapshot().consumers.email_worker?.workers.find((w) => w.held > 0);
      expect(sim.killWorker('email_worker', busy?.id ?? '')).toBe(true);
      sim.send('producer', 'user.registered', { user_id: 3 });
      await flow(3000);
      sim.healConsumer('email_worker');
      await flow(20_000);
      expect(sim.getSnapshot().queues.email_queue).toMatchObject({
        ready: 0,
        unacked: 0,
        acked: 3,
      });
      const again = deliveries(events, 'email_queue').filter((d) => d.again);
      // noticed: both held messages came back; not noticed: only the killed worker's
      expect(again).toHaveLength(noticeMs === 1000 ? 2 : 1);
    }
  });

  it('is refused for a node that is not a running consumer', () => {
    const { sim } = runWithWorkers(rabbitmqLab);
    expect(() => sim.partitionConsumer('email_queue')).toThrow('No running consumer "email_queue"');
    expect(() => sim.partitionConsumer('email_worker', -1)).toThrow(RangeError);
  });
});

describe('basic.qos through the link', () => {
  it('waits while the link is cut, and a subscription made again after the notice keeps it', async () => {
    const run = await busyEmailWorker();
    for (let user = 3; user <= 12; user++) run.sim.send('producer', 'user.registered', { user });
    await run.flow(3 * HOP);
    // two workers at prefetch 1: two held, the rest ready
    expect(run.sim.getSnapshot().queues.email_queue).toMatchObject({ unacked: 2, ready: 10 });
    run.sim.partitionConsumer('email_worker', 1000);
    run.sim.setPrefetch('email_worker', 3);
    await run.flow(500);
    // the command waits on the pool's side of the cut wire
    expect(run.events.some((e) => e.type === 'broker.prefetch-set')).toBe(false);
    expect(run.sim.getSnapshot().queues.email_queue?.unacked).toBe(2);
    // the broker gives the consumer up, then the link heals: it subscribes again at 3 a worker
    await run.flow(1000);
    run.sim.healConsumer('email_worker');
    await run.flow(3 * HOP);
    expect(run.sim.getSnapshot().queues.email_queue?.unacked).toBe(6);
    run.sim.dispose();
  });
});
