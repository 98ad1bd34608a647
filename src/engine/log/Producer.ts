import type { AppendResult, LogRecordInput, OffsetCommit } from '../../storage/LogStore';
import type { LogContext } from './context';
import { LogError } from './errors';
import { partitionForKey } from './partitioner';
import type { ProducerRecord, RecordMetadata } from './types';

/**
 * Appends to topics. A key picks its partition by Kafka's murmur2 hash (so one account's
 * events stay in order in one partition); records without a key go round-robin.
 */
export class Producer {
  /** per topic, the partition the next keyless record goes to */
  readonly #roundRobin = new Map<string, number>();

  constructor(readonly ctx: LogContext) {}

  async send(topic: string, record: ProducerRecord): Promise<RecordMetadata> {
    const [meta] = await this.sendBatch(topic, [record]);
    return meta as RecordMetadata;
  }

  /**
   * Sends many records in one store transaction, all or nothing, whatever partitions they
   * go to. The metadata comes back in the order of `records`.
   */
  async sendBatch(
    topic: string,
    records: readonly ProducerRecord[],
    /** offsets to commit in the same transaction (Consumer.commitWithOutput) */
    commits: readonly OffsetCommit[] = [],
  ): Promise<RecordMetadata[]> {
    const config = this.ctx.topic(topic);
    const now = this.ctx.clock.now();
    const byPartition = new Map<number, { index: number; input: LogRecordInput }[]>();
    records.forEach((r, index) => {
      const partition = this.#partitionOf(topic, config.partitions, r);
      const input: LogRecordInput = {
        timestamp: r.timestamp ?? now,
        event: r.event,
        data: r.data,
        ...(r.key === undefined ? {} : { key: r.key }),
      };
      const list = byPartition.get(partition) ?? [];
      list.push({ index, input });
      byPartition.set(partition, list);
    });
    // one transaction for every partition: the batch is stored whole or not at all
    const groups = [...byPartition];
    const results = await this.ctx.store.commitWith(
      commits,
      groups.map(([partition, list]) => ({ topic, partition, records: list.map((l) => l.input) })),
    );
    const out: RecordMetadata[] = new Array(records.length);
    for (const [g, [partition, list]] of groups.entries()) {
      const { baseOffset, lastOffset } = results[g] as AppendResult;
      list.forEach(({ index, input }, i) => {
        out[index] = { topic, partition, offset: baseOffset + i, timestamp: input.timestamp };
      });
      const first = (list[0] as { input: LogRecordInput }).input;
      const trace = this.ctx.trace;
      if (trace?.active) {
        trace.record({
          type: 'log.produced',
          log: this.ctx.name,
          topic,
          partition,
          baseOffset,
          lastOffset,
          event: first.event,
          ...(first.key === undefined ? {} : { key: first.key }),
        });
      }
    }
    for (const [partition] of groups) await this.ctx.appended(topic, partition);
    return out;
  }

  #partitionOf(topic: string, partitions: number, r: ProducerRecord): number {
    if (r.partition !== undefined) {
      if (!Number.isInteger(r.partition) || r.partition < 0 || r.partition >= partitions) {
        throw new LogError(
          'invalid-argument',
          `${topic} has partitions 0 to ${partitions - 1}, not ${r.partition}`,
        );
      }
      return r.partition;
    }
    if (r.key !== undefined) return partitionForKey(r.key, partitions);
    const next = this.#roundRobin.get(topic) ?? 0;
    this.#roundRobin.set(topic, (next + 1) % partitions);
    return next;
  }
}
