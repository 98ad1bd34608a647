import type { LogStore } from '../../storage/LogStore';
import type { SagaFact } from './traceEvents';

export interface SagaLogEntry {
  /** position in the saga log (the store's offset) */
  readonly offset: number;
  /** clock time the fact was decided */
  readonly at: number;
  readonly fact: SagaFact;
}

export const SAGA_LOG_TOPIC = 'saga-log';

/**
 * Every saga instance's facts, in the durable LogStore: one partition, each record keyed by
 * its instance, so one read at open rebuilds every instance in the order things happened.
 * A batch of facts (one decision) is one append: all of it is stored or none. An append's
 * promise resolves once the store has it durably; only then is anything acted on
 * (write-ahead), so after a restart the log never knows less than the services were told.
 */
export class SagaLog {
  readonly #byInstance = new Map<string, SagaLogEntry[]>();
  readonly #listeners = new Set<(entries: readonly SagaLogEntry[]) => void>();
  #all: SagaLogEntry[] = [];

  private constructor(
    readonly store: LogStore,
    readonly topic: string,
  ) {}

  /** Opens the log on `store` and reads back every instance's facts. */
  static async open(store: LogStore, topic = SAGA_LOG_TOPIC): Promise<SagaLog> {
    const log = new SagaLog(store, topic);
    const { start } = await store.range(topic, 0);
    for (let from = start; ; ) {
      const records = await store.read(topic, 0, from, 1_000);
      if (records.length === 0) break;
      for (const r of records)
        log.#index({ offset: r.offset, at: r.timestamp, fact: r.data as SagaFact });
      from = (records.at(-1)?.offset ?? from) + 1;
    }
    return log;
  }

  /** Stores one decision's facts durably, in one append. */
  async append(facts: readonly SagaFact[], at: number): Promise<void> {
    if (facts.length === 0) return;
    const records = facts.map((fact) => ({
      timestamp: at,
      key: fact.saga,
      event: fact.type,
      data: fact,
    }));
    const { baseOffset } = await this.store.append(this.topic, 0, records);
    const entries = facts.map((fact, i) => ({ offset: baseOffset + i, at, fact }));
    for (const entry of entries) this.#index(entry);
    for (const listener of this.#listeners) listener(entries);
  }

  /** Calls `listener` with each batch of entries once it is stored. */
  subscribe(listener: (entries: readonly SagaLogEntry[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** One instance's log: each step started, succeeded, failed, compensated, with times. */
  entries(saga: string): readonly SagaLogEntry[] {
    return this.#byInstance.get(saga) ?? [];
  }

  /** Every entry of every instance, in log order. */
  all(): readonly SagaLogEntry[] {
    return this.#all;
  }

  instances(): string[] {
    return [...this.#byInstance.keys()];
  }

  #index(entry: SagaLogEntry): void {
    const list = this.#byInstance.get(entry.fact.saga);
    if (list) list.push(entry);
    else this.#byInstance.set(entry.fact.saga, [entry]);
    this.#all.push(entry);
  }
}
