import type { Exchange } from './Exchange';
import type { Queue } from './Queue';
import type { Headers, RouteExplanation } from './types';

/**
 * Where a publish to `exchange` with this key and headers would go, and why: each binding
 * with its verdict, then the alternate exchange's explanation when no binding matched.
 * Reads the same routing tables as publish, so it cannot disagree with it.
 */
export function explainRoute(
  exchanges: ReadonlyMap<string, Exchange>,
  queues: ReadonlyMap<string, Queue>,
  exchange: string,
  routingKey: string,
  headers: Headers,
  visited: Set<string> = new Set(),
): RouteExplanation {
  visited.add(exchange);
  if (exchange === '') {
    // the default exchange: an implicit binding per queue, keyed by the queue's name
    const queue = queues.get(routingKey);
    const binding = queue?.selfRoute.bindings[0];
    if (binding === undefined) return unroutable(exchange, 'direct', routingKey, []);
    return {
      exchange,
      type: 'direct',
      routingKey,
      bindings: [{ binding, matched: true, detail: { kind: 'direct', equal: true } }],
      queues: [routingKey],
    };
  }
  const x = exchanges.get(exchange);
  if (x === undefined) {
    return {
      exchange,
      type: undefined,
      routingKey,
      bindings: [],
      queues: [],
      reason: 'no-exchange',
    };
  }
  const bindings = x.explain(routingKey, headers);
  const route = x.route(routingKey, headers);
  if (route.queues.length > 0) {
    return { exchange, type: x.type, routingKey, bindings, queues: route.queueNames };
  }
  const ae = x.options.alternateExchange;
  if (ae === undefined || visited.has(ae) || !exchanges.has(ae)) {
    return unroutable(exchange, x.type, routingKey, bindings);
  }
  const alternate = explainRoute(exchanges, queues, ae, routingKey, headers, visited);
  const result = {
    exchange,
    type: x.type,
    routingKey,
    bindings,
    queues: alternate.queues,
    alternate,
  };
  return alternate.queues.length > 0 ? result : { ...result, reason: 'unroutable' };
}

function unroutable(
  exchange: string,
  type: RouteExplanation['type'],
  routingKey: string,
  bindings: RouteExplanation['bindings'],
): RouteExplanation {
  return { exchange, type, routingKey, bindings, queues: [], reason: 'unroutable' };
}
