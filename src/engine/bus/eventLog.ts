/** One line of the course's log format: `{"timestamp": "...", "event": "...", "data": {...}}`. */
export interface LogEntry {
  readonly timestamp: string;
  readonly event: string;
  readonly data: unknown;
}

export interface EventLogStats {
  /** entries held in memory now */
  readonly kept: number;
  /** entries appended since the log was created or last cleared */
  readonly appended: number;
  /** entries pushed out because the log was full */
  readonly dropped: number;
  readonly capacity: number;
}

/**
 * The bus's in-memory history, bounded: when full, the oldest entry goes, so a million emits
 * leave memory where a thousand did. The durable log is a separate thing (src/engine/log,
 * IndexedDB); this one is what the course calls `event_log`.
 *
 * A ring of three parallel arrays rather than a queue of entry objects: append is on the
 * emit hot path, and writing three slots allocates nothing (measured in bench/: a queue of
 * objects cost emit about a fifth of its speed). Timestamps are kept as numbers and formatted
 * as ISO strings only when the log is read.
 */
export class EventLog {
  readonly capacity: number;
  readonly #at: Float64Array;
  readonly #events: string[];
  readonly #data: unknown[];
  /** slot the next entry goes to */
  #next = 0;
  #size = 0;
  #appended = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`Log capacity must be a whole number >= 0, got ${capacity}`);
    }
    // capacity 0 turns logging off
    this.capacity = capacity;
    this.#at = new Float64Array(capacity);
    this.#events = new Array<string>(capacity).fill('');
    this.#data = new Array<unknown>(capacity).fill(undefined);
  }

  append(at: number, event: string, data: unknown): void {
    this.#appended++;
    const capacity = this.capacity;
    if (capacity === 0) return;
    const slot = this.#next;
    this.#at[slot] = at;
    this.#events[slot] = event;
    this.#data[slot] = data;
    this.#next = slot + 1 === capacity ? 0 : slot + 1;
    if (this.#size < capacity) this.#size++;
  }

  /** Oldest first. */
  entries(): LogEntry[] {
    const out: LogEntry[] = new Array(this.#size);
    let slot = (this.#next - this.#size + this.capacity) % Math.max(1, this.capacity);
    for (let i = 0; i < this.#size; i++) {
      out[i] = {
        timestamp: new Date(this.#at[slot] as number).toISOString(),
        event: this.#events[slot] as string,
        data: this.#data[slot],
      };
      slot = slot + 1 === this.capacity ? 0 : slot + 1;
    }
    return out;
  }

  get size(): number {
    return this.#size;
  }

  stats(): EventLogStats {
    const kept = this.#size;
    return {
      kept,
      appended: this.#appended,
      dropped: this.#appended - kept,
      capacity: this.capacity,
    };
  }

  clear(): number {
    const had = this.#size;
    // let go of the payloads so that a cleared log holds no memory
    this.#events.fill('');
    this.#data.fill(undefined);
    this.#next = 0;
    this.#size = 0;
    this.#appended = 0;
    return had;
  }
}
