import type { ServiceModel } from '../serviceModel';
import { orderOf } from './order';

export interface ShippingState {
  readonly deliveries: Readonly<
    Record<
      string,
      { readonly sku: string; readonly qty: number; readonly status: 'created' | 'cancelled' }
    >
  >;
}

/** Deliveries: `create-delivery` books one for an order, `cancel-delivery` calls it off. */
export function shippingModel(): ServiceModel<ShippingState> {
  return {
    name: 'shipping',
    initial: () => ({ deliveries: {} }),
    actions: {
      'create-delivery': (s, data) => {
        const { orderId, sku, qty } = orderOf(data);
        return {
          ok: true,
          state: { deliveries: { ...s.deliveries, [orderId]: { sku, qty, status: 'created' } } },
          result: { delivery: `d-${orderId}` },
        };
      },
    },
    compensations: {
      'cancel-delivery': (s, data) => {
        const { orderId } = orderOf(data);
        const d = s.deliveries[orderId];
        if (d === undefined) return s;
        return { deliveries: { ...s.deliveries, [orderId]: { ...d, status: 'cancelled' } } };
      },
    },
  };
}
