import type { IDBPDatabase } from 'idb';
import type { Trace } from '../engine/trace';
import { checkOffset, checkPartition, checkWrite, partitionKey, prepareWrite } from './checks';
import { LogStoreError, OffsetOutOfRangeError, toStoreError } from './errors';
import { GroupCommit } from './groupCommit';
import { findOffsetForTime, readRecords } from './idbRead';
import { LOG_DB, type LogDb, logDbName, openLogDb } from './idbSchema';
import { type WriteOp, type WriteResult, writeBatch } from './idbWrite';
import type {
  AppendRequest,
  AppendResult,
  DroppedTail,
  LogRecordInput,
  LogStore,
  LogStoreStats,
  OffsetCommit,
  PartitionRange,
  TopicConfig,
} from './LogStore';
import { encodedLines, lazyLines } from './lineSource';
import { recover } from './recovery';
import { endOf, type PartitionState, type SegmentLimits } from './segments';
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

// 512 records (~50 K code units of these benchmarks' JSON) a segment. Larger values store
// faster in Chromium (2,048: about 1.5x for writes of thousands), but the raw ceilings gain as
// much, and reads fetch more than they keep: a replay's share of a bare read fell from 0.79x
// to 0.46x (bench/RESULTS.md). `extend` equal to `records`: a tail is extended until full.
const DEFAULT_LIMITS: SegmentLimits = { records: 512, bytes: 256 * 1024, extend: 512 };

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
    const limits = { ...DEFAULT_LIMITS, ...options.segment };
    // a tail is never extended past a full segment
    this.#limits = { ...limits, extend: Math.min(limits.extend, limits.records) };
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
    let op: WriteOp;
    if (this.#writes.idle) {
      // nothing in flight: this write is a transaction alone, started in this call, so its
      // records are encoded segment by segment as the transaction is built
      const write = checkWrite(commits, outputs);
      op = {
        kind: 'write',
        commits: write.commits,
        outputs: write.outputs.map((o) => ({ ...o, source: lazyLines(o.records) })),
      };
    } else {
      // queued behind a transaction in flight: encoded now (while that one is written), so a
      // bad record refuses only this call and the caller can no longer change what is queued
      const write = prepareWrite(commits, outputs);
      op = {
        kind: 'write',
        commits: write.commits,
        outputs: write.outputs.map((o) => ({ ...o, source: encodedLines(o.lines, o.timestamps) })),
      };
    }
    return (await this.#writes.submit(op)) as AppendResult[];
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
    const out = await readRecords(this.db, p, fromOffset, maxRecords);
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
    return p === undefined ? 0 : findOffsetForTime(this.db, p, time);
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
    try {
      const { results, touched } = await writeBatch(this.db, this.partitions, this.#limits, ops);
      for (const [key, p] of touched) this.partitions.set(key, p);
      this.#writeCount += ops.length;
      return results;
    } catch (error) {
      throw this.#failed(error);
    }
  }

  #failed(error: unknown): LogStoreError {
    const failure = toStoreError(error);
    const trace = this.options.trace;
    // a record refused while its batch was built is the caller's error, not a failed write
    if (trace?.active && failure.code !== 'invalid-record') {
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
