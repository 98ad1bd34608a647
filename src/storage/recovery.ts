import { type IDBPDatabase, unwrap } from 'idb';
import { partitionKey } from './checks';
import { transactionDone } from './idbRequest';
import { headerOf, LOG_DB, type LogDb, type SegmentHeader, segmentKey } from './idbSchema';
import type { DroppedTail } from './LogStore';
import { segmentChecksum } from './segmentChecksum';
import type { PartitionState } from './segments';

export interface Recovered {
  readonly partitions: Map<string, PartitionState>;
  readonly dropped: DroppedTail[];
}

/** Stand-ins for stored keys that are not headers (see `recover`). */
const notHeaders = new WeakSet<SegmentHeader>();

/** Where a partition's headers stop making sense: the first bad index and why. */
function firstBadHeader(headers: readonly SegmentHeader[], start: number) {
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i] as SegmentHeader;
    if (notHeaders.has(h)) {
      return { index: i, reason: `segment at ${h.baseOffset} has a key that is not a header` };
    }
    const expected = i === 0 ? undefined : (headers[i - 1] as SegmentHeader).lastOffset + 1;
    if (!Number.isSafeInteger(h.count) || h.count <= 0) {
      return { index: i, reason: `segment at ${h.baseOffset} claims ${h.count} records` };
    }
    if (expected !== undefined && h.baseOffset !== expected) {
      return { index: i, reason: `offsets jump from ${expected - 1} to ${h.baseOffset}` };
    }
    if (i === 0 && (h.baseOffset > start || h.lastOffset < start)) {
      return {
        index: i,
        reason: `the first segment (${h.baseOffset}) does not hold the start ${start}`,
      };
    }
  }
  return undefined;
}

function badSegment(h: SegmentHeader, payload: unknown): string | undefined {
  if (payload === undefined) return `segment at ${h.baseOffset} is missing`;
  if (typeof payload !== 'string') return `segment at ${h.baseOffset} has no payload`;
  if (segmentChecksum(payload) !== h.checksum) {
    return `segment at ${h.baseOffset} fails its checksum`;
  }
  try {
    const records: unknown = JSON.parse(`[${payload}]`);
    if (!Array.isArray(records) || records.length !== h.count) {
      return `segment at ${h.baseOffset} holds another number of records than it claims`;
    }
  } catch {
    return `segment at ${h.baseOffset} is not valid JSON`;
  }
  return undefined;
}

/**
 * Reads every segment's key (its header: getAllKeys, no payload) and checks offset
 * continuity; reads the last `verifyTail` segments of each partition in full (checksum,
 * record count), as Kafka checks only what was written since its last recovery point. The
 * valid prefix is kept; what follows the first damaged segment is deleted and reported, so
 * appends go on from the valid end. A key that is not a header is deleted and reported too.
 */
export async function recover(db: IDBPDatabase<LogDb>, verifyTail: number): Promise<Recovered> {
  const { batches, partitions: partitionStore } = LOG_DB.stores;
  const read = db.transaction([batches, partitionStore], 'readonly');
  const [keys, starts] = await Promise.all([
    read.objectStore(batches).getAllKeys(),
    read.objectStore(partitionStore).getAll(),
  ]);
  const partitions = new Map<string, PartitionState>();
  for (const s of starts) {
    partitions.set(partitionKey(s.topic, s.partition), { ...s, headers: [], tailPayload: '' });
  }
  const dropped: DroppedTail[] = [];
  const toDelete: IDBValidKey[] = [];
  const partitionOf = (topic: string, partition: number, baseOffset: number) => {
    const key = partitionKey(topic, partition);
    let p = partitions.get(key);
    if (p === undefined) {
      p = { topic, partition, start: baseOffset, headers: [], tailPayload: '' };
      partitions.set(key, p);
    }
    return p;
  };
  // getAllKeys returns key order: by topic, partition, then base offset
  for (const key of keys) {
    const h = headerOf(key);
    if (h !== undefined) {
      partitionOf(h.topic, h.partition, h.baseOffset).headers.push(h);
      continue;
    }
    // not a header (a hand or a bug wrote it): deleted, and its partition, when it names
    // one, is cut there and says so
    toDelete.push(key);
    const [topic, partition, baseOffset] = Array.isArray(key) ? key : [];
    if (typeof topic === 'string' && typeof partition === 'number') {
      const base = typeof baseOffset === 'number' ? baseOffset : 0;
      const standIn = notAHeader(topic, partition, base);
      partitionOf(topic, partition, base).headers.push(standIn);
    }
  }

  const drop = (p: PartitionState, index: number, reason: string) => {
    const gone = p.headers.splice(index);
    const fromOffset = p.headers.at(-1)?.lastOffset ?? p.start - 1;
    const toOffset = Math.max(...gone.map((h) => h.lastOffset));
    const entry = {
      topic: p.topic,
      partition: p.partition,
      fromOffset: fromOffset + 1,
      toOffset,
      reason,
    };
    // a second cut in the same partition widens the first: one report a partition
    const earlier = dropped.findIndex((d) => d.topic === p.topic && d.partition === p.partition);
    const prev = dropped[earlier];
    if (prev === undefined) dropped.push(entry);
    else dropped[earlier] = { ...entry, toOffset: Math.max(toOffset, prev.toOffset) };
    for (const h of gone) if (!notHeaders.has(h)) toDelete.push(segmentKey(h));
  };

  for (const p of partitions.values()) {
    const bad = firstBadHeader(p.headers, p.start);
    if (bad) drop(p, bad.index, bad.reason);
  }
  const tails = [...partitions.values()].map((p) => ({
    p,
    from: Math.max(0, p.headers.length - Math.max(1, verifyTail)),
  }));
  const tx = db.transaction(batches, 'readonly');
  const values = await Promise.all(
    tails.map(({ p, from }) =>
      Promise.all(p.headers.slice(from).map((h) => tx.store.get(segmentKey(h)))),
    ),
  );
  tails.forEach(({ p, from }, t) => {
    const loaded = values[t] as (string | undefined)[];
    for (let i = 0; i < loaded.length; i++) {
      const reason = badSegment(p.headers[from + i] as SegmentHeader, loaded[i]);
      if (reason !== undefined) {
        drop(p, from + i, reason);
        break;
      }
    }
    const tailIndex = p.headers.length - 1 - from;
    if (tailIndex >= 0) p.tailPayload = loaded[tailIndex] as string;
  });
  // a cut inside the window can leave a tail before it, not read yet: read it (and check it)
  for (const { p, from } of tails) {
    while (p.headers.length > 0 && p.headers.length <= from && p.tailPayload === '') {
      const h = p.headers.at(-1) as SegmentHeader;
      const payload: unknown = await db.get(batches, segmentKey(h));
      const reason = badSegment(h, payload);
      if (reason === undefined) p.tailPayload = payload as string;
      else drop(p, p.headers.length - 1, reason);
    }
  }

  if (toDelete.length > 0) {
    const repair = unwrap(db).transaction(batches, 'readwrite', { durability: 'strict' });
    const done = transactionDone(repair);
    const store = repair.objectStore(batches);
    for (const key of toDelete) store.delete(key);
    await done;
  }
  return { partitions, dropped };
}

/** A stand-in for a key that is not a header: a segment of no records, which is cut. */
function notAHeader(topic: string, partition: number, baseOffset: number): SegmentHeader {
  const h: SegmentHeader = {
    topic,
    partition,
    baseOffset,
    lastOffset: baseOffset - 1,
    count: 0,
    checksum: -1,
    maxTimestamp: Number.NEGATIVE_INFINITY,
    bytes: 0,
  };
  notHeaders.add(h);
  return h;
}
