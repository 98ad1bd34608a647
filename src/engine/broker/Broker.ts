import type { Clock } from '../clock';
import { xMatchProblem } from '../routing';
import type { Trace } from '../trace';
import { ConsumerState, type InFlight } from './Consumer';
import { BrokerContext } from './context';
import { originalExchange, originalRoutingKey } from './deadLetter';
import { Dispatcher } from './dispatch';
import { Exchange } from './Exchange';
import { BrokerError } from './errors';
import { explainRoute } from './explain';
import {
  type ConsumerInfo,
  listBindings,
  listConsumers,
  listExchanges,
  listQueues,
  listUnacked,
} from './inspect';
import { QueueLifetime } from './lifetime';
import { Queue, type QueuedMessage } from './Queue';
import { Router } from './router';
import { Settlement } from './settle';
import type {
  Binding,
  BindingArgs,
  Confirm,
  ConsumeOptions,
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
import {
  assertPrefetch,
  assertQueueOptions,
  sameExchangeOptions,
  sameQueueOptions,
} from './validate';

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

const EXCHANGE_TYPES: readonly ExchangeType[] = ['direct', 'fanout', 'topic', 'headers'];
const NO_HEADERS: Headers = Object.freeze({});
const NO_DEATHS: Message['deaths'] = Object.freeze([]);
const NO_OPTIONS: PublishOptions = Object.freeze({});

/**
 * An AMQP 0-9-1 broker as RabbitMQ behaves, in one thread and on an injected clock: exchanges
 * route to queues, queues deliver to consumers round-robin within their prefetch, and every
 * step is one trace event. Dispatch is synchronous: a publish, ack or consume delivers what it
 * can before it returns, calling `onDelivery` inside. See README.md for the semantics.
 */
export class Broker {
  readonly id: string;
  readonly #ctx: BrokerContext;
  readonly #router: Router;
  readonly #dispatcher: Dispatcher;
  readonly #settlement: Settlement;
  readonly #lifetime: QueueLifetime;
  #messageSeq = 0;
  #consumerSeq = 0;
  #queueSeq = 0;

  constructor(options: BrokerOptions) {
    this.id = options.id ?? 'broker';
    const ctx = new BrokerContext(this.id, options.clock, options.trace);
    this.#ctx = ctx;
    // the parts call each other through these closures; none runs before the constructor ends
    const markDirty = (queue: Queue) => this.#dispatcher.markDirty(queue);
    this.#router = new Router(ctx, markDirty);
    this.#lifetime = new QueueLifetime(ctx, () => this.#dispatcher.drain());
    this.#settlement = new Settlement(ctx, this.#router, markDirty, (queue) =>
      this.#lifetime.armIdle(queue),
    );
    this.#dispatcher = new Dispatcher(
      ctx,
      this.#router,
      options.maxSyncDeliveries ?? 10_000,
      (consumer) => this.#settlement.release(consumer),
    );
  }

  // ---- topology ----

  /** Declares an exchange; declaring it again with the same type and options is a no-op. */
  declareExchange(name: string, type: ExchangeType, options: ExchangeOptions = {}): void {
    if (name === '') throw new BrokerError('access-refused', 'the default exchange is built in');
    if (!EXCHANGE_TYPES.includes(type)) {
      throw new BrokerError('precondition-failed', `unknown exchange type '${type}'`);
    }
    const { exchanges } = this.#ctx;
    const existing = exchanges.get(name);
    if (existing !== undefined) {
      if (existing.type === type && sameExchangeOptions(existing.options, options)) return;
      throw new BrokerError('precondition-failed', `exchange '${name}' exists with other options`);
    }
    const frozen = Object.freeze({ ...options });
    exchanges.set(name, new Exchange(name, type, frozen));
    this.#ctx.tracing?.record({
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
    const x = this.#ctx.exchanges.get(name);
    if (x === undefined) return false;
    for (const entry of x.entries()) entry.queue.bindings.delete(entry);
    this.#ctx.exchanges.delete(name);
    this.#ctx.tracing?.record({
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
    const { queues } = this.#ctx;
    const existing = queues.get(name);
    if (existing !== undefined) {
      if (!sameQueueOptions(existing.options, options)) {
        throw new BrokerError('precondition-failed', `queue '${name}' exists with other options`);
      }
      this.#lifetime.armIdle(existing);
      return name;
    }
    let queueName = name;
    while (queueName === '' || queues.has(queueName)) queueName = `amq.gen-${++this.#queueSeq}`;
    const queue = new Queue(queueName, Object.freeze({ ...options }));
    queues.set(queueName, queue);
    this.#ctx.tracing?.record({
      type: 'broker.queue-declared',
      broker: this.id,
      queue: queueName,
      options: queue.options,
    });
    this.#lifetime.armIdle(queue);
    return queueName;
  }

  /**
   * Replaces a running queue's arguments, as a RabbitMQ policy does: the messages it holds
   * stay. A lower `maxLength` with drop-head drops (dead-letters, `maxlen`) the oldest ready
   * messages at once; a TTL applies to the messages that join from now on; the delivery
   * limit and the dead-letter exchange apply to the next delivery or death.
   */
  setQueuePolicy(name: string, options: QueueOptions): void {
    assertQueueOptions(name, options);
    const queue = this.#queue(name);
    if (sameQueueOptions(queue.options, options)) return;
    queue.options = Object.freeze({ ...options });
    this.#ctx.tracing?.record({
      type: 'broker.queue-policy-set',
      broker: this.id,
      queue: name,
      options: queue.options,
    });
    queue.overflowPending = true;
    this.#dispatcher.markDirty(queue);
    this.#dispatcher.drain();
  }

  /**
   * Deletes a queue with its messages and bindings; its consumers are cancelled (onCancel).
   * Returns the messages it held (ready and unacked), 0 when there was no such queue.
   */
  deleteQueue(name: string): number {
    const queue = this.#ctx.queues.get(name);
    if (queue === undefined) return 0;
    const messages = this.#lifetime.remove(queue, 'deleted');
    this.#dispatcher.drain();
    return messages;
  }

  /** Removes the ready messages (not the unacked ones), as queue.purge. Returns how many. */
  purge(name: string): number {
    const queue = this.#queue(name);
    const messages = queue.ready.length;
    queue.ready.clear();
    this.#ctx.tracing?.record({
      type: 'broker.queue-purged',
      broker: this.id,
      queue: name,
      messages,
    });
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
    this.#ctx.tracing?.record({ type: 'broker.bound', broker: this.id, ...entry.binding });
    return entry.binding;
  }

  /** Removes a binding. Returns whether it existed. */
  unbind(queue: string, exchange: string, bindingKey: string, args?: BindingArgs): boolean {
    const entry = this.#ctx.exchanges.get(exchange)?.unbind(queue, bindingKey, args);
    if (entry === undefined) return false;
    entry.queue.bindings.delete(entry);
    this.#ctx.tracing?.record({ type: 'broker.unbound', broker: this.id, ...entry.binding });
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
    options: PublishOptions = NO_OPTIONS,
  ): Confirm {
    const { expiration } = options;
    if (expiration !== undefined && !(Number.isInteger(expiration) && expiration >= 0)) {
      throw new BrokerError('precondition-failed', `expiration must be an integer >= 0`);
    }
    const now = this.#ctx.clock.now();
    const message: Message = {
      id: options.messageId ?? `m${++this.#messageSeq}`,
      exchange,
      routingKey,
      body,
      headers: options.headers ?? NO_HEADERS,
      publishedAt: now,
      expiration,
      deaths: NO_DEATHS,
    };
    // one read of the clock: the message joins its queues at the instant it is published
    const confirm = this.#router.publish(message, now);
    this.#dispatcher.drain();
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
    const stay: QueuedMessage[] = [];
    const taken = takeReady(queue, options);
    for (const entry of taken) {
      const { message } = entry;
      const exchange = toExchange ?? originalExchange(message);
      if (exchange !== '' && !this.#ctx.exchanges.has(exchange)) {
        stay.push(entry);
        continue;
      }
      const routingKey = options.routingKey ?? originalRoutingKey(message);
      this.#ctx.tracing?.record({
        type: 'broker.moved',
        ...this.#ctx.at(queue, message),
        exchange,
        routingKey,
      });
      this.#router.publish({ ...message, exchange, routingKey });
    }
    queue.returnToHead(stay);
    this.#dispatcher.drain();
    return taken.length - stay.length;
  }

  // ---- consuming ----

  /** Starts a consumer and delivers to it at once what it has room for. Returns its tag. */
  consume(queue: string, options: ConsumeOptions): string {
    const q = this.#queue(queue);
    const { prefetch } = options;
    assertPrefetch(prefetch);
    const { consumers } = this.#ctx;
    let tag = options.consumerTag;
    if (tag !== undefined && consumers.has(tag)) {
      throw new BrokerError('not-allowed', `consumer tag '${tag}' is in use`);
    }
    while (tag === undefined || consumers.has(tag)) tag = `ctag-${++this.#consumerSeq}`;
    const consumer = new ConsumerState(tag, q, options);
    consumers.set(tag, consumer);
    q.consumers++;
    this.#lifetime.clearIdle(q);
    this.#ctx.tracing?.record({
      type: 'broker.consumer-added',
      broker: this.id,
      queue,
      consumerTag: tag,
      prefetch,
    });
    q.offerConsumer(consumer);
    this.#dispatcher.markDirty(q);
    this.#dispatcher.drain();
    return tag;
  }

  /**
   * basic.qos on a running consumer: deliveries from now on keep within `prefetch`. A lower
   * one takes nothing back; the consumer gets no more until its acks bring it under.
   */
  setPrefetch(consumerTag: string, prefetch: number): void {
    assertPrefetch(prefetch);
    const consumer = this.#ctx.consumers.get(consumerTag);
    if (consumer === undefined) throw new BrokerError('not-found', `no consumer '${consumerTag}'`);
    if (consumer.prefetch === prefetch) return;
    consumer.prefetch = prefetch;
    this.#ctx.tracing?.record({
      type: 'broker.prefetch-set',
      broker: this.id,
      queue: consumer.queue.name,
      consumerTag,
      prefetch,
    });
    consumer.queue.offerConsumer(consumer);
    this.#dispatcher.markDirty(consumer.queue);
    this.#dispatcher.drain();
  }

  /**
   * Stops deliveries to a consumer (basic.cancel). What it holds stays unacked: it may still
   * ack or nack it, or releaseConsumer returns it. Returns whether it was consuming.
   */
  cancel(consumerTag: string): boolean {
    const consumer = this.#ctx.consumers.get(consumerTag);
    if (consumer === undefined || !consumer.active) return false;
    this.#settlement.deactivate(consumer);
    if (consumer.unacked.size === 0) this.#ctx.consumers.delete(consumerTag);
    this.#ctx.tracing?.record({
      type: 'broker.consumer-cancelled',
      broker: this.id,
      queue: consumer.queue.name,
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
    const consumer = this.#ctx.consumers.get(consumerTag);
    if (consumer === undefined) return 0;
    const returned = this.#settlement.release(consumer);
    this.#dispatcher.drain();
    return returned;
  }

  /** Acks a delivery, or with `multiple` every delivery of its consumer up to it. */
  ack(deliveryTag: number, multiple = false): boolean {
    const settled = this.#settlement.take(deliveryTag, multiple, 'ack');
    if (settled === undefined) return false;
    // one consumer's deliveries, so one queue
    (settled[0] as InFlight).consumer.queue.counters.acked += settled.length;
    const trace = this.#ctx.tracing;
    if (trace !== undefined) {
      for (const f of settled) {
        trace.record({ type: 'broker.acked', ...this.#ctx.about(f), multiple });
      }
    }
    this.#dispatcher.drain();
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
    const settled = this.#settlement.take(deliveryTag, multiple, 'nack');
    if (settled === undefined) return false;
    const trace = this.#ctx.tracing;
    for (const f of settled) {
      trace?.record({ type: 'broker.nacked', ...this.#ctx.about(f), requeue, multiple });
    }
    const queue = (settled[0] as InFlight).consumer.queue;
    if (requeue) this.#settlement.requeue(queue, settled, 'nack');
    else for (const f of settled) this.#router.deadLetter(queue, f.entry.message, 'rejected');
    this.#dispatcher.drain();
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
    return this.#ctx.queues.has(name);
  }

  hasExchange(name: string): boolean {
    return name === '' || this.#ctx.exchanges.has(name);
  }

  listQueues(): QueueInfo[] {
    return listQueues(this.#ctx);
  }

  /** Every exchange, the default exchange ("", direct, bound to every queue) first. */
  listExchanges(): ExchangeInfo[] {
    return listExchanges(this.#ctx);
  }

  /** The declared bindings (not the default exchange's implicit ones), in binding order. */
  bindings(filter: { readonly exchange?: string; readonly queue?: string } = {}): Binding[] {
    return listBindings(this.#ctx, filter);
  }

  /** The first `limit` ready messages of a queue, head first. */
  peek(queue: string, limit = 100): ReadyMessage[] {
    return this.#ctx.queues.get(queue)?.peek(limit) ?? [];
  }

  /** The deliveries of a queue that no one has acked yet, oldest first. */
  unacked(queue: string): Delivery[] {
    return listUnacked(this.#ctx, queue);
  }

  /** Active consumers, and cancelled ones still holding deliveries. */
  consumers(queue?: string): ConsumerInfo[] {
    return listConsumers(this.#ctx, queue);
  }

  /** Which bindings a publish with this key and headers would match, and why. */
  explainRoute(
    exchange: string,
    routingKey: string,
    headers: Headers = NO_HEADERS,
  ): RouteExplanation {
    return explainRoute(this.#ctx.exchanges, this.#ctx.queues, exchange, routingKey, headers);
  }

  #queue(name: string): Queue {
    const queue = this.#ctx.queues.get(name);
    if (queue === undefined) throw new BrokerError('not-found', `no queue '${name}'`);
    return queue;
  }

  #exchange(name: string): Exchange {
    const x = this.#ctx.exchanges.get(name);
    if (x === undefined) throw new BrokerError('not-found', `no exchange '${name}'`);
    return x;
  }
}

/** Ready messages to move: the named ones, or the first `limit`. */
function takeReady(queue: Queue, options: MoveOptions): QueuedMessage[] {
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
