import { partitionKey } from './checks';
import type { SegmentHeader, SegmentKey } from './idbSchema';
import type { AppendResult } from './LogStore';
import { FNV_OFFSET_BASIS, fnv1a } from './recordCodec';

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

  constructor(
    readonly committed: ReadonlyMap<string, PartitionState>,
    readonly limits: SegmentLimits,
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
    let tail: SegmentHeader | undefined;
    lines.forEach((line, i) => {
      if (tail === undefined || this.#full(tail)) {
        // a segment filled by this append is finished: store its final payload
        if (tail !== undefined) this.#put(tail, p.tailPayload);
        tail = this.#writableTail(p);
      }
      const piece = tail.count === 0 ? line : `,${line}`;
      p.tailPayload += piece;
      tail.checksum = fnv1a(piece, tail.checksum);
      tail.count++;
      tail.lastOffset++;
      tail.bytes += piece.length;
      tail.maxTimestamp = Math.max(tail.maxTimestamp, timestamps[i] as number);
    });
    if (tail !== undefined) this.#put(tail, p.tailPayload);
    return { baseOffset, lastOffset: baseOffset + lines.length - 1 } satisfies AppendResult;
  }

  #put(header: SegmentHeader, payload: string): void {
    this.puts.set(JSON.stringify(segmentKey(header)), { header, payload });
  }

  #full(h: SegmentHeader): boolean {
    return h.count >= this.limits.records || h.bytes >= this.limits.bytes;
  }

  /** The tail segment to extend, as a copy, or a new one when it is full. */
  #writableTail(p: PartitionState): SegmentHeader {
    const last = p.headers.at(-1);
    if (last !== undefined && !this.#full(last)) {
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
