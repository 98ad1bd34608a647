import type { LogRecord } from '../../storage/LogStore';
import type { OffsetResetPolicy } from './traceEvents';

export interface RetentionPolicy {
  /** keep at most this many records per partition */
  readonly maxRecords?: number;
  /** delete records older than this (checked by enforceRetention) */
  readonly maxAgeMs?: number;
}

export interface TopicOptions {
  readonly partitions: number;
  readonly retention?: RetentionPolicy;
}

/** What a producer sends: the course's line, plus a key that picks the partition. */
export interface ProducerRecord {
  readonly key?: string;
  readonly event: string;
  readonly data: unknown;
  /** default: the clock's now (an import keeps the line's own) */
  readonly timestamp?: number;
  /** default: by the key's hash, or round-robin without a key */
  readonly partition?: number;
}

export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
}

export interface ConsumedRecord extends LogRecord {
  readonly topic: string;
  readonly partition: number;
}

/**
 * When a handler runs relative to the offset commit (`Consumer.consume`):
 * - 'at-least-once': handle, then commit. Stopped in between, the records are read again:
 *   none is lost, some may be handled twice. Handlers should be idempotent.
 * - 'at-most-once': commit, then handle. Stopped in between, the records are not read
 *   again: none is handled twice, some may be lost.
 */
export type DeliverySemantics = 'at-least-once' | 'at-most-once';

export interface ConsumerOptions {
  readonly id: string;
  /** consumers of one group share the partitions; default: the id (a consumer on its own) */
  readonly group?: string;
  /** where a group with no committed offset starts (default 'earliest') */
  readonly initialOffset?: 'earliest' | 'latest';
  /**
   * What to do when the position (or the committed offset) was deleted by retention:
   * move to the first kept record ('earliest', the default), to the end ('latest'), or
   * throw a LogError 'offset-out-of-range' and leave it to the caller to seek ('error').
   * Kafka has one setting for both cases; here a new group's start is `initialOffset`.
   */
  readonly offsetReset?: OffsetResetPolicy;
  readonly delivery?: DeliverySemantics;
  /** how partitions are shared in the group (default 'range', as Kafka's default) */
  readonly assignor?: 'range' | 'round-robin';
}

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly start: number;
  readonly end: number;
  readonly committed: number | undefined;
  /** the consumer's next offset to read (its committed one when it holds no position) */
  readonly position: number;
  /** records between position and end */
  readonly lag: number;
}
