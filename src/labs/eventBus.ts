import { type Scenario, scenarioOrThrow } from '../engine/scenario';

/**
 * Lab 1 (course task 1): the EventBus. The course's demo: three events and three listeners,
 * with subscriptions chosen to show all three kinds of match: exact (`user.registered`),
 * prefix (`user.*`) and everything (`*`).
 */
export const eventBusLab: Scenario = scenarioOrThrow({
  format: 'eventlab.scenario',
  version: 1,
  id: 'event-bus',
  courseTask: 1,
  title: { en: 'The event bus', uk: 'Шина подій (EventBus)' },
  nodes: [
    {
      id: 'app',
      kind: 'producer',
      label: 'app',
      position: { x: 0, y: 120 },
      description: {
        en: 'Your code: it emits events and does not know who listens.',
        uk: 'Ваш код: генерує події й не знає, хто їх слухає.',
      },
      emits: [
        { event: 'user.registered', data: { user_id: 1, email: 'olena@example.com' } },
        { event: 'user.deleted', data: { user_id: 2 } },
        { event: 'order.created', data: { order_id: 'A-100', amount: 1250, currency: 'UAH' } },
      ],
    },
    {
      id: 'bus',
      kind: 'bus',
      label: 'EventBus',
      position: { x: 320, y: 140 },
      logCapacity: 1000,
      description: {
        en: 'Logs every event, then calls exact listeners, then wildcard listeners.',
        uk: 'Логує кожну подію, потім викликає точних слухачів, потім wildcard-слухачів.',
      },
    },
    {
      id: 'email_sender',
      kind: 'listener',
      label: 'email_sender',
      position: { x: 660, y: 0 },
      failureMessage: 'SMTP server refused the connection',
      description: { en: 'Sends a welcome email.', uk: 'Надсилає вітальний лист.' },
    },
    {
      id: 'logger',
      kind: 'listener',
      label: 'logger',
      position: { x: 660, y: 170 },
      failureMessage: 'disk full: cannot write the log line',
      description: { en: 'Writes every event to a log.', uk: 'Записує кожну подію в лог.' },
    },
    {
      id: 'analytics',
      kind: 'listener',
      label: 'analytics',
      position: { x: 660, y: 340 },
      failureMessage: 'analytics service timed out',
      description: {
        en: 'Counts user activity and orders.',
        uk: 'Рахує активність користувачів і замовлення.',
      },
    },
  ],
  edges: [{ id: 'app-bus', source: 'app', target: 'bus' }],
  subscriptions: [
    {
      id: 'email-user-registered',
      bus: 'bus',
      listener: 'email_sender',
      pattern: 'user.registered',
    },
    { id: 'logger-all', bus: 'bus', listener: 'logger', pattern: '*' },
    { id: 'analytics-user', bus: 'bus', listener: 'analytics', pattern: 'user.*' },
    { id: 'analytics-order-created', bus: 'bus', listener: 'analytics', pattern: 'order.created' },
  ],
  settings: { hopMs: 700, speed: 1, seed: 1 },
  guide: {
    intro: {
      en: 'An event bus decouples who announces something from who reacts to it. The emitter calls emit(name, data); the bus writes the event to its log and calls every listener subscribed to it. The emitter never learns who listened.',
      uk: 'Шина подій відокремлює того, хто повідомляє про подію, від тих, хто на неї реагує. Відправник викликає emit(назва, дані); шина записує подію в лог і викликає всіх підписаних слухачів. Відправник не знає, хто слухав.',
    },
    points: [
      {
        en: 'listeners: who is subscribed to which event. event_log: the history of all events.',
        uk: 'listeners — хто підписаний на яку подію. event_log — історія всіх подій.',
      },
      {
        en: 'subscribe() adds a callback to the event’s list, creating the list when the event is new.',
        uk: 'subscribe() додає callback до списку події; якщо події ще немає — створює новий список.',
      },
      {
        en: 'emit() first logs the event, then calls every callback of the exact event, then the wildcard subscribers.',
        uk: 'emit() спочатку логує подію, потім викликає всі callback точної події, потім wildcard-підписки.',
      },
      {
        en: 'Wildcards: for user.registered the bus also calls the listeners of user.*; * receives every event.',
        uk: 'Wildcard: для user.registered шина також викликає слухачів user.*; * отримує всі події.',
      },
      {
        en: 'One failing listener does not stop the others: the bus catches the error and goes on.',
        uk: 'Один слухач, що впав, не зупиняє інших: шина перехоплює помилку й продовжує.',
      },
    ],
    tryIt: [
      {
        en: 'Emit user.registered: email_sender (exact), analytics (user.*) and logger (*) all receive it.',
        uk: 'Згенеруйте user.registered: його отримають email_sender (точно), analytics (user.*) і logger (*).',
      },
      {
        en: 'Emit order.created: email_sender stays quiet. Why?',
        uk: 'Згенеруйте order.created: email_sender мовчить. Чому?',
      },
      {
        en: 'Click a pattern on an edge to unsubscribe, emit again, then subscribe back.',
        uk: 'Натисніть на шаблон на ребрі, щоб відписатися, згенеруйте ще раз, потім підпишіться знову.',
      },
      {
        en: 'Switch a listener to “throws”: the others still receive the event, and the failure is shown.',
        uk: 'Увімкніть слухачу «кидає помилку»: інші все одно отримують подію, а помилку видно.',
      },
      {
        en: 'Type your own event, such as user.profile.updated with a JSON payload: who gets it?',
        uk: 'Введіть власну подію, наприклад user.profile.updated з JSON-даними: хто її отримає?',
      },
    ],
  },
});
