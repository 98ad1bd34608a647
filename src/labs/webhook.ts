import { type Scenario, scenarioOrThrow } from '../engine/scenario';

/**
 * Lab 7 (course task 7): webhooks over real HTTP. An outside service POSTs JSON to
 * /webhook/order; the endpoint (src/server, a real HTTP server) checks it, answers 200 at
 * once, and the event goes on to the bus, the queue and a worker that calls the listeners in
 * the background. Requests come from the lab's panel or from a terminal (curl); the tab gets
 * what the endpoint accepted over Server-Sent Events.
 */
export const webhookLab: Scenario = scenarioOrThrow({
  format: 'eventlab.scenario',
  version: 1,
  id: 'webhook',
  courseTask: 7,
  title: { en: 'Webhooks over HTTP', uk: 'Вебхуки через HTTP' },
  nodes: [
    {
      id: 'shop',
      kind: 'external',
      label: 'payment service',
      position: { x: 0, y: 110 },
      description: {
        en: 'Outside the system: it POSTs JSON when an order changes, and retries if it gets no 200.',
        uk: 'Поза системою: надсилає JSON через POST, коли змінюється замовлення, і повторює, якщо не отримала 200.',
      },
    },
    {
      id: 'endpoint',
      kind: 'http',
      label: 'POST /webhook/order',
      path: '/webhook/*',
      position: { x: 290, y: 80 },
      description: {
        en: 'Checks the request, answers 200 at once, and hands the event on.',
        uk: 'Перевіряє запит, одразу відповідає 200 і передає подію далі.',
      },
    },
    {
      id: 'emit',
      kind: 'exchange',
      label: 'bus.emit()',
      exchangeType: 'fanout',
      position: { x: 650, y: 110 },
      description: {
        en: 'Puts the event on the queue and returns.',
        uk: 'Кладе подію в чергу й повертається.',
      },
    },
    {
      id: 'event_queue',
      kind: 'queue',
      label: 'event_queue',
      position: { x: 940, y: 100 },
      maxLength: 10_000,
      overflow: 'drop-head',
      description: {
        en: 'The work waits here; the answer has already gone.',
        uk: 'Робота чекає тут; відповідь уже пішла.',
      },
    },
    {
      id: 'worker',
      kind: 'consumer',
      label: 'worker',
      queue: 'event_queue',
      position: { x: 1220, y: 20 },
      workers: 1,
      prefetch: 1,
      handler: {
        kind: 'listeners',
        listeners: [
          // an email takes a while: the point is that the 200 did not wait for it
          { name: 'email_sender', handler: { kind: 'slow', ms: 1200 } },
          { name: 'logger', handler: { kind: 'log' } },
          { name: 'analytics', handler: { kind: 'analytics' } },
        ],
      },
      description: {
        en: 'Calls the listeners, email_sender, logger and analytics, in the background.',
        uk: 'Викликає слухачів email_sender, logger і analytics у фоні.',
      },
    },
    // the listeners the worker calls, drawn after it: each counts its calls as they land
    {
      id: 'email_sender',
      kind: 'listener',
      label: 'email_sender',
      position: { x: 1530, y: -110 },
      description: {
        en: 'Sends the order confirmation (slow: 1.2 s).',
        uk: 'Надсилає підтвердження замовлення (повільно: 1,2 с).',
      },
    },
    {
      id: 'logger',
      kind: 'listener',
      label: 'logger',
      position: { x: 1530, y: 70 },
      description: { en: 'Writes the event to the log.', uk: 'Записує подію в лог.' },
    },
    {
      id: 'analytics',
      kind: 'listener',
      label: 'analytics',
      position: { x: 1530, y: 250 },
      description: { en: 'Counts orders and revenue.', uk: 'Рахує замовлення й виручку.' },
    },
  ],
  edges: [
    { id: 'shop-endpoint', source: 'shop', target: 'endpoint' },
    { id: 'endpoint-emit', source: 'endpoint', target: 'emit' },
    { id: 'worker-email', source: 'worker', target: 'email_sender' },
    { id: 'worker-logger', source: 'worker', target: 'logger' },
    { id: 'worker-analytics', source: 'worker', target: 'analytics' },
  ],
  subscriptions: [],
  bindings: [{ id: 'emit-queue', exchange: 'emit', queue: 'event_queue', key: '' }],
  settings: { hopMs: 400, speed: 1, seed: 7 },
  guide: {
    intro: {
      en: 'A webhook is an HTTP request one system sends another when something happens. The receiver checks it, answers 200 at once, and does the work afterwards: a sender waits only a few seconds for an answer, and retries when it gets none. Here the endpoint is a real HTTP server: send requests from the panel, or from a terminal with curl.',
      uk: 'Вебхук — це HTTP-запит, який одна система надсилає іншій, коли щось стається. Отримувач перевіряє його, одразу відповідає 200, а роботу виконує потім: відправник чекає на відповідь лише кілька секунд і повторює запит, якщо її немає. Тут ендпоінт — справжній HTTP-сервер: надсилайте запити з панелі або з термінала через curl.',
    },
    points: [
      {
        en: 'POST /webhook/order checks the JSON against the order schema and answers 400 naming the wrong field.',
        uk: 'POST /webhook/order перевіряє JSON за схемою замовлення й відповідає 400 із назвою хибного поля.',
      },
      {
        en: 'The 200 goes out as soon as the event is on the bus; the email, the log and the analytics run later, in a worker.',
        uk: '200 іде одразу, щойно подія потрапила на шину; лист, лог і аналітика виконуються пізніше, у воркері.',
      },
      {
        en: 'A signature (Standard Webhooks: HMAC-SHA256 over id, timestamp and body) proves who sent it; a timestamp older than 5 minutes is refused, so a captured request cannot be replayed later.',
        uk: 'Підпис (Standard Webhooks: HMAC-SHA256 від id, часу й тіла) доводить, хто надіслав запит; час, старший за 5 хвилин, відхиляється, тож перехоплений запит не можна повторити пізніше.',
      },
      {
        en: 'Senders retry, so the same webhook-id may come twice: the endpoint answers 200 again and makes no second event.',
        uk: 'Відправники повторюють запити, тож той самий webhook-id може прийти двічі: ендпоінт знову відповідає 200 і не створює другої події.',
      },
      {
        en: 'A body over 100 KB is refused with 413 before it is read.',
        uk: 'Тіло понад 100 КБ відхиляється з кодом 413 ще до того, як його прочитано.',
      },
    ],
    tryIt: [
      {
        en: 'Send a valid webhook: the answer takes milliseconds, the worker takes over a second. Compare the two lanes.',
        uk: 'Надішліть коректний вебхук: відповідь займає мілісекунди, а воркер — понад секунду. Порівняйте дві доріжки.',
      },
      {
        en: 'Send a duplicate: 200 again, "duplicate": true, and nothing new reaches the queue.',
        uk: 'Надішліть дублікат: знову 200, "duplicate": true, і нічого нового не потрапляє в чергу.',
      },
      {
        en: 'Copy the curl line and run it in a terminal: the request appears here within a second.',
        uk: 'Скопіюйте рядок curl і виконайте його в терміналі: запит з’явиться тут за секунду.',
      },
      {
        en: 'Start the server with WEBHOOK_SECRET set, type the same secret in the panel, then send a forged signature: 401.',
        uk: 'Запустіть сервер із WEBHOOK_SECRET, введіть той самий секрет у панелі й надішліть підроблений підпис: 401.',
      },
    ],
  },
});
