import { fnv1a } from '../engine/hash';
import {
  headerOf,
  isNumber,
  LOG_DB,
  LOG_DB_V1_STORES,
  type SegmentKey,
  segmentKey,
} from './idbSchema';
import { segmentChecksum } from './segmentChecksum';

/** A version 1 header (store `segmentIndex`, key [topic, partition, baseOffset] in-line). */
interface V1Header {
  topic: string;
  partition: number;
  baseOffset: number;
  count: unknown;
  checksum: unknown;
  maxTimestamp: unknown;
  bytes: unknown;
}

// a field a damaged header lacks becomes -1: no count, checksum or size a real segment has,
// so recovery cuts the partition there and says so, as it did with the version 1 header
const field = (x: unknown): number => (isNumber(x) ? x : -1);

/**
 * The version 3 checksum of a segment stored with an FNV-1a checksum (versions 1 and 2):
 * its xxHash32 when the payload still matches the FNV-1a it was stored with, else -1, which
 * no xxHash32 equals (it is unsigned). So a segment damaged before the upgrade still fails
 * its check after it, and recovery reports it as the older version would have; the checksum
 * is never computed afresh over damaged data.
 */
function rekeyedChecksum(payload: unknown, fnv: unknown): number {
  if (typeof payload !== 'string' || !isNumber(fnv) || fnv1a(payload) !== fnv) return -1;
  return segmentChecksum(payload);
}

/**
 * Runs `step` on each success of `request` (a cursor's, or a chain of requests'); a throw
 * (a hash that failed, a put refused at once) aborts the upgrade and is told to `failed`.
 * A request refused later (the disk filled up) fails the transaction: told there too.
 */
function guarded(tx: IDBTransaction, failed: (error: unknown) => void) {
  tx.addEventListener('error', (event) => failed((event.target as IDBRequest | null)?.error));
  return <R>(request: IDBRequest<R>, step: (result: R) => void) => {
    request.onsuccess = () => {
      try {
        step(request.result);
      } catch (error) {
        failed(error);
        tx.abort();
      }
    };
  };
}

const v1Key = (topic: unknown, partition: unknown, baseOffset: unknown) =>
  JSON.stringify([topic, partition, baseOffset]);

/**
 * Version 1 to 3, inside the upgrade's transaction: every segment is put again as its bare
 * payload under a key that carries its header (count, time, size as they were, not
 * recomputed; the checksum is `rekeyedChecksum`: a segment damaged before the upgrade still
 * fails its check after it, and recovery reports it the same way). A header without its
 * segment, or a segment without its header, was never readable: it is left out, and the
 * offsets' continuity check on open reports the gap. Offsets, partition starts and topics are
 * kept as they are. The old stores are deleted last; a failure aborts the upgrade, which
 * leaves the database at version 1, untouched, and is told to `failed` (the open then rejects
 * with it). Plain IndexedDB callbacks: a cursor keeps one segment in memory at a time.
 */
export function migrateFromV1(tx: IDBTransaction, failed: (error: unknown) => void): void {
  const { segments, segmentIndex } = LOG_DB_V1_STORES;
  const batches = tx.objectStore(LOG_DB.stores.batches);
  const on = guarded(tx, failed);
  const headers = new Map<string, V1Header>();
  on(tx.objectStore(segmentIndex).getAll(), (all) => {
    for (const h of all as V1Header[]) headers.set(v1Key(h.topic, h.partition, h.baseOffset), h);
    on(tx.objectStore(segments).openCursor(), copy);
  });
  const copy = (cursor: IDBCursorWithValue | null) => {
    if (cursor === null) {
      tx.db.deleteObjectStore(segments);
      tx.db.deleteObjectStore(segmentIndex);
      return;
    }
    const [topic, partition, baseOffset] = cursor.primaryKey as [string, number, number];
    const h = headers.get(v1Key(topic, partition, baseOffset));
    if (h !== undefined) {
      const payload = (cursor.value as { payload?: unknown }).payload;
      const key: SegmentKey = [
        topic,
        partition,
        baseOffset,
        field(h.count),
        rekeyedChecksum(payload, h.checksum),
        field(h.maxTimestamp),
        field(h.bytes),
      ];
      batches.put(payload, key);
    }
    cursor.continue();
  };
}

/**
 * Version 2 to 3, inside the upgrade's transaction: every segment whose key is a header is
 * re-keyed with `rekeyedChecksum` (the key holds the checksum, so: delete the old key, put
 * the payload under the new one); the rest of the key stays. A key that is not a header is
 * left as it is, for recovery to delete and report as before. The keys are listed first
 * (headers only, as opening reads them anyway) and the payloads read one at a time: a
 * cursor would meet again the keys it put ahead of itself. A failure aborts the upgrade,
 * which leaves the database at version 2, untouched, and is told to `failed`.
 */
export function migrateFromV2(tx: IDBTransaction, failed: (error: unknown) => void): void {
  const batches = tx.objectStore(LOG_DB.stores.batches);
  const on = guarded(tx, failed);
  on(batches.getAllKeys(), (keys) => {
    let i = 0;
    const next = () => {
      const key = keys[i++];
      if (key === undefined) return;
      on(batches.get(key), (payload: unknown) => {
        const h = headerOf(key);
        if (h !== undefined) {
          batches.delete(key);
          batches.put(
            payload,
            segmentKey({ ...h, checksum: rekeyedChecksum(payload, h.checksum) }),
          );
        }
        next();
      });
    };
    next();
  });
}
