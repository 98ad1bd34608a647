import type { ServiceModel } from '../serviceModel';
import { orderOf } from './order';

export interface InventoryState {
  /** units on the shelf, per item */
  readonly stock: Readonly<Record<string, number>>;
  /** units held for an order, taken off the shelf */
  readonly reservations: Readonly<Record<string, { readonly sku: string; readonly qty: number }>>;
}

/** Stock and reservations: `reserve` takes units off the shelf for an order, `release` puts them back. */
export function inventoryModel(
  stock: Readonly<Record<string, number>>,
): ServiceModel<InventoryState> {
  return {
    name: 'inventory',
    initial: () => ({ stock: { ...stock }, reservations: {} }),
    actions: {
      reserve: (s, data) => {
        const { orderId, sku, qty } = orderOf(data);
        const left = s.stock[sku] ?? 0;
        if (left < qty)
          return { ok: false, reason: `out of stock: ${sku} has ${left}, needs ${qty}` };
        return {
          ok: true,
          state: {
            stock: { ...s.stock, [sku]: left - qty },
            reservations: { ...s.reservations, [orderId]: { sku, qty } },
          },
        };
      },
    },
    compensations: {
      release: (s, data) => {
        const { orderId } = orderOf(data);
        const held = s.reservations[orderId];
        if (held === undefined) return s;
        const { [orderId]: _, ...reservations } = s.reservations;
        return {
          stock: { ...s.stock, [held.sku]: (s.stock[held.sku] ?? 0) + held.qty },
          reservations,
        };
      },
    },
  };
}
