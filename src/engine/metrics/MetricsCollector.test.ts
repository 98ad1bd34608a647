import { describe, expect, it } from 'vitest';
import { eventBusLab } from '../../labs/eventBus';
import { rabbitmqLab } from '../../labs/rabbitmq';
import type { Scenario } from '../scenario';
import { Simulation } from '../sim';
import { runWithWorkers } from '../sim/testing';
import { MetricsCollector } from './MetricsCollector';
import { compareRuns } from './summary';

const HOP = rabbitmqLab.settings.hopMs;

describe('counters and latency on the event bus', () => {
  it('counts each node, and a delivery lands two hops after its send', () => {
    const sim = new Simulation(eventBusLab);
    const metrics = new MetricsCollector(sim);
    for (let i = 0; i < 10; i++) {
      sim.send('app', 'user.registered', { user_id: i });
      sim.clock.advance(100);
    }
    sim.clock.advance(5000);
    sim.setFailing('logger', true);
    sim.send('app', 'user.deleted', {});
    sim.clock.advance(5000);
    const c = metrics.counters();
    expect(c.app).toMatchObject({ sent: 11 });
    expect(c.bus).toMatchObject({ received: 11, sent: 32 });
    expect(c.email_sender).toMatchObject({ received: 10, failed: 0 });
    expect(c.logger).toMatchObject({ received: 11, failed: 1 });
    const hop = eventBusLab.settings.hopMs;
    const latency = metrics.summary().latency;
    // 31 deliveries landed; the failed one is not a latency
    expect(latency.count).toBe(31);
    for (const p of [latency.p50, latency.p95, latency.p99]) {
      expect(Math.abs((p as number) - 2 * hop) / (2 * hop)).toBeLessThanOrEqual(0.01);
    }
    expect(latency.max).toBe(2 * hop);
    expect(metrics.summary()).toMatchObject({ sent: 11, completed: 31, failures: 1 });
  });

  it('the live window forgets what is older than it; the run summary does not', () => {
    const sim = new Simulation(eventBusLab);
    const metrics = new MetricsCollector(sim, { latencyWindowMs: 2000, latencySlices: 4 });
    sim.send('app', 'order.created', {});
    sim.clock.advance(10_000);
    expect(metrics.latency().count).toBe(0);
    expect(metrics.summary().latency.count).toBe(2);
  });
});

describe('the broker under load and faults', () => {
  it('counts queues, exchanges and consumers; redeliveries, dead letters and lost workers', async () => {
    const { sim, flow } = runWithWorkers(rabbitmqLab);
    const metrics = new MetricsCollector(sim);
    await flow(200);
    sim.setHandlerSpec('email_worker', { kind: 'slow', ms: 2000 });
    for (let i = 0; i < 4; i++) sim.send('producer', 'user.registered', { user_id: i });
    sim.send('producer', 'user.deleted', { user_id: 9 });
    sim.send('producer', 'user.profile.updated', {});
    await flow(3 * HOP + 100);
    const busy = sim.getSnapshot().consumers.email_worker?.workers.find((w) => w.held > 0);
    sim.killWorker('email_worker', busy?.id ?? '');
    await flow(15_000);
    sim.setHandler('email_worker', 'poison');
    sim.send('producer', 'user.registered', { poison: true });
    await flow(15_000);

    const c = metrics.counters();
    expect(c.producer).toMatchObject({ sent: 7 });
    // user.registered goes to both queues (user.* takes it too); user.profile.updated to none
    expect(c.user_events).toMatchObject({ received: 7, sent: 11, dropped: 1 });
    expect(c.email_queue).toMatchObject({ received: 5, acked: 4, redelivered: 3, deadLettered: 1 });
    expect(c.email_queue?.failed).toBe(3);
    expect(c.analytics_queue).toMatchObject({ received: 6, sent: 6, acked: 6 });
    expect(c.dead_letters).toMatchObject({ received: 1 });
    expect(c.email_worker).toMatchObject({ acked: 4, failed: 3, workersLost: 1 });

    const summary = metrics.summary();
    expect(summary).toMatchObject({
      sent: 7,
      completed: 10,
      redeliveries: 3,
      deadLetters: 1,
      failures: 3,
      dropped: 1,
      workersLost: 1,
    });
    // send -> exchange -> queue -> worker is three hops, and the slow handler's 2 s on top
    expect(summary.latency.count).toBe(10);
    // send -> exchange -> queue -> worker is three hops; the email ones had 2 s of handler on top
    expect(summary.latency.p50).toBeGreaterThanOrEqual(3 * HOP * 0.99);
    expect(summary.latency.max).toBeGreaterThan(3 * HOP + 2000);
    expect(summary.throughput).toBeCloseTo((10 * 1000) / summary.durationMs, 6);
  });

  it('samples queue depth and consumer lag on the clock, the last samplesKept of them', async () => {
    const { sim, flow } = runWithWorkers(rabbitmqLab);
    const metrics = new MetricsCollector(sim, { sampleEveryMs: 500, samplesKept: 20 });
    await flow(200);
    sim.setHandlerSpec('email_worker', { kind: 'slow', ms: 400 });
    sim.burst('producer', 60);
    await flow(3000);
    const early = metrics.series();
    expect(early.at).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000]);
    const depth = early.queues.email_queue?.ready ?? [];
    // 20 of the burst are user.registered; they land a hop after they were routed
    expect(Math.max(...depth)).toBeGreaterThan(10);
    expect(early.consumers.email_worker?.lag).toEqual(depth);
    expect(Math.max(...(early.consumers.email_worker?.held ?? []))).toBeGreaterThan(0);
    // 40 of the burst match user.* (registered and deleted); its worker took 5 (its prefetch)
    // as the first arrived, so 35 waited at most: exact, from the trace, not the samples
    expect(metrics.summary()).toMatchObject({ maxDepth: 35, maxDepthQueue: 'analytics_queue' });

    await flow(20_000);
    const late = metrics.series();
    expect(late.at).toHaveLength(20);
    // 23.2 s in: the last sample was at 23 s, the 47th
    expect(late.at.at(-1)).toBe(23_000);
    expect(late.queues.email_queue?.ready.at(-1)).toBe(0);
    expect(metrics.version).toBe(47);
    metrics.stop();
    await flow(1000);
    expect(metrics.series().at).toEqual(late.at);
  });

  it('compares two runs of one scenario with one setting changed: 1 worker against 3', async () => {
    const runOnce = async (workers: number) => {
      const { sim, flow } = runWithWorkers(rabbitmqLab);
      sim.scaleConsumer('email_worker', workers);
      sim.setHandlerSpec('email_worker', { kind: 'slow', ms: 300 });
      const metrics = new MetricsCollector(sim);
      sim.setRate('producer', 6);
      await flow(10_000);
      sim.setRate('producer', 0);
      await flow(30_000);
      sim.dispose();
      return metrics.summary();
    };
    const one = await runOnce(1);
    const three = await runOnce(3);
    expect(one.completed).toBe(three.completed);
    const rows = compareRuns(one, three);
    const better = Object.fromEntries(rows.map((r) => [r.key, r.better]));
    expect(better).toMatchObject({ p99: 'b', maxDepth: 'b', redeliveries: 'same' });
    expect(rows.find((r) => r.key === 'p99')?.a).toBe(one.latency.p99);
  });
});

describe('what watching costs', () => {
  it('nothing: the run’s trace is the same with a collector and without', async () => {
    const traceOf = async (watched: boolean) => {
      const { sim, events, flow } = runWithWorkers(rabbitmqLab);
      const metrics = watched ? new MetricsCollector(sim, { sampleEveryMs: 50 }) : undefined;
      sim.setRate('producer', 30);
      await flow(5000);
      metrics?.stop();
      sim.dispose();
      return events;
    };
    const plain = await traceOf(false);
    expect(plain.length).toBeGreaterThan(500);
    expect(await traceOf(true)).toEqual(plain);
  });

  it('bounded memory over a long run: 30,000 messages that are never acked', () => {
    // no workers and no length limit: every message stays in its queue, unacked forever
    const unbounded: Scenario = {
      ...rabbitmqLab,
      nodes: rabbitmqLab.nodes.map((n) => {
        if (n.kind !== 'queue') return n;
        const { maxLength: _, overflow: __, ...rest } = n;
        return rest;
      }),
    };
    const sim = new Simulation(unbounded, { traceCapacity: 1 });
    const metrics = new MetricsCollector(sim, { maxTracked: 5000 });
    const before = metrics.memory();
    sim.setRate('producer', 1000);
    let most = 0;
    for (let s = 0; s < 30; s++) {
      sim.clock.advance(1000);
      most = Math.max(most, metrics.memory().tracked);
    }
    const after = metrics.memory();
    expect(metrics.counters().producer?.sent).toBeGreaterThanOrEqual(29_000);
    expect(sim.getSnapshot().queues.analytics_queue?.ready).toBeGreaterThan(15_000);
    expect(after.bytes).toBe(before.bytes);
    // at most maxTracked messages followed (the oldest forgotten first), plus sends in flight
    expect(most).toBeGreaterThan(4000);
    expect(most).toBeLessThanOrEqual(5000 + 1000);
    expect(metrics.series().at).toHaveLength(121);
  });
});
