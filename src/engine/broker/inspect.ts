import type { BrokerContext } from './context';
import type { Binding, Delivery, ExchangeInfo, QueueInfo } from './types';

/** Read-only views of the broker's state, for the UI and tests. */

export interface ConsumerInfo {
  readonly consumerTag: string;
  readonly queue: string;
  readonly prefetch: number;
  readonly unacked: number;
  /** false once cancelled: it gets no more deliveries but may still ack what it holds */
  readonly active: boolean;
}

export function listQueues(ctx: BrokerContext): QueueInfo[] {
  return [...ctx.queues.values()].map((q) => ({ ...q.stats(), options: q.options }));
}

/** Every exchange, the default exchange ("", direct, bound to every queue) first. */
export function listExchanges(ctx: BrokerContext): ExchangeInfo[] {
  const builtIn: ExchangeInfo = {
    name: '',
    type: 'direct',
    options: {},
    bindings: ctx.queues.size,
  };
  const declared = [...ctx.exchanges.values()].map(
    (x): ExchangeInfo => ({ name: x.name, type: x.type, options: x.options, bindings: x.size }),
  );
  return [builtIn, ...declared];
}

/** The declared bindings (not the default exchange's implicit ones), in binding order. */
export function listBindings(
  ctx: BrokerContext,
  filter: { readonly exchange?: string; readonly queue?: string },
): Binding[] {
  const out: Binding[] = [];
  for (const x of ctx.exchanges.values()) {
    if (filter.exchange !== undefined && x.name !== filter.exchange) continue;
    for (const { binding } of x.entries()) {
      if (filter.queue === undefined || binding.queue === filter.queue) out.push(binding);
    }
  }
  return out;
}

/** The deliveries of a queue that no one has acked yet, oldest first. */
export function listUnacked(ctx: BrokerContext, queue: string): Delivery[] {
  const out: Delivery[] = [];
  for (const f of ctx.inFlight.values()) {
    if (f.consumer.queue.name === queue) out.push(f.delivery);
  }
  return out;
}

export function listConsumers(ctx: BrokerContext, queue: string | undefined): ConsumerInfo[] {
  const out: ConsumerInfo[] = [];
  for (const c of ctx.consumers.values()) {
    if (queue !== undefined && c.queue.name !== queue) continue;
    out.push({
      consumerTag: c.tag,
      queue: c.queue.name,
      prefetch: c.prefetch,
      unacked: c.unacked.size,
      active: c.active,
    });
  }
  return out;
}
