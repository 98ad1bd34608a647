import type { SagaMode } from '../../engine/sim';
import { logDbName } from '../../storage/idbSchema';
import { clearSavedFaults } from './faultChoices';

// which run of a mode is the current one: starting over opens a new log under a new name
const key = (mode: SagaMode) => `eventlab.saga.run.${mode}`;

function runOf(mode: SagaMode): number {
  let n = 0;
  try {
    n = Number(localStorage.getItem(key(mode)) ?? '0');
  } catch {
    // storage refused (as the faults' and the pivot's reads allow): the first run's log
  }
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

/** The name of the mode's current log (`saga-<mode>`, then `saga-<mode>-<n>` after a start over). */
export function sagaStoreName(mode: SagaMode): string {
  const n = runOf(mode);
  return n === 0 ? `saga-${mode}` : `saga-${mode}-${n}`;
}

/**
 * Makes the next open of the mode start a new log, with the faults cleared. The old log is
 * deleted once its store has closed (see `forgetIfRetired`).
 */
export function startOver(mode: SagaMode): void {
  try {
    localStorage.setItem(key(mode), String(runOf(mode) + 1));
  } catch {
    // storage refused: the page keeps its run
  }
  clearSavedFaults(mode);
}

/** Deletes a closed log that is no longer the mode's current one. */
export function forgetIfRetired(mode: SagaMode, name: string): void {
  if (sagaStoreName(mode) !== name) indexedDB.deleteDatabase(logDbName(name));
}
