import { type Lang, usePrefs } from '../app/prefs';
import type { Localized } from '../engine/scenario';

const STRINGS = {
  tagline: {
    en: 'See event-driven systems work: emit events and watch them travel.',
    uk: 'Подивіться, як працюють подієві системи: генеруйте події й стежте за ними.',
  },
  labs: { en: 'Labs', uk: 'Лабораторні' },
  playgroundNav: { en: 'Playground', uk: 'Пісочниця' },
  openInPlayground: { en: 'Open in playground', uk: 'Відкрити в пісочниці' },
  open: { en: 'Open lab', uk: 'Відкрити' },
  planned: { en: 'Coming soon', uk: 'Скоро' },
  task: { en: 'Task', uk: 'Завдання' },
  notBuilt: {
    en: 'This lab is part of the course but is not built yet.',
    uk: 'Ця лабораторна є в курсі, але ще не готова.',
  },
  notFound: { en: 'No lab has this address.', uk: 'За цією адресою немає лабораторної.' },
  backHome: { en: 'All labs', uk: 'Усі лабораторні' },
  guide: { en: 'Guide', uk: 'Посібник' },
  points: { en: 'Points of the course', uk: 'Ключові тези курсу' },
  tryIt: { en: 'Try it', uk: 'Спробуйте' },
  pause: { en: 'Pause', uk: 'Пауза' },
  resume: { en: 'Resume', uk: 'Продовжити' },
  step: { en: 'Step', uk: 'Крок' },
  speed: { en: 'Speed', uk: 'Швидкість' },
  paused: { en: 'Paused', uk: 'На паузі' },
  running: { en: 'Running', uk: 'Працює' },
  inFlight: { en: 'in flight', uk: 'у дорозі' },
  customEvent: { en: 'Emit your own event', uk: 'Власна подія' },
  eventName: { en: 'Event name', uk: 'Назва події' },
  payload: { en: 'Payload (JSON)', uk: 'Дані (JSON)' },
  badJson: { en: 'The payload is not valid JSON', uk: 'Дані — не коректний JSON' },
  eventLog: { en: 'Event log', uk: 'Лог подій' },
  activity: { en: 'Activity', uk: 'Активність' },
  clearLog: { en: 'Clear log', uk: 'Очистити лог' },
  emptyLog: {
    en: 'No events yet. Emit one from the app node.',
    uk: 'Подій ще немає. Згенеруйте подію у вузлі app.',
  },
  emptyActivity: { en: 'Nothing has happened yet.', uk: 'Ще нічого не сталося.' },
  time: { en: 'Time', uk: 'Час' },
  event: { en: 'Event', uk: 'Подія' },
  data: { en: 'Data', uk: 'Дані' },
  dropped: { en: 'dropped', uk: 'витіснено' },
  newestFirst: { en: 'newest first', uk: 'найновіші зверху' },
  received: { en: 'received', uk: 'отримано' },
  failed: { en: 'failed', uk: 'помилок' },
  throws: { en: 'Throws', uk: 'Кидає помилку' },
  subscriptions: { en: 'subscriptions', uk: 'підписок' },
  logged: { en: 'logged', uk: 'у лозі' },
  exact: { en: 'exact', uk: 'точна' },
  prefix: { en: 'prefix wildcard', uk: 'wildcard за префіксом' },
  all: { en: 'every event', uk: 'усі події' },
  unsubscribed: { en: 'unsubscribed', uk: 'відписано' },
  legend: { en: 'Legend', uk: 'Легенда' },
  theme: { en: 'Theme', uk: 'Тема' },
  light: { en: 'Light', uk: 'Світла' },
  dark: { en: 'Dark', uk: 'Темна' },
  system: { en: 'System', uk: 'Системна' },
  language: { en: 'Language', uk: 'Мова' },
  canvas: { en: 'Diagram', uk: 'Діаграма' },
  kindProducer: { en: 'producer', uk: 'продюсер' },
  kindService: { en: 'service', uk: 'сервіс' },
  kindBus: { en: 'event bus', uk: 'шина подій' },
  kindListener: { en: 'listener', uk: 'слухач' },
  kindExchange: { en: 'exchange', uk: 'обмінник' },
  kindQueue: { en: 'queue', uk: 'черга' },
  kindDeadLetterQueue: { en: 'dead-letter queue', uk: 'черга «мертвих» листів' },
  kindConsumer: { en: 'consumer', uk: 'споживач' },
  published: { en: 'published', uk: 'опубліковано' },
  unroutable: { en: 'unroutable', uk: 'без маршруту' },
  ready: { en: 'ready', uk: 'чекають' },
  unacked: { en: 'unacked', uk: 'без ack' },
  dead: { en: 'dead', uk: 'мертві' },
  acked: { en: 'acked', uk: 'ack' },
  nacked: { en: 'nacked', uk: 'nack' },
  workersFailed: { en: 'workers failed', uk: 'воркерів упало' },
  exchangeType: { en: 'type', uk: 'тип' },
  handler: { en: 'handler', uk: 'обробник' },
  rate: { en: 'rate', uk: 'темп' },
  msPerMessage: { en: 'ms per message', uk: 'мс на повідомлення' },
  fails: { en: 'fails', uk: 'падає' },
  orders: { en: 'orders', uk: 'замовлення' },
  payments: { en: 'payments', uk: 'оплати' },
  revenue: { en: 'revenue', uk: 'виручка' },
  kindExternal: { en: 'external service', uk: 'зовнішній сервіс' },
  kindHttp: { en: 'HTTP endpoint', uk: 'HTTP-ендпоінт' },
  accepted: { en: 'accepted', uk: 'прийнято' },
  unsigned: { en: 'unsigned', uk: 'без підпису' },
  signed: { en: 'signed', uk: 'з підписом' },
  duplicates: { en: 'duplicates', uk: 'дублікати' },
  refused: { en: 'refused', uk: 'відхилено' },
  sendWebhook: { en: 'Send a webhook', uk: 'Надіслати вебхук' },
  webhookSecret: {
    en: 'Secret to sign with, as the sender (whsec_…); empty: unsigned',
    uk: 'Секрет для підпису, як у відправника (whsec_…); порожньо: без підпису',
  },
  signingOn: {
    en: 'The endpoint requires signatures (WEBHOOK_SECRET is set).',
    uk: 'Ендпоінт вимагає підпис (WEBHOOK_SECRET задано).',
  },
  signingOff: {
    en: 'Signatures are off: requests are accepted unsigned. Start the server with WEBHOOK_SECRET=whsec_… to require them.',
    uk: 'Підписи вимкнено: запити приймаються без підпису. Запустіть сервер із WEBHOOK_SECRET=whsec_…, щоб їх вимагати.',
  },
  feedOpen: { en: 'live', uk: 'на зв’язку' },
  feedConnecting: { en: 'connecting…', uk: 'з’єднання…' },
  feedClosed: { en: 'no server', uk: 'немає сервера' },
  presetValid: { en: 'Valid', uk: 'Коректний' },
  presetInvalid: { en: 'Invalid', uk: 'Некоректний' },
  presetDuplicate: { en: 'Duplicate', uk: 'Дублікат' },
  presetForged: { en: 'Forged signature', uk: 'Підроблений підпис' },
  presetOversized: { en: 'Oversized (101 KB)', uk: 'Завеликий (101 КБ)' },
  copyCurl: { en: 'Copy curl', uk: 'Копіювати curl' },
  copied: { en: 'Copied', uk: 'Скопійовано' },
  curlHint: {
    en: 'The last request as a curl line, for a terminal. Run as it is, it repeats that request (same webhook-id: a duplicate, or the same refusal); a signed line is good for 5 minutes.',
    uk: 'Останній запит як рядок curl для термінала. Виконаний як є, він повторює той самий запит (той самий webhook-id: дублікат або та сама відмова); підписаний рядок дійсний 5 хвилин.',
  },
  requests: { en: 'Requests', uk: 'Запити' },
  noRequests: {
    en: 'No requests yet. Send one above, or with curl from a terminal.',
    uk: 'Запитів ще немає. Надішліть запит вище або через curl із термінала.',
  },
  fromPage: { en: 'this page', uk: 'ця сторінка' },
  fromOutside: { en: 'outside', uk: 'ззовні' },
  madeEvent: { en: 'made', uk: 'подія' },
  noEvent: { en: 'no event', uk: 'без події' },
  laneAnswer: { en: 'HTTP answer', uk: 'HTTP-відповідь' },
  laneWork: { en: 'background work', uk: 'робота у фоні' },
  laneWaiting: { en: 'waiting…', uk: 'очікує…' },
  missedEvents: {
    en: 'events the server could no longer replay',
    uk: 'подій, які сервер уже не міг повторити',
  },
} satisfies Record<string, Localized>;

export type StringKey = keyof typeof STRINGS;

const ENTRY_FORMS: Record<Lang, Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }> =
  {
    en: { one: 'entry', other: 'entries' },
    uk: { one: 'запис', few: 'записи', many: 'записів', other: 'запису' },
  };

/** "1 entry", "3 entries"; "1 запис", "3 записи", "5 записів". */
const PLURAL_RULES: Record<Lang, Intl.PluralRules> = {
  en: new Intl.PluralRules('en'),
  uk: new Intl.PluralRules('uk'),
};

export function countEntries(lang: Lang, n: number): string {
  const forms = ENTRY_FORMS[lang];
  return `${n} ${forms[PLURAL_RULES[lang].select(n)] ?? forms.other}`;
}

export function translate(lang: Lang, key: StringKey): string {
  return STRINGS[key][lang];
}

/** `t('pause')` in the person's language, and `pick(localized)` for scenario text. */
export function useT() {
  const lang = usePrefs((s) => s.lang);
  return {
    lang,
    t: (key: StringKey) => STRINGS[key][lang],
    pick: (text: Localized) => text[lang],
  };
}

/**
 * A table of words of its own (a lab's, the playground's) in the person's language: the same
 * lookup as `useT`, for keys that belong to one part of the page.
 */
export function useStrings<K extends string>(table: Readonly<Record<K, Localized>>) {
  const lang = usePrefs((s) => s.lang);
  return { lang, text: (key: K) => table[key][lang] };
}
