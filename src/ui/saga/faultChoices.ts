import type { Fault, SagaStep } from '../../engine/saga';
import type { SagaMode, SagaRuntime } from '../../engine/sim';

export type FaultChoice = 'works' | 'always' | 'once' | 'timeout';
export const FAULT_CHOICES: readonly FaultChoice[] = ['works', 'always', 'once', 'timeout'];

/**
 * The engine's fault for a choice. A late reply is later than every try of the step and
 * their backoffs together: a reply that came within them would still count (the action
 * did succeed), so the step would not time out for good.
 */
export function faultOf(choice: FaultChoice, step: SagaStep): Fault | undefined {
  switch (choice) {
    case 'works':
      return undefined;
    case 'always':
      return { mode: 'fail' };
    case 'once':
      return { mode: 'fail-times', times: 1 };
    case 'timeout': {
      const { attempts, maxBackoffMs } = step.retry;
      return { mode: 'timeout', delayMs: (attempts + 1) * (step.timeoutMs + maxBackoffMs) };
    }
  }
}

export function choiceOf(fault: Fault | undefined): FaultChoice {
  switch (fault?.mode) {
    case 'fail':
      return 'always';
    case 'fail-times':
      return 'once';
    case 'timeout':
      return 'timeout';
    default:
      return 'works';
  }
}

// faults are configuration, not saga state: the page keeps them so a reload runs as before
const key = (mode: SagaMode) => `eventlab.saga.faults.${mode}`;

/** Forgets the mode's kept choices (a start over). */
export function clearSavedFaults(mode: SagaMode): void {
  try {
    localStorage.removeItem(key(mode));
  } catch {
    // storage refused: nothing was kept either
  }
}

/** The choices kept for a mode, step by step; anything else stored there is passed over. */
export function savedFaults(mode: SagaMode): Record<string, FaultChoice> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(localStorage.getItem(key(mode)) ?? '{}');
  } catch {
    return {};
  }
  const out: Record<string, FaultChoice> = {};
  if (typeof parsed !== 'object' || parsed === null) return out;
  for (const [step, value] of Object.entries(parsed)) {
    if (FAULT_CHOICES.includes(value as FaultChoice)) out[step] = value as FaultChoice;
  }
  return out;
}

function apply(saga: SagaRuntime, step: string, choice: FaultChoice): void {
  const found = saga.definition.steps.find((s) => s.name === step);
  if (found !== undefined) saga.setStepFault(step, faultOf(choice, found));
}

/** Sets a step's fault on the running saga and keeps the choice for the next load. */
export function setStepFault(
  saga: SagaRuntime,
  mode: SagaMode,
  step: string,
  choice: FaultChoice,
): void {
  apply(saga, step, choice);
  try {
    localStorage.setItem(key(mode), JSON.stringify({ ...savedFaults(mode), [step]: choice }));
  } catch {
    // storage full or refused: the fault still holds until the page goes
  }
}

/** Gives a freshly opened saga the faults the page had. */
export function restoreFaults(saga: SagaRuntime, mode: SagaMode): void {
  const saved = savedFaults(mode);
  for (const { name } of saga.definition.steps) {
    const choice = saved[name];
    if (choice !== undefined) apply(saga, name, choice);
  }
}
