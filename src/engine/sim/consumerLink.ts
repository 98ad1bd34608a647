import type { BrokerPort } from '../../workers/types';
import type { ConsumeOptions, Delivery } from '../broker/types';
import type { Clock, TimerId } from '../clock';
import type { Trace } from '../trace';

/**
 * The broker side of a link: a port whose releaseConsumer says how many deliveries went back,
 * and which always offers the multiple ack (the Broker's `ack(tag, true)`), so the pools of
 * the labs ack a run of results with one call as the benchmark's pool does.
 */
export interface LinkedBroker
  extends Omit<BrokerPort, 'releaseConsumer' | 'ackMultiple' | 'setPrefetch'> {
  releaseConsumer(consumerTag: string): number;
  ackMultiple(deliveryTag: number): void;
  setPrefetch(consumerTag: string, prefetch: number): void;
}

/**
 * How long the broker takes to notice a silent consumer and give it up: RabbitMQ closes a
 * connection after missed heartbeats (60 s by default, too long to watch), so the simulation
 * takes the worker pool's own watchdog time.
 */
export const PARTITION_NOTICE_MS = 5000;

interface Subscription {
  /** the pool's name for it (one per worker) */
  readonly tag: string;
  readonly queue: string;
  /** a new prefetch replaces it, so a subscription made again after a partition keeps it */
  options: ConsumeOptions;
  /** its consumer tag at the broker now; undefined while it is not consuming there */
  brokerTag: string | undefined;
  /** the pool has not cancelled or released it */
  open: boolean;
}

interface Outgoing {
  /** an ack or nack: void once the broker has given the consumer up */
  readonly answer: boolean;
  readonly run: () => void;
}

/**
 * One consumer node's network link to the broker, which a fault can cut (a partition). While
 * cut, nothing crosses: deliveries wait on the broker's side of the wire and the pool's acks,
 * nacks, consumes and cancels wait on its own. The broker does not know at first; after
 * `noticeMs` it gives the consumer up, as after missed heartbeats: it releases every consumer
 * of the link, so what they held goes back to the queue redelivered, and whatever was still
 * on the wire is void. When the link heals before that, everything waiting crosses late, in
 * order; when it heals after, the consumers subscribe again under fresh tags (the old ones'
 * late deliveries stay void) and the workers go on.
 */
export class ConsumerLink {
  readonly port: BrokerPort;
  readonly #subs = new Map<string, Subscription>();
  #cut = false;
  #noticed = false;
  #notice: TimerId | undefined;
  #reconnects = 0;
  #unnamed = 0;
  #outbox: Outgoing[] = [];
  #inbox: (() => void)[] = [];
  /** delivery tags handed to the pool and not yet answered, with the subscription they came on */
  #outstanding = new Map<number, Subscription>();
  /** delivery tags the broker took back when it gave the consumer up: their answers are dropped */
  #void = new Map<number, Subscription>();

  constructor(
    private readonly consumer: string,
    private readonly broker: LinkedBroker,
    private readonly clock: Clock,
    private readonly trace: Trace,
  ) {
    this.port = {
      consume: (queue, options) => this.#consume(queue, options),
      cancel: (tag) => this.#send(false, () => this.#cancel(tag)),
      releaseConsumer: (tag) => this.#send(false, () => this.#release(tag)),
      ack: (tag) => this.#answer(tag, () => broker.ack(tag)),
      ackMultiple: (tag) => this.#answerUpTo(tag, () => broker.ackMultiple(tag)),
      nack: (tag, options) => this.#answer(tag, () => broker.nack(tag, options)),
      setPrefetch: (tag, prefetch) => this.#setPrefetch(tag, prefetch),
    };
  }

  /** basic.qos crosses the link like any other command (it waits while the link is cut). */
  #setPrefetch(tag: string, prefetch: number): void {
    const sub = this.#subs.get(tag);
    if (sub === undefined || !sub.open) return;
    sub.options = { ...sub.options, prefetch };
    this.#send(false, () => {
      if (sub.brokerTag !== undefined) this.broker.setPrefetch(sub.brokerTag, prefetch);
    });
  }

  get partitioned(): boolean {
    return this.#cut;
  }

  /** Cuts the link; the broker gives the consumer up after `noticeMs` unless it heals first. */
  cut(noticeMs = PARTITION_NOTICE_MS): void {
    if (!(Number.isFinite(noticeMs) && noticeMs >= 0)) {
      throw new RangeError(`noticeMs must be a number >= 0, got ${noticeMs}`);
    }
    if (this.#cut) return;
    this.#cut = true;
    this.#noticed = false;
    this.trace.record({ type: 'fault.partition-started', consumer: this.consumer, noticeMs });
    this.#notice = this.clock.setTimeout(() => this.#giveUp(), noticeMs);
  }

  heal(): void {
    if (!this.#cut) return;
    this.#cut = false;
    if (this.#notice !== undefined) this.clock.clearTimeout(this.#notice);
    this.#notice = undefined;
    const noticed = this.#noticed;
    this.trace.record({ type: 'fault.partition-healed', consumer: this.consumer, noticed });
    const outbox = this.#outbox;
    const inbox = this.#inbox;
    this.#outbox = [];
    this.#inbox = [];
    if (noticed) this.#reconnects++;
    for (const out of outbox) out.run();
    // after a notice, every open subscription lost its consumer at the broker: subscribe again
    if (noticed) for (const sub of this.#subs.values()) this.#connect(sub);
    for (const deliver of inbox) deliver();
  }

  /** The broker's heartbeat timeout: it closes the connection and takes back what it held. */
  #giveUp(): void {
    this.#notice = undefined;
    this.#noticed = true;
    let released = 0;
    for (const sub of this.#subs.values()) {
      if (sub.brokerTag === undefined) continue;
      released += this.broker.releaseConsumer(sub.brokerTag);
      sub.brokerTag = undefined;
    }
    this.#inbox = [];
    this.#outbox = this.#outbox.filter((out) => !out.answer);
    this.#void = this.#outstanding;
    this.#outstanding = new Map();
    this.trace.record({ type: 'fault.partition-noticed', consumer: this.consumer, released });
  }

  #send(answer: boolean, run: () => void): void {
    if (this.#cut) this.#outbox.push({ answer, run });
    else run();
  }

  #answer(tag: number, run: () => void): void {
    this.#outstanding.delete(tag);
    // an answer for a delivery the broker already took back: the channel it was on is gone
    if (this.#void.delete(tag)) return;
    this.#send(true, run);
  }

  /**
   * A multiple ack: it answers every delivery of the same subscription up to `tag` (the pool
   * sends one only for a run of its worker's oldest deliveries). The ones the broker took back
   * are dropped from the run; the rest go as one multiple ack, which the broker applies to
   * the consumer `tag` was delivered on (a run may begin with void tags of the consumer before
   * a reconnect: those are older, so never acked by it).
   */
  #answerUpTo(tag: number, run: () => void): void {
    const sub = this.#outstanding.get(tag) ?? this.#void.get(tag);
    const live = !this.#void.has(tag);
    for (const answered of [this.#outstanding, this.#void]) {
      for (const [t, s] of answered) if (t <= tag && s === sub) answered.delete(t);
    }
    if (live) this.#send(true, run);
  }

  #consume(queue: string, options: ConsumeOptions): string {
    // the pool names its consumers (one tag per worker); the link keeps that name towards it
    const tag = options.consumerTag ?? `${this.consumer}:c${++this.#unnamed}`;
    const sub: Subscription = { tag, queue, options, brokerTag: undefined, open: true };
    this.#subs.set(tag, sub);
    const subscribe = () => this.#connect(sub);
    if (this.#cut) this.#outbox.push({ answer: false, run: subscribe });
    else subscribe();
    return tag;
  }

  #connect(sub: Subscription): void {
    if (!sub.open || sub.brokerTag !== undefined) return;
    const { tag } = sub;
    // a fresh tag after a reconnect: the broker's old consumer is gone, and deliveries still
    // on their way to it must stay void
    const brokerTag = this.#reconnects === 0 ? tag : `${tag}~${this.#reconnects}`;
    sub.brokerTag = this.broker.consume(sub.queue, {
      ...sub.options,
      consumerTag: brokerTag,
      onDelivery: (delivery) => this.#deliver(sub, delivery),
    });
  }

  #deliver(sub: Subscription, delivery: Delivery): void {
    const hand = () => {
      this.#outstanding.set(delivery.deliveryTag, sub);
      sub.options.onDelivery(delivery);
    };
    if (this.#cut) this.#inbox.push(hand);
    else hand();
  }

  #cancel(tag: string): void {
    const sub = this.#subs.get(tag);
    if (sub === undefined) return;
    sub.open = false;
    if (sub.brokerTag !== undefined) this.broker.cancel(sub.brokerTag);
  }

  #release(tag: string): void {
    const sub = this.#subs.get(tag);
    if (sub === undefined) return;
    sub.open = false;
    this.#subs.delete(tag);
    if (sub.brokerTag !== undefined) this.broker.releaseConsumer(sub.brokerTag);
  }
}
