import Denque from 'denque';
import type { ConsumeOptions, Delivery } from '../../engine/broker/types';
import type { BrokerPort } from '../types';

interface Stored {
  readonly id: string;
  readonly queue: string;
  readonly routingKey: string;
  readonly body: unknown;
  deliveries: number;
}

interface Consumer {
  readonly tag: string;
  readonly queue: string;
  readonly prefetch: number;
  readonly onDelivery: (delivery: Delivery) => void;
  active: boolean;
  unacked: number;
}

/**
 * The smallest broker the pool can run against, for tests: queues with round-robin
 * consumers, prefetch, ack, nack with or without requeue, cancel, and releaseConsumer
 * returning a consumer's unacked deliveries with redelivered=true. It records what a test
 * checks: acks per message, dead (nacked without requeue) messages, and every misuse (an
 * ack of a tag that is not outstanding) instead of throwing it inside the pool.
 */
export class FakeBroker implements BrokerPort {
  readonly #ready = new Map<string, Denque<Stored>>();
  readonly #unacked = new Map<number, { message: Stored; consumer: Consumer }>();
  readonly #consumers = new Map<string, Consumer>();
  #nextTag = 1;
  #nextConsumer = 1;
  #dispatching = false;
  /** message id -> how many times it was acked */
  readonly acks = new Map<string, number>();
  readonly dead: string[] = [];
  readonly deliveries: Delivery[] = [];
  readonly misuse: string[] = [];
  /** the most unacked deliveries any consumer held at once */
  maxUnacked = 0;

  publish(queue: string, body: unknown, id: string, routingKey = queue): void {
    this.#queue(queue).push({ id, queue, routingKey, body, deliveries: 0 });
    this.#dispatch();
  }

  consume(queue: string, options: ConsumeOptions): string {
    const tag = options.consumerTag ?? `ctag-${this.#nextConsumer++}`;
    if (this.#consumers.has(tag)) throw new Error(`consumer tag ${tag} is in use`);
    this.#queue(queue);
    this.#consumers.set(tag, {
      tag,
      queue,
      prefetch: options.prefetch,
      onDelivery: options.onDelivery,
      active: true,
      unacked: 0,
    });
    this.#dispatch();
    return tag;
  }

  cancel(consumerTag: string): void {
    const consumer = this.#consumers.get(consumerTag);
    if (consumer !== undefined) consumer.active = false;
  }

  ack(deliveryTag: number): void {
    const entry = this.#settle(deliveryTag, 'ack');
    if (entry === undefined) return;
    this.acks.set(entry.message.id, (this.acks.get(entry.message.id) ?? 0) + 1);
    this.#dispatch();
  }

  nack(deliveryTag: number, options: { readonly requeue: boolean }): void {
    const entry = this.#settle(deliveryTag, 'nack');
    if (entry === undefined) return;
    if (options.requeue) this.#queue(entry.message.queue).unshift(entry.message);
    else this.dead.push(entry.message.id);
    this.#dispatch();
  }

  releaseConsumer(consumerTag: string): void {
    const consumer = this.#consumers.get(consumerTag);
    if (consumer === undefined) return;
    this.#consumers.delete(consumerTag);
    // back to the head of the queue in their original order, as RabbitMQ requeues them
    const held = [...this.#unacked].filter(([, e]) => e.consumer === consumer);
    for (const [tag, entry] of held.reverse()) {
      this.#unacked.delete(tag);
      this.#queue(consumer.queue).unshift(entry.message);
    }
    this.#dispatch();
  }

  /** Ready messages plus unacked ones. */
  depth(queue: string): { ready: number; unacked: number } {
    const unacked = [...this.#unacked.values()].filter((e) => e.message.queue === queue).length;
    return { ready: this.#queue(queue).length, unacked };
  }

  #queue(name: string): Denque<Stored> {
    let queue = this.#ready.get(name);
    if (queue === undefined) {
      queue = new Denque();
      this.#ready.set(name, queue);
    }
    return queue;
  }

  #settle(deliveryTag: number, what: string) {
    const entry = this.#unacked.get(deliveryTag);
    if (entry === undefined) {
      this.misuse.push(`${what} of delivery tag ${deliveryTag}, which is not outstanding`);
      return undefined;
    }
    this.#unacked.delete(deliveryTag);
    entry.consumer.unacked--;
    return entry;
  }

  /** Hands ready messages to consumers with room, round robin. */
  #dispatch(): void {
    if (this.#dispatching) return;
    this.#dispatching = true;
    try {
      for (let moved = true; moved; ) {
        moved = false;
        for (const consumer of [...this.#consumers.values()]) {
          if (!consumer.active || !this.#consumers.has(consumer.tag)) continue;
          if (consumer.prefetch > 0 && consumer.unacked >= consumer.prefetch) continue;
          const message = this.#queue(consumer.queue).shift();
          if (message === undefined) continue;
          this.#deliver(consumer, message);
          moved = true;
        }
      }
    } finally {
      this.#dispatching = false;
    }
  }

  #deliver(consumer: Consumer, message: Stored): void {
    const deliveryTag = this.#nextTag++;
    message.deliveries++;
    this.#unacked.set(deliveryTag, { message, consumer });
    consumer.unacked++;
    this.maxUnacked = Math.max(this.maxUnacked, consumer.unacked);
    const delivery: Delivery = {
      deliveryTag,
      consumerTag: consumer.tag,
      queue: consumer.queue,
      message: {
        id: message.id,
        exchange: '',
        routingKey: message.routingKey,
        body: message.body,
        headers: {},
        publishedAt: 0,
        expiration: undefined,
        deaths: [],
      },
      redelivered: message.deliveries > 1,
      deliveryCount: message.deliveries,
    };
    this.deliveries.push(delivery);
    consumer.onDelivery(delivery);
  }
}
