/**
 * The course's services as listener behaviours (task 3): NotificationService sends an email
 * on order.created and an SMS on order.paid; AnalyticsService counts orders, payments and
 * revenue. A plain listener just records what it received.
 */

export const LISTENER_SERVICES = ['record', 'notification', 'analytics'] as const;
export type ListenerService = (typeof LISTENER_SERVICES)[number];

export const SERVICE_HANDLERS = {
  record: ['record'],
  notification: ['send_email', 'send_sms'],
  analytics: ['count_order', 'count_payment'],
} as const satisfies Record<ListenerService, readonly string[]>;

export interface Notification {
  readonly channel: 'email' | 'sms';
  readonly text: string;
  readonly at: number;
}

export type ServiceState =
  | { readonly kind: 'record' }
  | { readonly kind: 'notification'; readonly sent: readonly Notification[] }
  | {
      readonly kind: 'analytics';
      readonly orders: number;
      readonly payments: number;
      /** revenue by currency */
      readonly revenue: Readonly<Record<string, number>>;
    };

// notifications kept for the picture; older ones are only counted in `received`
const SENT_KEPT = 20;

export function initialServiceState(kind: ListenerService): ServiceState {
  switch (kind) {
    case 'record':
      return { kind };
    case 'notification':
      return { kind, sent: [] };
    case 'analytics':
      return { kind, orders: 0, payments: 0, revenue: {} };
  }
}

interface OrderData {
  readonly order_id: string;
  readonly amount: number;
  readonly currency: string;
}

/** Reads the fields a service needs, or says exactly what is missing. */
function orderData(data: unknown): OrderData {
  if (typeof data !== 'object' || data === null) throw new Error('the event has no order data');
  const d = data as Record<string, unknown>;
  if (typeof d.order_id !== 'string' && typeof d.order_id !== 'number') {
    throw new Error('the event has no order_id');
  }
  if (typeof d.amount !== 'number' || !Number.isFinite(d.amount)) {
    throw new Error(`order ${d.order_id} has no numeric amount`);
  }
  const currency = typeof d.currency === 'string' ? d.currency : 'UAH';
  return { order_id: String(d.order_id), amount: d.amount, currency };
}

/**
 * Runs `handler` of a service on one delivery and returns the new state. Throws when the
 * data does not fit, so the bus records the failure and the others go on.
 */
export function runService(
  state: ServiceState,
  handler: string,
  data: unknown,
  at: number,
): ServiceState {
  switch (state.kind) {
    case 'record':
      return state;
    case 'notification': {
      const order = orderData(data);
      const notification: Notification =
        handler === 'send_sms'
          ? { channel: 'sms', text: `SMS: payment for order ${order.order_id} received`, at }
          : {
              channel: 'email',
              text: `Email: order ${order.order_id} created, ${order.amount} ${order.currency}`,
              at,
            };
      return { kind: 'notification', sent: [notification, ...state.sent].slice(0, SENT_KEPT) };
    }
    case 'analytics': {
      const order = orderData(data);
      if (handler === 'count_payment') {
        const revenue = {
          ...state.revenue,
          [order.currency]: (state.revenue[order.currency] ?? 0) + order.amount,
        };
        return { ...state, payments: state.payments + 1, revenue };
      }
      return { ...state, orders: state.orders + 1 };
    }
  }
}
