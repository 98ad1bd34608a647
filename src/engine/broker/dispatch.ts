import Denque from 'denque';
import type { TimerId } from '../clock';
import { errorMessage } from '../errors';
import type { ConsumerState, InFlight } from './Consumer';
import type { BrokerContext } from './context';
import type { Queue, QueuedMessage } from './Queue';
import { type Router, refusesAtMax } from './router';
import type { Delivery } from './types';

/**
 * Moves messages from queues to consumers. Queues with something to do are marked dirty and
 * drained in order; a command issued from inside onDelivery (an ack, say) only marks its
 * queue, and the running drain picks it up, so deliveries never nest.
 */
export class Dispatcher {
  /** queues with something to dispatch, each once */
  readonly #dirty = new Denque<Queue>();
  #draining = false;
  #deferred: TimerId | undefined;
  #deliveryTag = 0;

  constructor(
    private readonly ctx: BrokerContext,
    private readonly router: Router,
    /** deliveries one drain makes before it lets the clock turn */
    private readonly maxSync: number,
    /** a consumer whose onDelivery threw: its channel is dead */
    private readonly onConsumerFailed: (consumer: ConsumerState) => void,
  ) {}

  markDirty(queue: Queue): void {
    if (queue.dirty || queue.deleted) return;
    queue.dirty = true;
    this.#dirty.push(queue);
  }

  /** Dispatches every dirty queue. A no-op when called from inside a drain. */
  drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    let budget = this.maxSync;
    try {
      for (;;) {
        const queue = this.#dirty.shift();
        if (queue === undefined) break;
        queue.dirty = false;
        if (queue.deleted) continue;
        budget = this.#dispatch(queue, budget);
        if (budget < 0) {
          this.markDirty(queue);
          this.#defer();
          break;
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  /**
   * A consumer that nacks with requeue inside onDelivery would spin for ever in a
   * synchronous engine: past the budget, the rest waits for the next clock millisecond.
   */
  #defer(): void {
    if (this.#deferred !== undefined) return;
    const { ctx } = this;
    ctx.tracing?.record({
      type: 'broker.dispatch-deferred',
      broker: ctx.id,
      deliveries: this.maxSync,
    });
    // 1 ms, not 0: a simulated clock fires timers due "now" within the same advance, so a
    // 0 ms turn would loop inside advance(0) as the synchronous drain did
    this.#deferred = ctx.clock.setTimeout(() => {
      this.#deferred = undefined;
      this.drain();
    }, 1);
  }

  /**
   * Delivers from the head while a consumer has room. Returns the budget left, or -1 when it
   * ran out with a message still waiting.
   */
  #dispatch(queue: Queue, budget: number): number {
    const { ready } = queue;
    let left = budget;
    for (;;) {
      const head = ready.peekFront();
      if (head === undefined) break;
      // past its TTL: never delivered. A TTL of 0 may still go to a waiting consumer in the
      // instant it arrives, as RabbitMQ's "deliver immediately or expire". Only a message
      // with a TTL reads the clock: most have none, and the read is a real cost per message.
      if (head.expiresAt !== Number.POSITIVE_INFINITY) {
        const now = this.ctx.clock.now();
        if (head.expiresAt <= now && head.enqueuedAt < now) {
          ready.shift();
          this.#expire(queue, head);
          continue;
        }
      }
      if (left <= 0) return -1;
      const consumer = queue.takeConsumer();
      if (consumer === undefined) break;
      ready.shift();
      left--;
      this.#deliver(consumer, head);
      if (queue.deleted) return left;
      queue.offerConsumer(consumer);
    }
    if (queue.overflowPending) this.#dropHead(queue);
    this.#sweepExpired(queue);
    this.#armTtl(queue);
    return left;
  }

  #deliver(consumer: ConsumerState, entry: QueuedMessage): void {
    const { ctx } = this;
    const queue = consumer.queue;
    const deliveryTag = ++this.#deliveryTag;
    entry.deliveryCount++;
    const delivery: Delivery = {
      deliveryTag,
      consumerTag: consumer.tag,
      queue: queue.name,
      message: entry.message,
      redelivered: entry.deliveryCount > 1,
      deliveryCount: entry.deliveryCount,
    };
    const f: InFlight = { delivery, consumer, entry, settled: false };
    consumer.unacked.add(f);
    ctx.inFlight.add(f);
    queue.unacked++;
    queue.counters.delivered++;
    const trace = ctx.tracing;
    trace?.record({
      type: 'broker.delivered',
      ...ctx.about(f),
      redelivered: delivery.redelivered,
      deliveryCount: delivery.deliveryCount,
    });
    try {
      consumer.onDelivery(delivery);
    } catch (thrown) {
      // a consumer that throws is a dead channel: what it holds goes back, nothing hangs
      trace?.record({
        type: 'broker.consumer-failed',
        broker: ctx.id,
        queue: queue.name,
        consumerTag: consumer.tag,
        deliveryTag,
        error: errorMessage(thrown),
      });
      if (ctx.consumers.get(consumer.tag) === consumer) this.onConsumerFailed(consumer);
    }
  }

  /** maxLength with drop-head: the oldest ready messages make room, dead-lettered `maxlen`. */
  #dropHead(queue: Queue): void {
    queue.overflowPending = false;
    const max = queue.options.maxLength;
    if (max === undefined || refusesAtMax(queue)) return;
    while (queue.ready.length > max) {
      const head = queue.ready.shift() as QueuedMessage;
      this.router.deadLetter(queue, head.message, 'maxlen');
    }
  }

  /** Expires what is due at the head, TTL-0 arrivals no consumer took included. */
  #sweepExpired(queue: Queue): void {
    let now: number | undefined;
    for (;;) {
      const head = queue.ready.peekFront();
      if (head === undefined || head.expiresAt === Number.POSITIVE_INFINITY) return;
      now ??= this.ctx.clock.now();
      if (head.expiresAt > now) return;
      queue.ready.shift();
      this.#expire(queue, head);
    }
  }

  #expire(queue: Queue, entry: QueuedMessage): void {
    this.ctx.tracing?.record({
      type: 'broker.expired',
      ...this.ctx.at(queue, entry.message),
      expiresAt: entry.expiresAt,
    });
    this.router.deadLetter(queue, entry.message, 'expired');
  }

  /**
   * One timer per queue, for its head's expiry, moved only when the head would expire
   * sooner: a queue with a TTL does not set a timer per message.
   */
  #armTtl(queue: Queue): void {
    const { clock } = this.ctx;
    const due = queue.ready.peekFront()?.expiresAt ?? Number.POSITIVE_INFINITY;
    if (due >= queue.ttlDue) return;
    if (queue.ttlTimer !== undefined) clock.clearTimeout(queue.ttlTimer);
    queue.ttlDue = due;
    queue.ttlTimer = clock.setTimeout(() => {
      queue.ttlTimer = undefined;
      queue.ttlDue = Number.POSITIVE_INFINITY;
      this.markDirty(queue);
      this.drain();
    }, due - clock.now());
  }
}
