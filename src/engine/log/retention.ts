import type { LogStore, TopicConfig } from '../../storage/LogStore';

export interface RetentionResult {
  readonly topic: string;
  readonly partition: number;
  /** the first offset kept now */
  readonly start: number;
  readonly deleted: number;
  readonly reason: 'max-records' | 'max-age';
}

/**
 * Applies a topic's retention to one partition: at most `maxRecords` kept, none older than
 * `maxAgeMs` (by record timestamp: the first record at or after now - maxAgeMs and all
 * after it stay). Offsets go on where they were; only the start moves.
 */
export async function applyRetention(
  store: LogStore,
  config: TopicConfig,
  partition: number,
  now: number,
): Promise<RetentionResult[]> {
  const { maxRecords, maxAgeMs } = config.retention;
  const out: RetentionResult[] = [];
  const topic = config.name;
  if (maxRecords !== undefined) {
    const { start, end } = await store.range(topic, partition);
    if (end - start > maxRecords) {
      const deleted = await store.truncateBefore(topic, partition, end - maxRecords);
      if (deleted > 0) {
        out.push({ topic, partition, start: end - maxRecords, deleted, reason: 'max-records' });
      }
    }
  }
  if (maxAgeMs !== undefined) {
    const keepFrom = await store.offsetForTime(topic, partition, now - maxAgeMs);
    const deleted = await store.truncateBefore(topic, partition, keepFrom);
    if (deleted > 0) {
      const { start } = await store.range(topic, partition);
      out.push({ topic, partition, start, deleted, reason: 'max-age' });
    }
  }
  return out;
}
