import { NO_MATCH, type RoutingTable } from './table';

/** Fanout exchange: every binding matches, whatever the routing key and binding key. */
export class FanoutTable<V> implements RoutingTable<V> {
  // a value bound under several keys is still routed to once
  readonly #keys = new Map<V, Set<string>>();
  // replaced, never changed, so a match result stays valid after a later bind
  #all: readonly V[] = NO_MATCH;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(bindingKey: string, value: V): boolean {
    let keys = this.#keys.get(value);
    if (keys?.has(bindingKey)) return false;
    if (keys === undefined) {
      keys = new Set();
      this.#keys.set(value, keys);
      this.#all = [...this.#all, value];
    }
    keys.add(bindingKey);
    this.#size++;
    return true;
  }

  remove(bindingKey: string, value: V): boolean {
    const keys = this.#keys.get(value);
    if (keys === undefined || !keys.delete(bindingKey)) return false;
    if (keys.size === 0) {
      this.#keys.delete(value);
      this.#all = this.#all.filter((v) => v !== value);
    }
    this.#size--;
    return true;
  }

  match(): readonly V[] {
    return this.#all;
  }
}
