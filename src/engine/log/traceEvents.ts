import type { LogStoreErrorCode } from '../../storage/errors';

/** Where a consumer stands: its log, group and id. */
interface OfConsumer {
  log: string;
  group: string;
  consumer: string;
  topic: string;
  partition: number;
}

/** How a consumer's position was set when it had none or had lost it. */
export type OffsetResetPolicy = 'earliest' | 'latest' | 'error';

/**
 * Trace events of the append log (src/engine/log) and of its stores (src/storage). Part of
 * the engine's one TraceEvent union (src/engine/trace.ts). A record's life reads: produced
 * -> polled (by each group at its own pace) -> committed; retention deletes it at last.
 */
export type LogTraceEvent =
  | {
      type: 'log.topic-created';
      log: string;
      topic: string;
      partitions: number;
      retention: { maxRecords?: number; maxAgeMs?: number };
    }
  | {
      /** records a producer appended; one event a send (a batch, for imports) */
      type: 'log.produced';
      log: string;
      topic: string;
      partition: number;
      baseOffset: number;
      lastOffset: number;
      /** the first record's, for the animation: a batch shows as its first */
      event: string;
      key?: string;
    }
  | (OfConsumer & { type: 'log.polled'; fromOffset: number; count: number })
  | (OfConsumer & { type: 'log.committed'; offset: number })
  | (OfConsumer & {
      type: 'log.seeked';
      offset: number;
      to: 'beginning' | 'end' | 'offset' | 'time';
    })
  | (OfConsumer & {
      /** a position set by policy: no commit yet, or the committed offset is gone */
      type: 'log.offset-reset';
      from: number | undefined;
      offset: number;
      policy: OffsetResetPolicy;
      reason: 'no-commit' | 'out-of-range';
    })
  | {
      type: 'log.rebalanced';
      log: string;
      group: string;
      topic: string;
      generation: number;
      /** member id -> its partitions */
      assignment: Record<string, number[]>;
    }
  | {
      type: 'log.retention-applied';
      log: string;
      topic: string;
      partition: number;
      /** the new first offset */
      start: number;
      deleted: number;
      reason: 'max-records' | 'max-age';
    }
  | {
      /** found damaged on open: the records before `fromOffset` are served */
      type: 'log.tail-dropped';
      store: string;
      topic: string;
      partition: number;
      fromOffset: number;
      toOffset: number;
      reason: string;
    }
  | { type: 'log.write-failed'; store: string; code: LogStoreErrorCode; message: string };

/** The events a consumer records; it adds the fields of OfConsumer but the partition. */
export type ConsumerTraceEvent = Extract<LogTraceEvent, { consumer: string }>;
export type ConsumerTraceBody = ConsumerTraceEvent extends infer E
  ? E extends ConsumerTraceEvent
    ? Omit<E, 'log' | 'group' | 'consumer' | 'topic'>
    : never
  : never;
