import { type Scenario, scenarioOrThrow } from '../engine/scenario';

/**
 * Lab 3 (course task 3): a shop on one event bus. OrderService emits order.created and
 * order.paid; NotificationService and AnalyticsService subscribe and react, each on its own,
 * to the same event at the same instant.
 */
export const shopLab: Scenario = scenarioOrThrow({
  format: 'eventlab.scenario',
  version: 1,
  id: 'shop',
  courseTask: 3,
  title: { en: 'Shop simulation', uk: 'Симуляція магазину' },
  nodes: [
    {
      id: 'OrderService',
      kind: 'producer',
      label: 'OrderService',
      service: 'orders',
      position: { x: 0, y: 110 },
      description: {
        en: 'create_order() emits order.created; pay_order() marks the oldest unpaid order paid and emits order.paid.',
        uk: 'create_order() генерує order.created; pay_order() позначає найстаріше неоплачене замовлення оплаченим і генерує order.paid.',
      },
      emits: [],
    },
    {
      id: 'bus',
      kind: 'bus',
      label: 'EventBus',
      position: { x: 330, y: 150 },
      logCapacity: 1000,
      description: {
        en: 'Delivers each event to every subscriber.',
        uk: 'Доставляє кожну подію всім підписникам.',
      },
    },
    {
      id: 'NotificationService',
      kind: 'listener',
      label: 'NotificationService',
      service: 'notification',
      position: { x: 680, y: 0 },
      failureMessage: 'SMTP server refused the connection',
      description: {
        en: 'Subscribes in its constructor: send_email() on order.created, send_sms() on order.paid.',
        uk: 'Підписується в конструкторі: send_email() на order.created, send_sms() на order.paid.',
      },
    },
    {
      id: 'AnalyticsService',
      kind: 'listener',
      label: 'AnalyticsService',
      service: 'analytics',
      position: { x: 680, y: 330 },
      failureMessage: 'analytics database is read-only',
      description: {
        en: 'count_order() on order.created; count_payment() adds the amount to revenue.',
        uk: 'count_order() на order.created; count_payment() додає суму до виручки.',
      },
    },
  ],
  edges: [{ id: 'orders-bus', source: 'OrderService', target: 'bus' }],
  subscriptions: [
    {
      id: 'notify-created',
      bus: 'bus',
      listener: 'NotificationService',
      pattern: 'order.created',
      handler: 'send_email',
    },
    {
      id: 'notify-paid',
      bus: 'bus',
      listener: 'NotificationService',
      pattern: 'order.paid',
      handler: 'send_sms',
    },
    {
      id: 'analytics-created',
      bus: 'bus',
      listener: 'AnalyticsService',
      pattern: 'order.created',
      handler: 'count_order',
    },
    {
      id: 'analytics-paid',
      bus: 'bus',
      listener: 'AnalyticsService',
      pattern: 'order.paid',
      handler: 'count_payment',
    },
  ],
  settings: { hopMs: 700, speed: 1, seed: 3 },
  guide: {
    intro: {
      en: 'Three services share one bus and know nothing of each other. OrderService announces what happened to an order; the other two decide for themselves what to do about it.',
      uk: 'Три сервіси ділять одну шину й нічого не знають один про одного. OrderService повідомляє, що сталося із замовленням; інші два самі вирішують, що з цим робити.',
    },
    points: [
      {
        en: 'OrderService.create_order() creates an order and emits order.created; pay_order() marks it paid and emits order.paid.',
        uk: 'OrderService.create_order() створює замовлення і генерує order.created; pay_order() позначає його оплаченим і генерує order.paid.',
      },
      {
        en: 'NotificationService subscribes in its constructor: an email on order.created, an SMS on order.paid.',
        uk: 'NotificationService підписується в __init__: email на order.created, SMS на order.paid.',
      },
      {
        en: 'AnalyticsService counts orders, payments and revenue in its own state.',
        uk: 'AnalyticsService рахує замовлення, оплати й виручку у власних змінних.',
      },
      {
        en: 'Both services receive the same event at the same time: the bus hands it to each subscriber.',
        uk: 'Обидва сервіси отримують ту саму подію одночасно: шина передає її кожному підписнику.',
      },
    ],
    tryIt: [
      {
        en: 'Press create_order() a few times, then pay_order(): watch both services react to each event.',
        uk: 'Натисніть create_order() кілька разів, потім pay_order(): подивіться, як обидва сервіси реагують на кожну подію.',
      },
      {
        en: 'Press pay_order() with no unpaid order: OrderService refuses and nothing is emitted.',
        uk: 'Натисніть pay_order(), коли неоплачених замовлень немає: OrderService відмовить, і нічого не буде згенеровано.',
      },
      {
        en: 'Make NotificationService throw: analytics still counts every payment.',
        uk: 'Змусьте NotificationService кидати помилку: аналітика все одно рахує кожну оплату.',
      },
      {
        en: 'Unsubscribe AnalyticsService from order.paid: revenue stops growing, emails still go out.',
        uk: 'Відпишіть AnalyticsService від order.paid: виручка перестане рости, листи все одно йдуть.',
      },
    ],
  },
});
