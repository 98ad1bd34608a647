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

  /** Routes and enqueues one message; records `broker.published` with its confirm. */
  publish(message: Message): Confirm {
    const trace = this.ctx.tracing;
    const x = this.ctx.exchanges.get(message.exchange);
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
    const dead = deadLettered(message, queue.name, reason, ctx.clock.now(), dlx, key);
    trace?.record({
      type: 'broker.dead-lettered',
      ...ctx.at(queue, message),
      reason,
      exchange: dlx,
      routingKey: dead.routingKey,
    });
    const [route, alternate] = this.#resolve(x, dead.routingKey, dead.headers);
    this.#place(dead, route, alternate, reason);
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

  /** The exchange's route, or its alternate exchange's (following a chain of them). */
  #resolve(
    x: Exchange | undefined,
    routingKey: string,
    headers: Headers,
  ): [Route, string | undefined] {
    const route =
      x === undefined
        ? (this.ctx.queues.get(routingKey)?.selfRoute ?? NO_ROUTE)
        : x.route(routingKey, headers);
    if (route.queues.length > 0 || x?.options.alternateExchange === undefined) {
      return [route, undefined];
    }
    const visited = new Set([x.name]);
    let name: string | undefined = x.options.alternateExchange;
    while (name !== undefined && !visited.has(name)) {
      visited.add(name);
      const ae = this.ctx.exchanges.get(name);
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
        this.#enqueue(queue, message);
      }
    }
  }

  #enqueue(queue: Queue, message: Message): void {
    const now = this.ctx.clock.now();
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
