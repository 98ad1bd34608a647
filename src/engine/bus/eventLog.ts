import Denque from 'denque';

/** One line of the course's log format: `{"timestamp": "...", "event": "...", "data": {...}}`. */
export interface LogEntry {
  readonly timestamp: string;
  readonly event: string;
  readonly data: unknown;
}

interface StoredEntry {
  readonly at: number;
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
 * leave memory where a thousand did. Timestamps are stored as numbers and formatted as ISO
 * strings only when read, which keeps emit cheap. The durable log is a separate thing
 * (src/engine/log, IndexedDB); this one is what the course calls `event_log`.
 */
export class EventLog {
  readonly #buffer: Denque<StoredEntry> | undefined;
  readonly capacity: number;
  #appended = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`Log capacity must be a whole number >= 0, got ${capacity}`);
    }
    this.capacity = capacity;
    // capacity 0 turns logging off
    // a denque with a capacity drops its oldest entry when a push overflows it
    this.#buffer = capacity > 0 ? new Denque<StoredEntry>([], { capacity }) : undefined;
  }

  append(at: number, event: string, data: unknown): void {
    this.#appended++;
    this.#buffer?.push({ at, event, data });
  }

  /** Oldest first. */
  entries(): LogEntry[] {
    if (this.#buffer === undefined) return [];
    const out: LogEntry[] = [];
    for (const e of this.#buffer.toArray()) {
      out.push({ timestamp: new Date(e.at).toISOString(), event: e.event, data: e.data });
    }
    return out;
  }

  get size(): number {
    return this.#buffer?.length ?? 0;
  }

  stats(): EventLogStats {
    const kept = this.size;
    return {
      kept,
      appended: this.#appended,
      dropped: this.#appended - kept,
      capacity: this.capacity,
    };
  }

  clear(): number {
    const had = this.size;
    this.#buffer?.clear();
    this.#appended = 0;
    return had;
  }
}
