import { type IDBPDatabase, unwrap } from 'idb';
import { partitionKey } from './checks';
import { transactionDone } from './idbRequest';
import { LOG_DB, type LogDb, segmentKey } from './idbSchema';
import type { AppendResult, OffsetCommit, TopicConfig } from './LogStore';
import type { LineSource } from './lineSource';
import { type PartitionState, SegmentDraft, type SegmentLimits } from './segments';

/** One output of a write: the records of one partition, encoded or to be encoded. */
export interface WriteOutput {
  readonly topic: string;
  readonly partition: number;
  readonly source: LineSource;
}

/** What one call asks of a transaction, checked before it is queued. */
export type WriteOp =
  | { kind: 'write'; commits: readonly OffsetCommit[]; outputs: readonly WriteOutput[] }
  | { kind: 'truncate'; topic: string; partition: number; offset: number }
  | { kind: 'topic'; config: TopicConfig };

export type WriteResult = AppendResult[] | number | undefined;

type StoreName = (typeof LOG_DB.stores)[keyof typeof LOG_DB.stores];

/** The stores a batch writes, known before it is built: an append alone, one of four. */
function scopeOf(ops: readonly WriteOp[]): Set<StoreName> {
  const { batches, offsets, partitions, topics } = LOG_DB.stores;
  const scope = new Set<StoreName>();
  for (const op of ops) {
    if (op.kind === 'topic') scope.add(topics);
    if (op.kind === 'truncate') scope.add(batches).add(partitions);
    if (op.kind === 'write') {
      if (op.outputs.length > 0) scope.add(batches);
      if (op.commits.length > 0) scope.add(offsets);
    }
  }
  return scope;
}

/**
 * One strict transaction for a whole batch of writes, built on copies of the partitions it
 * touches. Each segment is put as soon as it is final, so the browser stores it while the
 * next one is encoded and hashed. Returns each op's result and the changed partitions,
 * which the caller adopts as its state: only once the transaction completed. On failure
 * (a put refused, a record that is not JSON) the transaction is aborted, nothing changed,
 * and it throws.
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
      sum.records += o.source.length;
      sum.bytes += o.source.bytes ?? 0;
      incoming.set(key, sum);
    }
  }
  const scope = scopeOf(ops);
  const { batches, offsets, partitions, topics } = LOG_DB.stores;
  // plain IndexedDB, not idb's wrappers: one promise for the transaction, none a request
  const tx =
    scope.size === 0
      ? undefined
      : unwrap(db).transaction([...scope], 'readwrite', { durability: 'strict' });
  const done = tx === undefined ? Promise.resolve() : transactionDone(tx);
  const batchStore = scope.has(batches) ? tx?.objectStore(batches) : undefined;
  const draft = new SegmentDraft(
    committed,
    limits,
    {
      // one request a segment: the payload alone, its header the (out-of-line) key
      put(header, payload, replaces) {
        if (replaces !== undefined) batchStore?.delete(segmentKey(replaces));
        batchStore?.put(payload, segmentKey(header));
      },
      delete(key) {
        batchStore?.delete(key);
      },
    },
    incoming,
  );
  let results: WriteResult[];
  try {
    results = ops.map((op): WriteResult => {
      if (op.kind === 'truncate') return draft.truncate(op.topic, op.partition, op.offset);
      if (op.kind === 'topic') return undefined;
      return op.outputs.map((o) => draft.append(o.topic, o.partition, o.source));
    });
    draft.finish();
    // a partition's start moves only by truncation; recovery takes an unstored start from
    // its first segment
    for (const key of draft.truncated) {
      const p = draft.touched.get(key) as PartitionState;
      tx?.objectStore(partitions).put({ topic: p.topic, partition: p.partition, start: p.start });
    }
    for (const op of ops) {
      if (op.kind === 'topic') tx?.objectStore(topics).put(op.config);
      if (op.kind === 'write') {
        for (const c of op.commits) tx?.objectStore(offsets).put(c);
      }
    }
  } catch (error) {
    // a put that throws (QuotaExceededError, say) or a record that cannot be encoded
    // leaves the transaction open: end it, so none of the batch is stored
    try {
      tx?.abort();
    } catch {
      // already finished or aborted by the browser
    }
    await done.catch(() => undefined);
    throw error;
  }
  await done;
  return { results, touched: draft.touched };
}
