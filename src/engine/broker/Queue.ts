import Denque from 'denque';
import type { TimerId } from '../clock';
import type { ConsumerState } from './Consumer';
import { type BindingEntry, type Route, routeOf } from './route';
import type { Message, QueueOptions, QueueStats, ReadyMessage } from './types';

/** A message in one queue: a message routed to two queues has an entry in each. */
export interface QueuedMessage {
  readonly message: Message;
  /** enqueue order across the broker: requeued messages go back in this order */
  readonly seq: number;
  readonly enqueuedAt: number;
  /** Infinity when it has no TTL here */
  readonly expiresAt: number;
  deliveryCount: number;
}

/**
 * A queue: ready messages in FIFO order, and the consumers that have room for another
 * delivery in a round-robin ring (a consumer leaves the ring when it reaches its prefetch and
 * rejoins at the back when an ack frees room), so picking a consumer never scans them all.
 */
export class Queue {
  readonly ready = new Denque<QueuedMessage>();
  readonly #ring = new Denque<ConsumerState>();
  /** the default exchange's implicit binding: routing key = queue name */
  readonly selfRoute: Route;
  readonly bindings = new Set<BindingEntry>();
  consumers = 0;
  unacked = 0;
  deleted = false;
  /** waits in the broker's dispatch list */
  dirty = false;
  /** a message joined since maxLength was last enforced */
  overflowPending = false;
  /** the head-of-queue TTL timer and when it fires */
  ttlTimer: TimerId | undefined;
  ttlDue = Number.POSITIVE_INFINITY;
  /** the `expires` timer, armed while the queue has no consumers */
  idleTimer: TimerId | undefined;
  readonly counters = {
    published: 0,
    delivered: 0,
    acked: 0,
    requeued: 0,
    deadLettered: 0,
    refused: 0,
  };

  constructor(
    readonly name: string,
    /** replaced as a whole by a policy (Broker.setQueuePolicy), never changed in place */
    public options: QueueOptions,
  ) {
    this.selfRoute = routeOf([
      { binding: { exchange: '', queue: name, bindingKey: name, args: undefined }, queue: this },
    ]);
  }

  /** The TTL a message gets here: the shorter of its own and the queue's. */
  ttlOf(message: Message): number | undefined {
    const own = message.expiration;
    const queue = this.options.messageTtl;
    if (queue === undefined) return own;
    return own === undefined ? queue : Math.min(own, queue);
  }

  /** At maxLength: only ready messages count, as in RabbitMQ. */
  get isFull(): boolean {
    const max = this.options.maxLength;
    return max !== undefined && this.ready.length >= max;
  }

  /** The next consumer in round-robin order that can take a delivery. */
  takeConsumer(): ConsumerState | undefined {
    for (;;) {
      const consumer = this.#ring.shift();
      if (consumer === undefined) return undefined;
      consumer.inRing = false;
      // a cancelled consumer is left in the ring and skipped here
      if (consumer.active && consumer.hasCapacity) return consumer;
    }
  }

  /** Puts a consumer with room at the back of the ring (no-op when it is there). */
  offerConsumer(consumer: ConsumerState): void {
    if (consumer.inRing || !consumer.active || !consumer.hasCapacity) return;
    consumer.inRing = true;
    this.#ring.push(consumer);
  }

  /** Puts returned messages back at the head, in the order they first entered. */
  returnToHead(entries: QueuedMessage[]): void {
    entries.sort((a, b) => a.seq - b.seq);
    for (let i = entries.length - 1; i >= 0; i--) this.ready.unshift(entries[i] as QueuedMessage);
  }

  stats(): QueueStats {
    return {
      name: this.name,
      ready: this.ready.length,
      unacked: this.unacked,
      consumers: this.consumers,
      ...this.counters,
    };
  }

  peek(limit: number): ReadyMessage[] {
    const out: ReadyMessage[] = [];
    const n = Math.min(limit, this.ready.length);
    for (let i = 0; i < n; i++) {
      const e = this.ready.peekAt(i) as QueuedMessage;
      out.push({
        message: e.message,
        deliveryCount: e.deliveryCount,
        redelivered: e.deliveryCount > 0,
        enqueuedAt: e.enqueuedAt,
        expiresAt: Number.isFinite(e.expiresAt) ? e.expiresAt : undefined,
      });
    }
    return out;
  }
}
