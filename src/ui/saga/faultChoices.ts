import type { Fault, SagaStep, Work } from '../../engine/saga';
import type { SagaMode, SagaRuntime } from '../../engine/sim';

export type FaultChoice = 'works' | 'always' | 'once' | 'twice' | 'timeout';
/** what a step's action can be made to do */
export const FAULT_CHOICES: readonly FaultChoice[] = ['works', 'always', 'once', 'timeout'];
/** what its undo can: an undo that fails is retried until it is applied (or for ever) */
export const UNDO_CHOICES: readonly FaultChoice[] = ['works', 'once', 'twice', 'always'];
const ALL_CHOICES: readonly FaultChoice[] = ['works', 'always', 'once', 'twice', 'timeout'];

/** The step after which the saga is committed (retried forward), or none. */
export type SagaPivot = 'none' | 'reserve' | 'charge' | 'ship';
export const PIVOTS: readonly SagaPivot[] = ['none', 'reserve', 'charge', 'ship'];

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
    case 'twice':
      return { mode: 'fail-times', times: 2 };
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
      return fault.times >= 2 ? 'twice' : 'once';
    case 'timeout':
      return 'timeout';
    default:
      return 'works';
  }
}

// faults are configuration, not saga state: the page keeps them so a reload runs as before
const key = (mode: SagaMode) => `eventlab.saga.faults.${mode}`;
const pivotKey = (mode: SagaMode) => `eventlab.saga.pivot.${mode}`;
// a step's undo is kept under `<step>:undo`, beside its action's `<step>`
const UNDO = ':undo';

/** Forgets the mode's kept choices and pivot (a start over). */
export function clearSavedFaults(mode: SagaMode): void {
  try {
    localStorage.removeItem(key(mode));
    localStorage.removeItem(pivotKey(mode));
  } catch {
    // storage refused: nothing was kept either
  }
}

/** The mode's pivot as a person last chose it ('none' when never). */
export function savedPivot(mode: SagaMode): SagaPivot {
  let value: string | null = null;
  try {
    value = localStorage.getItem(pivotKey(mode));
  } catch {
    return 'none';
  }
  return PIVOTS.includes(value as SagaPivot) ? (value as SagaPivot) : 'none';
}

export function savePivot(mode: SagaMode, pivot: SagaPivot): void {
  try {
    localStorage.setItem(pivotKey(mode), pivot);
  } catch {
    // storage refused: the pivot holds until the page goes
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
    if (ALL_CHOICES.includes(value as FaultChoice)) out[step] = value as FaultChoice;
  }
  return out;
}

function apply(saga: SagaRuntime, step: string, choice: FaultChoice, work: Work): void {
  const found = saga.definition.steps.find((s) => s.name === step);
  if (found === undefined || (work === 'compensation' && found.compensation === undefined)) return;
  saga.setStepFault(step, faultOf(choice, found), work);
}

/** Sets a step's fault (its action's, or its undo's) on the running saga and keeps it for the next load. */
export function setStepFault(
  saga: SagaRuntime,
  mode: SagaMode,
  step: string,
  choice: FaultChoice,
  work: Work = 'action',
): void {
  apply(saga, step, choice, work);
  const at = work === 'action' ? step : `${step}${UNDO}`;
  try {
    localStorage.setItem(key(mode), JSON.stringify({ ...savedFaults(mode), [at]: choice }));
  } catch {
    // storage full or refused: the fault still holds until the page goes
  }
}

/** Gives a freshly opened saga the faults the page had. */
export function restoreFaults(saga: SagaRuntime, mode: SagaMode): void {
  const saved = savedFaults(mode);
  for (const { name } of saga.definition.steps) {
    const action = saved[name];
    if (action !== undefined) apply(saga, name, action, 'action');
    const undo = saved[`${name}${UNDO}`];
    if (undo !== undefined) apply(saga, name, undo, 'compensation');
  }
}
