import { type IDBPDatabase, unwrap } from 'idb';
import type { PreparedWrite } from './checks';
import { partitionKey } from './checks';
import { LOG_DB, type LogDb } from './idbSchema';
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
  const incoming = new Map<string, { records: number; bytes: number }>();
  for (const op of ops) {
    if (op.kind !== 'write') continue;
    for (const o of op.outputs) {
      const key = partitionKey(o.topic, o.partition);
      const sum = incoming.get(key) ?? { records: 0, bytes: 0 };
      sum.records += o.lines.length;
      for (const line of o.lines) sum.bytes += line.length + 1;
      incoming.set(key, sum);
    }
  }
  const draft = new SegmentDraft(committed, limits, incoming);
  const results = ops.map((op): WriteResult => {
    if (op.kind === 'truncate') return draft.truncate(op.topic, op.partition, op.offset);
    if (op.kind === 'topic') return undefined;
    return op.outputs.map((o) => draft.append(o.topic, o.partition, o.lines, o.timestamps));
  });
  const { segments, segmentIndex, offsets, partitions, topics } = LOG_DB.stores;
  // only the stores this batch writes: an append alone touches segments and their headers
  const scope = new Set<(typeof LOG_DB.stores)[keyof typeof LOG_DB.stores]>();
  if (draft.puts.size > 0 || draft.deletes.length > 0) scope.add(segments).add(segmentIndex);
  if (draft.truncated.size > 0) scope.add(partitions);
  for (const op of ops) {
    if (op.kind === 'topic') scope.add(topics);
    if (op.kind === 'write' && op.commits.length > 0) scope.add(offsets);
  }
  if (scope.size === 0) return { results, touched: draft.touched };
  // plain IndexedDB, not idb's wrappers: one promise for the transaction, none a request
  const tx = unwrap(db).transaction([...scope], 'readwrite', { durability: 'strict' });
  const done = transactionDone(tx);
  try {
    const segmentStore = scope.has(segments) ? tx.objectStore(segments) : undefined;
    const indexStore = scope.has(segmentIndex) ? tx.objectStore(segmentIndex) : undefined;
    for (const key of draft.deletes) {
      segmentStore?.delete(key);
      indexStore?.delete(key);
    }
    for (const { header, payload } of draft.puts.values()) {
      const { topic, partition, baseOffset } = header;
      segmentStore?.put({ topic, partition, baseOffset, payload });
      indexStore?.put(header);
    }
    // a partition's start moves only by truncation; recovery takes an unstored start from
    // its first segment
    for (const key of draft.truncated) {
      const p = draft.touched.get(key) as PartitionState;
      tx.objectStore(partitions).put({ topic: p.topic, partition: p.partition, start: p.start });
    }
    for (const op of ops) {
      if (op.kind === 'topic') tx.objectStore(topics).put(op.config);
      if (op.kind === 'write') {
        for (const c of op.commits) tx.objectStore(offsets).put(c);
      }
    }
  } catch (error) {
    // a put that throws (QuotaExceededError, say) leaves the transaction open: end it
    try {
      tx.abort();
    } catch {
      // already finished or aborted by the browser
    }
    await done.catch(() => undefined);
    throw error;
  }
  await done;
  return { results, touched: draft.touched };
}

/** Resolves when `tx` completes (durably, for a strict one); rejects when it fails or aborts. */
function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => new DOMException('The transaction was aborted', 'AbortError');
    tx.oncomplete = () => resolve();
    // a failed request (QuotaExceededError, say) reaches the transaction first: keep its error
    tx.onerror = (event) =>
      reject((event.target as IDBRequest | null)?.error ?? tx.error ?? aborted());
    tx.onabort = () => reject(tx.error ?? aborted());
  });
}
