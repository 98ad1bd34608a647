/**
 * The append-only log's storage, per (topic, partition), as Kafka keeps it: offsets are
 * assigned by the store, unique and gapless in a partition; an append is all or nothing; a
 * write whose promise resolved is durable (it survives a reload, for persistent stores).
 */

/** What a producer hands the store: the course's log line plus an optional key. */
export interface LogRecordInput {
  /** ms since the Unix epoch (the course's line carries it as an ISO string) */
  readonly timestamp: number;
  readonly key?: string;
  readonly event: string;
  /** JSON data; stored as JSON, so a read returns a copy (undefined becomes null) */
  readonly data: unknown;
}

export interface LogRecord extends LogRecordInput {
  readonly offset: number;
}

export interface AppendResult {
  readonly baseOffset: number;
  readonly lastOffset: number;
}

/** `offset` is the next one to read, as in Kafka: committing 6 means "read up to 5". */
export interface OffsetCommit {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export interface AppendRequest {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly LogRecordInput[];
}

/** The offsets a partition holds: `start` is the first kept, `end` the next to be assigned. */
export interface PartitionRange {
  readonly start: number;
  readonly end: number;
}

export interface PartitionStats extends PartitionRange {
  readonly topic: string;
  readonly partition: number;
  /** stored values holding the records (segments; 1 a record in the memory store) */
  readonly segments: number;
  /** encoded size of the records kept, in bytes of JSON (UTF-16 code units) */
  readonly bytes: number;
}

export interface LogStoreStats {
  readonly partitions: readonly PartitionStats[];
  readonly records: number;
  readonly bytes: number;
  /** transactions (or memory steps) that carried writes, and the writes they carried */
  readonly transactions: number;
  readonly writes: number;
}

/** A topic's settings, kept with the log so a reload finds its topics again. */
export interface TopicConfig {
  readonly name: string;
  readonly partitions: number;
  readonly retention: { readonly maxRecords?: number; readonly maxAgeMs?: number };
}

/** A stretch of the log found damaged on open and dropped; the records before it are served. */
export interface DroppedTail {
  readonly topic: string;
  readonly partition: number;
  readonly fromOffset: number;
  /** the last offset the damaged stretch claimed to hold */
  readonly toOffset: number;
  readonly reason: string;
}

export interface LogStore {
  /** Appends records after the partition's last; all of them or none. */
  append(
    topic: string,
    partition: number,
    records: readonly LogRecordInput[],
  ): Promise<AppendResult>;
  /**
   * Up to `maxRecords` records from `fromOffset` on, in offset order. Past the end: none.
   * Below the start (deleted by retention): an OffsetOutOfRangeError.
   */
  read(
    topic: string,
    partition: number,
    fromOffset: number,
    maxRecords: number,
  ): Promise<LogRecord[]>;
  /** The first offset whose timestamp is at or after `time`; `end` when there is none. */
  offsetForTime(topic: string, partition: number, time: number): Promise<number>;
  range(topic: string, partition: number): Promise<PartitionRange>;
  commit(group: string, topic: string, partition: number, offset: number): Promise<void>;
  committed(group: string, topic: string, partition: number): Promise<number | undefined>;
  /**
   * Offset commits and the output records they cover, in ONE transaction: both are stored
   * or neither (consume-transform-produce, exactly once inside the store).
   */
  commitWith(
    commits: readonly OffsetCommit[],
    outputs: readonly AppendRequest[],
  ): Promise<AppendResult[]>;
  /**
   * Deletes the records before `offset` (retention); returns how many. The offsets go on
   * from where they were: `end` does not move.
   */
  truncateBefore(topic: string, partition: number, offset: number): Promise<number>;
  saveTopic(config: TopicConfig): Promise<void>;
  topics(): Promise<TopicConfig[]>;
  stats(): Promise<LogStoreStats>;
  /** What was dropped as damaged when the store opened (always empty for memory). */
  readonly recovered: readonly DroppedTail[];
  close(): Promise<void>;
}
