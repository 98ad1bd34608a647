import { LogStoreError } from './errors';
import type { AppendRequest, LogRecordInput, OffsetCommit } from './LogStore';
import { encodeRecord } from './recordCodec';

/** One map key for a (topic, partition) pair; NUL cannot appear in a topic name. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export function checkPartition(topic: string, partition: number): void {
  if (typeof topic !== 'string' || topic.length === 0 || topic.includes('\u0000')) {
    throw new LogStoreError('invalid-record', `Invalid topic name ${JSON.stringify(topic)}`);
  }
  if (!Number.isSafeInteger(partition) || partition < 0) {
    throw new LogStoreError('invalid-record', `Invalid partition ${partition} of ${topic}`);
  }
}

export function checkOffset(what: string, offset: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new LogStoreError(
      'invalid-record',
      `${what} must be a non-negative integer, got ${offset}`,
    );
  }
}

export function checkCommit(group: string, offset: number): void {
  if (typeof group !== 'string' || group.length === 0) {
    throw new LogStoreError('invalid-record', 'A commit needs a non-empty group name');
  }
  checkOffset('A committed offset', offset);
}

/** A write checked and encoded: what both stores keep, prepared before anything changes. */
export interface PreparedWrite {
  readonly commits: readonly OffsetCommit[];
  readonly outputs: readonly {
    readonly topic: string;
    readonly partition: number;
    readonly lines: readonly string[];
    readonly timestamps: readonly number[];
  }[];
}

/** A write checked but not encoded: its records are encoded as the transaction takes them. */
export interface CheckedWrite {
  readonly commits: readonly OffsetCommit[];
  readonly outputs: readonly {
    readonly topic: string;
    readonly partition: number;
    readonly records: readonly LogRecordInput[];
  }[];
}

/** Checks commits and partitions (not the records: see lazyLines); copies the commits. */
export function checkWrite(
  commits: readonly OffsetCommit[],
  outputs: readonly AppendRequest[],
): CheckedWrite {
  return {
    commits: commits.map(({ group, topic, partition, offset }) => {
      checkPartition(topic, partition);
      checkCommit(group, offset);
      return { group, topic, partition, offset };
    }),
    outputs: outputs.map(({ topic, partition, records }) => {
      checkPartition(topic, partition);
      if (records.length === 0) {
        throw new LogStoreError('invalid-record', 'An append needs at least one record');
      }
      return { topic, partition, records };
    }),
  };
}

/**
 * Checks and encodes commits and output records at the call, so a bad record refuses only
 * its own call (all or nothing) and a queued write cannot be changed by its caller.
 */
export function prepareWrite(
  commits: readonly OffsetCommit[],
  outputs: readonly AppendRequest[],
): PreparedWrite {
  const checked = checkWrite(commits, outputs);
  return {
    commits: checked.commits,
    outputs: checked.outputs.map(({ topic, partition, records }) => ({
      topic,
      partition,
      lines: records.map(encodeRecord),
      timestamps: records.map((r) => r.timestamp),
    })),
  };
}
