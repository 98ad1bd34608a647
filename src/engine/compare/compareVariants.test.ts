import { describe, expect, it } from 'vitest';
import { queueLab } from '../../labs/queue';
import { rabbitmqLab } from '../../labs/rabbitmq';
import { compareVariants } from './compareVariants';
import { runHeadless } from './headlessRun';

describe('headless runs and comparisons', () => {
  it('gives the same summary twice for the same scenario, rates and script', async () => {
    const options = {
      durationMs: 8_000,
      rates: { producer: 20 },
      faults: [{ at: 3000, action: 'kill-worker', consumer: 'email_worker', worker: 1 }],
    };
    const first = await runHeadless(rabbitmqLab, options);
    const second = await runHeadless(rabbitmqLab, options);
    expect(second).toEqual(first);
    expect(first.sent).toBeGreaterThan(100);
    expect(first.completed).toBeGreaterThan(50);
    expect(first.workersLost).toBeGreaterThanOrEqual(1);
  });

  it('sets 1 worker against 3 on a slow handler: more workers, more done and a shallower queue', async () => {
    const slow = {
      ...queueLab,
      nodes: queueLab.nodes.map((n) =>
        n.kind === 'consumer'
          ? { ...n, workers: 1, handler: { kind: 'slow' as const, ms: 200 } }
          : n,
      ),
    };
    const consumer = slow.nodes.find((n) => n.kind === 'consumer');
    const producer = slow.nodes.find((n) => n.kind === 'producer');
    if (!consumer || !producer) throw new Error('the queue lab has a producer and a consumer');
    const result = await compareVariants(
      slow,
      { node: consumer.id, patch: { workers: 3 } },
      { durationMs: 10_000, rates: { [producer.id]: 10 } },
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.b.completed).toBeGreaterThan(result.a.completed);
    expect(result.b.maxDepth).toBeLessThan(result.a.maxDepth);
    expect(result.rows.find((r) => r.key === 'throughput')?.better).toBe('b');
  });

  it('says why a change is refused, and runs nothing', async () => {
    const result = await compareVariants(
      rabbitmqLab,
      { node: 'email_worker', patch: { workers: 99 } },
      { durationMs: 1_000 },
    );
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^workers: /) });
  });
});
