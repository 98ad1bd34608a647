/** Message headers as a headers exchange reads them. */
export type HeaderValues = Readonly<Record<string, unknown>>;

/**
 * The bindings of one exchange, indexed for its type. `match` returns each matching value
 * once; the array it returns may be shared, so callers treat it as read-only.
 */
export interface RoutingTable<V> {
  /** Bindings held. */
  readonly size: number;
  /** Returns false when that binding was already there. */
  add(bindingKey: string, value: V, args?: HeaderValues): boolean;
  /** Returns whether the binding was there. */
  remove(bindingKey: string, value: V): boolean;
  match(routingKey: string, headers: HeaderValues): readonly V[];
}

export const NO_MATCH: readonly never[] = Object.freeze([]);
