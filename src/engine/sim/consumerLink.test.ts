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
