import { OffsetOutOfRangeError } from '../../storage/errors';
import type { OffsetCommit } from '../../storage/LogStore';
import type { LogContext } from './context';
import { LogError } from './errors';
import { resetOffset, startingOffset } from './offsetReset';
import type { ConsumerTraceBody, ConsumerTraceEvent, OffsetResetPolicy } from './traceEvents';
import type {
  ConsumedRecord,
  ConsumerOptions,
  DeliverySemantics,
  PartitionLag,
  ProducerRecord,
  RecordMetadata,
} from './types';

export type SeekTarget = number | 'beginning' | 'end';

/**
 * A consumer of one topic: it reads the partitions its group gives it, each at its own
 * position, and commits positions to the store as the group's offsets. Nothing is committed
 * on its own (no auto-commit): `commit()` or `consume()` do it, in the order the delivery
 * semantics say. Calls run one at a time, in order, as an actor's mailbox.
 */
export class Consumer {
  readonly id: string;
  readonly group: string;
  readonly delivery: DeliverySemantics;
  readonly #offsetReset: OffsetResetPolicy;
  readonly #initial: 'earliest' | 'latest';
  #assigned: readonly number[] = [];
  readonly #positions = new Map<number, number>();
  /** where the next poll starts, so no partition starves another */
  #turn = 0;
  #closed = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly ctx: LogContext,
    readonly topic: string,
    options: ConsumerOptions,
  ) {
    const config = ctx.topic(topic);
    this.id = options.id;
    this.group = options.group ?? options.id;
    this.delivery = options.delivery ?? 'at-least-once';
    this.#offsetReset = options.offsetReset ?? 'earliest';
    this.#initial = options.initialOffset ?? 'earliest';
    ctx.groups.join(this.group, topic, config.partitions, options.assignor ?? 'range', {
      id: this.id,
      assign: (partitions) => this.#assign(partitions),
    });
  }

  /** The partitions this consumer reads now (its group may change them on a join or leave). */
  get assignment(): readonly number[] {
    return this.#assigned;
  }

  /** The next offset it reads in `partition`, once it has one. */
  position(partition: number): number | undefined {
    return this.#positions.get(partition);
  }

  /** Up to `max` records from its partitions, taking turns among them; moves its positions. */
  poll(max = 100): Promise<ConsumedRecord[]> {
    return this.#exclusive(async () => {
      const out: ConsumedRecord[] = [];
      const parts = this.#assigned;
      for (let i = 0; i < parts.length && out.length < max; i++) {
        const partition = parts[(this.#turn + i) % parts.length] as number;
        const records = await this.#read(partition, max - out.length);
        if (records.length === 0) continue;
        const from = records[0]?.offset as number;
        this.#positions.set(partition, from + records.length);
        for (const r of records) out.push({ ...r, topic: this.topic, partition });
        this.#record({ type: 'log.polled', partition, fromOffset: from, count: records.length });
      }
      this.#turn = parts.length === 0 ? 0 : (this.#turn + 1) % parts.length;
      return out;
    });
  }

  /** Commits its positions as the group's offsets, in one transaction. */
  commit(): Promise<void> {
    return this.#exclusive(async () => {
      const commits = this.#commits();
      if (commits.length === 0) return;
      await this.ctx.store.commitWith(commits, []);
      this.#committed(commits);
    });
  }

  /**
   * Sends what it made of the records it read and commits its positions in ONE
   * transaction: the output is stored with the offsets that cover it, or neither is
   * (consume-transform-produce, exactly once within this store).
   */
  commitWithOutput(topic: string, records: readonly ProducerRecord[]): Promise<RecordMetadata[]> {
    return this.#exclusive(async () => {
      const commits = this.#commits();
      const sent = await this.ctx.send(topic, records, commits);
      this.#committed(commits);
      return sent;
    });
  }

  /**
   * Polls and hands each record to `handler`, committing before or after as `delivery`
   * says (see DeliverySemantics). At least once, a handler that throws leaves the batch
   * uncommitted and the positions back at its first records, so the next call reads them
   * again; at most once, the batch was committed first and the rest of it is lost.
   */
  async consume(
    handler: (record: ConsumedRecord) => void | Promise<void>,
    max = 100,
    delivery: DeliverySemantics = this.delivery,
  ): Promise<number> {
    const records = await this.poll(max);
    if (delivery === 'at-most-once') await this.commit();
    try {
      for (const r of records) await handler(r);
    } catch (error) {
      if (delivery === 'at-least-once') await this.#rewind(records);
      throw error;
    }
    if (delivery === 'at-least-once') await this.commit();
    return records.length;
  }

  /** Moves its position in `partition`: to an offset, the first kept record or the end. */
  seek(partition: number, to: SeekTarget): Promise<number> {
    return this.#exclusive(async () => {
      this.#mustHold(partition);
      const { start, end } = await this.ctx.store.range(this.topic, partition);
      if (typeof to === 'number' && !(Number.isSafeInteger(to) && to >= 0)) {
        throw new LogError('invalid-argument', `Cannot seek to offset ${to}`);
      }
      const offset = to === 'beginning' ? start : to === 'end' ? end : to;
      this.#positions.set(partition, offset);
      const kind = typeof to === 'number' ? 'offset' : to;
      this.#record({ type: 'log.seeked', partition, offset, to: kind });
      return offset;
    });
  }

  /** Moves every partition it holds to its first record at or after `time`. */
  seekToTime(time: number): Promise<Map<number, number>> {
    return this.#exclusive(async () => {
      const moved = new Map<number, number>();
      for (const partition of this.#assigned) {
        const offset = await this.ctx.store.offsetForTime(this.topic, partition, time);
        this.#positions.set(partition, offset);
        moved.set(partition, offset);
        this.#record({ type: 'log.seeked', partition, offset, to: 'time' });
      }
      return moved;
    });
  }

  /** How far behind the end it is in each partition it holds. */
  async lag(): Promise<PartitionLag[]> {
    this.#open();
    return Promise.all(
      this.#assigned.map(async (partition) => {
        const { start, end } = await this.ctx.store.range(this.topic, partition);
        const committed = await this.ctx.store.committed(this.group, this.topic, partition);
        const fresh = this.#initial === 'latest' ? end : start;
        const position = this.#positions.get(partition) ?? committed ?? fresh;
        const lag = Math.max(0, end - Math.max(position, start));
        return { topic: this.topic, partition, start, end, committed, position, lag };
      }),
    );
  }

  /** Leaves its group (its partitions go to the others); what it did not commit is re-read. */
  close(): Promise<void> {
    return this.#exclusive(async () => {
      this.#closed = true;
      this.ctx.groups.leave(this.group, this.topic, this.id);
    });
  }

  #commits(): OffsetCommit[] {
    return this.#assigned.flatMap((partition) => {
      const offset = this.#positions.get(partition);
      return offset === undefined
        ? []
        : [{ group: this.group, topic: this.topic, partition, offset }];
    });
  }

  #committed(commits: readonly OffsetCommit[]): void {
    for (const c of commits) {
      this.#record({ type: 'log.committed', partition: c.partition, offset: c.offset });
    }
  }

  #assign(partitions: readonly number[]): void {
    // positions in partitions it keeps stay; the others are now another member's
    for (const p of this.#positions.keys()) if (!partitions.includes(p)) this.#positions.delete(p);
    this.#assigned = [...partitions];
  }

  /**
   * Reads from its position, setting it first (committed or initial) and resetting it by
   * policy when retention deleted it or it lies past the end.
   */
  async #read(partition: number, max: number) {
    const { store } = this.ctx;
    let position = this.#positions.get(partition);
    if (position === undefined) {
      const start = await startingOffset(store, this.group, this.topic, partition, this.#initial);
      position = start.offset;
      this.#positions.set(partition, position);
      if (start.byPolicy) {
        this.#record({
          type: 'log.offset-reset',
          partition,
          from: undefined,
          offset: position,
          policy: this.#initial,
          reason: 'no-commit',
        });
      }
    }
    try {
      const records = await store.read(this.topic, partition, position, max);
      if (records.length > 0 || position <= (await store.range(this.topic, partition)).end) {
        return records;
      }
    } catch (error) {
      if (!(error instanceof OffsetOutOfRangeError)) throw error;
    }
    const who = `Consumer ${this.id} (group ${this.group})`;
    const policy = this.#offsetReset;
    const offset = await resetOffset(store, this.topic, partition, position, policy, who);
    this.#positions.set(partition, offset);
    this.#record({
      type: 'log.offset-reset',
      partition,
      from: position,
      offset,
      policy,
      reason: 'out-of-range',
    });
    return store.read(this.topic, partition, offset, max);
  }

  /** Back to the first record of the batch in each partition, for an at-least-once retry. */
  async #rewind(records: readonly ConsumedRecord[]): Promise<void> {
    const first = new Map<number, number>();
    for (const r of records) if (!first.has(r.partition)) first.set(r.partition, r.offset);
    for (const [partition, offset] of first) {
      if (this.#assigned.includes(partition)) await this.seek(partition, offset);
    }
  }

  #mustHold(partition: number): void {
    if (!this.#assigned.includes(partition)) {
      throw new LogError(
        'not-assigned',
        `Consumer ${this.id} does not hold ${this.topic}-${partition}; it holds [${this.#assigned.join(', ')}]`,
      );
    }
  }

  #record(body: ConsumerTraceBody): void {
    const trace = this.ctx.trace;
    if (!trace?.active) return;
    const of = { log: this.ctx.name, group: this.group, consumer: this.id, topic: this.topic };
    trace.record({ ...of, ...body } as ConsumerTraceEvent);
  }

  #open(): void {
    if (this.#closed) throw new LogError('closed', `Consumer ${this.id} is closed`);
  }

  /** One call at a time, in order: a poll never overlaps a seek or a commit. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => {
      this.#open();
      return work();
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
