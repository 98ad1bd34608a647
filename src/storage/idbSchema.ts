import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { TopicConfig } from './LogStore';

/**
 * DO NOT CHANGE these names or the version without a migration in `upgrade` below: a new
 * database or store name opens an empty log and silently leaves every stored one behind.
 */
export const LOG_DB = {
  /** the database is `${prefix}:${name}`, one per log (a lab, a test) */
  prefix: 'eventlab-log-v1',
  version: 1,
  stores: {
    /** the records, a segment (hundreds of records) per value: key [topic, partition, base] */
    segments: 'segments',
    /** each segment's header, same key: small, so opening reads them all cheaply */
    segmentIndex: 'segmentIndex',
    /** committed offsets: key [group, topic, partition] */
    offsets: 'offsets',
    /** each partition's log start after retention: key [topic, partition] */
    partitions: 'partitions',
    /** topic settings: key name */
    topics: 'topics',
  },
} as const;

export type SegmentKey = [topic: string, partition: number, baseOffset: number];

export interface SegmentValue {
  topic: string;
  partition: number;
  baseOffset: number;
  /** the records as JSON objects joined by commas (see recordCodec) */
  payload: string;
}

export interface SegmentHeader {
  topic: string;
  partition: number;
  baseOffset: number;
  lastOffset: number;
  count: number;
  /** FNV-1a of the payload: a segment that does not match it is damaged */
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
  segments: { key: SegmentKey; value: SegmentValue };
  segmentIndex: { key: SegmentKey; value: SegmentHeader };
  offsets: { key: [string, string, number]; value: StoredOffset };
  partitions: { key: [string, number]; value: StoredPartition };
  topics: { key: string; value: TopicConfig };
}

export function logDbName(name: string): string {
  return `${LOG_DB.prefix}:${name}`;
}

export function openLogDb(name: string): Promise<IDBPDatabase<LogDb>> {
  return openDB<LogDb>(logDbName(name), LOG_DB.version, {
    upgrade(db) {
      const s = LOG_DB.stores;
      db.createObjectStore(s.segments, { keyPath: ['topic', 'partition', 'baseOffset'] });
      db.createObjectStore(s.segmentIndex, { keyPath: ['topic', 'partition', 'baseOffset'] });
      db.createObjectStore(s.offsets, { keyPath: ['group', 'topic', 'partition'] });
      db.createObjectStore(s.partitions, { keyPath: ['topic', 'partition'] });
      db.createObjectStore(s.topics, { keyPath: 'name' });
    },
    blocking(_current, _next, event) {
      // another tab upgrades the schema: let it, rather than block it forever
      (event.target as IDBDatabase).close();
    },
  });
}
