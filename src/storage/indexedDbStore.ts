import type { IDBPDatabase } from 'idb';
import type { Trace } from '../engine/trace';
import {
  checkOffset,
  checkPartition,
  type PreparedWrite,
  partitionKey,
  prepareWrite,
} from './checks';
import { LogStoreError, OffsetOutOfRangeError, toStoreError } from './errors';
import { GroupCommit } from './groupCommit';
import {
  ALL_STORES,
  LOG_DB,
  type LogDb,
  logDbName,
  openLogDb,
  type SegmentHeader,
} from './idbSchema';
import type {
  AppendRequest,
  AppendResult,
  DroppedTail,
  LogRecord,
  LogRecordInput,
  LogStore,
  LogStoreStats,
  OffsetCommit,
  PartitionRange,
  TopicConfig,
} from './LogStore';
import { decodePayload } from './recordCodec';
import { recover } from './recovery';
import {
  endOf,
  type PartitionState,
  SegmentDraft,
  type SegmentLimits,
  segmentIndexOf,
  segmentKey,
} from './segments';
import { acquireWriterLock, type LockMode } from './writerLock';

export interface IndexedDbLogStoreOptions {
  /** one database per name (`eventlab-log-v1:<name>`) */
  readonly name: string;
  readonly segment?: Partial<SegmentLimits>;
  /** segments per partition checked in full on open (default 4; all: Infinity) */
  readonly verifyTail?: number;
  /** where a dropped tail and a failed write are told */
  readonly trace?: Trace;
  /** when another store has this log open: wait for it to close (default) or fail */
  readonly lock?: LockMode;
  /** gives up waiting for the lock (a LogStoreError 'locked') */
  readonly signal?: AbortSignal;
}

/** What one call asks of a transaction; encoded and checked before it is queued. */
type WriteOp =
  | ({ kind: 'write' } & PreparedWrite)
  | { kind: 'truncate'; topic: string; partition: number; offset: number }
  | { kind: 'topic'; config: TopicConfig };

type WriteResult = AppendResult[] | number | undefined;

const DEFAULT_LIMITS: SegmentLimits = { records: 512, bytes: 256 * 1024 };

/** Opens (creating when new) the log stored in IndexedDB under `name`, recovering its tail. */
export async function openIndexedDbLogStore(options: IndexedDbLogStoreOptions): Promise<LogStore> {
  const release = await acquireWriterLock(
    logDbName(options.name),
    options.lock ?? 'wait',
    options.signal,
  );
  let store: IndexedDbLogStore;
  try {
    const db = await openLogDb(options.name);
    const { partitions, dropped } = await recover(db, options.verifyTail ?? 4).catch((error) => {
      db.close();
      throw error;
    });
    store = new IndexedDbLogStore(db, partitions, dropped, options, release);
  } catch (error) {
    release();
    throw toStoreError(error);
  }
  const dropped = store.recovered;
  const trace = options.trace;
  if (trace?.active) {
    for (const d of dropped) trace.record({ type: 'log.tail-dropped', store: options.name, ...d });
  }
  return store;
}

/**
 * The log in IndexedDB, in segments of hundreds of records per stored value, written by
 * group commit with strict durability: a promise resolves once its transaction is on disk.
 * Design notes in README.md beside this file. One writer per database: two tabs appending
 * to the same log would assign the same offsets.
 */
class IndexedDbLogStore implements LogStore {
  readonly #writes: GroupCommit<WriteOp, WriteResult>;
  readonly #limits: SegmentLimits;
  #closed = false;
  #writeCount = 0;

  constructor(
    readonly db: IDBPDatabase<LogDb>,
    /** committed state: changed only when a transaction completes */
    readonly partitions: Map<string, PartitionState>,
    readonly recovered: readonly DroppedTail[],
    readonly options: IndexedDbLogStoreOptions,
    readonly release: () => void,
  ) {
    this.#limits = { ...DEFAULT_LIMITS, ...options.segment };
    this.#writes = new GroupCommit((ops) => this.#transact(ops));
  }

  async append(topic: string, partition: number, records: readonly LogRecordInput[]) {
    const [result] = await this.commitWith([], [{ topic, partition, records }]);
    return result as AppendResult;
  }

  async commit(group: string, topic: string, partition: number, offset: number) {
    await this.commitWith([{ group, topic, partition, offset }], []);
  }

  async commitWith(commits: readonly OffsetCommit[], outputs: readonly AppendRequest[]) {
    this.#open();
    const write = prepareWrite(commits, outputs);
    return (await this.#writes.submit({ kind: 'write', ...write })) as AppendResult[];
  }

  async truncateBefore(topic: string, partition: number, offset: number) {
    this.#open();
    checkPartition(topic, partition);
    checkOffset('A truncation offset', offset);
    return (await this.#writes.submit({ kind: 'truncate', topic, partition, offset })) as number;
  }

  async saveTopic(config: TopicConfig) {
    this.#open();
    await this.#writes.submit({ kind: 'topic', config: structuredClone(config) });
  }

  async read(topic: string, partition: number, fromOffset: number, maxRecords: number) {
    this.#open();
    checkPartition(topic, partition);
    checkOffset('fromOffset', fromOffset);
    const p = this.partitions.get(partitionKey(topic, partition));
    if (p === undefined || maxRecords <= 0 || fromOffset >= endOf(p)) return [];
    if (fromOffset < p.start)
      throw new OffsetOutOfRangeError(topic, partition, fromOffset, p.start);
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
    const range = IDBKeyRange.bound(segmentKey(firstHeader), [topic, partition, Infinity]);
    const values = await this.db.getAll(LOG_DB.stores.segments, range, count + 1);
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
    const start = this.partitions.get(partitionKey(topic, partition))?.start ?? 0;
    if (out.length === 0 && fromOffset < start) {
      throw new OffsetOutOfRangeError(topic, partition, fromOffset, start);
    }
    return out;
  }

  async offsetForTime(topic: string, partition: number, time: number) {
    this.#open();
    checkPartition(topic, partition);
    const p = this.partitions.get(partitionKey(topic, partition));
    if (p === undefined) return 0;
    // a segment's max timestamp says whether it can hold the first record at or after time
    for (const h of p.headers) {
      if (h.maxTimestamp < time || h.lastOffset < p.start) continue;
      const value = await this.db.get(LOG_DB.stores.segments, segmentKey(h));
      const hit = value
        ? decodePayload(value.payload, value.baseOffset).find(
            (r) => r.timestamp >= time && r.offset >= p.start,
          )
        : undefined;
      if (hit) return hit.offset;
    }
    return endOf(p);
  }

  async range(topic: string, partition: number): Promise<PartitionRange> {
    this.#open();
    checkPartition(topic, partition);
    const p = this.partitions.get(partitionKey(topic, partition));
    return p === undefined ? { start: 0, end: 0 } : { start: p.start, end: endOf(p) };
  }

  async committed(group: string, topic: string, partition: number) {
    this.#open();
    // waits for queued commits: a commit that resolved is what a read returns
    await this.#writes.settled();
    return (await this.db.get(LOG_DB.stores.offsets, [group, topic, partition]))?.offset;
  }

  async topics() {
    this.#open();
    await this.#writes.settled();
    return this.db.getAll(LOG_DB.stores.topics);
  }

  async stats(): Promise<LogStoreStats> {
    this.#open();
    const partitions = [...this.partitions.values()].map((p) => {
      const bytes = p.headers.reduce((sum, h) => sum + h.bytes, 0);
      return {
        topic: p.topic,
        partition: p.partition,
        start: p.start,
        end: endOf(p),
        segments: p.headers.length,
        bytes,
      };
    });
    return {
      partitions,
      records: partitions.reduce((sum, p) => sum + p.end - p.start, 0),
      bytes: partitions.reduce((sum, p) => sum + p.bytes, 0),
      transactions: this.#writes.batches,
      writes: this.#writeCount,
    };
  }

  async close() {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writes.settled();
    this.db.close();
    this.release();
  }

  #open(): void {
    if (this.#closed)
      throw new LogStoreError('closed', `The log store ${this.options.name} is closed`);
  }

  /** One transaction for a whole batch of writes; the state moves only when it completes. */
  async #transact(ops: readonly WriteOp[]): Promise<WriteResult[]> {
    const draft = new SegmentDraft(this.partitions, this.#limits);
    const results = ops.map((op): WriteResult => {
      if (op.kind === 'truncate') return draft.truncate(op.topic, op.partition, op.offset);
      if (op.kind === 'topic') return undefined;
      return op.outputs.map((o) => draft.append(o.topic, o.partition, o.lines, o.timestamps));
    });
    const { segments, segmentIndex, offsets, partitions, topics } = LOG_DB.stores;
    const tx = this.db.transaction(ALL_STORES, 'readwrite', { durability: 'strict' });
    const requests: Promise<unknown>[] = [tx.done];
    try {
      for (const key of draft.deletes) {
        requests.push(
          tx.objectStore(segments).delete(key),
          tx.objectStore(segmentIndex).delete(key),
        );
      }
      for (const { header, payload } of draft.puts.values()) {
        const { topic, partition, baseOffset } = header;
        requests.push(
          tx.objectStore(segments).put({ topic, partition, baseOffset, payload }),
          tx.objectStore(segmentIndex).put(header),
        );
      }
      for (const p of draft.touched.values()) {
        requests.push(
          tx
            .objectStore(partitions)
            .put({ topic: p.topic, partition: p.partition, start: p.start }),
        );
      }
      for (const op of ops) {
        if (op.kind === 'topic') requests.push(tx.objectStore(topics).put(op.config));
        if (op.kind === 'write') {
          for (const c of op.commits) requests.push(tx.objectStore(offsets).put(c));
        }
      }
      await Promise.all(requests);
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted by the browser
      }
      await Promise.allSettled(requests);
      throw this.#failed(error);
    }
    for (const [key, p] of draft.touched) this.partitions.set(key, p);
    this.#writeCount += ops.length;
    return results;
  }

  #failed(error: unknown): LogStoreError {
    const failure = toStoreError(error);
    const trace = this.options.trace;
    if (trace?.active) {
      trace.record({
        type: 'log.write-failed',
        store: this.options.name,
        code: failure.code,
        message: failure.message,
      });
    }
    return failure;
  }
}
