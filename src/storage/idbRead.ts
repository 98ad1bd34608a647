import type { IDBPDatabase } from 'idb';
import { LOG_DB, type LogDb, type SegmentHeader } from './idbSchema';
import type { LogRecord } from './LogStore';
import { decodePayload } from './recordCodec';
import { endOf, type PartitionState, segmentIndexOf, segmentKey } from './segments';

/**
 * Reads from `fromOffset` (at or after the start, before the end). One getAll fetches the
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
  // as many segments as the request spans by the headers we know (+1 for a grown tail)
  let count = 0;
  let covered = 0;
  for (let i = first; i < p.headers.length && covered < maxRecords; i++) {
    const h = p.headers[i] as SegmentHeader;
    covered += h.lastOffset - Math.max(fromOffset, h.baseOffset) + 1;
    count++;
  }
  const firstHeader = p.headers[first] as SegmentHeader;
  const range = IDBKeyRange.bound(segmentKey(firstHeader), [p.topic, p.partition, Infinity]);
  const values = await db.getAll(LOG_DB.stores.segments, range, count + 1);
  const out: LogRecord[] = [];
  let next = fromOffset;
  for (const v of values) {
    // retention may have deleted segments since we looked: serve only a gapless run
    if (v.baseOffset > next) break;
    for (const r of decodePayload(v.payload, v.baseOffset)) {
      if (r.offset === next && out.length < maxRecords) {
        out.push(r);
        next++;
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
    const value = await db.get(LOG_DB.stores.segments, segmentKey(h));
    const hit = value
      ? decodePayload(value.payload, value.baseOffset).find(
          (r) => r.timestamp >= time && r.offset >= p.start,
        )
      : undefined;
    if (hit) return hit.offset;
  }
  return endOf(p);
}
