import { LogStoreError } from './errors';
import type { LogRecord, LogRecordInput } from './LogStore';

/**
 * Records are stored as JSON text: both stores keep the same bytes, so a read returns a
 * copy in either, and the IndexedDB store clones one string per segment instead of a
 * structured clone of hundreds of objects.
 */
export interface StoredLine {
  /** members in this order; `key` only when present */
  timestamp: number;
  event: string;
  data: unknown;
  key?: string;
}

/** Checks a record's members and copies them into the stored shape (its data not yet). */
export function normalizeRecord(record: LogRecordInput): StoredLine {
  const { timestamp, key, event, data } = record;
  if (typeof event !== 'string' || event.length === 0) {
    throw new LogStoreError('invalid-record', 'A record needs a non-empty string "event"');
  }
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    throw new LogStoreError(
      'invalid-record',
      `"timestamp" must be a finite number, got ${timestamp}`,
    );
  }
  if (key !== undefined && typeof key !== 'string') {
    throw new LogStoreError('invalid-record', '"key" must be a string when given');
  }
  // key last and only when present: JSON.stringify drops an undefined member
  return { timestamp, event, data: data ?? null, key } as StoredLine;
}

export function encodeRecord(record: LogRecordInput): string {
  return encodeStored(normalizeRecord(record));
}

/** The JSON line of a normalized record; data that is not JSON refuses it. */
export function encodeStored(stored: StoredLine): string {
  try {
    return JSON.stringify(stored);
  } catch (error) {
    throw new LogStoreError(
      'invalid-record',
      `"data" of ${stored.event} is not JSON: ${String(error)}`,
      { cause: error },
    );
  }
}

function withOffset(stored: StoredLine, offset: number): LogRecord {
  const { timestamp, key, event, data } = stored;
  return key === undefined
    ? { offset, timestamp, event, data }
    : { offset, timestamp, key, event, data };
}

export function decodeRecord(line: string, offset: number): LogRecord {
  return withOffset(JSON.parse(line) as StoredLine, offset);
}

/** A segment's payload is its lines joined by commas: one JSON.parse reads them all. */
export function decodePayload(payload: string, baseOffset: number): LogRecord[] {
  const stored = JSON.parse(`[${payload}]`) as (StoredLine & { offset?: number })[];
  // the objects were made by this parse and no one else holds them: giving each its offset
  // in place saves a copy a record, most of a replay's cost after the parse itself
  for (let i = 0; i < stored.length; i++)
    (stored[i] as { offset?: number }).offset = baseOffset + i;
  return stored as LogRecord[];
}
