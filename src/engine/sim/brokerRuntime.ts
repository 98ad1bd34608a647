import { createWorkerPool, type WorkerPool, type WorkerStats } from '../../workers/pool';
import type { HandlerKind, HandlerSpec, WorkerLike } from '../../workers/types';
import { Broker } from '../broker';
import type { Delivery, ExchangeType, Headers } from '../broker/types';
import type { SimulatedClock } from '../clock';
import type { ConsumerNode, Scenario, ScenarioBinding } from '../scenario';
import type { Trace, TraceEvent } from '../trace';
import { ConsumerLink, type LinkedBroker } from './consumerLink';
import { queueOptions } from './liveEdit';

export interface ExchangeState {
  readonly type: ExchangeType;
  readonly published: number;
  readonly unroutable: number;
}

export interface QueueState {
  readonly ready: number;
  readonly unacked: number;
  readonly consumers: number;
  readonly acked: number;
  readonly deadLettered: number;
  /** messages that joined the queue (grows: the node pulses on it) */
  readonly enqueued: number;
  /** some other queue dead-letters into an exchange bound to this one */
  readonly deadLetter: boolean;
}

export interface ConsumerState {
  readonly handler: HandlerSpec;
  readonly desired: number;
  readonly prefetch: number;
  readonly workers: readonly WorkerStats[];
  readonly acked: number;
  readonly nacked: number;
  readonly failedWorkers: number;
  readonly lastOutput: string | undefined;
  /** cut off from the broker by a partition */
  readonly partitioned: boolean;
}

/** The handler a consumer gets when a person picks a kind from the list. */
export const DEFAULT_HANDLERS: Record<HandlerKind, HandlerSpec> = {
  email: { kind: 'email' },
  sms: { kind: 'sms' },
  analytics: { kind: 'analytics' },
  slow: { kind: 'slow', ms: 1500 },
  flaky: { kind: 'flaky', failureRate: 0.3 },
  poison: { kind: 'poison', when: { field: 'poison', equals: true } },
  custom: { kind: 'custom', source: "return 'handled ' + message.routingKey;" },
  log: { kind: 'log' },
  listeners: {
    kind: 'listeners',
    listeners: [
      { name: 'email_sender', handler: { kind: 'email' } },
      { name: 'logger', handler: { kind: 'log' } },
      { name: 'analytics', handler: { kind: 'analytics' } },
    ],
  },
};

// entries kept while a message waits to be delivered from a queue, to time its next hop
const LANDINGS_KEPT = 20_000;

/**
 * The broker part of a running scenario: one Broker with the scenario's exchanges, queues and
 * bindings, and one worker pool per consumer node. Every hop a message makes takes `hopMs`
 * of simulated time, so the picture can follow it edge by edge: the Simulation publishes when
 * a message reaches its exchange, and a delivery reaches its worker one hop after it leaves
 * the queue (and never before the message has landed in that queue).
 */
export class BrokerRuntime {
  readonly broker: Broker;
  readonly #pools = new Map<string, WorkerPool>();
  /** each running consumer's link to the broker, which a partition cuts */
  readonly #links = new Map<string, ConsumerLink>();
  readonly #consumers = new Map<string, ConsumerNode>();
  readonly #handlers = new Map<string, HandlerSpec>();
  readonly #exchangeTypes = new Map<string, ExchangeType>();
  readonly #counts = new Map<string, { published: number; unroutable: number; enqueued: number }>();
  readonly #outputs = new Map<string, string>();
  /** `${queue}\u0000${messageId}` -> when the message lands in that queue */
  readonly #landings = new Map<string, number>();
  /** consumer tags released or cancelled: their delayed deliveries are void */
  readonly #gone = new Set<string>();
  readonly #bindings: ScenarioBinding[];
  /** queues bound to some queue's dead-letter exchange; a rebind changes keys, not these */
  readonly #deadLetterQueues: ReadonlySet<string>;

  constructor(
    private readonly scenario: Scenario,
    private readonly clock: SimulatedClock,
    private readonly trace: Trace,
    private readonly hopMs: number,
    spawn: (() => WorkerLike) | undefined,
  ) {
    this.broker = new Broker({ clock, trace, id: 'broker' });
    this.#bindings = [...scenario.bindings];
    const deadLetterExchanges = new Set(
      scenario.nodes.flatMap((n) =>
        n.kind === 'queue' && n.deadLetterExchange ? [n.deadLetterExchange] : [],
      ),
    );
    this.#deadLetterQueues = new Set(
      this.#bindings.filter((b) => deadLetterExchanges.has(b.exchange)).map((b) => b.queue),
    );
    trace.subscribe((e) => this.#observe(e));
    for (const node of scenario.nodes) {
      if (node.kind === 'exchange') {
        this.#exchangeTypes.set(node.id, node.exchangeType);
        this.broker.declareExchange(node.id, node.exchangeType);
      }
    }
    for (const node of scenario.nodes) {
      if (node.kind !== 'queue') continue;
      this.broker.declareQueue(node.id, queueOptions(node));
    }
    for (const b of this.#bindings) this.broker.bind(b.queue, b.exchange, b.key, b.args);
    for (const node of scenario.nodes) {
      if (node.kind !== 'consumer') continue;
      this.#consumers.set(node.id, node);
      this.#handlers.set(node.id, node.handler);
      if (spawn === undefined) continue;
      const link = new ConsumerLink(node.id, this.#delayedPort(node.id), clock, trace);
      this.#links.set(node.id, link);
      this.#pools.set(
        node.id,
        createWorkerPool({
          broker: link.port,
          queue: node.queue,
          name: node.id,
          handler: node.handler,
          spawn,
          clock,
          trace,
          size: node.workers,
          prefetch: node.prefetch,
          seed: scenario.settings.seed,
          timeScale: clock.speed,
        }),
      );
    }
  }

  isExchange(id: string): boolean {
    return this.#exchangeTypes.has(id);
  }

  publish(
    exchange: string,
    routingKey: string,
    body: unknown,
    headers: Headers | undefined,
    messageId?: string,
  ): void {
    this.broker.publish(exchange, routingKey, body, {
      ...(headers !== undefined ? { headers } : {}),
      ...(messageId !== undefined ? { messageId } : {}),
    });
  }

  setExchangeType(exchange: string, type: ExchangeType): void {
    if (this.#exchangeTypes.get(exchange) === type) return;
    // AMQP cannot change an exchange's type: delete it and declare it again, bindings and all
    this.broker.deleteExchange(exchange);
    this.broker.declareExchange(exchange, type);
    this.#exchangeTypes.set(exchange, type);
    for (const b of this.#bindings)
      if (b.exchange === exchange) this.broker.bind(b.queue, b.exchange, b.key, b.args);
  }

  setBindingKey(bindingId: string, key: string): void {
    const index = this.#bindings.findIndex((b) => b.id === bindingId);
    const old = this.#bindings[index];
    if (old === undefined) throw new Error(`No binding "${bindingId}"`);
    this.broker.unbind(old.queue, old.exchange, old.key, old.args);
    const next = { ...old, key };
    this.broker.bind(next.queue, next.exchange, next.key, next.args);
    this.#bindings[index] = next;
  }

  /** Each binding's key as it is now (a person may have edited it). */
  bindingKeys(): Record<string, string> {
    return Object.fromEntries(this.#bindings.map((b) => [b.id, b.key]));
  }

  setHandler(consumerId: string, kind: HandlerKind): void {
    this.setHandlerSpec(consumerId, DEFAULT_HANDLERS[kind]);
  }

  setHandlerSpec(consumerId: string, spec: HandlerSpec): void {
    this.#handlers.set(consumerId, spec);
    this.#pools.get(consumerId)?.setHandler(spec);
  }

  /** basic.qos for every worker of a consumer, the ones started later included. */
  setPrefetch(consumerId: string, prefetch: number): void {
    const node = this.#consumers.get(consumerId);
    if (node === undefined) throw new Error(`No running consumer "${consumerId}"`);
    // the pool refuses a bad value first: nothing is recorded then
    this.#pools.get(consumerId)?.setPrefetch(prefetch);
    this.#consumers.set(consumerId, { ...node, prefetch });
  }

  scale(consumerId: string, size: number): void {
    this.#pool(consumerId).scale(size);
  }

  kill(consumerId: string, workerId: string): boolean {
    return this.#pool(consumerId).kill(workerId);
  }

  /** Cuts a consumer off from the broker (see ConsumerLink). */
  partition(consumerId: string, noticeMs?: number): void {
    this.#link(consumerId).cut(noticeMs);
  }

  heal(consumerId: string): void {
    this.#link(consumerId).heal();
  }

  #link(consumerId: string): ConsumerLink {
    const link = this.#links.get(consumerId);
    if (link === undefined) throw new Error(`No running consumer "${consumerId}"`);
    return link;
  }

  setTimeScale(scale: number): void {
    for (const pool of this.#pools.values()) pool.setTimeScale(scale);
  }

  /** Moves every ready message of a dead-letter queue back to where it died. */
  moveBack(queue: string): number {
    return this.broker.moveMessages(queue);
  }

  exchanges(): Record<string, ExchangeState> {
    const out: Record<string, ExchangeState> = {};
    for (const [id, type] of this.#exchangeTypes) {
      const c = this.#counts.get(id);
      out[id] = { type, published: c?.published ?? 0, unroutable: c?.unroutable ?? 0 };
    }
    return out;
  }

  queues(): Record<string, QueueState> {
    const out: Record<string, QueueState> = {};
    for (const node of this.scenario.nodes) {
      if (node.kind !== 'queue') continue;
      const s = this.broker.queueStats(node.id);
      out[node.id] = {
        ready: s.ready,
        unacked: s.unacked,
        consumers: s.consumers,
        acked: s.acked,
        deadLettered: s.deadLettered,
        enqueued: this.#counts.get(node.id)?.enqueued ?? 0,
        deadLetter: this.#deadLetterQueues.has(node.id),
      };
    }
    return out;
  }

  consumers(): Record<string, ConsumerState> {
    const out: Record<string, ConsumerState> = {};
    for (const [id, node] of this.#consumers) {
      const stats = this.#pools.get(id)?.stats();
      out[id] = {
        handler: this.#handlers.get(id) ?? node.handler,
        desired: stats?.desired ?? node.workers,
        prefetch: stats?.prefetch ?? node.prefetch,
        workers: stats?.workers ?? [],
        acked: stats?.acked ?? 0,
        nacked: stats?.nacked ?? 0,
        failedWorkers: stats?.failed ?? 0,
        lastOutput: this.#outputs.get(id),
        partitioned: this.#links.get(id)?.partitioned ?? false,
      };
    }
    return out;
  }

  dispose(): void {
    for (const pool of this.#pools.values()) pool.dispose();
    this.#pools.clear();
  }

  #pool(consumerId: string): WorkerPool {
    const pool = this.#pools.get(consumerId);
    if (pool === undefined) throw new Error(`No running consumer "${consumerId}"`);
    return pool;
  }

  /**
   * The broker as the pools see it, one hop away: a delivery reaches its worker `hopMs`
   * after it leaves the queue, and leaves no earlier than the message landed there.
   */
  #delayedPort(consumer: string): LinkedBroker {
    const { broker, clock, hopMs } = this;
    // the wire to the consumer is in order, as an AMQP channel is: a delivery never overtakes
    // an earlier one (a requeued message would, as it has no landing to wait for), so a
    // multiple ack up to a tag never covers one still on its way
    let lastDeparture = Number.NEGATIVE_INFINITY;
    return {
      consume: (queue, options) =>
        broker.consume(queue, {
          ...options,
          onDelivery: (delivery: Delivery) => {
            const key = `${queue}\u0000${delivery.message.id}`;
            const landed = this.#landings.get(key) ?? clock.now();
            this.#landings.delete(key);
            const departsAt = Math.max(clock.now(), landed, lastDeparture);
            lastDeparture = departsAt;
            const arrivesAt = departsAt + hopMs;
            this.trace.record({
              type: 'message.sent',
              messageId: delivery.message.id,
              from: queue,
              to: consumer,
              event: delivery.message.routingKey,
              data: delivery.message.body,
              arrivesAt,
              departsAt,
            });
            clock.setTimeout(() => {
              if (!this.#gone.has(delivery.consumerTag)) options.onDelivery(delivery);
            }, arrivesAt - clock.now());
          },
        }),
      cancel: (tag) => {
        this.#gone.add(tag);
        broker.cancel(tag);
      },
      ack: (tag) => broker.ack(tag),
      ackMultiple: (tag) => broker.ack(tag, true),
      nack: (tag, options) => broker.nack(tag, options),
      setPrefetch: (tag, prefetch) => broker.setPrefetch(tag, prefetch),
      releaseConsumer: (tag) => {
        this.#gone.add(tag);
        return broker.releaseConsumer(tag);
      },
    };
  }

  #count(id: string, field: 'published' | 'unroutable' | 'enqueued'): void {
    const c = this.#counts.get(id) ?? { published: 0, unroutable: 0, enqueued: 0 };
    c[field]++;
    this.#counts.set(id, c);
  }

  #observe(e: TraceEvent): void {
    switch (e.type) {
      case 'broker.published':
        this.#count(e.exchange, 'published');
        break;
      case 'broker.unroutable':
        this.#count(e.exchange, 'unroutable');
        break;
      case 'broker.enqueued':
        this.#count(e.queue, 'enqueued');
        if (this.#landings.size >= LANDINGS_KEPT) this.#landings.clear();
        this.#landings.set(`${e.queue}\u0000${e.messageId}`, e.at + this.hopMs);
        break;
      case 'broker.expired':
      case 'broker.dead-lettered':
      case 'broker.dropped':
        this.#landings.delete(`${e.queue}\u0000${e.messageId}`);
        break;
      case 'pool.handled':
        this.#outputs.set(e.pool, e.ok ? (e.output ?? 'ok') : `failed: ${e.error}`);
        break;
      default:
        break;
    }
  }
}
