import type { LogRecord, LogStore } from '../../storage/LogStore';
import type { Clock, TimerId } from '../clock';
import { errorMessage } from '../errors';
import type { Consumer } from '../log/Consumer';
import { TopicLog } from '../log/TopicLog';
import type { ConsumedRecord } from '../log/types';
import type { Rng } from '../rng';
import type { Trace } from '../trace';

export const KAFKA_TOPIC = 'orders';
export const KAFKA_PARTITIONS = 3;
/** Paces a consumer can be set to, in records a second (0 stops it). */
export const MAX_PACE = 50;
export const MAX_PRODUCER_RATE = 50;
/** Records of each partition kept in memory for the tape; the log itself is in the store. */
export const RECENT_PER_PARTITION = 40;
/** Lag is sampled this often (clock time) and kept for this many samples: a minute. */
export const LAG_SAMPLE_MS = 500;
export const LAG_SAMPLES = 120;
/** How long a read record takes to reach its consumer in the picture (clock time). */
export const READ_HOP_MS = 350;

export interface ConsumerSpec {
  readonly id: string;
  readonly group: string;
  /** records a second */
  readonly pace: number;
}

/** The course's "one at 10, another at 3", and a group of two that share the partitions. */
export const DEFAULT_CONSUMERS: readonly ConsumerSpec[] = [
  { id: 'analytics', group: 'analytics', pace: 10 },
  { id: 'billing', group: 'billing', pace: 3 },
  { id: 'shipping-1', group: 'shipping', pace: 4 },
  { id: 'shipping-2', group: 'shipping', pace: 4 },
];

const CUSTOMERS = ['anna', 'bohdan', 'chen', 'dmytro', 'eva', 'farid', 'galyna'] as const;

export interface RecordView {
  readonly offset: number;
  readonly key: string | undefined;
  readonly event: string;
  readonly timestamp: number;
}

export interface PartitionView {
  readonly partition: number;
  readonly start: number;
  readonly end: number;
  /** the newest records, oldest first */
  readonly recent: readonly RecordView[];
}

export interface ConsumerView {
  readonly id: string;
  readonly group: string;
  readonly pace: number;
  readonly assignment: readonly number[];
  /** partition -> the next offset it reads */
  readonly positions: Readonly<Record<number, number>>;
  /** records handled since the page opened */
  readonly processed: number;
  readonly last: (RecordView & { readonly partition: number; readonly at: number }) | undefined;
  /** records behind the end in its partitions */
  readonly lag: number;
}

export interface GroupView {
  readonly group: string;
  readonly members: readonly string[];
  /** partition -> committed offset (the next to read), as stored */
  readonly committed: Readonly<Record<number, number>>;
  /** records behind the end by the committed offsets */
  readonly lag: number;
  /** lag samples, oldest first, one each LAG_SAMPLE_MS */
  readonly history: readonly number[];
}

export interface KafkaLabSnapshot {
  readonly version: number;
  readonly partitions: readonly PartitionView[];
  readonly producer: { readonly rate: number; readonly sent: number };
  readonly consumers: readonly ConsumerView[];
  readonly groups: readonly GroupView[];
  readonly error: string | undefined;
}

export interface KafkaLabOptions {
  readonly store: LogStore;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly trace?: Trace;
  readonly consumers?: readonly ConsumerSpec[];
  /** records a second the producer sends on its own (default 0: on click) */
  readonly producerRate?: number;
}

export class KafkaLabError extends Error {
  override name = 'KafkaLabError';
}

interface Member {
  readonly id: string;
  readonly group: string;
  readonly consumer: Consumer;
  pace: number;
  timer: TimerId | undefined;
  processed: number;
  last: ConsumerView['last'];
  /** a read is in flight: the next tick waits for it */
  reading: boolean;
}

/**
 * Course task 8 on the durable log: a producer appends orders to a topic of three
 * partitions; consumers read at their own pace, each group with its own committed offsets
 * (the course's "I read up to 5, next time I start at 6"), members of one group share the
 * partitions. Replay moves a group back to offset 0 while the others go on.
 *
 * Each member handles one record a tick and commits after it (at least once): stopped in
 * between, it reads that record again after a reload.
 */
export class KafkaLab {
  readonly #log: TopicLog;
  readonly #store: LogStore;
  readonly #clock: Clock;
  readonly #rng: Rng;
  readonly #members = new Map<string, Member>();
  /** group -> partition -> committed offset */
  readonly #committed = new Map<string, Map<number, number>>();
  readonly #history = new Map<string, number[]>();
  readonly #ranges: { start: number; end: number }[] = [];
  readonly #recent: RecordView[][] = [];
  readonly #listeners = new Set<() => void>();
  #rate = 0;
  #sent = 0;
  #orderSeq = 0;
  #producerTimer: TimerId | undefined;
  #samplerTimer: TimerId | undefined;
  #snapshot: KafkaLabSnapshot | undefined;
  #version = 0;
  #error: string | undefined;
  #busyUntil = 0;
  #disposed = false;

  private constructor(options: KafkaLabOptions, log: TopicLog) {
    this.#log = log;
    this.#store = options.store;
    this.#clock = options.clock;
    this.#rng = options.rng;
  }

  static async open(options: KafkaLabOptions): Promise<KafkaLab> {
    const log = await TopicLog.open({
      store: options.store,
      clock: options.clock,
      name: 'kafka',
      ...(options.trace ? { trace: options.trace } : {}),
    });
    await log.createTopic(KAFKA_TOPIC, { partitions: KAFKA_PARTITIONS });
    const lab = new KafkaLab(options, log);
    await lab.#restore(options.consumers ?? DEFAULT_CONSUMERS);
    lab.setRate(options.producerRate ?? 0);
    lab.#sample();
    return lab;
  }

  get snapshot(): KafkaLabSnapshot {
    this.#snapshot ??= this.#view();
    return this.#snapshot;
  }

  /** When the last read record lands on its consumer in the picture (for Step). */
  get busyUntil(): number {
    return this.#busyUntil;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Appends `count` orders in one transaction; keys (customers) pick the partitions. */
  async produce(count = 1): Promise<number> {
    const records = Array.from({ length: count }, () => {
      const customer = CUSTOMERS[this.#rng.int(0, CUSTOMERS.length - 1)] as string;
      this.#orderSeq += 1;
      const orderId = `o-${this.#rng.int(0, 0xffff).toString(16)}-${this.#orderSeq}`;
      return {
        key: customer,
        event: 'order.created',
        data: { order_id: orderId, customer, amount: this.#rng.int(1, 40) * 25 },
      };
    });
    try {
      const metas = await this.#log.sendBatch(KAFKA_TOPIC, records);
      metas.forEach((m, i) => {
        const range = this.#ranges[m.partition];
        if (range) range.end = Math.max(range.end, m.offset + 1);
        this.#remember(m.partition, {
          offset: m.offset,
          key: records[i]?.key,
          event: 'order.created',
          timestamp: m.timestamp,
        });
      });
      this.#sent += metas.length;
      this.#error = undefined;
      this.#changed();
      return metas.length;
    } catch (error) {
      this.#fail(error);
      throw error;
    }
  }

  setRate(perSecond: number): void {
    this.#rate = clamp(perSecond, 0, MAX_PRODUCER_RATE);
    if (this.#producerTimer !== undefined) this.#clock.clearTimeout(this.#producerTimer);
    this.#producerTimer = undefined;
    if (this.#rate > 0) this.#produceLoop();
    this.#changed();
  }

  setPace(consumerId: string, pace: number): void {
    const m = this.#member(consumerId);
    m.pace = clamp(pace, 0, MAX_PACE);
    this.#tick(m);
    this.#changed();
  }

  /** Replay: the group goes back to offset 0 (the first kept record) and reads it all again. */
  async replay(group: string): Promise<void> {
    const members = [...this.#members.values()].filter((m) => m.group === group);
    if (members.length === 0) throw new KafkaLabError(`Group ${group} has no consumers`);
    for (const m of members) {
      for (const p of m.consumer.assignment) await m.consumer.seek(p, 'beginning');
      await m.consumer.commit();
      this.#noteCommitted(m);
    }
    this.#changed();
  }

  /** Another member for `group`: the group's partitions are shared anew (a rebalance). */
  addMember(group: string): string {
    const peers = [...this.#members.values()].filter((m) => m.group === group);
    let n = peers.length + 1;
    while (this.#members.has(`${group}-${n}`)) n++;
    const id = `${group}-${n}`;
    this.#join({ id, group, pace: peers[0]?.pace ?? 4 });
    this.#changed();
    return id;
  }

  /** The member leaves; what it did not commit is read again by whoever gets its partitions. */
  async removeMember(consumerId: string): Promise<void> {
    const m = this.#member(consumerId);
    this.#members.delete(consumerId);
    if (m.timer !== undefined) this.#clock.clearTimeout(m.timer);
    await m.consumer.close();
    this.#changed();
  }

  /** Every stored record of the topic, partition by partition (export, tests). */
  async records(): Promise<(LogRecord & { partition: number })[]> {
    const out: (LogRecord & { partition: number })[] = [];
    for (let p = 0; p < KAFKA_PARTITIONS; p++) {
      for await (const batch of this.#log.scan(KAFKA_TOPIC, p)) {
        for (const r of batch) out.push({ ...r, partition: p });
      }
    }
    return out;
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#producerTimer !== undefined) this.#clock.clearTimeout(this.#producerTimer);
    if (this.#samplerTimer !== undefined) this.#clock.clearTimeout(this.#samplerTimer);
    for (const m of this.#members.values()) {
      if (m.timer !== undefined) this.#clock.clearTimeout(m.timer);
      void m.consumer.close();
    }
    this.#log.close();
    this.#listeners.clear();
  }

  async #restore(specs: readonly ConsumerSpec[]): Promise<void> {
    // the partitions' recent records side by side, not one read after another
    await Promise.all(
      Array.from({ length: KAFKA_PARTITIONS }, async (_, p) => {
        const range = await this.#store.range(KAFKA_TOPIC, p);
        this.#ranges[p] = { ...range };
        const from = Math.max(range.start, range.end - RECENT_PER_PARTITION);
        const records = await this.#store.read(KAFKA_TOPIC, p, from, RECENT_PER_PARTITION);
        this.#recent[p] = records.map((r) => ({
          offset: r.offset,
          key: r.key,
          event: r.event,
          timestamp: r.timestamp,
        }));
      }),
    );
    for (const spec of specs) {
      // a group's offsets are read once, not once a member (shipping has two), and its
      // partitions' side by side rather than one read after another
      if (!this.#committed.has(spec.group)) {
        const offsets = await Promise.all(
          Array.from({ length: KAFKA_PARTITIONS }, (_, p) =>
            this.#store.committed(spec.group, KAFKA_TOPIC, p),
          ),
        );
        const committed = new Map<number, number>();
        offsets.forEach((offset, p) => {
          if (offset !== undefined) committed.set(p, offset);
        });
        this.#committed.set(spec.group, committed);
      }
      this.#join(spec);
    }
  }

  #join(spec: ConsumerSpec): void {
    if (this.#members.has(spec.id)) throw new KafkaLabError(`Consumer ${spec.id} exists`);
    if (!this.#committed.has(spec.group)) this.#committed.set(spec.group, new Map());
    const consumer = this.#log.consumer(KAFKA_TOPIC, { id: spec.id, group: spec.group });
    const m: Member = {
      id: spec.id,
      group: spec.group,
      consumer,
      pace: clamp(spec.pace, 0, MAX_PACE),
      timer: undefined,
      processed: 0,
      last: undefined,
      reading: false,
    };
    this.#members.set(spec.id, m);
    this.#tick(m);
  }

  /** Schedules the member's next read, one record a tick at its pace. */
  #tick(m: Member): void {
    if (m.timer !== undefined) this.#clock.clearTimeout(m.timer);
    m.timer = undefined;
    if (m.pace <= 0 || this.#disposed) return;
    m.timer = this.#clock.setTimeout(() => {
      m.timer = undefined;
      if (m.reading) return this.#tick(m);
      m.reading = true;
      m.consumer
        .consume((r) => this.#handle(m, r), 1)
        .then(
          () => this.#noteCommitted(m),
          (error: unknown) => this.#fail(error),
        )
        .finally(() => {
          m.reading = false;
          if (this.#members.get(m.id) === m) this.#tick(m);
          this.#changed();
        });
    }, 1000 / m.pace);
  }

  #handle(m: Member, r: ConsumedRecord): void {
    m.processed += 1;
    const at = this.#clock.now();
    m.last = {
      partition: r.partition,
      offset: r.offset,
      key: r.key,
      event: r.event,
      timestamp: r.timestamp,
      at,
    };
    this.#busyUntil = Math.max(this.#busyUntil, at + READ_HOP_MS);
  }

  #noteCommitted(m: Member): void {
    const committed = this.#committed.get(m.group);
    if (!committed) return;
    for (const p of m.consumer.assignment) {
      const position = m.consumer.position(p);
      if (position !== undefined) committed.set(p, position);
    }
  }

  #produceLoop(): void {
    this.#producerTimer = this.#clock.setTimeout(() => {
      this.#producerTimer = undefined;
      if (this.#rate <= 0 || this.#disposed) return;
      void this.produce(1).catch(() => undefined);
      this.#produceLoop();
    }, 1000 / this.#rate);
  }

  /** Lag over time, for the chart; housekeeping that Step steps over. */
  #sample(): void {
    for (const group of this.#committed.keys()) {
      const history = this.#history.get(group) ?? [];
      history.push(this.#groupLag(group));
      if (history.length > LAG_SAMPLES) history.shift();
      this.#history.set(group, history);
    }
    this.#changed();
    this.#samplerTimer = this.#clock.setTimeout(() => this.#sample(), LAG_SAMPLE_MS, {
      background: true,
    });
  }

  #groupLag(group: string): number {
    const committed = this.#committed.get(group);
    let lag = 0;
    this.#ranges.forEach(({ start, end }, p) => {
      lag += end - Math.max(start, committed?.get(p) ?? start);
    });
    return lag;
  }

  #remember(partition: number, record: RecordView): void {
    const recent = this.#recent[partition];
    if (!recent) return;
    recent.push(record);
    if (recent.length > RECENT_PER_PARTITION) recent.shift();
  }

  #member(id: string): Member {
    const m = this.#members.get(id);
    if (!m) throw new KafkaLabError(`No consumer ${id}`);
    return m;
  }

  #fail(error: unknown): void {
    this.#error = errorMessage(error);
    this.#changed();
  }

  #changed(): void {
    if (this.#disposed) return;
    this.#version += 1;
    this.#snapshot = undefined;
    for (const listener of this.#listeners) listener();
  }

  #view(): KafkaLabSnapshot {
    const members = [...this.#members.values()];
    const consumers = members.map((m): ConsumerView => {
      const committed = this.#committed.get(m.group);
      const positions: Record<number, number> = {};
      let lag = 0;
      for (const p of m.consumer.assignment) {
        const range = this.#ranges[p] ?? { start: 0, end: 0 };
        const position = Math.max(
          range.start,
          m.consumer.position(p) ?? committed?.get(p) ?? range.start,
        );
        positions[p] = position;
        lag += Math.max(0, range.end - position);
      }
      return {
        id: m.id,
        group: m.group,
        pace: m.pace,
        assignment: m.consumer.assignment,
        positions,
        processed: m.processed,
        last: m.last,
        lag,
      };
    });
    const groups = [...this.#committed.entries()].map(
      ([group, committed]): GroupView => ({
        group,
        members: members.filter((m) => m.group === group).map((m) => m.id),
        committed: Object.fromEntries(committed),
        lag: this.#groupLag(group),
        history: [...(this.#history.get(group) ?? [])],
      }),
    );
    return {
      version: this.#version,
      partitions: this.#ranges.map((r, partition) => ({
        partition,
        start: r.start,
        end: r.end,
        recent: [...(this.#recent[partition] ?? [])],
      })),
      producer: { rate: this.#rate, sent: this.#sent },
      consumers,
      groups,
      error: this.#error,
    };
  }
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, value));
}
