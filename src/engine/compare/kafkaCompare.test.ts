import { describe, expect, it } from 'vitest';
import { kafkaScenario } from '../sim/topicTesting';
import { compareVariants } from './compareVariants';
import { runHeadless } from './headlessRun';

describe('comparing a consumer group setting', () => {
  it('1 member against 3 on a slow group: three read more and lag less', async () => {
    const scenario = kafkaScenario({ slow: { rate: 2 } });
    const result = await compareVariants(
      scenario,
      { node: 'slow', patch: { members: 3 } },
      { durationMs: 10_000, rates: { app: 6 } },
    );
    if (!result.ok) throw new Error(result.reason);
    // the same seed and rates: the same records appended in both runs
    expect(result.b.sent).toBe(result.a.sent);
    // the slow group's three members read more than its one did at 2 a second
    expect(result.b.completed - result.a.completed).toBeGreaterThan(10);
    expect(result.a.maxLagGroup).toBe('slow');
    // not to 0: six users keyed onto three partitions load them unevenly, and a member reads
    // only its own partition (a hot partition)
    expect(result.b.maxLag).toBeLessThan(result.a.maxLag);
    expect(result.rows.find((r) => r.key === 'maxLag')?.better).toBe('b');
  });

  it('a summary counts the groups: records read are done, and the run is the same twice', async () => {
    const options = {
      durationMs: 6_000,
      rates: { app: 5 },
      faults: [{ at: 2000, action: 'kill-member', group: 'fast' }],
    };
    const first = await runHeadless(kafkaScenario({ fast: { members: 2 } }), options);
    const second = await runHeadless(kafkaScenario({ fast: { members: 2 } }), options);
    expect(second).toEqual(first);
    expect(first.sent).toBeGreaterThan(20);
    // fast reads about all, slow about 2 a second
    expect(first.completed).toBeGreaterThan(first.sent);
    expect(first.maxLag).toBeGreaterThan(0);
    // end to end: from the producer's send to a group's handling, one sample a record read
    expect(first.latency.count).toBe(first.completed);
    expect(first.latency.p50).toBeGreaterThanOrEqual(200);
  });

  it('refuses a variant the schema refuses, naming the field', async () => {
    const result = await compareVariants(
      kafkaScenario(),
      { node: 'orders', patch: { partitions: 40 } },
      { durationMs: 1_000 },
    );
    expect(result).toMatchObject({ ok: false, reason: 'partitions: must be at most 12' });
  });
});
