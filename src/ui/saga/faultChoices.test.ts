import { describe, expect, it } from 'vitest';
import { backoffMs, defineSaga, orderSagaDefinition } from '../../engine/saga';
import { choiceOf, FAULT_CHOICES, faultOf, UNDO_CHOICES } from './faultChoices';

const definition = defineSaga(orderSagaDefinition({ timeoutMs: 4_000, backoffMs: 500 }));
const charge = definition.steps[1];

describe('a person’s fault choices', () => {
  it('round-trip through the engine’s faults', () => {
    if (charge === undefined) throw new Error('no charge step');
    for (const choice of [...FAULT_CHOICES, ...UNDO_CHOICES]) {
      expect(choiceOf(faultOf(choice, charge))).toBe(choice);
    }
    expect(faultOf('twice', charge)).toEqual({ mode: 'fail-times', times: 2 });
  });

  it('a timeout answers after every try and backoff of the step, so the step times out for good', () => {
    if (charge === undefined) throw new Error('no charge step');
    const fault = faultOf('timeout', charge);
    if (fault?.mode !== 'timeout') throw new Error('not a timeout');
    const { attempts } = charge.retry;
    let window = attempts * charge.timeoutMs;
    for (let n = 1; n < attempts; n++) window += backoffMs(charge.retry, n);
    expect(fault.delayMs).toBeGreaterThan(window);
  });
});
