import { type DBSchema, type IDBPDatabase, openDB, unwrap } from 'idb';
import { migrateFromV1, migrateFromV2 } from './idbMigration';
import type { TopicConfig } from './LogStore';
import { loadSegmentChecksum } from './segmentChecksum';

/**
 * DO NOT CHANGE these names, the version or the checksum (segmentChecksum.ts) without a
 * migration in `upgrade` below: a new database or store name opens an empty log and silently
 * leaves every stored one behind; a new checksum makes every stored segment fail its check.
 * Version 1 kept a segment as `{ topic, partition, baseOffset, payload }` (key in-line) and
 * its header in a second store; version 2 keeps the header in the key; version 3 keeps the
 * same layout with xxHash32 of the payload's UTF-8 as the checksum, not FNV-1a of its UTF-16
 * code units (idbMigration.ts).
 */
export const LOG_DB = {
  /** the database is `${prefix}:${name}`, one per log (a lab, a test) */
  prefix: 'eventlab-log-v1',
  version: 3,
  stores: {
    /**
     * the records, a segment (hundreds of records) per value: the value is the payload string
     * alone, the key (out-of-line) is the segment's header (`SegmentKey`), so opening reads
     * every header with one getAllKeys and an append puts one value a segment
     */
    batches: 'batches',
    /** committed offsets: key [group, topic, partition] */
    offsets: 'offsets',
    /** each partition's log start after retention: key [topic, partition] */
    partitions: 'partitions',
    /** topic settings: key name */
    topics: 'topics',
  },
} as const;

/** Version 1's stores, read (and deleted) only by the migration to version 2. */
export const LOG_DB_V1_STORES = { segments: 'segments', segmentIndex: 'segmentIndex' } as const;

/**
 * A segment's key: its header. Sorted by topic, partition and base offset first, so a range
 * `[topic, partition, base]` .. `[topic, partition, Infinity]` reads segments in offset order.
 */
export type SegmentKey = [
  topic: string,
  partition: number,
  baseOffset: number,
  count: number,
  /**
   * xxHash32 (seed 0) of the payload's UTF-8 (`segmentChecksum`): a segment that does not
   * match it is damaged; -1 (no xxHash32) marks one found damaged by a migration
   */
  checksum: number,
  maxTimestamp: number,
  /** the payload's length in UTF-16 code units */
  bytes: number,
];

/** A segment's header as the store keeps it in memory (from its key). */
export interface SegmentHeader {
  topic: string;
  partition: number;
  baseOffset: number;
  lastOffset: number;
  count: number;
  checksum: number;
  maxTimestamp: number;
  bytes: number;
}

export interface StoredOffset {
  group: string;
  topic: string;
  partition: number;
  offset: number;
}

export interface StoredPartition {
  topic: string;
  partition: number;
  start: number;
}

export interface LogDb extends DBSchema {
  /** the records as JSON objects joined by commas (see recordCodec) */
  batches: { key: SegmentKey; value: string };
  offsets: { key: [string, string, number]; value: StoredOffset };
  partitions: { key: [string, number]; value: StoredPartition };
  topics: { key: string; value: TopicConfig };
}

export function segmentKey(h: SegmentHeader): SegmentKey {
  return [h.topic, h.partition, h.baseOffset, h.count, h.checksum, h.maxTimestamp, h.bytes];
}

/** A number that is not NaN (what a header's fields must be). */
export const isNumber = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);

/**
 * The header a stored key says, or undefined when the key is not one (a hand or a bug
 * wrote it): recovery treats that segment as damaged.
 */
export function headerOf(key: IDBValidKey): SegmentHeader | undefined {
  if (!Array.isArray(key) || key.length !== 7) return undefined;
  const [topic, partition, baseOffset, count, checksum, maxTimestamp, bytes] = key as unknown[];
  if (typeof topic !== 'string' || !isNumber(partition) || !isNumber(baseOffset)) return undefined;
  if (!isNumber(count) || !isNumber(checksum) || !isNumber(maxTimestamp) || !isNumber(bytes)) {
    return undefined;
  }
  return {
    topic,
    partition,
    baseOffset,
    lastOffset: baseOffset + count - 1,
    count,
    checksum,
    maxTimestamp,
    bytes,
  };
}

/** The keys of a partition's segments from `baseOffset` on (a lower bound needs no header). */
export function partitionRange(topic: string, partition: number, baseOffset = 0): IDBKeyRange {
  return IDBKeyRange.bound([topic, partition, baseOffset], [topic, partition, Infinity]);
}

export function logDbName(name: string): string {
  return `${LOG_DB.prefix}:${name}`;
}

export async function openLogDb(name: string): Promise<IDBPDatabase<LogDb>> {
  // a migration hashes inside the upgrade's transaction, which cannot wait for a promise
  await loadSegmentChecksum();
  // why a migration failed: the aborted upgrade reports only an AbortError
  let migrationError: unknown;
  const failed = (error: unknown) => {
    migrationError ??= error;
  };
  const opening = openDB<LogDb>(logDbName(name), LOG_DB.version, {
    upgrade(db, oldVersion, _newVersion, transaction) {
      // an aborted upgrade rejects the open, which the caller hears; not this one too
      transaction.done.catch(() => undefined);
      const s = LOG_DB.stores;
      if (oldVersion < 1) {
        db.createObjectStore(s.offsets, { keyPath: ['group', 'topic', 'partition'] });
        db.createObjectStore(s.partitions, { keyPath: ['topic', 'partition'] });
        db.createObjectStore(s.topics, { keyPath: 'name' });
      }
      // version 1 goes straight to 3: its migration writes version 3 keys
      if (oldVersion < 2) {
        db.createObjectStore(s.batches);
        if (oldVersion === 1) migrateFromV1(unwrap(transaction), failed);
      } else if (oldVersion === 2) {
        migrateFromV2(unwrap(transaction), failed);
      }
    },
    blocking(_current, _next, event) {
      // another tab upgrades the schema: let it, rather than block it forever
      (event.target as IDBDatabase).close();
    },
  });
  try {
    return await opening;
  } catch (error) {
    throw migrationError ?? error;
  }
}
