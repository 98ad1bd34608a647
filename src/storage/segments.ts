import { FNV_OFFSET_BASIS, fnv1a } from '../engine/hash';
import { partitionKey } from './checks';
import type { SegmentHeader, SegmentKey } from './idbSchema';
import type { AppendResult } from './LogStore';

/** What the IndexedDB store keeps in memory of one partition: its segment headers. */
export interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  /** first offset kept (retention moves it) */
  start: number;
  /** in offset order, gapless */
  headers: SegmentHeader[];
  /** the last segment's payload, so an append extends it without reading it back */
  tailPayload: string;
}

export interface SegmentLimits {
  /** a segment closes at this many records (Kafka's batches hold hundreds) */
  readonly records: number;
  /** or at this many UTF-16 code units of JSON, so one value stays a cheap clone */
  readonly bytes: number;
}

export function endOf(p: PartitionState): number {
  const last = p.headers.at(-1);
  return last === undefined ? p.start : last.lastOffset + 1;
}

export function segmentKey(h: SegmentHeader): SegmentKey {
  return [h.topic, h.partition, h.baseOffset];
}

/** Index of the segment holding `offset`, or -1 (binary search on the gapless headers). */
export function segmentIndexOf(headers: readonly SegmentHeader[], offset: number): number {
  let lo = 0;
  let hi = headers.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const h = headers[mid] as SegmentHeader;
    if (offset < h.baseOffset) hi = mid - 1;
    else if (offset > h.lastOffset) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * One transaction's changes, built on copies of the partitions it touches: when the
 * transaction fails the copies are dropped and the store's state is as it was.
 */
export class SegmentDraft {
  /** segments to put, by key string, with their payloads */
  readonly puts = new Map<string, { header: SegmentHeader; payload: string }>();
  readonly deletes: SegmentKey[] = [];
  readonly #drafts = new Map<string, PartitionState>();
  /** partitions whose start a truncation may have moved: their start is stored */
  readonly truncated = new Set<string>();

  constructor(
    readonly committed: ReadonlyMap<string, PartitionState>,
    readonly limits: SegmentLimits,
    /**
     * records and JSON code units this draft will append, by partition key: when they come
     * to half a segment or more, a stored tail that is not full is left as it is (sealed)
     * and they start a new segment, rather than store the tail again with them
     */
    readonly incoming: ReadonlyMap<string, { records: number; bytes: number }> = new Map(),
  ) {}

  /** the partitions this draft changed */
  get touched(): ReadonlyMap<string, PartitionState> {
    return this.#drafts;
  }

  partition(topic: string, partition: number): PartitionState {
    const key = partitionKey(topic, partition);
    let draft = this.#drafts.get(key);
    if (draft === undefined) {
      const base = this.committed.get(key);
      draft = base
        ? { ...base, headers: [...base.headers] }
        : { topic, partition, start: 0, headers: [], tailPayload: '' };
      this.#drafts.set(key, draft);
    }
    return draft;
  }

  append(
    topic: string,
    partition: number,
    lines: readonly string[],
    timestamps: readonly number[],
  ) {
    const p = this.partition(topic, partition);
    const baseOffset = endOf(p);
    const { records: maxRecords, bytes: maxBytes } = this.limits;
    let i = 0;
    while (i < lines.length) {
      const tail = this.#writableTail(p);
      // as many lines as the segment takes: a run is joined and hashed once, not line by line
      let count = tail.count;
      let bytes = tail.bytes;
      let maxTimestamp = tail.maxTimestamp;
      const from = i;
      while (i < lines.length && count < maxRecords && bytes < maxBytes) {
        bytes += (lines[i] as string).length + (count === 0 ? 0 : 1);
        maxTimestamp = Math.max(maxTimestamp, timestamps[i] as number);
        count++;
        i++;
      }
      const run = lines.slice(from, i).join(',');
      const piece = tail.count === 0 ? run : `,${run}`;
      p.tailPayload += piece;
      tail.checksum = fnv1a(piece, tail.checksum);
      tail.lastOffset += count - tail.count;
      tail.count = count;
      tail.bytes = bytes;
      tail.maxTimestamp = maxTimestamp;
      this.#put(tail, p.tailPayload);
    }
    return { baseOffset, lastOffset: baseOffset + lines.length - 1 } satisfies AppendResult;
  }

  #put(header: SegmentHeader, payload: string): void {
    this.puts.set(JSON.stringify(segmentKey(header)), { header, payload });
  }

  #full(h: SegmentHeader): boolean {
    return h.count >= this.limits.records || h.bytes >= this.limits.bytes;
  }

  /** Whether to leave the stored tail `last` as it is and start a new segment. */
  #seals(p: PartitionState, last: SegmentHeader): boolean {
    const key = partitionKey(p.topic, p.partition);
    // a tail begun or extended in this draft is stored once anyway: extend it
    if (this.committed.get(key)?.headers.at(-1) !== last) return false;
    const incoming = this.incoming.get(key);
    return (
      incoming !== undefined &&
      (incoming.records * 2 >= this.limits.records || incoming.bytes * 2 >= this.limits.bytes)
    );
  }

  /** The tail segment to extend, as a copy, or a new one when it is full. */
  #writableTail(p: PartitionState): SegmentHeader {
    const last = p.headers.at(-1);
    if (last !== undefined && !this.#full(last) && !this.#seals(p, last)) {
      // headers are shared with the committed state: replace, never mutate
      const copy = { ...last };
      p.headers[p.headers.length - 1] = copy;
      return copy;
    }
    const offset = endOf(p);
    const created: SegmentHeader = {
      topic: p.topic,
      partition: p.partition,
      baseOffset: offset,
      lastOffset: offset - 1,
      count: 0,
      checksum: FNV_OFFSET_BASIS,
      maxTimestamp: Number.NEGATIVE_INFINITY,
      bytes: 0,
    };
    p.headers.push(created);
    p.tailPayload = '';
    return created;
  }

  /** Deletes whole segments below `offset`; a segment that straddles it stays, masked by start. */
  truncate(topic: string, partition: number, offset: number): number {
    const p = this.partition(topic, partition);
    this.truncated.add(partitionKey(topic, partition));
    const newStart = Math.min(Math.max(offset, p.start), endOf(p));
    const deleted = newStart - p.start;
    while (p.headers.length > 0 && (p.headers[0] as SegmentHeader).lastOffset < newStart) {
      const h = p.headers.shift() as SegmentHeader;
      this.puts.delete(JSON.stringify(segmentKey(h)));
      this.deletes.push(segmentKey(h));
    }
    if (p.headers.length === 0) p.tailPayload = '';
    p.start = newStart;
    return deleted;
  }
}
