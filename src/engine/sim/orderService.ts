import type { Rng } from '../rng';

export interface Order {
  readonly order_id: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: 'created' | 'paid';
}

// orders kept for the picture; the log and the listeners keep the rest of the history
const ORDERS_KEPT = 50;

/**
 * The course's OrderService: create_order() makes an order and emits order.created;
 * pay_order() marks the oldest unpaid order paid and emits order.paid.
 */
export class OrderService {
  #next = 101;
  #orders: Order[] = [];

  constructor(private readonly rng: Rng) {}

  get orders(): readonly Order[] {
    return this.#orders;
  }

  createOrder(): { event: 'order.created'; data: Omit<Order, 'status'> } {
    const order: Order = {
      order_id: `A-${this.#next++}`,
      // whole hryvnias between 100 and 5,000, from the scenario's seed
      amount: this.rng.int(100, 5000),
      currency: 'UAH',
      status: 'created',
    };
    this.#orders = [order, ...this.#orders].slice(0, ORDERS_KEPT);
    const { status: _status, ...data } = order;
    return { event: 'order.created', data };
  }

  /** Throws when there is no unpaid order: a person must create one first. */
  payOrder(): { event: 'order.paid'; data: Omit<Order, 'status'> } {
    const unpaid = this.#orders.findLast((o) => o.status === 'created');
    if (unpaid === undefined) throw new Error('There is no unpaid order: create_order() first');
    this.#orders = this.#orders.map((o) => (o === unpaid ? { ...o, status: 'paid' } : o));
    const { status: _status, ...data } = unpaid;
    return { event: 'order.paid', data };
  }
}
