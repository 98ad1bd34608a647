import type { Clock } from '../clock';
import { errorMessage } from '../errors';
import type { MatchKind, Trace } from '../trace';
import { EventLog, type EventLogStats, type LogEntry } from './eventLog';
import {
  assertEventName,
  eventNameProblem,
  InvalidNameError,
  patternKind,
  patternProblem,
} from './names';

/** What a listener receives besides the data: the event's name and when it was emitted. */
export interface Delivery {
  readonly event: string;
  readonly timestamp: number;
  readonly pattern: string;
}

export type Listener<T = unknown> = (data: T, delivery: Delivery) => void;

export interface SubscribeOptions {
  /** Shown in the trace and the UI; defaults to the function's name. */
  readonly name?: string;
}

export interface Subscription {
  readonly pattern: string;
  readonly name: string;
}

export interface ListenerFailure {
  readonly listener: string;
  readonly pattern: string;
  readonly error: string;
}

export interface EmitResult {
  /** the trace seq of the emit, or 0 when the trace is off */
  readonly seq: number;
  /** listeners called */
  readonly delivered: number;
  /** listeners that threw; the others still ran */
  readonly failures: readonly ListenerFailure[];
}

export interface EventBusOptions {
  readonly clock: Clock;
  readonly trace?: Trace;
  /** Entries kept in memory by `eventLog`; 0 turns logging off. Default 10,000. */
  readonly logCapacity?: number;
  /** Name of this bus in the trace. Default "bus". */
  readonly id?: string;
}

interface Entry {
  readonly listener: Listener;
  readonly pattern: string;
  readonly name: string;
  readonly match: MatchKind;
}

const NO_FAILURES: readonly ListenerFailure[] = Object.freeze([]);

interface Route {
  readonly entries: readonly Entry[];
  /** the result of an emit with no failures and no trace: the same every time, so shared */
  readonly quiet: EmitResult;
}
// distinct event names whose delivery lists are cached; past this the cache starts over,
// so a stream of unique names cannot grow memory without bound
const ROUTE_CACHE_LIMIT = 4096;

/**
 * The course's EventBus. `emit` first appends to the event log, then calls the listeners of
 * the exact event in subscription order, then the `prefix.*` listeners (longest prefix first,
 * each in subscription order), then the `*` listeners.
 *
 * Listener lists are immutable arrays replaced on every change, and each event's delivery
 * list is resolved once and cached until the subscriptions change. So a listener added or
 * removed during an emit does not change that emit's delivery list, and emit does no pattern
 * matching on its hot path.
 */
export class EventBus {
  readonly id: string;
  readonly #clock: Clock;
  readonly #trace: Trace | undefined;
  readonly #log: EventLog;
  /** pattern -> its listeners, in subscription order */
  readonly #byPattern = new Map<string, readonly Entry[]>();
  /** event name -> resolved delivery list */
  readonly #routes = new Map<string, Route>();

  constructor(options: EventBusOptions) {
    this.id = options.id ?? 'bus';
    this.#clock = options.clock;
    this.#trace = options.trace;
    this.#log = new EventLog(options.logCapacity ?? 10_000);
  }

  /**
   * Calls `listener` for every event that `pattern` matches. Returns a function that
   * unsubscribes. Subscribing the same listener to the same pattern twice is a no-op, as with
   * DOM event listeners, so a double click cannot double every delivery.
   */
  subscribe<T = unknown>(
    pattern: string,
    listener: Listener<T>,
    options: SubscribeOptions = {},
  ): () => void {
    const problem = patternProblem(pattern);
    if (problem !== undefined) throw this.#rejected('pattern', pattern, problem);
    const list = this.#byPattern.get(pattern) ?? [];
    const fn = listener as Listener;
    if (!list.some((e) => e.listener === fn)) {
      const name = options.name ?? (listener.name || 'anonymous');
      this.#byPattern.set(pattern, [
        ...list,
        { listener: fn, pattern, name, match: patternKind(pattern) },
      ]);
      this.#routes.clear();
      this.#trace?.record({ type: 'bus.subscribed', bus: this.id, listener: name, pattern });
    }
    return () => {
      this.unsubscribe(pattern, listener);
    };
  }

  /** Removes `listener` from `pattern`. Returns whether it was subscribed. */
  unsubscribe<T = unknown>(pattern: string, listener: Listener<T>): boolean {
    const list = this.#byPattern.get(pattern);
    const entry = list?.find((e) => e.listener === listener);
    if (list === undefined || entry === undefined) return false;
    const rest = list.filter((e) => e !== entry);
    if (rest.length === 0) this.#byPattern.delete(pattern);
    else this.#byPattern.set(pattern, rest);
    this.#routes.clear();
    this.#trace?.record({ type: 'bus.unsubscribed', bus: this.id, listener: entry.name, pattern });
    return true;
  }

  /**
   * Logs the event, then delivers it. A listener that throws does not stop the others: the
   * failure is recorded in the trace and returned. An invalid name throws InvalidNameError
   * and nothing is logged or delivered.
   */
  emit<T = unknown>(event: string, data?: T): EmitResult {
    let route = this.#routes.get(event);
    if (route === undefined) {
      // first emit of this name since the subscriptions changed: validate it and resolve
      const problem = eventNameProblem(event);
      if (problem !== undefined) throw this.#rejected('event name', event, problem);
      const entries = this.#resolve(event);
      route = {
        entries,
        quiet: Object.freeze({ seq: 0, delivered: entries.length, failures: NO_FAILURES }),
      };
      if (this.#routes.size >= ROUTE_CACHE_LIMIT) this.#routes.clear();
      this.#routes.set(event, route);
    }

    const timestamp = this.#clock.now();
    this.#log.append(timestamp, event, data);

    const trace = this.#trace?.active ? this.#trace : undefined;
    const seq =
      trace?.record({
        type: 'bus.emitted',
        bus: this.id,
        event,
        data,
        deliveries: route.entries.length,
      })?.seq ?? 0;

    let failures: ListenerFailure[] | undefined;
    const entries = route.entries;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as Entry;
      try {
        entry.listener(data, { event, timestamp, pattern: entry.pattern });
        trace?.record({
          type: 'bus.delivered',
          bus: this.id,
          event,
          emitSeq: seq,
          listener: entry.name,
          pattern: entry.pattern,
          match: entry.match,
        });
      } catch (thrown) {
        const error = errorMessage(thrown);
        failures ??= [];
        failures.push({ listener: entry.name, pattern: entry.pattern, error });
        trace?.record({
          type: 'bus.listener-failed',
          bus: this.id,
          event,
          emitSeq: seq,
          listener: entry.name,
          pattern: entry.pattern,
          match: entry.match,
          error,
        });
      }
    }
    if (failures === undefined && seq === 0) return route.quiet;
    return { seq, delivered: entries.length, failures: failures ?? NO_FAILURES };
  }

  /** The history, oldest first, in the course's format. Bounded by `logCapacity`. */
  get eventLog(): LogEntry[] {
    return this.#log.entries();
  }

  get logStats(): EventLogStats {
    return this.#log.stats();
  }

  clearLog(): void {
    const entries = this.#log.clear();
    this.#trace?.record({ type: 'bus.log-cleared', bus: this.id, entries });
  }

  /** Every subscription, pattern by pattern, in subscription order. */
  subscriptions(): Subscription[] {
    const out: Subscription[] = [];
    for (const [pattern, list] of this.#byPattern) {
      for (const e of list) out.push({ pattern, name: e.name });
    }
    return out;
  }

  /** Who would receive `event`, in delivery order (the UI's "why did it go there"). */
  route(event: string): Subscription[] {
    assertEventName(event);
    return this.#resolve(event).map((e) => ({ pattern: e.pattern, name: e.name }));
  }

  /** Records a refused name in the trace and returns the error to throw. */
  #rejected(kind: InvalidNameError['kind'], input: unknown, reason: string): InvalidNameError {
    this.#trace?.record({ type: 'bus.rejected', bus: this.id, input: String(input), reason });
    return new InvalidNameError(kind, String(input), reason);
  }

  #resolve(event: string): readonly Entry[] {
    const exact = this.#byPattern.get(event) ?? [];
    const prefixes: Entry[][] = [];
    // every `a.*`, `a.b.*` ... that is a proper prefix of the event, longest first
    let cut = event.lastIndexOf('.');
    while (cut > 0) {
      const list = this.#byPattern.get(`${event.slice(0, cut)}.*`);
      if (list !== undefined) prefixes.push([...list]);
      cut = event.lastIndexOf('.', cut - 1);
    }
    const all = this.#byPattern.get('*') ?? [];
    return [...exact, ...prefixes.flat(), ...all];
  }
}
