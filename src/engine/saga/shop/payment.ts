import type { ServiceModel } from '../serviceModel';
import { orderOf } from './order';

export interface PaymentState {
  /** money taken, per order */
  readonly charged: Readonly<Record<string, number>>;
  /** money given back, per order */
  readonly refunded: Readonly<Record<string, number>>;
}

export interface PaymentOptions {
  /** charges above this are declined (a business "no"); default: none are */
  readonly declineOver?: number;
}

/** Money per order: `charge` takes the order's amount, `refund` gives back what was taken. */
export function paymentModel(options: PaymentOptions = {}): ServiceModel<PaymentState> {
  const limit = options.declineOver ?? Number.POSITIVE_INFINITY;
  return {
    name: 'payment',
    initial: () => ({ charged: {}, refunded: {} }),
    actions: {
      charge: (s, data) => {
        const { orderId, amount } = orderOf(data);
        if (amount > limit)
          return { ok: false, reason: `card declined: ${amount} is over ${limit}` };
        return {
          ok: true,
          state: { ...s, charged: { ...s.charged, [orderId]: amount } },
          result: { amount },
        };
      },
    },
    compensations: {
      refund: (s, data) => {
        const { orderId } = orderOf(data);
        const taken = s.charged[orderId];
        if (taken === undefined) return s;
        return { ...s, refunded: { ...s.refunded, [orderId]: taken } };
      },
    },
  };
}

export function paymentTotals(s: PaymentState): {
  charged: number;
  refunded: number;
  kept: number;
} {
  const sum = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((a, b) => a + b, 0);
  const charged = sum(s.charged);
  const refunded = sum(s.refunded);
  return { charged, refunded, kept: charged - refunded };
}
