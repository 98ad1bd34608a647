import type { Trace } from '../engine/trace';
import type { LogStoreHarness } from './contract';
import { LOG_DB, openLogDb } from './idbSchema';
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
      const { segments } = LOG_DB.stores;
      const range = IDBKeyRange.bound([topic, partition, 0], [topic, partition, Infinity]);
      const cursor = await db.transaction(segments).store.openCursor(range, 'prev');
      const value = cursor?.value;
      if (!value) throw new Error(`No segment of ${topic}-${partition} to damage`);
      value.payload = value.payload.slice(0, Math.floor(value.payload.length / 2));
      await db.put(segments, value);
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
