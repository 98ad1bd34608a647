import { errorMessage } from '../engine/errors';
/** Why a LogStore refused a call. Nothing it was asked to write was written. */
export type LogStoreErrorCode =
  /** the browser's storage quota is used up; the stored log is as it was */
  | 'quota-exceeded'
  /** a record that cannot be stored (an empty event, data that is not JSON) */
  | 'invalid-record'
  /** a read below the log's start (deleted by retention) */
  | 'offset-out-of-range'
  /** the store was closed */
  | 'closed'
  /** another store has this log open (another tab); see writerLock.ts */
  | 'locked'
  /** the backend failed for another reason (its message says which) */
  | 'storage-failed';

export class LogStoreError extends Error {
  override readonly name = 'LogStoreError';

  constructor(
    readonly code: LogStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A read asked for offsets that retention has deleted; `start` is the first one left. */
export class OffsetOutOfRangeError extends LogStoreError {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
    readonly start: number,
  ) {
    super(
      'offset-out-of-range',
      `Offset ${offset} of ${topic}-${partition} was deleted by retention; the log starts at ${start}`,
    );
  }
}

/** The browser refuses to store more (QuotaExceededError); DOMException or a wrapped one. */
export function isQuotaError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    (error.name === 'QuotaExceededError' ||
      // Firefox names it so in older versions
      error.name === 'NS_ERROR_DOM_QUOTA_REACHED')
  );
}

/** Maps a backend failure to a LogStoreError, keeping the original as `cause`. */
export function toStoreError(error: unknown): LogStoreError {
  if (error instanceof LogStoreError) return error;
  if (isQuotaError(error)) {
    return new LogStoreError(
      'quota-exceeded',
      'Storage is full (quota exceeded): the write was rejected and the stored log is unchanged',
      { cause: error },
    );
  }
  const message = errorMessage(error);
  return new LogStoreError('storage-failed', `Storage failed: ${message}`, { cause: error });
}
