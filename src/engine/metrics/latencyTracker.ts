import Denque from 'denque';
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
 * or emits at t; several arriving at once are taken in the order they were sent. Every hop
 * takes the same `hopMs`, so what is sent to one place arrives there in the order it was
 * sent: a queue per place, no search. Memory is bounded: at most `maxTracked` messages,
 * emits and sends on their way to each place are followed, the oldest dropped first.
 */
export class LatencyTracker {
  /** bus or exchange -> sends on their way to it, in the order they arrive */
  readonly #arriving = new Map<string, Denque<{ arrivesAt: number; sentAt: number }>>();
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
    for (const on of this.#arriving.values()) arriving += on.length;
    return arriving + this.#messages.size + this.#emits.size;
  }

  observe(e: TraceEvent): void {
    switch (e.type) {
      case 'message.sent':
        if (this.entries.has(e.to)) {
          let on = this.#arriving.get(e.to);
          if (on === undefined) {
            on = new Denque();
            this.#arriving.set(e.to, on);
          }
          if (on.length >= this.maxTracked) on.shift();
          on.push({ arrivesAt: e.arrivesAt, sentAt: e.at });
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
    const on = this.#arriving.get(target);
    if (on === undefined) return now;
    // sends that should have arrived by now and did not publish (never: but not to leak)
    while ((on.peekFront()?.arrivesAt ?? now) < now) on.shift();
    const next = on.peekFront();
    if (next === undefined || next.arrivesAt !== now) return now;
    on.shift();
    return next.sentAt;
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
