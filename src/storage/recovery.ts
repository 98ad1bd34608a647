import type { IDBPDatabase } from 'idb';
import { fnv1a } from '../engine/hash';
import { partitionKey } from './checks';
import { LOG_DB, type LogDb, type SegmentHeader, type SegmentValue } from './idbSchema';
import type { DroppedTail } from './LogStore';
import { type PartitionState, segmentKey } from './segments';

export interface Recovered {
  readonly partitions: Map<string, PartitionState>;
  readonly dropped: DroppedTail[];
}

/** Where a partition's headers stop making sense: the first bad index and why. */
function firstBadHeader(headers: readonly SegmentHeader[], start: number) {
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i] as SegmentHeader;
    const expected = i === 0 ? undefined : (headers[i - 1] as SegmentHeader).lastOffset + 1;
    if (h.count <= 0 || h.lastOffset - h.baseOffset + 1 !== h.count) {
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

function badSegment(h: SegmentHeader, value: SegmentValue | undefined): string | undefined {
  if (value === undefined) return `segment at ${h.baseOffset} is missing`;
  if (typeof value.payload !== 'string') return `segment at ${h.baseOffset} has no payload`;
  if (fnv1a(value.payload) !== h.checksum) return `segment at ${h.baseOffset} fails its checksum`;
  try {
    const records: unknown = JSON.parse(`[${value.payload}]`);
    if (!Array.isArray(records) || records.length !== h.count) {
      return `segment at ${h.baseOffset} holds another number of records than it claims`;
    }
  } catch {
    return `segment at ${h.baseOffset} is not valid JSON`;
  }
  return undefined;
}

/**
 * Reads every header (small) and checks offset continuity; reads the last `verifyTail`
 * segments of each partition in full (checksum, record count), as Kafka checks only what
 * was written since its last recovery point. The valid prefix is kept; what follows the
 * first damaged segment is deleted and reported, so appends go on from the valid end.
 */
export async function recover(db: IDBPDatabase<LogDb>, verifyTail: number): Promise<Recovered> {
  const { segments, segmentIndex, partitions: partitionStore } = LOG_DB.stores;
  const read = db.transaction([segmentIndex, partitionStore], 'readonly');
  const [headers, starts] = await Promise.all([
    read.objectStore(segmentIndex).getAll(),
    read.objectStore(partitionStore).getAll(),
  ]);
  const partitions = new Map<string, PartitionState>();
  for (const s of starts) {
    partitions.set(partitionKey(s.topic, s.partition), { ...s, headers: [], tailPayload: '' });
  }
  // getAll returns key order: by topic, partition, then base offset
  for (const h of headers) {
    const key = partitionKey(h.topic, h.partition);
    let p = partitions.get(key);
    if (p === undefined) {
      p = {
        topic: h.topic,
        partition: h.partition,
        start: h.baseOffset,
        headers: [],
        tailPayload: '',
      };
      partitions.set(key, p);
    }
    p.headers.push(h);
  }

  const dropped: DroppedTail[] = [];
  const toDelete: SegmentHeader[] = [];
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
    toDelete.push(...gone);
  };

  for (const p of partitions.values()) {
    const bad = firstBadHeader(p.headers, p.start);
    if (bad) drop(p, bad.index, bad.reason);
  }
  const tails = [...partitions.values()].map((p) => ({
    p,
    from: Math.max(0, p.headers.length - Math.max(1, verifyTail)),
  }));
  const tx = db.transaction(segments, 'readonly');
  const values = await Promise.all(
    tails.map(({ p, from }) =>
      Promise.all(p.headers.slice(from).map((h) => tx.store.get(segmentKey(h)))),
    ),
  );
  tails.forEach(({ p, from }, t) => {
    const loaded = values[t] as (SegmentValue | undefined)[];
    for (let i = 0; i < loaded.length; i++) {
      const reason = badSegment(p.headers[from + i] as SegmentHeader, loaded[i]);
      if (reason !== undefined) {
        drop(p, from + i, reason);
        break;
      }
    }
    const tailIndex = p.headers.length - 1 - from;
    if (tailIndex >= 0) p.tailPayload = (loaded[tailIndex] as SegmentValue).payload;
  });
  // a cut inside the window can leave a tail before it, not read yet: read it (and check it)
  for (const { p, from } of tails) {
    while (p.headers.length > 0 && p.headers.length <= from && p.tailPayload === '') {
      const h = p.headers.at(-1) as SegmentHeader;
      const value = await db.get(segments, segmentKey(h));
      const reason = badSegment(h, value);
      if (reason === undefined) p.tailPayload = (value as SegmentValue).payload;
      else drop(p, p.headers.length - 1, reason);
    }
  }

  if (toDelete.length > 0) {
    const repair = db.transaction([segments, segmentIndex], 'readwrite', { durability: 'strict' });
    await Promise.all([
      ...toDelete.flatMap((h) => [
        repair.objectStore(segments).delete(segmentKey(h)),
        repair.objectStore(segmentIndex).delete(segmentKey(h)),
      ]),
      repair.done,
    ]);
  }
  return { partitions, dropped };
}
