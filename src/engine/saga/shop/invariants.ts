import type { SagaStatus } from '../types';
import type { InventoryState } from './inventory';
import type { Order } from './order';
import type { PaymentState } from './payment';
import type { ShippingState } from './shipping';

export interface ShopStores {
  readonly inventory: InventoryState;
  readonly payment: PaymentState;
  readonly shipping: ShippingState;
}

/** What the orders with a delivery booked are worth: what the money kept must come to. */
export function deliveredValue(shipping: ShippingState, orders: readonly Order[]): number {
  let value = 0;
  for (const order of orders)
    if (shipping.deliveries[order.orderId]?.status === 'created') value += order.amount;
  return value;
}

/**
 * What must hold once every order's saga has ended: stock is either on the shelf or held
 * for a delivered order; money is kept only for delivered orders, and the money kept in
 * all equals what the delivered orders are worth. Returns each breach, none when all hold.
 */
export function shopProblems(
  stores: ShopStores,
  orders: readonly { readonly order: Order; readonly status: SagaStatus }[],
  initialStock: Readonly<Record<string, number>>,
): string[] {
  const problems: string[] = [];
  const { inventory, payment, shipping } = stores;
  let kept = 0;
  const held: Record<string, number> = {};
  for (const { order, status } of orders) {
    const id = order.orderId;
    if (status === 'running' || status === 'compensating') problems.push(`${id}: still ${status}`);
    const delivered = shipping.deliveries[id]?.status === 'created';
    const reserved = inventory.reservations[id] !== undefined;
    const money = (payment.charged[id] ?? 0) - (payment.refunded[id] ?? 0);
    kept += money;
    if (status === 'completed') {
      if (!delivered) problems.push(`${id}: completed without a delivery`);
      if (!reserved) problems.push(`${id}: completed without its stock`);
      if (money !== order.amount)
        problems.push(`${id}: completed with ${money} kept, not ${order.amount}`);
    } else {
      if (reserved) problems.push(`${id}: ${status} but stock is still reserved`);
      if (delivered) problems.push(`${id}: ${status} but a delivery is booked`);
      if (money !== 0) problems.push(`${id}: ${status} but ${money} is kept`);
    }
  }
  for (const r of Object.values(inventory.reservations)) held[r.sku] = (held[r.sku] ?? 0) + r.qty;
  for (const [sku, initial] of Object.entries(initialStock)) {
    const total = (inventory.stock[sku] ?? 0) + (held[sku] ?? 0);
    if (total !== initial) problems.push(`${sku}: ${total} units accounted for, not ${initial}`);
  }
  const value = deliveredValue(
    shipping,
    orders.map((o) => o.order),
  );
  if (kept !== value) {
    problems.push(`money kept ${kept} is not the delivered orders' value ${value}`);
  }
  return problems;
}
