import { describe, expect, it } from 'vitest';
import type { SagaFact } from '../../engine/saga';
import { factView } from './factView';

const s = (key: string) => key;
const step = { saga: 'o1', step: 'ship', index: 2, attempt: 3 };

describe('a saga log fact as a timeline chip', () => {
  it('marks the failure for good as where the saga turned back, and a retried one not', () => {
    const final: SagaFact = {
      type: 'saga.step-failed',
      ...step,
      reason: 'injected failure',
      compensate: [1, 0],
    };
    const again: SagaFact = {
      type: 'saga.step-failed',
      ...step,
      reason: 'injected failure',
      retryAt: 5_000,
    };
    expect(factView(final, s)).toEqual({
      text: 'ship ✗ injected failure',
      tone: 'failed',
      failedHere: true,
    });
    expect(factView(again, s)).toMatchObject({ tone: 'retry', failedHere: false });
  });

  it('draws undos in their own tone', () => {
    const undone: SagaFact = { type: 'saga.compensated', ...step, step: 'charge', remaining: [0] };
    expect(factView(undone, s)).toMatchObject({ text: '↩ charge factUndone', tone: 'undo' });
  });
});
