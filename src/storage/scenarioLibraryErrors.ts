import { errorMessage } from '../engine/errors';
import type { ScenarioFileError } from '../engine/scenario';
import { isQuotaError } from './errors';

/** Why the scenario library refused a call: a value, never thrown. Nothing was changed. */
export type ScenarioLibraryError =
  /** the scenario (or file, or text) itself was refused: see its kind */
  | ScenarioFileError
  | { readonly kind: 'not-found'; readonly id: string; readonly message: string }
  /** an id or name the library does not take */
  | { readonly kind: 'invalid-entry'; readonly field: 'id' | 'name'; readonly message: string }
  /** what is stored under `id` is not a scenario any more (changed by hand, or by a bug) */
  | {
      readonly kind: 'damaged';
      readonly id: string;
      readonly problem?: ScenarioFileError;
      readonly message: string;
    }
  | { readonly kind: 'quota-exceeded'; readonly message: string }
  | { readonly kind: 'storage-failed'; readonly message: string };

export type ScenarioLibraryResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ScenarioLibraryError };

export function refused<T>(error: ScenarioLibraryError): ScenarioLibraryResult<T> {
  return { ok: false, error };
}

/** A failure of IndexedDB itself, as a typed error; `doing` says what was asked. */
export function storageFailure<T>(error: unknown, doing: string): ScenarioLibraryResult<T> {
  if (isQuotaError(error)) {
    return refused({
      kind: 'quota-exceeded',
      message: `Storage is full: ${doing} failed, and the saved scenarios are as they were. Delete some, or export this one as a file.`,
    });
  }
  const reason = errorMessage(error);
  return refused({
    kind: 'storage-failed',
    message: `Storage failed: ${doing} failed (${reason}).`,
  });
}
