import { partitionKey } from './checks';
import { type SegmentHeader, type SegmentKey, segmentKey } from './idbSchema';
import type { AppendResult } from './LogStore';
import type { LineSource } from './lineSource';
import { segmentChecksum } from './segmentChecksum';

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
  /** a segment closes at this many records (Kafka's batches hold hundreds or thousands) */
  readonly records: number;
  /** or at this many UTF-16 code units of JSON, so one value stays a cheap clone */
  readonly bytes: number;
  /**
   * a stored tail takes more records (and is stored again whole) only while it holds fewer
   * than this many: small appends rewrite at most this much, while a large write fills new
   * segments up to `records` (the browser pays per value stored, so fewer and larger is faster)
   */
  readonly extend: number;
}

export function endOf(p: PartitionState): number {
  const last = p.headers.at(-1);
  return last === undefined ? p.start : last.lastOffset + 1;
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

/** Where a draft's segments go as soon as they are final: the transaction's requests. */
export interface SegmentSink {
  /**
   * `replaces`: the segment as it was stored before this draft extended it. The key is the
   * header, so the stored value goes under a new key and the old one must go.
   */
  put(header: SegmentHeader, payload: string, replaces: SegmentHeader | undefined): void;
  delete(key: SegmentKey): void;
}

/**
 * One transaction's changes, built on copies of the partitions it touches: when the
 * transaction fails the copies are dropped and the store's state is as it was. A segment
 * goes to the sink once it is full or left behind (the browser stores it while the next one
 * is encoded); the tails still open go at `finish()`.
 */
export class SegmentDraft {
  readonly #drafts = new Map<string, PartitionState>();
  /** each partition's tail changed in this draft and not yet put */
  readonly #open = new Map<string, SegmentHeader>();
  /** each partition's stored tail as it was, while this draft extends it and has not put it */
  readonly #replaced = new Map<string, SegmentHeader>();
  /** partitions whose start a truncation may have moved: their start is stored */
  readonly truncated = new Set<string>();

  constructor(
    readonly committed: ReadonlyMap<string, PartitionState>,
    readonly limits: SegmentLimits,
    readonly sink: SegmentSink,
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

  append(topic: string, partition: number, source: LineSource) {
    const p = this.partition(topic, partition);
    const key = partitionKey(topic, partition);
    const baseOffset = endOf(p);
    const { records: maxRecords, bytes: maxBytes } = this.limits;
    let i = 0;
    while (i < source.length) {
      const tail = this.#writableTail(p);
      // as many records as the segment takes: a run is encoded and joined at once
      const comma = tail.count > 0;
      const run = source.take(i, maxRecords - tail.count, maxBytes - tail.bytes, comma);
      i += run.count;
      p.tailPayload = comma ? `${p.tailPayload},${run.text}` : run.text;
      tail.lastOffset += run.count;
      tail.count += run.count;
      tail.bytes += run.text.length + (comma ? 1 : 0);
      tail.maxTimestamp = Math.max(tail.maxTimestamp, run.maxTimestamp);
      if (this.#full(tail)) this.#flush(key, p);
      else this.#open.set(key, tail);
    }
    return { baseOffset, lastOffset: baseOffset + source.length - 1 } satisfies AppendResult;
  }

  /** Puts the tails still open; call once, after the last append. */
  finish(): void {
    for (const key of this.#open.keys()) this.#flush(key, this.#drafts.get(key) as PartitionState);
  }

  /**
   * Puts partition `key`'s tail segment as it now is, with the checksum of its whole payload:
   * hashed here, once a stored value, not run by run as it grows. A tail extended by a small
   * append is stored again whole anyway, and one hash of the whole payload in WebAssembly is
   * cheaper than carrying a JS hash on. The header is this draft's own (a new segment or
   * `#writableTail`'s copy), never the committed state's, so it is set in place.
   */
  #flush(key: string, p: PartitionState): void {
    this.#open.delete(key);
    const replaces = this.#replaced.get(key);
    this.#replaced.delete(key);
    const tail = p.headers.at(-1) as SegmentHeader;
    tail.checksum = segmentChecksum(p.tailPayload);
    this.sink.put(tail, p.tailPayload, replaces);
  }

  #full(h: SegmentHeader): boolean {
    return h.count >= this.limits.records || h.bytes >= this.limits.bytes;
  }

  /** Whether to leave the stored tail `last` as it is and start a new segment. */
  #seals(p: PartitionState, last: SegmentHeader): boolean {
    const key = partitionKey(p.topic, p.partition);
    // a tail begun or extended in this draft is stored once anyway: extend it
    if (this.committed.get(key)?.headers.at(-1) !== last) return false;
    if (last.count >= this.limits.extend) return true;
    const incoming = this.incoming.get(key);
    return (
      incoming !== undefined &&
      (incoming.records * 2 >= this.limits.extend || incoming.bytes * 2 >= this.limits.bytes)
    );
  }

  /** The tail segment to extend, as a copy, or a new one when it is full. */
  #writableTail(p: PartitionState): SegmentHeader {
    const last = p.headers.at(-1);
    const key = partitionKey(p.topic, p.partition);
    if (last !== undefined && !this.#full(last) && !this.#seals(p, last)) {
      if (this.#open.has(key)) return last;
      // headers are shared with the committed state: replace, never mutate
      if (this.committed.get(key)?.headers.at(-1) === last) this.#replaced.set(key, last);
      const copy = { ...last };
      p.headers[p.headers.length - 1] = copy;
      return copy;
    }
    // a tail left open in this draft is final now: it goes before the new one is begun
    if (this.#open.has(key)) this.#flush(key, p);
    const offset = endOf(p);
    const created: SegmentHeader = {
      topic: p.topic,
      partition: p.partition,
      baseOffset: offset,
      lastOffset: offset - 1,
      count: 0,
      // set when the segment is put (#flush)
      checksum: -1,
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
      // an open tail deleted before it was put needs no put; what is stored of it is the
      // tail as it was before this draft extended it (if it was stored at all)
      const key = partitionKey(topic, partition);
      let stored = h;
      if (this.#open.get(key) === h) {
        this.#open.delete(key);
        stored = this.#replaced.get(key) ?? h;
        this.#replaced.delete(key);
      }
      this.sink.delete(segmentKey(stored));
    }
    if (p.headers.length === 0) p.tailPayload = '';
    p.start = newStart;
    return deleted;
  }
}
