import { fnv1a } from '../hash';

/**
 * A way to make a step fail, for the lab: set on a service's command (`payment`, `charge`).
 * Injected failures are errors of the moment ("the service threw"), not answers: they are
 * never stored as the command's outcome, so a retry runs it afresh and clearing the fault
 * lets the next try succeed.
 */
export type Fault =
  /** every try fails */
  | { readonly mode: 'fail'; readonly reason?: string }
  /** the first `times` tries of each instance fail, then it works (`times: 1` is "once") */
  | { readonly mode: 'fail-times'; readonly times: number; readonly reason?: string }
  /** the command runs, but its reply comes `delayMs` late: past a timeout, it is in doubt */
  | { readonly mode: 'timeout'; readonly delayMs: number }
  /**
   * each try fails with probability `failRate`, or answers `delayMs` late with probability
   * `timeoutRate`: drawn from (seed, instance, try), so a run, a replay and a restart agree
   */
  | {
      readonly mode: 'flaky';
      readonly seed: number;
      readonly failRate: number;
      readonly timeoutRate?: number;
      readonly delayMs?: number;
    };

export type FaultDecision =
  | { readonly fail: false; readonly delayMs: number }
  | { readonly fail: true; readonly reason: string };

/** Where a try stands: its idempotency key and work, its number, and its failures so far. */
export interface TryInfo {
  readonly id: string;
  readonly attempt: number;
  readonly failedBefore: number;
}

/** What a fault does to one try. */
export function applyFault(fault: Fault | undefined, t: TryInfo): FaultDecision {
  const failedBefore = t.failedBefore;
  if (fault === undefined) return { fail: false, delayMs: 0 };
  switch (fault.mode) {
    case 'fail':
      return { fail: true, reason: fault.reason ?? 'injected failure' };
    case 'fail-times':
      return failedBefore < fault.times
        ? {
            fail: true,
            reason: fault.reason ?? `injected failure ${failedBefore + 1} of ${fault.times}`,
          }
        : { fail: false, delayMs: 0 };
    case 'timeout':
      return { fail: false, delayMs: fault.delayMs };
    case 'flaky': {
      const draw = fnv1a(`${fault.seed}:${t.id}:${t.attempt}`) / 2 ** 32;
      if (draw < fault.failRate) return { fail: true, reason: 'flaky: failed this time' };
      const late = draw < fault.failRate + (fault.timeoutRate ?? 0);
      return { fail: false, delayMs: late ? (fault.delayMs ?? 10_000) : 0 };
    }
  }
}
