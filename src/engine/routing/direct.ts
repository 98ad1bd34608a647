import { NO_MATCH, type RoutingTable } from './table';

/** Direct exchange: a binding matches when its key equals the routing key. A hash lookup. */
export class DirectTable<V> implements RoutingTable<V> {
  // arrays are replaced, never changed, so a match result stays valid after a later bind
  readonly #byKey = new Map<string, readonly V[]>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(bindingKey: string, value: V): boolean {
    const list = this.#byKey.get(bindingKey) ?? NO_MATCH;
    if (list.includes(value)) return false;
    this.#byKey.set(bindingKey, [...list, value]);
    this.#size++;
    return true;
  }

  remove(bindingKey: string, value: V): boolean {
    const list = this.#byKey.get(bindingKey);
    if (list === undefined || !list.includes(value)) return false;
    const rest = list.filter((v) => v !== value);
    if (rest.length === 0) this.#byKey.delete(bindingKey);
    else this.#byKey.set(bindingKey, rest);
    this.#size--;
    return true;
  }

  match(routingKey: string): readonly V[] {
    return this.#byKey.get(routingKey) ?? NO_MATCH;
  }
}
