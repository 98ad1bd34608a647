import type { SagaDefinitionInput } from '../definition';

export interface OrderSagaOptions {
  /** `charge`: once the money is taken, the delivery is retried until it is created */
  readonly pivot?: 'reserve' | 'charge' | 'ship';
  readonly timeoutMs?: number;
  readonly attempts?: number;
  readonly backoffMs?: number;
}

/**
 * The course's saga: reserve the goods, charge the money, create the delivery; on a failure,
 * cancel the delivery, refund, release the reservation. The event names are the ones the
 * choreography publishes: `order.created` -> `inventory.reserved` -> `payment.charged` ->
 * `shipping.delivery-created` -> `order.completed`, and back through `payment.refunded`,
 * `inventory.released` -> `order.cancelled`.
 */
export function orderSagaDefinition(options: OrderSagaOptions = {}): SagaDefinitionInput {
  const policy = {
    timeoutMs: options.timeoutMs ?? 1_000,
    retry: {
      attempts: options.attempts ?? 3,
      backoffMs: options.backoffMs ?? 200,
      multiplier: 2,
      maxBackoffMs: 2_000,
    },
  };
  return {
    name: 'order',
    ...(options.pivot === undefined ? {} : { pivot: options.pivot }),
    events: { started: 'order.created', completed: 'order.completed', aborted: 'order.cancelled' },
    steps: [
      {
        name: 'reserve',
        service: 'inventory',
        action: 'reserve',
        compensation: 'release',
        ...policy,
        events: {
          succeeded: 'inventory.reserved',
          failed: 'inventory.reservation-failed',
          compensated: 'inventory.released',
        },
      },
      {
        name: 'charge',
        service: 'payment',
        action: 'charge',
        compensation: 'refund',
        ...policy,
        events: {
          succeeded: 'payment.charged',
          failed: 'payment.failed',
          compensated: 'payment.refunded',
        },
      },
      {
        name: 'ship',
        service: 'shipping',
        action: 'create-delivery',
        compensation: 'cancel-delivery',
        ...policy,
        events: {
          succeeded: 'shipping.delivery-created',
          failed: 'shipping.failed',
          compensated: 'shipping.delivery-cancelled',
        },
      },
    ],
  };
}
