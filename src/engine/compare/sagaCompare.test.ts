import { describe, expect, it } from 'vitest';
import { compareSagas } from '../metrics';
import { sagaScenario, withStep } from '../sim/sagaTesting';
import { compareVariants } from './compareVariants';

describe('orchestration against choreography', () => {
  it('runs both on the same seed and sets their saga figures side by side', async () => {
    const s = withStep(sagaScenario({ mode: 'orchestration' }), 'payment', {
      fault: { mode: 'flaky', failRate: 0.4 },
      attempts: 1,
    });
    const options = { durationMs: 30_000, rates: { producer1: 1 } };
    const result = await compareVariants(
      s,
      { node: 'saga1', patch: { mode: 'choreography' } },
      options,
    );
    if (!result.ok) throw new Error(result.reason);
    const { a, b } = result;
    if (!a.saga || !b.saga) throw new Error('both runs have a saga');
    for (const saga of [a.saga, b.saga]) {
      expect(saga.started).toBeGreaterThanOrEqual(25);
      expect(saga.completed).toBeGreaterThan(0);
      expect(saga.aborted).toBeGreaterThan(0);
      // a charge that failed for good undoes the reservation before it
      expect(saga.compensations).toBe(saga.aborted);
      expect(saga.latency.p50).toBeGreaterThan(0);
    }
    // the same orders reach both (sagas still running at the end are neither)
    expect(b.saga.started).toBe(a.saga.started);
    // a command and a reply per try in orchestration, one event per outcome in choreography
    expect(b.saga.messages).toBeLessThan(a.saga.messages);
    const rows = compareSagas(a.saga, b.saga);
    expect(rows.find((r) => r.key === 'messages')?.better).toBe('b');
    expect(rows.map((r) => r.key)).toEqual([
      'completed',
      'aborted',
      'compensations',
      'p50',
      'p95',
      'p99',
      'messages',
    ]);
    // and again: the same figures
    const again = await compareVariants(
      s,
      { node: 'saga1', patch: { mode: 'choreography' } },
      options,
    );
    expect(again).toEqual(result);
  });

  it('refuses a mode that does not exist, naming the field', async () => {
    const result = await compareVariants(
      sagaScenario(),
      { node: 'saga1', patch: { mode: 'telepathy' } },
      { durationMs: 1000 },
    );
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^mode: /) });
  });
});
