import { isNumber, LOG_DB, LOG_DB_V1_STORES, type SegmentKey } from './idbSchema';

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

const v1Key = (topic: unknown, partition: unknown, baseOffset: unknown) =>
  JSON.stringify([topic, partition, baseOffset]);

/**
 * Version 1 to 2, inside the upgrade's transaction: every segment is put again as its bare
 * payload under a key that carries its header (checksum, count, time, size as they were, not
 * recomputed: a segment damaged before the upgrade still fails its check after it, and
 * recovery reports it the same way). A header without its segment, or a segment without its
 * header, was never readable: it is left out, and the offsets' continuity check on open
 * reports the gap. Offsets, partition starts and topics are kept as they are. The old stores
 * are deleted last; a failure aborts the upgrade, which leaves the database at version 1,
 * untouched, and is told to `failed` (the open then rejects with it). Plain IndexedDB callbacks: a cursor keeps one segment in memory at a time.
 */
export function migrateFromV1(tx: IDBTransaction, failed: (error: unknown) => void): void {
  const { segments, segmentIndex } = LOG_DB_V1_STORES;
  const batches = tx.objectStore(LOG_DB.stores.batches);
  const headers = new Map<string, V1Header>();
  const headersRequest = tx.objectStore(segmentIndex).getAll();
  headersRequest.onsuccess = () => {
    for (const h of headersRequest.result as V1Header[]) {
      headers.set(v1Key(h.topic, h.partition, h.baseOffset), h);
    }
    const cursorRequest = tx.objectStore(segments).openCursor();
    cursorRequest.onsuccess = () => {
      try {
        copy(cursorRequest.result);
      } catch (error) {
        failed(error);
        tx.abort();
      }
    };
  };
  const copy = (cursor: IDBCursorWithValue | null) => {
    if (cursor === null) {
      tx.db.deleteObjectStore(segments);
      tx.db.deleteObjectStore(segmentIndex);
      return;
    }
    const [topic, partition, baseOffset] = cursor.primaryKey as [string, number, number];
    const h = headers.get(v1Key(topic, partition, baseOffset));
    if (h !== undefined) {
      const key: SegmentKey = [
        topic,
        partition,
        baseOffset,
        field(h.count),
        field(h.checksum),
        field(h.maxTimestamp),
        field(h.bytes),
      ];
      batches.put((cursor.value as { payload?: unknown }).payload, key);
    }
    cursor.continue();
  };
  // a put refused later (the disk filled up) fails its request, then the transaction
  tx.addEventListener('error', (event) => failed((event.target as IDBRequest | null)?.error));
}
