import type { TraceEvent } from '../trace';

/** Messages followed at once by default; past it the oldest are forgotten (no sample). */
export const MAX_TRACKED = 50_000;

/**
 * End-to-end latency from the trace: from the moment a message is sent towards a bus or an
 * exchange (a producer's send, an endpoint passing a webhook on) to each of its acks, or for
 * a bus to each landing at a listener (the delivery's hop after the emit). A message routed
 * to two queues gives two samples, one per ack.
 *
 * The send and the broker's message are different ids (the hop has its own), so they are
 * joined by place and time: a message sent to `x` arriving at time t is the one `x` publishes
 * or emits at t; several arriving at once are taken in the order they were sent. Memory is
 * bounded: at most `maxTracked` messages and emits are followed, the oldest dropped first.
 */
export class LatencyTracker {
  /** `${target}\u0000${arrivesAt}` -> send times, in order */
  readonly #arriving = new Map<string, number[]>();
  /** broker message id -> when it was sent, and its copies in queues not yet settled */
  readonly #messages = new Map<string, { sentAt: number; copies: number }>();
  /** bus emit seq -> when it was sent, and its deliveries still to come */
  readonly #emits = new Map<number, { sentAt: number; left: number }>();

  constructor(
    /** the buses and exchanges: where a send starts the clock */
    private readonly entries: ReadonlySet<string>,
    private readonly hopMs: number,
    private readonly sample: (at: number, latencyMs: number) => void,
    private readonly maxTracked = MAX_TRACKED,
  ) {}

  /** entries held now, for the bounded-memory check */
  get tracked(): number {
    let arriving = 0;
    for (const times of this.#arriving.values()) arriving += times.length;
    return arriving + this.#messages.size + this.#emits.size;
  }

  observe(e: TraceEvent): void {
    switch (e.type) {
      case 'message.sent':
        if (this.entries.has(e.to)) {
          const key = `${e.to}\u0000${e.arrivesAt}`;
          const times = this.#arriving.get(key);
          if (times === undefined) this.#keep(this.#arriving, key, [e.at]);
          else times.push(e.at);
        }
        return;
      case 'broker.published':
        this.#keep(this.#messages, e.messageId, {
          sentAt: this.#sentAt(e.exchange, e.at),
          copies: 0,
        });
        return;
      case 'broker.enqueued': {
        const m = this.#messages.get(e.messageId);
        if (m !== undefined) m.copies++;
        return;
      }
      case 'broker.acked': {
        const m = this.#messages.get(e.messageId);
        if (m === undefined) return;
        this.sample(e.at, e.at - m.sentAt);
        this.#settle(e.messageId, m);
        return;
      }
      case 'broker.unroutable':
        this.#messages.delete(e.messageId);
        return;
      case 'broker.dead-lettered':
      case 'broker.dropped': {
        const m = this.#messages.get(e.messageId);
        if (m !== undefined) this.#settle(e.messageId, m);
        return;
      }
      case 'bus.emitted':
        if (e.deliveries > 0) {
          this.#keep(this.#emits, e.seq, { sentAt: this.#sentAt(e.bus, e.at), left: e.deliveries });
        }
        return;
      case 'bus.delivered':
      case 'bus.listener-failed': {
        const emit = this.#emits.get(e.emitSeq);
        if (emit === undefined) return;
        // it counts when it lands: one hop after the bus called the listener
        if (e.type === 'bus.delivered') this.sample(e.at, e.at + this.hopMs - emit.sentAt);
        if (--emit.left <= 0) this.#emits.delete(e.emitSeq);
        return;
      }
      default:
        return;
    }
  }

  /** When the message arriving at `target` now was sent; now, if it was not sent (moved back). */
  #sentAt(target: string, now: number): number {
    const key = `${target}\u0000${now}`;
    const times = this.#arriving.get(key);
    const sentAt = times?.shift();
    if (times !== undefined && times.length === 0) this.#arriving.delete(key);
    return sentAt ?? now;
  }

  #keep<K, V>(map: Map<K, V>, key: K, value: V): void {
    if (map.size >= this.maxTracked) {
      // Maps iterate in insertion order: the first key is the oldest
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
    map.set(key, value);
  }

  // forgotten once no copy is left in a queue; a dead letter is a failure, not a latency
  #settle(id: string, m: { copies: number }): void {
    if (--m.copies <= 0) this.#messages.delete(id);
  }
}
