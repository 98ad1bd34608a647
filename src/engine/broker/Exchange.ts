import {
  DirectTable,
  explainHeaders,
  explainTopic,
  FanoutTable,
  HeadersTable,
  type RoutingTable,
  TopicTrie,
} from '../routing';
import type { Queue } from './Queue';
import { type BindingEntry, type Route, routeOf } from './route';
import type {
  BindingArgs,
  BindingExplanation,
  ExchangeOptions,
  ExchangeType,
  Headers,
  MatchDetail,
} from './types';

// distinct routing keys whose routes are cached; past this the cache starts over, so a
// stream of unique keys cannot grow memory without bound
const ROUTE_CACHE_LIMIT = 4096;

function tableFor(type: ExchangeType): RoutingTable<BindingEntry> {
  switch (type) {
    case 'direct':
      return new DirectTable();
    case 'fanout':
      return new FanoutTable();
    case 'topic':
      return new TopicTrie();
    case 'headers':
      return new HeadersTable();
  }
}

/** A binding's identity, as RabbitMQ's: queue, key and arguments (in any key order). */
export function bindingId(queue: string, bindingKey: string, args: BindingArgs | undefined) {
  const argsKey =
    args === undefined
      ? ''
      : Object.keys(args)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${JSON.stringify(args[k]) ?? 'undefined'}`)
          .join(',');
  return `${queue}\u0000${bindingKey}\u0000${argsKey}`;
}

/**
 * An exchange and its bindings, indexed for its type. Routes are cached per routing key (a
 * headers exchange reads the headers too, so it is not cached) and the cache is dropped
 * whenever a binding changes: a publish costs one map lookup for a key seen before.
 */
export class Exchange {
  readonly #table: RoutingTable<BindingEntry>;
  readonly #entries = new Map<string, BindingEntry>();
  readonly #cache = new Map<string, Route>();

  constructor(
    readonly name: string,
    readonly type: ExchangeType,
    readonly options: ExchangeOptions,
  ) {
    this.#table = tableFor(type);
  }

  get size(): number {
    return this.#entries.size;
  }

  entries(): IterableIterator<BindingEntry> {
    return this.#entries.values();
  }

  binding(queue: string, bindingKey: string, args: BindingArgs | undefined) {
    return this.#entries.get(bindingId(queue, bindingKey, args));
  }

  /** Adds a binding that is not there yet (see `binding`). */
  bind(queue: Queue, bindingKey: string, args: BindingArgs | undefined): BindingEntry {
    const id = bindingId(queue.name, bindingKey, args);
    const binding = Object.freeze({ exchange: this.name, queue: queue.name, bindingKey, args });
    const entry: BindingEntry = { binding, queue };
    this.#entries.set(id, entry);
    this.#table.add(bindingKey, entry, args);
    this.#cache.clear();
    return entry;
  }

  unbind(
    queue: string,
    bindingKey: string,
    args: BindingArgs | undefined,
  ): BindingEntry | undefined {
    const id = bindingId(queue, bindingKey, args);
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    this.#entries.delete(id);
    this.#table.remove(bindingKey, entry);
    this.#cache.clear();
    return entry;
  }

  route(routingKey: string, headers: Headers): Route {
    if (this.type === 'headers') return routeOf(this.#table.match(routingKey, headers));
    const key = this.type === 'fanout' ? '' : routingKey;
    let route = this.#cache.get(key);
    if (route === undefined) {
      route = routeOf(this.#table.match(routingKey, headers));
      if (this.#cache.size >= ROUTE_CACHE_LIMIT) this.#cache.clear();
      this.#cache.set(key, route);
    }
    return route;
  }

  /** Every binding with its verdict for this key and headers, in binding order. */
  explain(routingKey: string, headers: Headers): BindingExplanation[] {
    return [...this.#entries.values()].map(({ binding }) => {
      const detail = this.#detail(binding.bindingKey, binding.args, routingKey, headers);
      return { binding, matched: matchedBy(detail), detail };
    });
  }

  #detail(
    bindingKey: string,
    args: BindingArgs | undefined,
    routingKey: string,
    headers: Headers,
  ): MatchDetail {
    switch (this.type) {
      case 'direct':
        return { kind: 'direct', equal: bindingKey === routingKey };
      case 'fanout':
        return { kind: 'fanout' };
      case 'topic':
        return { kind: 'topic', steps: explainTopic(bindingKey, routingKey) };
      case 'headers': {
        const { xMatch, checks, matched } = explainHeaders(args, headers);
        return { kind: 'headers', xMatch, checks, matched };
      }
    }
  }
}

function matchedBy(detail: MatchDetail): boolean {
  switch (detail.kind) {
    case 'direct':
      return detail.equal;
    case 'fanout':
      return true;
    case 'topic':
      return detail.steps !== undefined;
    case 'headers':
      return detail.matched;
  }
}
