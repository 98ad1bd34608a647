import { describe, expect, it } from 'vitest';
import { headlessSimulation } from '../sim/headless';
import { sagaScenario, withStep } from '../sim/sagaTesting';
import { MetricsCollector } from './MetricsCollector';
import { compareSagas, type SagaSummary } from './sagaMetrics';

describe('saga metrics', () => {
  it('counts sagas by how they end, over time, with their end-to-end latency and messages', async () => {
    // shipping fails once for each order: retried, so every order completes, one try later
    const s = withStep(sagaScenario(), 'shipping', { fault: { mode: 'fail-times', times: 1 } });
    const { sim, flow } = headlessSimulation(s);
    const metrics = new MetricsCollector(sim, { sampleEveryMs: 1000 });
    await sim.sagaReady();
    sim.setRate('producer1', 1);
    await flow(5_000);
    sim.setRate('producer1', 0);
    await flow(30_000);
    const { saga } = metrics.summary();
    expect(saga).toMatchObject({ started: 5, completed: 5, aborted: 0, compensations: 0 });
    // per order: 3 steps + 1 retry, each a command and a reply
    expect(saga?.messages).toBe(5 * 4 * 2);
    // 12 hops of 700 ms, a failed try's 4 more and a backoff of a hop
    expect(saga?.latency.p50).toBeGreaterThan(12 * 700);
    const series = metrics.series().saga;
    expect(Math.max(...(series?.running ?? []))).toBeGreaterThan(0);
    expect(series?.running.at(-1)).toBe(0);
    expect(series?.completed.at(-1)).toBe(5);
    expect(sim.saga?.problems()).toEqual([]);
    metrics.stop();
    sim.dispose();
  });

  it('keeps no saga figures for a scenario without a saga', () => {
    const s = sagaScenario();
    const { sim } = headlessSimulation({
      ...s,
      nodes: s.nodes.filter((n) => n.kind === 'producer'),
      edges: [],
    });
    const metrics = new MetricsCollector(sim);
    expect(metrics.summary().saga).toBeUndefined();
    expect(metrics.series().saga).toBeUndefined();
    metrics.stop();
    sim.dispose();
  });
});

describe('compareSagas', () => {
  const summary = (s: Partial<SagaSummary>): SagaSummary => ({
    started: 10,
    completed: 0,
    aborted: 0,
    compensations: 0,
    messages: 0,
    latency: { count: 0, p50: undefined, p95: undefined, p99: undefined, max: undefined },
    ...s,
  });
  const better = (a: SagaSummary, b: SagaSummary) =>
    Object.fromEntries(compareSagas(a, b).map((r) => [r.key, r.better]));

  it('judges aborts and undos per saga that ended, so a run that ended fewer is not better for it', () => {
    // A ended all ten, two aborted; B ended only two, one of them aborted
    const a = summary({ completed: 8, aborted: 2, compensations: 4, messages: 60 });
    const b = summary({ completed: 1, aborted: 1, compensations: 2, messages: 20 });
    expect(better(a, b)).toMatchObject({
      completed: 'a',
      aborted: 'a',
      compensations: 'a',
      // fewer messages a saga started
      messages: 'b',
    });
  });

  it('calls a per-saga figure even when one run ended no saga at all', () => {
    const a = summary({ completed: 3, aborted: 1 });
    const b = summary({});
    expect(better(a, b)).toMatchObject({ aborted: 'same', compensations: 'same' });
  });
});
