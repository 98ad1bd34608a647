import { describe, expect, it } from 'vitest';
import { eventBusLab } from '../../labs/eventBus';
import { rabbitmqLab } from '../../labs/rabbitmq';
import { Simulation } from '../sim';
import { runWithWorkers } from '../sim/testing';
import type { TraceEvent, TraceEventType, TraceOf } from '../trace';
import { type FaultRun, startFaultScript } from './runner';

function started(sim: Simulation, script: unknown): FaultRun {
  const result = startFaultScript(sim, script);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.run;
}

function ofType<T extends TraceEventType>(events: readonly TraceEvent[], type: T): TraceOf<T>[] {
  return events.filter((e): e is TraceOf<T> => e.type === type);
}

describe('starting a script', () => {
  it('refuses a script with problems, and schedules nothing', () => {
    const sim = new Simulation(rabbitmqLab);
    const result = startFaultScript(sim, [
      { at: 0, action: 'burst', producer: 'producer', count: 1 },
      { at: 0, action: 'partition', consumer: 'c2', until: 100 },
    ]);
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          line: 1,
          field: 'consumer',
          message: 'no consumer "c2" in this scenario (consumers: email_worker, analytics_worker)',
        },
      ],
    });
    expect(sim.clock.pending).toBe(0);
  });

  it('counts `at` from the origin, on the simulation clock: speed applies to it', () => {
    const sim = new Simulation(eventBusLab, { startMs: 1_000_000 });
    const events: TraceEvent[] = [];
    sim.trace.subscribe((e) => events.push(e));
    const run = started(sim, [{ at: 5000, action: 'burst', producer: 'app', count: 2 }]);
    expect(run.origin).toBe(1_000_000);
    expect(run.status()).toEqual([{ state: 'pending', dueAt: 1_005_000 }]);
    sim.clock.speed = 4;
    sim.clock.tick(1249);
    expect(ofType(events, 'fault.applied')).toEqual([]);
    sim.clock.tick(1);
    expect(ofType(events, 'fault.applied').map((e) => e.at)).toEqual([1_005_000]);
    expect(ofType(events, 'message.sent')).toHaveLength(2);
    expect(run.status()).toEqual([{ state: 'done' }]);
  });

  it('plays actions due at the same instant in script order, each its own step', () => {
    const sim = new Simulation(eventBusLab);
    const events: TraceEvent[] = [];
    sim.trace.subscribe((e) => events.push(e));
    started(sim, [
      { at: 100, action: 'fail-listener', listener: 'logger' },
      { at: 100, action: 'fail-listener', listener: 'analytics' },
    ]);
    // what the playback's step does: one engine event at a time
    sim.clock.fireNext({ foreground: true });
    expect(ofType(events, 'fault.applied').map((e) => e.line)).toEqual([0]);
    sim.clock.fireNext({ foreground: true });
    expect(ofType(events, 'fault.applied').map((e) => e.line)).toEqual([0, 1]);
  });
});

/** The RabbitMQ lab with a slow email_worker, one of whose workers holds a message. */
async function slowEmailWorkerHolding() {
  const run = runWithWorkers(rabbitmqLab);
  await run.flow(200);
  run.sim.setHandlerSpec('email_worker', { kind: 'slow', ms: 5000 });
  run.sim.send('producer', 'user.registered', { user_id: 1 });
  await run.flow(3 * run.sim.hopMs + 100);
  const busy = run.sim.getSnapshot().consumers.email_worker?.workers.find((w) => w.held > 0);
  return { ...run, busy };
}

describe('each kind of fault', () => {
  it('kill-worker: at its time the worker dies and its message comes back redelivered', async () => {
    const { sim, events, flow, busy } = await slowEmailWorkerHolding();
    const n = Number(busy?.id.split(':w')[1]);
    const run = started(sim, [
      { at: 500, action: 'kill-worker', consumer: 'email_worker', worker: n },
      { at: 600, action: 'kill-worker', consumer: 'email_worker', worker: n },
    ]);
    await flow(1000);
    expect(ofType(events, 'pool.worker-failed')).toMatchObject([
      { worker: `email_worker:w${n}`, reason: 'killed' },
    ]);
    // the cause, then its effects, at the same instant
    const kill = events.findIndex((e) => e.type === 'fault.applied');
    expect(events[kill + 1]).toMatchObject({ type: 'pool.worker-failed', at: events[kill]?.at });
    const [refused] = ofType(events, 'fault.refused');
    expect(refused).toMatchObject({ line: 1 });
    expect(refused?.reason).toMatch(
      new RegExp(`^consumer "email_worker" has no live worker w${n} \\(live: w\\d, w\\d\\)$`),
    );
    expect(run.status()).toEqual([
      { state: 'done' },
      { state: 'refused', reason: refused?.reason },
    ]);
    await flow(12_000);
    const again = ofType(events, 'broker.delivered').filter((e) => e.queue === 'email_queue');
    expect(again.map((e) => e.redelivered)).toEqual([false, true]);
    expect(sim.getSnapshot().queues.email_queue).toMatchObject({ acked: 1, unacked: 0 });
  });

  it('kill-worker without a number kills the busiest worker', async () => {
    const { sim, events, flow, busy } = await slowEmailWorkerHolding();
    started(sim, [{ at: 0, action: 'kill-worker', consumer: 'email_worker' }]);
    await flow(50);
    expect(ofType(events, 'pool.worker-failed').map((e) => e.worker)).toEqual([busy?.id]);
  });

  it('fail-listener: the listener fails from `at` until `until`, then works again', () => {
    const sim = new Simulation(eventBusLab);
    const events: TraceEvent[] = [];
    sim.trace.subscribe((e) => events.push(e));
    const run = started(sim, [
      { at: 1000, action: 'fail-listener', listener: 'logger', until: 3000 },
    ]);
    const emitAt = (ms: number) => {
      sim.clock.advanceTo(ms);
      sim.send('app', 'user.deleted', {});
    };
    emitAt(0);
    emitAt(1500);
    expect(run.status()).toEqual([{ state: 'active', endsAt: 3000 }]);
    emitAt(3500);
    sim.clock.advance(2000);
    const logger = events.flatMap((e) =>
      (e.type === 'bus.delivered' || e.type === 'bus.listener-failed') && e.listener === 'logger'
        ? [e.type]
        : [],
    );
    expect(logger).toEqual(['bus.delivered', 'bus.listener-failed', 'bus.delivered']);
    expect(ofType(events, 'listener.mode-changed').map((e) => [e.at, e.failing])).toEqual([
      [1000, true],
      [3000, false],
    ]);
    expect(ofType(events, 'fault.ended')).toMatchObject([{ line: 0, reason: 'until', at: 3000 }]);
    expect(run.status()).toEqual([{ state: 'done' }]);
  });

  it('fail-consumer: every message fails while it lasts, and the handler comes back after', async () => {
    const { sim, events, flow } = runWithWorkers(rabbitmqLab);
    started(sim, [{ at: 0, action: 'fail-consumer', consumer: 'analytics_worker', until: 4000 }]);
    await flow(200);
    expect(sim.getSnapshot().consumers.analytics_worker?.handler).toEqual({
      kind: 'flaky',
      failureRate: 1,
    });
    sim.send('producer', 'user.deleted', {});
    await flow(3800);
    expect(sim.getSnapshot().consumers.analytics_worker?.handler).toEqual({ kind: 'analytics' });
    const handled = ofType(events, 'pool.handled').filter((e) => e.pool === 'analytics_worker');
    expect(handled.length).toBeGreaterThan(1);
    expect(handled.every((e) => !e.ok)).toBe(true);
    await flow(3000);
    expect(sim.getSnapshot().queues.analytics_queue).toMatchObject({ acked: 1, unacked: 0 });
  });

  it('set-handler: any handler from a time; one changed since stays', async () => {
    const { sim, flow } = runWithWorkers(rabbitmqLab);
    started(sim, [
      {
        at: 100,
        action: 'set-handler',
        consumer: 'email_worker',
        handler: { kind: 'log' },
        until: 1000,
      },
    ]);
    await flow(200);
    expect(sim.getSnapshot().consumers.email_worker?.handler).toEqual({ kind: 'log' });
    sim.setHandler('email_worker', 'sms');
    await flow(1000);
    expect(sim.getSnapshot().consumers.email_worker?.handler).toEqual({ kind: 'sms' });
  });

  it('partition: cut off until `until`, given up after noticeMs, its messages redelivered', async () => {
    const { sim, events, flow } = runWithWorkers(rabbitmqLab);
    await flow(200);
    sim.setHandlerSpec('analytics_worker', { kind: 'slow', ms: 2000 });
    sim.send('producer', 'user.deleted', {});
    await flow(3 * sim.hopMs + 100);
    const origin = sim.clock.now();
    started(sim, [
      { at: 0, action: 'partition', consumer: 'analytics_worker', until: 6000, noticeMs: 3000 },
    ]);
    await flow(12_000);
    const faults = events.filter((e) => e.type.startsWith('fault.'));
    expect(faults.map((e) => [e.type, e.at - origin])).toEqual([
      ['fault.applied', 0],
      ['fault.partition-started', 0],
      ['fault.partition-noticed', 3000],
      ['fault.partition-healed', 6000],
      ['fault.ended', 6000],
    ]);
    expect(faults[2]).toMatchObject({ released: 1 });
    const deliveries = ofType(events, 'broker.delivered').filter(
      (e) => e.queue === 'analytics_queue',
    );
    expect(deliveries.map((e) => e.redelivered)).toEqual([false, true]);
    expect(sim.getSnapshot().queues.analytics_queue).toMatchObject({
      acked: 1,
      unacked: 0,
      ready: 0,
    });
  });

  it('burst and set-rate: the producer sends from their time', () => {
    const sim = new Simulation(eventBusLab);
    const events: TraceEvent[] = [];
    sim.trace.subscribe((e) => events.push(e));
    started(sim, [
      { at: 1000, action: 'burst', producer: 'app', count: 3 },
      { at: 2000, action: 'set-rate', producer: 'app', rate: 10 },
      { at: 3000, action: 'set-rate', producer: 'app', rate: 0 },
    ]);
    sim.clock.advance(5000);
    const sent = ofType(events, 'message.sent').map((e) => e.at);
    expect(sent.slice(0, 3)).toEqual([1000, 1000, 1000]);
    // every 100 ms from 2000; the stop at 3000 was set before the tick due then, so it wins
    expect(sent.slice(3)).toEqual([2100, 2200, 2300, 2400, 2500, 2600, 2700, 2800, 2900]);
    expect(sim.getSnapshot().producers.app?.rate).toBe(0);
  });

  it('stop: cancels what is still to come and ends what is active', async () => {
    const { sim, events, flow } = runWithWorkers(rabbitmqLab);
    const run = started(sim, [
      { at: 0, action: 'partition', consumer: 'email_worker', until: 10_000 },
      { at: 5000, action: 'burst', producer: 'producer', count: 5 },
    ]);
    await flow(100);
    run.stop();
    expect(sim.getSnapshot().consumers.email_worker?.partitioned).toBe(false);
    expect(ofType(events, 'fault.ended')).toMatchObject([{ line: 0, reason: 'stopped' }]);
    await flow(6000);
    expect(ofType(events, 'message.sent')).toHaveLength(0);
    expect(run.status()).toEqual([{ state: 'done' }, { state: 'cancelled' }]);
  });
});
