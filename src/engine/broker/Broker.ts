import Denque from 'denque';
import type { Clock, TimerId } from '../clock';
import { xMatchProblem } from '../routing';
import type { Trace } from '../trace';
import { ConsumerState, type InFlight } from './Consumer';
import {
  deadLettered,
  isDeadLetterCycle,
  originalExchange,
  originalRoutingKey,
} from './deadLetter';
import { Exchange } from './Exchange';
import { BrokerError } from './errors';
import { explainRoute } from './explain';
import { Queue, type QueuedMessage } from './Queue';
import { NO_ROUTE, type Route } from './route';
import type {
  Binding,
  BindingArgs,
  Confirm,
  ConsumeOptions,
  DeathReason,
  Delivery,
  ExchangeInfo,
  ExchangeOptions,
  ExchangeType,
  Headers,
  Message,
  MoveOptions,
  PublishOptions,
  QueueInfo,
  QueueOptions,
  QueueStats,
  ReadyMessage,
  RouteExplanation,
} from './types';
import { assertQueueOptions, sameExchangeOptions, sameQueueOptions } from './validate';

export interface BrokerOptions {
  readonly clock: Clock;
  readonly trace?: Trace;
  /** Name of this broker in the trace. Default "broker". */
  readonly id?: string;
  /**
   * Deliveries one dispatch makes before it lets the clock turn (a consumer that nacks with
   * requeue inside onDelivery would otherwise spin for ever). Default 10,000.
   */
  readonly maxSyncDeliveries?: number;
}

export interface ConsumerInfo {
  readonly consumerTag: string;
  readonly queue: string;
  readonly prefetch: number;
  readonly unacked: number;
  /** false once cancelled: it gets no more deliveries but may still ack what it holds */
  readonly active: boolean;
}

const EXCHANGE_TYPES: readonly ExchangeType[] = ['direct', 'fanout', 'topic', 'headers'];
const NO_HEADERS: Headers = Object.freeze({});
const NO_DEATHS: Message['deaths'] = Object.freeze([]);

/**
 * An AMQP 0-9-1 broker as RabbitMQ behaves, in one thread and on an injected clock: exchanges
 * route to queues, queues deliver to consumers round-robin within their prefetch, and every
 * step is one trace event. Dispatch is synchronous: a publish, ack or consume delivers what it
 * can before it returns, calling `onDelivery` inside. See README.md for the semantics.
 */
export class Broker {
  readonly id: string;
  readonly #clock: Clock;
  readonly #trace: Trace | undefined;
  readonly #maxSync: number;
  readonly #exchanges = new Map<string, Exchange>();
  readonly #queues = new Map<string, Queue>();
  readonly #consumers = new Map<string, ConsumerState>();
  readonly #inFlight = new Map<number, InFlight>();
  /** queues with something to dispatch, each once */
  readonly #dirty = new Denque<Queue>();
  #draining = false;
  #deferred: TimerId | undefined;
  #messageSeq = 0;
  #entrySeq = 0;
  #deliveryTag = 0;
  #consumerSeq = 0;
  #queueSeq = 0;

  constructor(options: BrokerOptions) {
    this.id = options.id ?? 'broker';
    this.#clock = options.clock;
    this.#trace = options.trace;
    this.#maxSync = options.maxSyncDeliveries ?? 10_000;
  }

  // ---- topology ----

  /** Declares an exchange; declaring it again with the same type and options is a no-op. */
  declareExchange(name: string, type: ExchangeType, options: ExchangeOptions = {}): void {
    if (name === '') throw new BrokerError('access-refused', 'the default exchange is built in');
    if (!EXCHANGE_TYPES.includes(type)) {
      throw new BrokerError('precondition-failed', `unknown exchange type '${type}'`);
    }
    const existing = this.#exchanges.get(name);
    if (existing !== undefined) {
      if (existing.type === type && sameExchangeOptions(existing.options, options)) return;
      throw new BrokerError('precondition-failed', `exchange '${name}' exists with other options`);
    }
    const frozen = Object.freeze({ ...options });
    this.#exchanges.set(name, new Exchange(name, type, frozen));
    this.#t()?.record({
      type: 'broker.exchange-declared',
      broker: this.id,
      exchange: name,
      exchangeType: type,
      options: frozen,
    });
  }

  /** Deletes an exchange and its bindings. Returns whether it existed. */
  deleteExchange(name: string): boolean {
    if (name === '') throw new BrokerError('access-refused', 'the default exchange is built in');
    const x = this.#exchanges.get(name);
    if (x === undefined) return false;
    for (const entry of x.entries()) entry.queue.bindings.delete(entry);
    this.#exchanges.delete(name);
    this.#t()?.record({
      type: 'broker.exchange-deleted',
      broker: this.id,
      exchange: name,
      bindings: x.size,
    });
    return true;
  }

  /**
   * Declares a queue and returns its name: a generated `amq.gen-N` when `name` is empty.
   * Declaring it again with the same options is a no-op that counts as use (for `expires`).
   */
  declareQueue(name: string, options: QueueOptions = {}): string {
    assertQueueOptions(name, options);
    const existing = this.#queues.get(name);
    if (existing !== undefined) {
      if (!sameQueueOptions(existing.options, options)) {
        throw new BrokerError('precondition-failed', `queue '${name}' exists with other options`);
      }
      this.#armIdle(existing);
      return name;
    }
    let queueName = name;
    while (queueName === '' || this.#queues.has(queueName)) {
      queueName = `amq.gen-${++this.#queueSeq}`;
    }
    const queue = new Queue(queueName, Object.freeze({ ...options }));
    this.#queues.set(queueName, queue);
    this.#t()?.record({
      type: 'broker.queue-declared',
      broker: this.id,
      queue: queueName,
      options: queue.options,
    });
    this.#armIdle(queue);
    return queueName;
  }

  /**
   * Deletes a queue with its messages and bindings; its consumers are cancelled (onCancel).
   * Returns the messages it held (ready and unacked), 0 when there was no such queue.
   */
  deleteQueue(name: string): number {
    const queue = this.#queues.get(name);
    if (queue === undefined) return 0;
    const messages = this.#removeQueue(queue, 'deleted');
    this.#drain();
    return messages;
  }

  /** Removes the ready messages (not the unacked ones), as queue.purge. Returns how many. */
  purge(name: string): number {
    const queue = this.#queue(name);
    const messages = queue.ready.length;
    queue.ready.clear();
    this.#t()?.record({ type: 'broker.queue-purged', broker: this.id, queue: name, messages });
    return messages;
  }

  /** Binds a queue to an exchange. Binding again with the same key and args is a no-op. */
  bind(queue: string, exchange: string, bindingKey: string, args?: BindingArgs): Binding {
    if (exchange === '') {
      throw new BrokerError('access-refused', 'queues are bound to the default exchange by name');
    }
    const x = this.#exchange(exchange);
    const q = this.#queue(queue);
    const problem = x.type === 'headers' ? xMatchProblem(args) : undefined;
    if (problem !== undefined) throw new BrokerError('precondition-failed', problem);
    const frozen = args === undefined ? undefined : Object.freeze({ ...args });
    const existing = x.binding(queue, bindingKey, frozen);
    if (existing !== undefined) return existing.binding;
    const entry = x.bind(q, bindingKey, frozen);
    q.bindings.add(entry);
    this.#t()?.record({ type: 'broker.bound', broker: this.id, ...entry.binding });
    return entry.binding;
  }

  /** Removes a binding. Returns whether it existed. */
  unbind(queue: string, exchange: string, bindingKey: string, args?: BindingArgs): boolean {
    const entry = this.#exchanges.get(exchange)?.unbind(queue, bindingKey, args);
    if (entry === undefined) return false;
    entry.queue.bindings.delete(entry);
    this.#t()?.record({ type: 'broker.unbound', broker: this.id, ...entry.binding });
    return true;
  }

  // ---- publishing ----

  /**
   * Routes a message and returns the publisher confirm. A nack means the broker did not take
   * it: no such exchange, or a queue at maxLength with reject-publish (the other queues still
   * got it). An unroutable message is acked with reason `unroutable`, as RabbitMQ does.
   */
  publish(
    exchange: string,
    routingKey: string,
    body: unknown,
    options: PublishOptions = {},
  ): Confirm {
    const { expiration } = options;
    if (expiration !== undefined && !(Number.isInteger(expiration) && expiration >= 0)) {
      throw new BrokerError('precondition-failed', `expiration must be an integer >= 0`);
    }
    const message: Message = {
      id: options.messageId ?? `m${++this.#messageSeq}`,
      exchange,
      routingKey,
      body,
      headers: options.headers ?? NO_HEADERS,
      publishedAt: this.#clock.now(),
      expiration,
      deaths: NO_DEATHS,
    };
    const confirm = this.#publish(message);
    this.#drain();
    return confirm;
  }

  /**
   * Republishes ready messages of `fromQueue` (the management UI's "move messages": how a
   * dead letter goes back once the fault is fixed). By default each goes back where it was
   * before it was dead-lettered: the exchange and routing key of its latest death. They keep
   * their id and x-death history and start over with no deliveries; each publish is traced
   * with its confirm. A message whose exchange no longer exists stays. Returns how many moved.
   */
  moveMessages(fromQueue: string, toExchange?: string, options: MoveOptions = {}): number {
    const queue = this.#queue(fromQueue);
    if (toExchange !== undefined && toExchange !== '') this.#exchange(toExchange);
    const trace = this.#t();
    const stay: QueuedMessage[] = [];
    const taken = this.#take(queue, options);
    for (const entry of taken) {
      const { message } = entry;
      const exchange = toExchange ?? originalExchange(message);
      if (exchange !== '' && !this.#exchanges.has(exchange)) {
        stay.push(entry);
        continue;
      }
      const routingKey = options.routingKey ?? originalRoutingKey(message);
      trace?.record({ type: 'broker.moved', ...this.#at(queue, message), exchange, routingKey });
      this.#publish({ ...message, exchange, routingKey });
    }
    queue.returnToHead(stay);
    this.#drain();
    return taken.length - stay.length;
  }

  // ---- consuming ----

  /** Starts a consumer and delivers to it at once what it has room for. Returns its tag. */
  consume(queue: string, options: ConsumeOptions): string {
    const q = this.#queue(queue);
    const { prefetch } = options;
    if (!(Number.isInteger(prefetch) && prefetch >= 0)) {
      throw new BrokerError('precondition-failed', `prefetch must be an integer >= 0`);
    }
    let tag = options.consumerTag;
    if (tag !== undefined && this.#consumers.has(tag)) {
      throw new BrokerError('not-allowed', `consumer tag '${tag}' is in use`);
    }
    while (tag === undefined || this.#consumers.has(tag)) tag = `ctag-${++this.#consumerSeq}`;
    const consumer = new ConsumerState(tag, q, options);
    this.#consumers.set(tag, consumer);
    q.consumers++;
    this.#clearIdle(q);
    this.#t()?.record({
      type: 'broker.consumer-added',
      broker: this.id,
      queue,
      consumerTag: tag,
      prefetch,
    });
    q.offerConsumer(consumer);
    this.#markDirty(q);
    this.#drain();
    return tag;
  }

  /**
   * Stops deliveries to a consumer (basic.cancel). What it holds stays unacked: it may still
   * ack or nack it, or releaseConsumer returns it. Returns whether it was consuming.
   */
  cancel(consumerTag: string): boolean {
    const consumer = this.#consumers.get(consumerTag);
    if (consumer === undefined || !consumer.active) return false;
    const queue = consumer.queue;
    this.#deactivate(consumer);
    if (consumer.unacked.size === 0) this.#consumers.delete(consumerTag);
    this.#t()?.record({
      type: 'broker.consumer-cancelled',
      broker: this.id,
      queue: queue.name,
      consumerTag,
      by: 'client',
    });
    return true;
  }

  /**
   * The consumer's channel died (its worker crashed or was terminated): every delivery it
   * held returns to the head of its queue in queue order, to be redelivered with
   * redelivered=true, and the consumer is gone. Returns how many deliveries it held.
   */
  releaseConsumer(consumerTag: string): number {
    const consumer = this.#consumers.get(consumerTag);
    if (consumer === undefined) return 0;
    const returned = this.#release(consumer);
    this.#drain();
    return returned;
  }

  /** Acks a delivery, or with `multiple` every delivery of its consumer up to it. */
  ack(deliveryTag: number, multiple = false): boolean {
    const settled = this.#settle(deliveryTag, multiple, 'ack');
    if (settled === undefined) return false;
    const trace = this.#t();
    for (const f of settled) {
      f.consumer.queue.counters.acked++;
      trace?.record({ type: 'broker.acked', ...this.#about(f), multiple });
    }
    this.#drain();
    return true;
  }

  /**
   * Negative ack. With requeue (the default) the message returns to the head of its queue,
   * or is dead-lettered with `delivery_limit` when it has had its deliveries; without, it is
   * dead-lettered with `rejected` (or dropped when the queue has no dead-letter exchange).
   */
  nack(
    deliveryTag: number,
    options: { readonly requeue?: boolean; readonly multiple?: boolean } = {},
  ): boolean {
    const { requeue = true, multiple = false } = options;
    const settled = this.#settle(deliveryTag, multiple, 'nack');
    if (settled === undefined) return false;
    const trace = this.#t();
    for (const f of settled) {
      trace?.record({ type: 'broker.nacked', ...this.#about(f), requeue, multiple });
    }
    const queue = (settled[0] as InFlight).consumer.queue;
    if (requeue) this.#requeue(queue, settled, 'nack');
    else for (const f of settled) this.#deadLetter(queue, f.entry.message, 'rejected');
    this.#drain();
    return true;
  }

  /** basic.reject: a nack of one delivery. */
  reject(deliveryTag: number, requeue = true): boolean {
    return this.nack(deliveryTag, { requeue });
  }

  // ---- inspection ----

  /** Counts of one queue; throws not-found for a queue that does not exist (any more). */
  queueStats(name: string): QueueStats {
    return this.#queue(name).stats();
  }

  hasQueue(name: string): boolean {
    return this.#queues.has(name);
  }

  hasExchange(name: string): boolean {
    return name === '' || this.#exchanges.has(name);
  }

  listQueues(): QueueInfo[] {
    return [...this.#queues.values()].map((q) => ({ ...q.stats(), options: q.options }));
  }

  /** Every exchange, the default exchange ("", direct, bound to every queue) first. */
  listExchanges(): ExchangeInfo[] {
    const builtIn: ExchangeInfo = {
      name: '',
      type: 'direct',
      options: {},
      bindings: this.#queues.size,
    };
    return [
      builtIn,
      ...[...this.#exchanges.values()].map((x) => ({
        name: x.name,
        type: x.type,
        options: x.options,
        bindings: x.size,
      })),
    ];
  }

  /** The declared bindings (not the default exchange's implicit ones), in binding order. */
  bindings(filter: { readonly exchange?: string; readonly queue?: string } = {}): Binding[] {
    const out: Binding[] = [];
    for (const x of this.#exchanges.values()) {
      if (filter.exchange !== undefined && x.name !== filter.exchange) continue;
      for (const { binding } of x.entries()) {
        if (filter.queue === undefined || binding.queue === filter.queue) out.push(binding);
      }
    }
    return out;
  }

  /** The first `limit` ready messages of a queue, head first. */
  peek(queue: string, limit = 100): ReadyMessage[] {
    return this.#queues.get(queue)?.peek(limit) ?? [];
  }

  /** The deliveries of a queue that no one has acked yet, oldest first. */
  unacked(queue: string): Delivery[] {
    const out: Delivery[] = [];
    for (const f of this.#inFlight.values()) {
      if (f.consumer.queue.name === queue) out.push(f.delivery);
    }
    return out;
  }

  consumers(queue?: string): ConsumerInfo[] {
    return [...this.#consumers.values()]
      .filter((c) => queue === undefined || c.queue.name === queue)
      .map((c) => ({
        consumerTag: c.tag,
        queue: c.queue.name,
        prefetch: c.prefetch,
        unacked: c.unacked.size,
        active: c.active,
      }));
  }

  /** Which bindings a publish with this key and headers would match, and why. */
  explainRoute(
    exchange: string,
    routingKey: string,
    headers: Headers = NO_HEADERS,
  ): RouteExplanation {
    return explainRoute(this.#exchanges, this.#queues, exchange, routingKey, headers);
  }

  // ---- routing internals ----

  /** Routes and enqueues one message; records `broker.published` with its confirm. */
  #publish(message: Message): Confirm {
    const trace = this.#t();
    const x = this.#exchanges.get(message.exchange);
    if (message.exchange !== '' && x === undefined) {
      const confirm: Confirm = {
        messageId: message.id,
        ack: false,
        queues: [],
        matched: [],
        reason: 'no-exchange',
      };
      trace?.record(this.#published(message, confirm));
      return confirm;
    }
    const [route, alternate] = this.#resolve(x, message.routingKey, message.headers);
    const confirm = confirmOf(message.id, route, alternate);
    trace?.record(this.#published(message, confirm));
    this.#place(message, route, alternate, undefined);
    return confirm;
  }

  #published(message: Message, confirm: Confirm) {
    return {
      type: 'broker.published',
      broker: this.id,
      exchange: message.exchange,
      routingKey: message.routingKey,
      messageId: message.id,
      body: message.body,
      headers: message.headers,
      confirm,
    } as const;
  }

  /** The exchange's route, or its alternate exchange's (following a chain of them). */
  #resolve(
    x: Exchange | undefined,
    routingKey: string,
    headers: Headers,
  ): [Route, string | undefined] {
    const route =
      x === undefined
        ? (this.#queues.get(routingKey)?.selfRoute ?? NO_ROUTE)
        : x.route(routingKey, headers);
    if (route.queues.length > 0 || x?.options.alternateExchange === undefined) {
      return [route, undefined];
    }
    const visited = new Set([x.name]);
    let name: string | undefined = x.options.alternateExchange;
    while (name !== undefined && !visited.has(name)) {
      visited.add(name);
      const ae = this.#exchanges.get(name);
      if (ae === undefined) break;
      const via = ae.route(routingKey, headers);
      if (via.queues.length > 0) return [via, name];
      name = ae.options.alternateExchange;
    }
    return [NO_ROUTE, undefined];
  }

  /**
   * Puts a routed message on each of its queues. `death` is set for a dead-lettered message:
   * a queue that would close a dead-letter cycle does not take it.
   */
  #place(
    message: Message,
    route: Route,
    alternate: string | undefined,
    death: DeathReason | undefined,
  ): void {
    const trace = this.#t();
    const { id: messageId, exchange, routingKey } = message;
    if (route.queues.length === 0) {
      trace?.record({
        type: 'broker.unroutable',
        broker: this.id,
        exchange,
        routingKey,
        messageId,
      });
      return;
    }
    trace?.record({
      type: 'broker.routed',
      broker: this.id,
      exchange,
      routingKey,
      messageId,
      bindings: route.bindings,
      queues: route.queueNames,
      alternate,
    });
    for (const queue of route.queues) {
      if (refuses(queue)) {
        queue.counters.refused++;
        trace?.record({
          type: 'broker.refused',
          ...this.#at(queue, message),
          reason: 'queue-full',
        });
        if (queue.options.overflow === 'reject-publish-dlx') {
          this.#deadLetter(queue, message, 'maxlen');
        }
      } else if (death !== undefined && isDeadLetterCycle(message.deaths, death, queue.name)) {
        trace?.record({
          type: 'broker.dropped',
          ...this.#at(queue, message),
          reason: death,
          why: 'dead-letter-cycle',
        });
      } else {
        this.#enqueue(queue, message);
      }
    }
  }

  #enqueue(queue: Queue, message: Message): void {
    const now = this.#clock.now();
    const ttl = queue.ttlOf(message);
    queue.ready.push({
      message,
      seq: ++this.#entrySeq,
      enqueuedAt: now,
      expiresAt: ttl === undefined ? Number.POSITIVE_INFINITY : now + ttl,
      deliveryCount: 0,
    });
    queue.counters.published++;
    queue.overflowPending = true;
    this.#t()?.record({
      type: 'broker.enqueued',
      ...this.#at(queue, message),
      ready: queue.ready.length,
    });
    this.#markDirty(queue);
  }

  /**
   * A message leaves `queue` for a dead-letter reason: republished to the queue's dead-letter
   * exchange, or dropped when it has none.
   */
  #deadLetter(queue: Queue, message: Message, reason: DeathReason): void {
    queue.counters.deadLettered++;
    const trace = this.#t();
    const dlx = queue.options.deadLetterExchange;
    const x = dlx === undefined ? undefined : this.#exchanges.get(dlx);
    if (dlx === undefined || (dlx !== '' && x === undefined)) {
      const why = dlx === undefined ? 'no-dead-letter-exchange' : 'dead-letter-exchange-missing';
      trace?.record({ type: 'broker.dropped', ...this.#at(queue, message), reason, why });
      return;
    }
    const now = this.#clock.now();
    const key = queue.options.deadLetterRoutingKey;
    const dead = deadLettered(message, queue.name, reason, now, dlx, key);
    trace?.record({
      type: 'broker.dead-lettered',
      ...this.#at(queue, message),
      reason,
      exchange: dlx,
      routingKey: dead.routingKey,
    });
    const [route, alternate] = this.#resolve(x, dead.routingKey, dead.headers);
    this.#place(dead, route, alternate, reason);
  }

  // ---- dispatch ----

  #markDirty(queue: Queue): void {
    if (queue.dirty || queue.deleted) return;
    queue.dirty = true;
    this.#dirty.push(queue);
  }

  /**
   * Dispatches every queue with work. Re-entrant calls (an ack inside onDelivery) only mark
   * their queue: the outer drain picks it up, so deliveries never nest.
   */
  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    let budget = this.#maxSync;
    try {
      for (;;) {
        const queue = this.#dirty.shift();
        if (queue === undefined) break;
        queue.dirty = false;
        if (queue.deleted) continue;
        budget = this.#dispatch(queue, budget);
        if (budget < 0) {
          this.#markDirty(queue);
          this.#defer();
          break;
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  #defer(): void {
    if (this.#deferred !== undefined) return;
    this.#t()?.record({
      type: 'broker.dispatch-deferred',
      broker: this.id,
      deliveries: this.#maxSync,
    });
    // 1 ms, not 0: a simulated clock fires timers due "now" within the same advance, so a
    // 0 ms turn would loop inside advance(0) as the synchronous drain did
    this.#deferred = this.#clock.setTimeout(() => {
      this.#deferred = undefined;
      this.#drain();
    }, 1);
  }

  /**
   * Delivers from the head while a consumer has room. Returns the budget left, or -1 when it
   * ran out with a message still waiting.
   */
  #dispatch(queue: Queue, budget: number): number {
    const ready = queue.ready;
    let left = budget;
    for (;;) {
      const head = ready.peekFront();
      if (head === undefined) break;
      const now = this.#clock.now();
      // past its TTL: never delivered. A TTL of 0 may still go to a waiting consumer in the
      // instant it arrives, as RabbitMQ's "deliver immediately or expire".
      if (head.expiresAt <= now && head.enqueuedAt < now) {
        ready.shift();
        this.#expire(queue, head);
        continue;
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
    const f: InFlight = { delivery, consumer, entry };
    consumer.unacked.set(deliveryTag, f);
    this.#inFlight.set(deliveryTag, f);
    queue.unacked++;
    queue.counters.delivered++;
    const trace = this.#t();
    trace?.record({
      type: 'broker.delivered',
      ...this.#about(f),
      redelivered: delivery.redelivered,
      deliveryCount: delivery.deliveryCount,
    });
    try {
      consumer.onDelivery(delivery);
    } catch (thrown) {
      // a consumer that throws is a dead channel: what it holds goes back, nothing hangs
      trace?.record({
        type: 'broker.consumer-failed',
        broker: this.id,
        queue: queue.name,
        consumerTag: consumer.tag,
        deliveryTag,
        error: thrown instanceof Error ? thrown.message : String(thrown),
      });
      if (this.#consumers.get(consumer.tag) === consumer) this.#release(consumer);
    }
  }

  /** maxLength with drop-head: the oldest ready messages make room, dead-lettered `maxlen`. */
  #dropHead(queue: Queue): void {
    queue.overflowPending = false;
    const max = queue.options.maxLength;
    if (max === undefined || refusesAtMax(queue)) return;
    while (queue.ready.length > max) {
      const head = queue.ready.shift() as QueuedMessage;
      this.#deadLetter(queue, head.message, 'maxlen');
    }
  }

  /** Expires what is due at the head, TTL-0 arrivals no consumer took included. */
  #sweepExpired(queue: Queue): void {
    const now = this.#clock.now();
    for (;;) {
      const head = queue.ready.peekFront();
      if (head === undefined || head.expiresAt > now) return;
      queue.ready.shift();
      this.#expire(queue, head);
    }
  }

  #expire(queue: Queue, entry: QueuedMessage): void {
    this.#t()?.record({
      type: 'broker.expired',
      ...this.#at(queue, entry.message),
      expiresAt: entry.expiresAt,
    });
    this.#deadLetter(queue, entry.message, 'expired');
  }

  /**
   * One timer per queue, for its head's expiry, moved only when the head would expire
   * sooner: a queue with a TTL does not set a timer per message.
   */
  #armTtl(queue: Queue): void {
    const due = queue.ready.peekFront()?.expiresAt ?? Number.POSITIVE_INFINITY;
    if (due >= queue.ttlDue) return;
    if (queue.ttlTimer !== undefined) this.#clock.clearTimeout(queue.ttlTimer);
    queue.ttlDue = due;
    queue.ttlTimer = this.#clock.setTimeout(() => {
      queue.ttlTimer = undefined;
      queue.ttlDue = Number.POSITIVE_INFINITY;
      this.#markDirty(queue);
      this.#drain();
    }, due - this.#clock.now());
  }

  // ---- settling ----

  /** Takes a delivery (or with `multiple`, its consumer's up to it) out of the unacked set. */
  #settle(deliveryTag: number, multiple: boolean, op: 'ack' | 'nack'): InFlight[] | undefined {
    const f = this.#inFlight.get(deliveryTag);
    if (f === undefined) {
      this.#t()?.record({ type: 'broker.unknown-delivery', broker: this.id, deliveryTag, op });
      return undefined;
    }
    const settled: InFlight[] = [];
    if (multiple) {
      for (const g of f.consumer.unacked.values()) {
        if (g.delivery.deliveryTag > deliveryTag) break;
        settled.push(g);
      }
    } else settled.push(f);
    const { consumer } = f;
    const queue = consumer.queue;
    for (const g of settled) {
      consumer.unacked.delete(g.delivery.deliveryTag);
      this.#inFlight.delete(g.delivery.deliveryTag);
    }
    queue.unacked -= settled.length;
    if (consumer.active) {
      queue.offerConsumer(consumer);
      if (queue.ready.length > 0) this.#markDirty(queue);
    } else if (consumer.unacked.size === 0 && this.#consumers.get(consumer.tag) === consumer) {
      this.#consumers.delete(consumer.tag);
    }
    return settled;
  }

  /**
   * Returns deliveries to the head of their queue, in queue order; one that has had its
   * deliveryLimit is dead-lettered instead (quorum queues' x-delivery-limit).
   */
  #requeue(queue: Queue, settled: readonly InFlight[], cause: 'nack' | 'released'): void {
    const limit = queue.options.deliveryLimit;
    const back: QueuedMessage[] = [];
    const trace = this.#t();
    for (const f of settled) {
      if (limit !== undefined && f.entry.deliveryCount >= limit) {
        this.#deadLetter(queue, f.entry.message, 'delivery_limit');
        continue;
      }
      back.push(f.entry);
      queue.counters.requeued++;
      trace?.record({
        type: 'broker.requeued',
        ...this.#about(f),
        cause,
        deliveryCount: f.entry.deliveryCount,
      });
    }
    queue.returnToHead(back);
    this.#markDirty(queue);
  }

  #release(consumer: ConsumerState): number {
    const queue = consumer.queue;
    this.#deactivate(consumer);
    this.#consumers.delete(consumer.tag);
    const held = [...consumer.unacked.values()];
    consumer.unacked.clear();
    for (const f of held) this.#inFlight.delete(f.delivery.deliveryTag);
    queue.unacked -= held.length;
    this.#t()?.record({
      type: 'broker.consumer-released',
      broker: this.id,
      queue: queue.name,
      consumerTag: consumer.tag,
      returned: held.length,
    });
    this.#requeue(queue, held, 'released');
    return held.length;
  }

  #deactivate(consumer: ConsumerState): void {
    if (!consumer.active) return;
    consumer.active = false;
    consumer.queue.consumers--;
    this.#armIdle(consumer.queue);
  }

  // ---- queue lifetime ----

  /** `expires`: a queue with no consumers for that long is deleted (redeclaring resets it). */
  #armIdle(queue: Queue): void {
    const { expires } = queue.options;
    if (expires === undefined || queue.deleted) return;
    this.#clearIdle(queue);
    if (queue.consumers > 0) return;
    queue.idleTimer = this.#clock.setTimeout(() => {
      queue.idleTimer = undefined;
      this.#removeQueue(queue, 'expired');
      this.#drain();
    }, expires);
  }

  #clearIdle(queue: Queue): void {
    if (queue.idleTimer === undefined) return;
    this.#clock.clearTimeout(queue.idleTimer);
    queue.idleTimer = undefined;
  }

  #removeQueue(queue: Queue, reason: 'deleted' | 'expired'): number {
    const messages = queue.ready.length + queue.unacked;
    queue.deleted = true;
    this.#clearIdle(queue);
    if (queue.ttlTimer !== undefined) this.#clock.clearTimeout(queue.ttlTimer);
    for (const { binding } of queue.bindings) {
      this.#exchanges
        .get(binding.exchange)
        ?.unbind(binding.queue, binding.bindingKey, binding.args);
    }
    queue.bindings.clear();
    queue.ready.clear();
    this.#queues.delete(queue.name);
    const trace = this.#t();
    const cancelled: ConsumerState[] = [];
    for (const consumer of this.#consumers.values()) {
      if (consumer.queue !== queue) continue;
      this.#consumers.delete(consumer.tag);
      for (const tag of consumer.unacked.keys()) this.#inFlight.delete(tag);
      consumer.unacked.clear();
      if (!consumer.active) continue;
      consumer.active = false;
      cancelled.push(consumer);
      trace?.record({
        type: 'broker.consumer-cancelled',
        broker: this.id,
        queue: queue.name,
        consumerTag: consumer.tag,
        by: 'queue-deleted',
      });
    }
    queue.consumers = 0;
    queue.unacked = 0;
    trace?.record({
      type: 'broker.queue-deleted',
      broker: this.id,
      queue: queue.name,
      reason,
      messages,
    });
    // told last, when the broker is consistent: a handler may declare or consume again
    for (const consumer of cancelled) consumer.onCancel?.();
    return messages;
  }

  // ---- helpers ----

  #t(): Trace | undefined {
    const trace = this.#trace;
    return trace?.active ? trace : undefined;
  }

  #queue(name: string): Queue {
    const queue = this.#queues.get(name);
    if (queue === undefined) throw new BrokerError('not-found', `no queue '${name}'`);
    return queue;
  }

  #exchange(name: string): Exchange {
    const x = this.#exchanges.get(name);
    if (x === undefined) throw new BrokerError('not-found', `no exchange '${name}'`);
    return x;
  }

  /** Ready messages to move: the named ones, or the first `limit`. */
  #take(queue: Queue, options: MoveOptions): QueuedMessage[] {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const taken: QueuedMessage[] = [];
    const ids = options.messageIds === undefined ? undefined : new Set(options.messageIds);
    if (ids === undefined) {
      while (taken.length < limit && queue.ready.length > 0) {
        taken.push(queue.ready.shift() as QueuedMessage);
      }
      return taken;
    }
    const kept: QueuedMessage[] = [];
    for (const entry of queue.ready.toArray()) {
      if (taken.length < limit && ids.has(entry.message.id)) taken.push(entry);
      else kept.push(entry);
    }
    queue.ready.clear();
    for (const entry of kept) queue.ready.push(entry);
    return taken;
  }

  #at(queue: Queue, message: Message) {
    return { broker: this.id, queue: queue.name, messageId: message.id };
  }

  #about(f: InFlight) {
    const { delivery } = f;
    return {
      broker: this.id,
      queue: delivery.queue,
      messageId: delivery.message.id,
      consumerTag: delivery.consumerTag,
      deliveryTag: delivery.deliveryTag,
    };
  }
}

/** reject-publish and reject-publish-dlx refuse new messages at maxLength. */
function refusesAtMax(queue: Queue): boolean {
  const overflow = queue.options.overflow;
  return overflow === 'reject-publish' || overflow === 'reject-publish-dlx';
}

function refuses(queue: Queue): boolean {
  return queue.isFull && refusesAtMax(queue);
}

function confirmOf(messageId: string, route: Route, alternate: string | undefined): Confirm {
  if (route.queues.length === 0) {
    return { messageId, ack: true, queues: [], matched: [], reason: 'unroutable' };
  }
  let confirm: Confirm = {
    messageId,
    ack: true,
    queues: route.queueNames,
    matched: route.bindings,
  };
  // the common case allocates nothing more: no full queue, no alternate exchange
  if (route.queues.some(refuses)) {
    const refusedBy = route.queues.filter(refuses).map((q) => q.name);
    const queues = route.queueNames.filter((name) => !refusedBy.includes(name));
    confirm = { ...confirm, ack: false, queues, reason: 'queue-full', refusedBy };
  }
  return alternate === undefined ? confirm : { ...confirm, alternate };
}
