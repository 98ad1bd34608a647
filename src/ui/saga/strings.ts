import { usePrefs } from '../../app/prefs';

/** The saga lab's own words (en/uk), apart from the shared table in ../i18n.ts. */
const SAGA_STRINGS = {
  opening: { en: 'Opening the saga log…', uk: 'Відкриваємо лог саги…' },
  locked: {
    en: 'This mode of the saga lab is open in another tab: its log has one writer at a time. Close the other tab and reload this one.',
    uk: 'Цей режим лабораторії саги відкрито в іншій вкладці: лог має одного записувача водночас. Закрийте іншу вкладку й перезавантажте цю.',
  },
  mode: { en: 'How the saga runs', uk: 'Як працює сага' },
  orchestration: { en: 'Orchestration', uk: 'Оркестрація' },
  startOver: { en: 'Start over', uk: 'Почати спочатку' },
  choreography: { en: 'Choreography', uk: 'Хореографія' },
  canvas: { en: 'The saga', uk: 'Сага' },
  kindClient: { en: 'person', uk: 'людина' },
  kindOrchestrator: { en: 'orchestrator', uk: 'оркестратор' },
  kindService: { en: 'service', uk: 'сервіс' },
  kindQueue: { en: 'queue', uk: 'черга' },
  kindBus: { en: 'event bus', uk: 'шина подій' },
  noController: {
    en: 'No orchestrator here: each service reacts to its neighbours’ events on the bus and publishes its own.',
    uk: 'Оркестратора тут немає: кожен сервіс реагує на події сусідів на шині й публікує свої.',
  },
  ordersStarted: { en: 'orders', uk: 'замовлень' },
  running: { en: 'running', uk: 'триває' },
  compensating: { en: 'compensating', uk: 'компенсується' },
  completed: { en: 'completed', uk: 'завершено' },
  aborted: { en: 'aborted', uk: 'скасовано' },
  ready: { en: 'ready', uk: 'готові' },
  unacked: { en: 'unacked', uk: 'без ack' },
  published: { en: 'events', uk: 'подій' },
  onShelf: { en: 'on the shelf', uk: 'на полиці' },
  held: { en: 'held for orders', uk: 'зарезервовано' },
  charged: { en: 'charged', uk: 'списано' },
  refunded: { en: 'refunded', uk: 'повернено' },
  kept: { en: 'kept', uk: 'залишено' },
  deliveries: { en: 'deliveries', uk: 'доставки' },
  cancelled: { en: 'cancelled', uk: 'скасовано' },
  working: { en: 'working on', uk: 'обробляє' },
  newOrder: { en: 'New order', uk: 'Нове замовлення' },
  item: { en: 'Item', uk: 'Товар' },
  qty: { en: 'Units', uk: 'Штук' },
  amount: { en: 'Amount, UAH', uk: 'Сума, грн' },
  startOrder: { en: 'Start order', uk: 'Запустити замовлення' },
  startThree: { en: 'Start 3 orders at once', uk: 'Запустити 3 замовлення одразу' },
  faults: { en: 'Make a step fail', uk: 'Зламати крок' },
  faultsHint: {
    en: 'Applies to the next tries of every order; kept across a reload.',
    uk: 'Діє на наступні спроби кожного замовлення; зберігається після перезавантаження.',
  },
  works: { en: 'works', uk: 'працює' },
  always: { en: 'fails always', uk: 'падає завжди' },
  once: { en: 'fails once', uk: 'падає один раз' },
  timeout: { en: 'times out', uk: 'тайм-аут' },
  totals: { en: 'The stores’ totals', uk: 'Підсумки сховищ' },
  chargedMinusRefunded: { en: 'charged − refunded', uk: 'списано − повернено' },
  deliveredValue: { en: 'delivered orders’ value', uk: 'вартість доставлених' },
  checkHolds: {
    en: 'Holds: money charged minus refunded equals the value of the delivered orders, and all stock is accounted for.',
    uk: 'Виконується: списані гроші мінус повернені дорівнюють вартості доставлених замовлень, і весь товар на обліку.',
  },
  checkWaits: {
    en: 'Sagas are still running: the check is made once they have ended.',
    uk: 'Саги ще тривають: перевірку зроблено, щойно вони завершаться.',
  },
  checkFails: { en: 'Does not hold:', uk: 'Не виконується:' },
  noOrders: {
    en: 'No orders yet. Start one: its saga log appears here.',
    uk: 'Замовлень ще немає. Запустіть одне: тут з’явиться лог його саги.',
  },
  timeline: { en: 'Saga log, each order’s timeline', uk: 'Лог саги: таймлайн кожного замовлення' },
  failedHere: { en: 'failed here', uk: 'впало тут' },
  factStarted: { en: 'started', uk: 'почато' },
  factTry: { en: 'try', uk: 'спроба' },
  factTimedOut: { en: 'timed out', uk: 'тайм-аут' },
  factUndo: { en: 'undo', uk: 'скасування' },
  factUndone: { en: 'undone', uk: 'скасовано' },
  factCompleted: { en: 'completed', uk: 'завершено' },
  factAborted: { en: 'cancelled', uk: 'скасовано' },
  retryLater: { en: 'will retry', uk: 'буде повтор' },
} as const;

export type SagaStringKey = keyof typeof SAGA_STRINGS;

export function useSagaT() {
  const lang = usePrefs((s) => s.lang);
  return { lang, s: (key: SagaStringKey) => SAGA_STRINGS[key][lang] };
}
