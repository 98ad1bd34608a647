import type { IDBPDatabase } from 'idb';
import type { PreparedWrite } from './checks';
import { ALL_STORES, LOG_DB, type LogDb } from './idbSchema';
import type { AppendResult, TopicConfig } from './LogStore';
import { type PartitionState, SegmentDraft, type SegmentLimits } from './segments';

/** What one call asks of a transaction; encoded and checked before it is queued. */
export type WriteOp =
  | ({ kind: 'write' } & PreparedWrite)
  | { kind: 'truncate'; topic: string; partition: number; offset: number }
  | { kind: 'topic'; config: TopicConfig };

export type WriteResult = AppendResult[] | number | undefined;

/**
 * One strict transaction for a whole batch of writes, built on copies of the partitions it
 * touches. Returns each op's result and the changed partitions, which the caller adopts as
 * its state: only once the transaction completed. On failure it throws and nothing changed.
 */
export async function writeBatch(
  db: IDBPDatabase<LogDb>,
  committed: ReadonlyMap<string, PartitionState>,
  limits: SegmentLimits,
  ops: readonly WriteOp[],
) {
  const draft = new SegmentDraft(committed, limits);
  const results = ops.map((op): WriteResult => {
    if (op.kind === 'truncate') return draft.truncate(op.topic, op.partition, op.offset);
    if (op.kind === 'topic') return undefined;
    return op.outputs.map((o) => draft.append(o.topic, o.partition, o.lines, o.timestamps));
  });
  const { segments, segmentIndex, offsets, partitions, topics } = LOG_DB.stores;
  const tx = db.transaction(ALL_STORES, 'readwrite', { durability: 'strict' });
  const requests: Promise<unknown>[] = [tx.done];
  try {
    for (const key of draft.deletes) {
      requests.push(tx.objectStore(segments).delete(key), tx.objectStore(segmentIndex).delete(key));
    }
    for (const { header, payload } of draft.puts.values()) {
      const { topic, partition, baseOffset } = header;
      requests.push(
        tx.objectStore(segments).put({ topic, partition, baseOffset, payload }),
        tx.objectStore(segmentIndex).put(header),
      );
    }
    for (const p of draft.touched.values()) {
      const start = { topic: p.topic, partition: p.partition, start: p.start };
      requests.push(tx.objectStore(partitions).put(start));
    }
    for (const op of ops) {
      if (op.kind === 'topic') requests.push(tx.objectStore(topics).put(op.config));
      if (op.kind === 'write') {
        for (const c of op.commits) requests.push(tx.objectStore(offsets).put(c));
      }
    }
    await Promise.all(requests);
  } catch (error) {
    // a put that throws (QuotaExceededError, say) leaves the transaction open: end it
    try {
      tx.abort();
    } catch {
      // already finished or aborted by the browser
    }
    await Promise.allSettled(requests);
    throw error;
  }
  return { results, touched: draft.touched };
}
