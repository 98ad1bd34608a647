import type { Trace } from '../engine/trace';
import type { LogStoreHarness } from './contract';
import { LOG_DB, openLogDb, partitionRange } from './idbSchema';
import { openIndexedDbLogStore } from './indexedDbStore';

let created = 0;

/**
 * A fresh IndexedDB log per harness, with small segments so tests cross their boundaries.
 * Runs on fake-indexeddb in Node and on the real IndexedDB in Chromium.
 */
export function indexedDbHarness(segmentRecords = 8, trace?: Trace): LogStoreHarness {
  const name = `contract-${Date.now()}-${created++}`;
  return {
    segmentRecords,
    open: () =>
      openIndexedDbLogStore({
        name,
        segment: { records: segmentRecords },
        ...(trace ? { trace } : {}),
      }),
    exceedQuota: () => exceedQuota(),
    // as a torn write would leave it: the last segment's payload cut short
    corruptTail: async (topic, partition) => {
      const db = await openLogDb(name);
      const { batches } = LOG_DB.stores;
      const tx = db.transaction(batches, 'readwrite');
      const cursor = await tx.store.openCursor(partitionRange(topic, partition), 'prev');
      if (!cursor) throw new Error(`No segment of ${topic}-${partition} to damage`);
      await cursor.update(cursor.value.slice(0, Math.floor(cursor.value.length / 2)));
      await tx.done;
      db.close();
    },
  };
}

/** A full disk as the browser reports it: every put throws QuotaExceededError until undone. */
export function exceedQuota(): () => void {
  const proto = IDBObjectStore.prototype;
  const put = Object.getOwnPropertyDescriptor(proto, 'put');
  Object.defineProperty(proto, 'put', {
    configurable: true,
    writable: true,
    value() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    },
  });
  return () => {
    if (put) Object.defineProperty(proto, 'put', put);
  };
}
