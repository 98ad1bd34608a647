import { describe, expect, it } from 'vitest';
import { shopLab } from '../../labs/shop';
import { createRng } from '../rng';
import { parseScenario } from '../scenario';
import { OrderService } from './orderService';
import { Simulation } from './Simulation';
import { initialServiceState, runService } from './services';

describe('course services', () => {
  it.each([
    [
      'send_email',
      { order_id: 'A-1', amount: 10, currency: 'UAH' },
      'email',
      'Email: order A-1 created, 10 UAH',
    ],
    ['send_sms', { order_id: 'A-1', amount: 10 }, 'sms', 'SMS: payment for order A-1 received'],
  ])('notification %s', (handler, data, channel, text) => {
    const state = runService(initialServiceState('notification'), handler, data, 5);
    expect(state).toEqual({ kind: 'notification', sent: [{ channel, text, at: 5 }] });
  });

  it('analytics counts orders, payments and revenue by currency', () => {
    let state = initialServiceState('analytics');
    state = runService(state, 'count_order', { order_id: 1, amount: 100 }, 0);
    state = runService(state, 'count_payment', { order_id: 1, amount: 100, currency: 'UAH' }, 0);
    state = runService(state, 'count_payment', { order_id: 2, amount: 5, currency: 'EUR' }, 0);
    expect(state).toEqual({
      kind: 'analytics',
      orders: 1,
      payments: 2,
      revenue: { UAH: 100, EUR: 5 },
    });
  });

  it.each([
    [null, 'the event has no order data'],
    [{ amount: 1 }, 'the event has no order_id'],
    [{ order_id: 'A-9', amount: '12' }, 'order A-9 has no numeric amount'],
  ])('refuses %j with "%s"', (data, message) => {
    expect(() => runService(initialServiceState('analytics'), 'count_payment', data, 0)).toThrow(
      message,
    );
  });

  it('rejects a handler the service does not have, naming the field', () => {
    const bad = structuredClone(shopLab) as unknown as { subscriptions: { handler?: string }[] };
    const first = bad.subscriptions[0];
    if (first) first.handler = 'send_fax';
    const result = parseScenario(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toContainEqual({
        field: 'subscriptions[0].handler',
        message: 'a notification listener has no handler "send_fax" (it has: send_email, send_sms)',
      });
    }
  });
});

describe('OrderService', () => {
  it('creates numbered orders and pays the oldest unpaid first', () => {
    const orders = new OrderService(createRng(1));
    expect(orders.createOrder().data.order_id).toBe('A-101');
    expect(orders.createOrder().data.order_id).toBe('A-102');
    expect(orders.payOrder().data.order_id).toBe('A-101');
    expect(orders.payOrder().data.order_id).toBe('A-102');
    expect(() => orders.payOrder()).toThrow('There is no unpaid order: create_order() first');
    expect(orders.orders.map((o) => o.status)).toEqual(['paid', 'paid']);
  });
});

describe('the shop lab', () => {
  it('both services receive each event at the same instant and keep their own totals', () => {
    const sim = new Simulation(shopLab);
    const delivered: { listener: string; at: number }[] = [];
    sim.trace.subscribe((e) => {
      if (e.type === 'bus.delivered') delivered.push({ listener: e.listener, at: e.at });
    });
    sim.call('OrderService', 'create_order');
    sim.call('OrderService', 'create_order');
    sim.call('OrderService', 'pay_order');
    sim.clock.advance(sim.hopMs);

    const times = new Set(delivered.map((d) => d.at));
    expect(times.size).toBe(1);
    expect(delivered.map((d) => d.listener)).toEqual([
      'NotificationService',
      'AnalyticsService',
      'NotificationService',
      'AnalyticsService',
      'NotificationService',
      'AnalyticsService',
    ]);
    const { listeners, producers } = sim.getSnapshot();
    const paid = producers.OrderService?.orders.find((o) => o.status === 'paid');
    expect(listeners.AnalyticsService?.service).toEqual({
      kind: 'analytics',
      orders: 2,
      payments: 1,
      revenue: { UAH: paid?.amount },
    });
    const notification = listeners.NotificationService?.service;
    expect(
      notification?.kind === 'notification' && notification.sent.map((n) => n.channel),
    ).toEqual(['sms', 'email', 'email']);
  });

  it('a failing NotificationService does not stop analytics from counting the payment', () => {
    const sim = new Simulation(shopLab);
    sim.setFailing('NotificationService', true);
    sim.call('OrderService', 'create_order');
    sim.call('OrderService', 'pay_order');
    sim.clock.advance(sim.hopMs);
    const { listeners } = sim.getSnapshot();
    expect(listeners.NotificationService).toMatchObject({ received: 2, failed: 2 });
    expect(listeners.AnalyticsService?.service).toMatchObject({ orders: 1, payments: 1 });
  });
});
