import { type Scenario, scenarioOrThrow } from '../engine/scenario';

/**
 * Lab 6 (course task 6): RabbitMQ. Producer -> exchange `user_events` -> queues -> consumers
 * in real Web Workers. Switch the exchange type, edit binding keys, kill a worker mid-message,
 * and watch a poison message reach the dead-letter queue after its delivery limit.
 */
export const rabbitmqLab: Scenario = scenarioOrThrow({
  format: 'eventlab.scenario',
  version: 1,
  id: 'rabbitmq',
  courseTask: 6,
  title: { en: 'RabbitMQ: exchanges and queues', uk: 'RabbitMQ: обмінники й черги' },
  nodes: [
    {
      id: 'producer',
      kind: 'producer',
      label: 'Producer',
      load: true,
      position: { x: 0, y: 150 },
      description: {
        en: 'Publishes to the exchange; it does not know who will consume.',
        uk: 'Публікує в обмінник і не знає, хто споживатиме.',
      },
      emits: [
        { event: 'user.registered', data: { user_id: 1, email: 'olena@example.com' } },
        { event: 'user.deleted', data: { user_id: 2 } },
        { event: 'user.profile.updated', data: { user_id: 1, field: 'avatar' } },
        { event: 'user.registered', label: 'poison', data: { user_id: 666, poison: true } },
      ],
    },
    {
      id: 'user_events',
      kind: 'exchange',
      label: 'user_events',
      exchangeType: 'topic',
      position: { x: 270, y: 170 },
      description: {
        en: 'The post office: routes by binding key.',
        uk: 'Пошта: маршрутизує за ключем.',
      },
    },
    {
      id: 'email_queue',
      kind: 'queue',
      label: 'email_queue',
      position: { x: 620, y: 0 },
      deadLetterExchange: 'dlx',
      deliveryLimit: 3,
      // a bounded queue, as production RabbitMQ queues should be: under a load the consumers
      // cannot keep up with, the oldest messages go to the dead letters instead of memory
      maxLength: 5000,
      overflow: 'drop-head',
    },
    {
      id: 'analytics_queue',
      kind: 'queue',
      label: 'analytics_queue',
      position: { x: 620, y: 310 },
      maxLength: 5000,
      overflow: 'drop-head',
    },
    {
      id: 'email_worker',
      kind: 'consumer',
      label: 'email_worker',
      queue: 'email_queue',
      position: { x: 920, y: 0 },
      handler: { kind: 'poison', when: { field: 'poison', equals: true } },
      workers: 2,
      prefetch: 1,
      description: {
        en: 'Sends welcome emails; crashes on a poison message.',
        uk: 'Надсилає вітальні листи; падає на отруєному повідомленні.',
      },
    },
    {
      id: 'analytics_worker',
      kind: 'consumer',
      label: 'analytics_worker',
      queue: 'analytics_queue',
      position: { x: 920, y: 300 },
      handler: { kind: 'analytics' },
      workers: 1,
      prefetch: 5,
    },
    {
      id: 'dlx',
      kind: 'exchange',
      label: 'dlx',
      exchangeType: 'fanout',
      position: { x: 620, y: 560 },
      description: { en: 'Dead-letter exchange.', uk: 'Обмінник для «мертвих» листів.' },
    },
    {
      id: 'dead_letters',
      kind: 'queue',
      label: 'dead_letters',
      position: { x: 920, y: 560 },
      // dropped from here goes nowhere: dead letters are kept for a person to look at
      maxLength: 1000,
      overflow: 'drop-head',
    },
  ],
  edges: [{ id: 'producer-exchange', source: 'producer', target: 'user_events' }],
  subscriptions: [],
  bindings: [
    { id: 'bind-email', exchange: 'user_events', queue: 'email_queue', key: 'user.registered' },
    { id: 'bind-analytics', exchange: 'user_events', queue: 'analytics_queue', key: 'user.*' },
    { id: 'bind-dead', exchange: 'dlx', queue: 'dead_letters', key: '' },
  ],
  settings: { hopMs: 600, speed: 1, seed: 6 },
  guide: {
    intro: {
      en: 'Producer → Exchange → Queue → Consumer. The exchange is the post office: the producer hands it a message with a routing key and never learns who reads it. Each queue keeps its messages until a consumer acknowledges them.',
      uk: 'Producer → Exchange → Queue → Consumer. Обмінник — це пошта: продюсер віддає йому повідомлення з ключем маршрутизації й не дізнається, хто його прочитає. Черга тримає повідомлення, доки споживач не підтвердить їх.',
    },
    points: [
      {
        en: 'Topic exchange: * is exactly one word, # is zero or more words. user.* does not match user.profile.updated; user.# does.',
        uk: 'Topic-обмінник: * — рівно одне слово, # — нуль або більше слів. user.* не збігається з user.profile.updated, а user.# — так.',
      },
      {
        en: 'Scaling: add workers to a queue and they share its messages; each reads at its own pace.',
        uk: 'Масштабування: додайте воркерів до черги, і вони поділять її повідомлення; кожен читає у власному темпі.',
      },
      {
        en: 'Isolation: one worker failing does not affect the others.',
        uk: 'Ізоляція: падіння одного воркера не впливає на інших.',
      },
      {
        en: 'Delivery guarantee: the broker keeps a message until it is acknowledged; a dead worker’s messages go back to the queue, marked redelivered.',
        uk: 'Гарантія доставки: брокер тримає повідомлення, доки його не підтвердять; повідомлення мертвого воркера повертаються в чергу з позначкою redelivered.',
      },
    ],
    tryIt: [
      {
        en: 'Emit user.profile.updated: nobody gets it, since * in user.* is exactly one word. Change the analytics binding to user.# and emit again.',
        uk: 'Згенеруйте user.profile.updated: його не отримає ніхто! Змініть ключ analytics на user.# і спробуйте ще раз.',
      },
      {
        en: 'Switch user_events to fanout: every queue gets every message, whatever the key.',
        uk: 'Перемкніть user_events на fanout: кожна черга отримує кожне повідомлення, незалежно від ключа.',
      },
      {
        en: 'Switch email_worker to slow, emit several events, and kill a busy worker: its message returns, redelivered.',
        uk: 'Перемкніть email_worker на slow, згенеруйте кілька подій і вбийте зайнятого воркера: його повідомлення повернеться з позначкою redelivered.',
      },
      {
        en: 'Emit the poison message: it fails three times, then goes to dead_letters. Move it back when you are ready.',
        uk: 'Згенеруйте отруєне повідомлення: воно впаде тричі й піде в dead_letters. Поверніть його, коли будете готові.',
      },
    ],
  },
});
