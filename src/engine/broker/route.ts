import type { Queue } from './Queue';
import type { Binding } from './types';

/** A binding as an exchange holds it: with the queue object, so routing needs no lookup. */
export interface BindingEntry {
  readonly binding: Binding;
  readonly queue: Queue;
}

/** Where a routing key goes: computed once per key and cached until the bindings change. */
export interface Route {
  /** every binding that matched, for "why did it go there" */
  readonly bindings: readonly Binding[];
  /** each destination once, in the order of its first matching binding */
  readonly queues: readonly Queue[];
  readonly queueNames: readonly string[];
}

export const NO_ROUTE: Route = Object.freeze({
  bindings: Object.freeze([]),
  queues: Object.freeze([]),
  queueNames: Object.freeze([]),
});

export function routeOf(entries: readonly BindingEntry[]): Route {
  if (entries.length === 0) return NO_ROUTE;
  const queues = [...new Set(entries.map((e) => e.queue))];
  return {
    bindings: entries.map((e) => e.binding),
    queues,
    queueNames: queues.map((q) => q.name),
  };
}
