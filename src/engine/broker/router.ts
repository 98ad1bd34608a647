import type { BrokerContext } from './context';
import { deadLettered, isDeadLetterCycle } from './deadLetter';
import type { Exchange } from './Exchange';
import type { Queue } from './Queue';
import { NO_ROUTE, type Route } from './route';
import type { Confirm, DeathReason, Headers, Message } from './types';

/**
 * Takes messages from exchanges to queues: publishes (with their confirm), dead letters, and
 * the alternate exchange. It only enqueues; `markDirty` hands the queue to the dispatcher.
 */
export class Router {
  #entrySeq = 0;

  constructor(
    private readonly ctx: BrokerContext,
    private readonly markDirty: (queue: Queue) => void,
  ) {}

  /**
   * Routes and enqueues one message; records `broker.published` with its confirm. `now` is
   * the time it joins its queues (the caller's read of the clock, so a publish reads it once).
   */
  publish(message: Message, now: number = this.ctx.clock.now()): Confirm {
    const trace = this.ctx.tracing;
    const x = message.exchange === '' ? undefined : this.ctx.exchanges.get(message.exchange);
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
    const route = this.#route(x, message.routingKey, message.headers);
    const alternate = this.#alternate(x, route, message.routingKey, message.headers);
    const confirm =
      alternate === undefined
        ? confirmOf(message.id, route, undefined)
        : confirmOf(message.id, alternate.route, alternate.name);
    trace?.record(this.#published(message, confirm));
    if (alternate === undefined) this.#place(message, route, undefined, undefined, now);
    else this.#place(message, alternate.route, alternate.name, undefined, now);
    return confirm;
  }

  /**
   * A message leaves `queue` for a dead-letter reason: republished to the queue's dead-letter
   * exchange, or dropped when it has none.
   */
  deadLetter(queue: Queue, message: Message, reason: DeathReason): void {
    const { ctx } = this;
    queue.counters.deadLettered++;
    const trace = ctx.tracing;
    const dlx = queue.options.deadLetterExchange;
    const x = dlx === undefined ? undefined : ctx.exchanges.get(dlx);
    if (dlx === undefined || (dlx !== '' && x === undefined)) {
      const why = dlx === undefined ? 'no-dead-letter-exchange' : 'dead-letter-exchange-missing';
      trace?.record({ type: 'broker.dropped', ...ctx.at(queue, message), reason, why });
      return;
    }
    const key = queue.options.deadLetterRoutingKey;
    const now = ctx.clock.now();
    const dead = deadLettered(message, queue.name, reason, now, dlx, key);
    trace?.record({
      type: 'broker.dead-lettered',
      ...ctx.at(queue, message),
      reason,
      exchange: dlx,
      routingKey: dead.routingKey,
    });
    const route = this.#route(x, dead.routingKey, dead.headers);
    const alternate = this.#alternate(x, route, dead.routingKey, dead.headers);
    if (alternate === undefined) this.#place(dead, route, undefined, reason, now);
    else this.#place(dead, alternate.route, alternate.name, reason, now);
  }

  #published(message: Message, confirm: Confirm) {
    return {
      type: 'broker.published',
      broker: this.ctx.id,
      exchange: message.exchange,
      routingKey: message.routingKey,
      messageId: message.id,
      body: message.body,
      headers: message.headers,
      confirm,
    } as const;
  }

  /** The exchange's own route (the default exchange's: the queue named by the key). */
  #route(x: Exchange | undefined, routingKey: string, headers: Headers): Route {
    return x === undefined
      ? (this.ctx.queues.get(routingKey)?.selfRoute ?? NO_ROUTE)
      : x.route(routingKey, headers);
  }

  /**
   * When the exchange's bindings match nothing: its alternate exchange's route (following a
   * chain of them), or undefined to keep the exchange's own (a match, or no alternate). Kept
   * apart from `#route` so a routed publish allocates no pair.
   */
  #alternate(
    x: Exchange | undefined,
    route: Route,
    routingKey: string,
    headers: Headers,
  ): { readonly route: Route; readonly name: string | undefined } | undefined {
    if (route.queues.length > 0 || x?.options.alternateExchange === undefined) return undefined;
    const visited = new Set([x.name]);
    let name: string | undefined = x.options.alternateExchange;
    while (name !== undefined && !visited.has(name)) {
      visited.add(name);
      const ae = this.ctx.exchanges.get(name);
      if (ae === undefined) break;
      const via = ae.route(routingKey, headers);
      if (via.queues.length > 0) return { route: via, name };
      name = ae.options.alternateExchange;
    }
    return { route: NO_ROUTE, name: undefined };
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
    now: number,
  ): void {
    const { ctx } = this;
    const trace = ctx.tracing;
    const { id: messageId, exchange, routingKey } = message;
    if (route.queues.length === 0) {
      trace?.record({ type: 'broker.unroutable', broker: ctx.id, exchange, routingKey, messageId });
      return;
    }
    trace?.record({
      type: 'broker.routed',
      broker: ctx.id,
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
        trace?.record({ type: 'broker.refused', ...ctx.at(queue, message), reason: 'queue-full' });
        if (queue.options.overflow === 'reject-publish-dlx') {
          this.deadLetter(queue, message, 'maxlen');
        }
      } else if (death !== undefined && isDeadLetterCycle(message.deaths, death, queue.name)) {
        trace?.record({
          type: 'broker.dropped',
          ...ctx.at(queue, message),
          reason: death,
          why: 'dead-letter-cycle',
        });
      } else {
        this.#enqueue(queue, message, now);
      }
    }
  }

  #enqueue(queue: Queue, message: Message, now: number): void {
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
    this.ctx.tracing?.record({
      type: 'broker.enqueued',
      ...this.ctx.at(queue, message),
      ready: queue.ready.length,
    });
    this.markDirty(queue);
  }
}

/** reject-publish and reject-publish-dlx refuse new messages at maxLength. */
export function refusesAtMax(queue: Queue): boolean {
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
