import { type IDBPDatabase, unwrap } from 'idb';
import { requestResult } from './idbRequest';
import { LOG_DB, type LogDb, partitionRange, type SegmentHeader } from './idbSchema';
import type { LogRecord } from './LogStore';
import { decodePayload } from './recordCodec';
import { endOf, type PartitionState, segmentIndexOf } from './segments';

/** One stored segment: its key's base offset and its payload. */
interface StoredBatch {
  readonly baseOffset: number;
  readonly payload: string;
}

/** `getAllRecords` (keys and values in one request; Chromium 141+), missing from lib.dom. */
interface WithGetAllRecords {
  getAllRecords(options: {
    query: IDBKeyRange;
    count: number;
  }): IDBRequest<{ key: IDBValidKey; value: unknown }[]>;
}

/**
 * Up to `count` segments in `range`, in key order, with the base offset each key says. One
 * request where the browser has getAllRecords; else getAllKeys and getAll side by side in
 * one transaction (the same snapshot).
 */
async function getBatches(
  db: IDBPDatabase<LogDb>,
  range: IDBKeyRange,
  count: number,
): Promise<StoredBatch[]> {
  const store = unwrap(db)
    .transaction(LOG_DB.stores.batches, 'readonly')
    .objectStore(LOG_DB.stores.batches);
  const base = (key: IDBValidKey) => (key as [string, number, number])[2];
  if ('getAllRecords' in store) {
    const records = await requestResult(
      (store as IDBObjectStore & WithGetAllRecords).getAllRecords({ query: range, count }),
    );
    return records.map((r) => ({ baseOffset: base(r.key), payload: r.value as string }));
  }
  const [keys, values] = await Promise.all([
    requestResult(store.getAllKeys(range, count)),
    requestResult(store.getAll(range, count)),
  ]);
  return keys.map((key, i) => ({ baseOffset: base(key), payload: values[i] as string }));
}

/**
 * Reads from `fromOffset` (at or after the start, before the end). One request fetches the
 * segments the request spans, found by the headers in memory. Empty when retention deleted
 * them meanwhile.
 */
export async function readRecords(
  db: IDBPDatabase<LogDb>,
  p: PartitionState,
  fromOffset: number,
  maxRecords: number,
): Promise<LogRecord[]> {
  const first = segmentIndexOf(p.headers, fromOffset);
  // as many segments as the request spans by the headers we know, and one more when they
  // end before it does (a write since may have grown the tail or added one)
  let count = 0;
  let covered = 0;
  for (let i = first; i < p.headers.length && covered < maxRecords; i++) {
    const h = p.headers[i] as SegmentHeader;
    covered += h.lastOffset - Math.max(fromOffset, h.baseOffset) + 1;
    count++;
  }
  const firstHeader = p.headers[first] as SegmentHeader;
  const range = partitionRange(p.topic, p.partition, firstHeader.baseOffset);
  const batches = await getBatches(db, range, covered < maxRecords ? count + 1 : count);
  const out: LogRecord[] = [];
  let next = fromOffset;
  for (const b of batches) {
    // retention may have deleted segments since we looked: serve only a gapless run
    if (b.baseOffset > next) break;
    const records = decodePayload(b.payload, b.baseOffset);
    // a whole segment wanted (a replay's usual case): no record-by-record check
    if (b.baseOffset === next && out.length + records.length <= maxRecords) {
      for (const r of records) out.push(r);
      next += records.length;
    } else {
      for (const r of records) {
        if (r.offset === next && out.length < maxRecords) {
          out.push(r);
          next++;
        }
      }
    }
    if (out.length >= maxRecords) break;
  }
  return out;
}

/** The first offset at or after `time`, kept (at or after start); the end when none. */
export async function findOffsetForTime(
  db: IDBPDatabase<LogDb>,
  p: PartitionState,
  time: number,
): Promise<number> {
  // a segment's max timestamp says whether it can hold the first record at or after time
  for (const h of p.headers) {
    if (h.maxTimestamp < time || h.lastOffset < p.start) continue;
    // by its base, not its whole key: a write since may have extended it (a new key)
    const [b] = await getBatches(db, partitionRange(p.topic, p.partition, h.baseOffset), 1);
    const hit =
      b === undefined || b.baseOffset !== h.baseOffset
        ? undefined
        : decodePayload(b.payload, b.baseOffset).find(
            (r) => r.timestamp >= time && r.offset >= p.start,
          );
    if (hit) return hit.offset;
  }
  return endOf(p);
}
