import { type Scenario, scenarioOrThrow } from '../engine/scenario';

/**
 * Lab 4 (course task 4): the queue. emit() does not run the listeners: it puts the event on a
 * queue and returns at once. Workers in their own threads (real Web Workers) take events and
 * call the listeners, each wrapped in try/catch, so a failing listener is reported and the
 * worker goes on. More workers drain a burst faster.
 */
export const queueLab: Scenario = scenarioOrThrow({
  format: 'eventlab.scenario',
  version: 1,
  id: 'queue',
  courseTask: 4,
  title: { en: 'Queue and workers', uk: 'Черга і воркери' },
  nodes: [
    {
      id: 'app',
      kind: 'producer',
      label: 'app',
      load: true,
      position: { x: 0, y: 90 },
      description: {
        en: 'bus.emit() puts the event on the queue and returns at once.',
        uk: 'bus.emit() кладе подію в чергу й одразу повертається.',
      },
      emits: [
        { event: 'user.registered', data: { user_id: 1, email: 'olena@example.com' } },
        { event: 'order.created', data: { order_id: 'A-100', amount: 1250 } },
        { event: 'order.paid', data: { order_id: 'A-100', amount: 1250 } },
      ],
    },
    {
      id: 'emit',
      kind: 'exchange',
      label: 'bus.emit()',
      exchangeType: 'fanout',
      position: { x: 300, y: 130 },
      description: {
        en: 'Hands the event to the queue; nothing else.',
        uk: 'Передає подію в чергу, і більше нічого.',
      },
    },
    {
      id: 'event_queue',
      kind: 'queue',
      label: 'event_queue',
      position: { x: 560, y: 120 },
      // bounded, so a rate the workers cannot keep up with costs dropped events, not memory
      maxLength: 10_000,
      overflow: 'drop-head',
      description: {
        en: 'queue.Queue(): first in, first out.',
        uk: 'queue.Queue(): перший прийшов — перший вийшов.',
      },
    },
    {
      id: 'workers',
      kind: 'consumer',
      label: 'workers',
      queue: 'event_queue',
      position: { x: 840, y: 40 },
      workers: 1,
      prefetch: 1,
      handler: {
        kind: 'listeners',
        listeners: [
          { name: 'email_sender', handler: { kind: 'slow', ms: 400 } },
          { name: 'logger', handler: { kind: 'log' } },
          { name: 'analytics', handler: { kind: 'flaky', failureRate: 0.25 } },
        ],
      },
      description: {
        en: 'Each worker takes one event at a time and calls every listener in try/except.',
        uk: 'Кожен воркер бере одну подію за раз і викликає кожного слухача в try/except.',
      },
    },
  ],
  edges: [{ id: 'app-emit', source: 'app', target: 'emit' }],
  subscriptions: [],
  bindings: [{ id: 'emit-queue', exchange: 'emit', queue: 'event_queue', key: '' }],
  settings: { hopMs: 400, speed: 1, seed: 4 },
  guide: {
    intro: {
      en: 'With a queue, emit() no longer waits for the listeners. The event waits in a queue; a worker in its own thread takes it and calls the listeners. The producer and the listeners now run at their own pace.',
      uk: 'З чергою emit() більше не чекає на слухачів. Подія чекає в черзі; воркер у власному потоці бере її й викликає слухачів. Продюсер і слухачі тепер працюють у власному темпі.',
    },
    points: [
      {
        en: 'The producer’s emit() puts the event on queue.Queue() and goes on: it does not run the listeners.',
        uk: 'emit() продюсера кладе подію в queue.Queue() і продовжує роботу: слухачів він не запускає.',
      },
      {
        en: 'A worker thread waits on the queue and calls the listeners for each event.',
        uk: 'Потік-воркер чекає на черзі й викликає слухачів для кожної події.',
      },
      {
        en: 'Every listener is wrapped in try/except: one failing listener does not stop the others, and the worker goes on with the next event.',
        uk: 'Кожен слухач обгорнутий у try/except: один слухач, що впав, не зупиняє інших, і воркер береться за наступну подію.',
      },
      {
        en: 'Several workers can share the load.',
        uk: 'Кілька воркерів можуть ділити навантаження.',
      },
    ],
    tryIt: [
      {
        en: 'Press Burst 50 with one worker: watch the queue fill, then drain one event at a time.',
        uk: 'Натисніть Burst 50 з одним воркером: черга наповнюється, а потім спорожнюється по одній події.',
      },
      {
        en: 'Add workers with + and burst again: the queue drains several times faster.',
        uk: 'Додайте воркерів кнопкою + і повторіть: черга спорожнюється в кілька разів швидше.',
      },
      {
        en: 'Watch analytics fail now and then: email_sender and logger still ran, and the event is done.',
        uk: 'Подивіться, як analytics часом падає: email_sender і logger усе одно відпрацювали, і подію оброблено.',
      },
      {
        en: 'Kill a busy worker: its event goes back to the queue and another worker takes it.',
        uk: 'Вбийте зайнятого воркера: його подія повертається в чергу, і її бере інший воркер.',
      },
    ],
  },
});
