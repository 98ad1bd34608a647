import type { LogRecord, LogStore, TopicConfig } from '../../storage/LogStore';
import type { Clock, TimerId } from '../clock';
import type { Trace } from '../trace';
import { Consumer } from './Consumer';
import type { LogContext } from './context';
import { LogError } from './errors';
import { GroupCoordinator } from './groups';
import { Producer } from './Producer';
import { applyRetention, type RetentionResult } from './retention';
import type {
  ConsumerOptions,
  PartitionLag,
  ProducerRecord,
  RecordMetadata,
  TopicOptions,
} from './types';

export interface TopicLogOptions {
  readonly store: LogStore;
  readonly clock: Clock;
  readonly trace?: Trace;
  /** names this log in trace events (default 'log') */
  readonly name?: string;
  /** check retention by age this often, in clock time; off by default (call enforceRetention) */
  readonly retentionCheckMs?: number;
}

/**
 * Kafka-like topics on a LogStore: partitions, a producer, consumers with their own
 * offsets and consumer groups that share partitions, seek, retention. Topics are kept in
 * the store, so `TopicLog.open` on a persistent store finds them after a reload.
 */
export class TopicLog {
  readonly name: string;
  readonly store: LogStore;
  readonly #topics = new Map<string, TopicConfig>();
  readonly #ctx: LogContext;
  readonly #producer: Producer;
  #timer: TimerId | undefined;
  #checking = false;

  constructor(readonly options: TopicLogOptions) {
    this.name = options.name ?? 'log';
    this.store = options.store;
    const trace = options.trace;
    this.#ctx = {
      name: this.name,
      store: options.store,
      clock: options.clock,
      trace,
      groups: new GroupCoordinator(this.name, trace),
      topic: (name) => this.topic(name),
      appended: (topic, partition) => this.#retain(topic, partition, 'count'),
      send: (topic, records, commits) => this.#producer.sendBatch(topic, records, commits),
    };
    this.#producer = new Producer(this.#ctx);
    if (options.retentionCheckMs !== undefined) this.#schedule(options.retentionCheckMs);
  }

  /** A log with the topics its store already holds. */
  static async open(options: TopicLogOptions): Promise<TopicLog> {
    const log = new TopicLog(options);
    for (const t of await options.store.topics()) log.#topics.set(t.name, t);
    return log;
  }

  /** Creates a topic, or returns it when it exists with the same settings. */
  async createTopic(name: string, options: TopicOptions): Promise<TopicConfig> {
    const { partitions, retention = {} } = options;
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new LogError(
        'invalid-argument',
        `A topic needs 1 or more partitions, got ${partitions}`,
      );
    }
    for (const [what, v] of Object.entries(retention)) {
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
        throw new LogError('invalid-argument', `retention.${what} must be 0 or more, got ${v}`);
      }
    }
    const config: TopicConfig = { name, partitions, retention: { ...retention } };
    const existing = this.#topics.get(name);
    if (existing) {
      if (JSON.stringify(existing) === JSON.stringify(config)) return existing;
      throw new LogError('topic-exists', `Topic ${name} exists with other settings`);
    }
    await this.store.saveTopic(config);
    this.#topics.set(name, config);
    const trace = this.options.trace;
    if (trace?.active) {
      trace.record({
        type: 'log.topic-created',
        log: this.name,
        topic: name,
        partitions,
        retention,
      });
    }
    return config;
  }

  topic(name: string): TopicConfig {
    const config = this.#topics.get(name);
    if (!config) throw new LogError('unknown-topic', `No topic ${name}; create it first`);
    return config;
  }

  topics(): TopicConfig[] {
    return [...this.#topics.values()];
  }

  /** The log's own producer; `producer()` makes another, with its own round-robin. */
  send(topic: string, record: ProducerRecord): Promise<RecordMetadata> {
    return this.#producer.send(topic, record);
  }

  sendBatch(topic: string, records: readonly ProducerRecord[]): Promise<RecordMetadata[]> {
    return this.#producer.sendBatch(topic, records);
  }

  producer(): Producer {
    return new Producer(this.#ctx);
  }

  /** A consumer of `topic`; it joins its group (by default a group of its own) at once. */
  consumer(topic: string, options: ConsumerOptions): Consumer {
    return new Consumer(this.#ctx, topic, options);
  }

  /** Member id -> partitions of a group on a topic. */
  assignment(group: string, topic: string): Record<string, number[]> {
    return this.#ctx.groups.assignment(group, topic);
  }

  /** A group's lag by its committed offsets, for every partition of the topic. */
  async groupLag(group: string, topic: string): Promise<PartitionLag[]> {
    const { partitions } = this.topic(topic);
    return Promise.all(
      Array.from({ length: partitions }, async (_, partition) => {
        const { start, end } = await this.store.range(topic, partition);
        const committed = await this.store.committed(group, topic, partition);
        const position = Math.max(committed ?? start, start);
        return { topic, partition, start, end, committed, position, lag: end - position };
      }),
    );
  }

  /**
   * Reads a partition from `fromOffset` to its end, `batch` records a read (for replay). A
   * read that ends inside a segment parses that segment again on the next read, so the best
   * batch depends on how appends cut the segments (bench/logReplay); reading whole segments
   * whatever the batch is open work.
   */
  async *scan(topic: string, partition: number, fromOffset = 0, batch = 1_000) {
    this.topic(topic);
    let at = Math.max(fromOffset, (await this.store.range(topic, partition)).start);
    for (;;) {
      const records: LogRecord[] = await this.store.read(topic, partition, at, batch);
      if (records.length === 0) return;
      yield records;
      at = (records.at(-1)?.offset ?? at) + 1;
    }
  }

  /** Applies every topic's retention now (age and count). */
  async enforceRetention(): Promise<RetentionResult[]> {
    const out: RetentionResult[] = [];
    for (const t of this.#topics.values()) {
      for (let p = 0; p < t.partitions; p++) out.push(...(await this.#retain(t.name, p, 'all')));
    }
    return out;
  }

  /** Stops the retention timer; the store stays open (its owner closes it). */
  close(): void {
    if (this.#timer !== undefined) this.options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #retain(topic: string, partition: number, what: 'count' | 'all') {
    const config = this.topic(topic);
    const { maxRecords } = config.retention;
    if (what === 'count' && maxRecords === undefined) return [];
    // after an append only the count can have changed; age is the timer's business
    const only =
      what === 'count' && maxRecords !== undefined
        ? { ...config, retention: { maxRecords } }
        : config;
    const results = await applyRetention(this.store, only, partition, this.options.clock.now());
    const trace = this.options.trace;
    if (trace?.active) {
      for (const r of results)
        trace.record({ type: 'log.retention-applied', log: this.name, ...r });
    }
    return results;
  }

  #schedule(every: number): void {
    // housekeeping: the step mode steps over it to the next real event. The next check is
    // set at once, so the cadence does not hang on the store; a check still running when
    // the next falls due lets that one pass
    this.#timer = this.options.clock.setTimeout(
      () => {
        this.#schedule(every);
        if (this.#checking) return;
        this.#checking = true;
        void this.enforceRetention().finally(() => {
          this.#checking = false;
        });
      },
      every,
      { background: true },
    );
  }
}
