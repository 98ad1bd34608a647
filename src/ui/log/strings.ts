import { usePrefs } from '../../app/prefs';

/** The log labs' own words (en/uk), apart from the shared table in ../i18n.ts. */
const LOG_STRINGS = {
  opening: { en: 'Opening the log…', uk: 'Відкриваємо лог…' },
  liveAccount: { en: 'Account', uk: 'Рахунок' },
  liveHint: {
    en: 'Every operation is stored in the log first; the balance counts it once it is stored.',
    uk: 'Кожна операція спершу пишеться в лог; баланс враховує її, щойно її збережено.',
  },
  amount: { en: 'Amount, UAH', uk: 'Сума, грн' },
  deposit: { en: 'Deposit', uk: 'Поповнити' },
  withdraw: { en: 'Withdraw', uk: 'Зняти' },
  burst: { en: 'Add random operations', uk: 'Додати випадкові операції' },
  burstSize: { en: 'How many random operations', uk: 'Скільки випадкових операцій' },
  storing: { en: 'storing', uk: 'зберігається' },
  applied: { en: 'Events applied', uk: 'Подій застосовано' },
  balance: { en: 'Balance', uk: 'Баланс' },
  theLog: { en: 'The log (IndexedDB)', uk: 'Лог (IndexedDB)' },
  stored: { en: 'events stored', uk: 'подій збережено' },
  emptyTape: {
    en: 'The log is empty. Deposit or withdraw to write the first event.',
    uk: 'Лог порожній. Поповніть або зніміть гроші, щоб записати першу подію.',
  },
  exportLog: { en: 'Export JSON lines', uk: 'Експорт JSON lines' },
  newAccount: { en: 'NEW account, rebuilt by replay', uk: 'НОВИЙ рахунок, відновлений replay' },
  replayHint: {
    en: 'Opens with 1000 UAH and reads the log back through the same listener. Nothing is written to the log.',
    uk: 'Відкривається з 1000 грн і перечитує лог тим самим слухачем. У лог нічого не пишеться.',
  },
  replay: { en: 'Replay', uk: 'Replay' },
  pauseReplay: { en: 'Pause', uk: 'Пауза' },
  stepReplay: { en: 'Step', uk: 'Крок' },
  restart: { en: 'New account', uk: 'Новий рахунок' },
  rate: { en: 'Replay speed', uk: 'Швидкість replay' },
  perSecond: { en: '/s', uk: '/с' },
  max: { en: 'max', uk: 'макс' },
  asOf: { en: 'State as of offset', uk: 'Стан на офсеті' },
  status_idle: { en: 'not started', uk: 'не почато' },
  status_playing: { en: 'replaying', uk: 'відтворюється' },
  status_paused: { en: 'paused', uk: 'на паузі' },
  status_done: { en: 'caught up with the log', uk: 'наздогнав лог' },
  replayCursor: { en: 'replay', uk: 'replay' },
  matches: { en: 'matches the account', uk: 'збігається з рахунком' },
  differs: { en: 'differs from the account', uk: 'відрізняється від рахунку' },
  dismiss: { en: 'Dismiss', uk: 'Закрити' },
  journal: { en: 'Replayed, newest first', uk: 'Відтворено, найновіші зверху' },
  journalEmpty: {
    en: 'Nothing replayed yet: press Replay or Step.',
    uk: 'Ще нічого не відтворено: натисніть Replay або Крок.',
  },
  producer: { en: 'Producer', uk: 'Producer' },
  send1: { en: 'Send 1 order', uk: 'Надіслати 1 замовлення' },
  send10: { en: 'Send 10', uk: 'Надіслати 10' },
  producerRate: { en: 'Orders a second', uk: 'Замовлень на секунду' },
  sent: { en: 'sent', uk: 'надіслано' },
  topic: { en: 'Topic', uk: 'Топік' },
  partition: { en: 'Partition', uk: 'Партиція' },
  consumers: { en: 'Consumer groups', uk: 'Групи споживачів' },
  group: { en: 'Group', uk: 'Група' },
  pace: { en: 'Reads a second', uk: 'Читань на секунду' },
  processed: { en: 'read', uk: 'прочитано' },
  lag: { en: 'lag', uk: 'відставання' },
  partitionsHeld: { en: 'partitions', uk: 'партиції' },
  none: { en: 'none', uk: 'жодної' },
  replayGroup: { en: 'Replay from 0', uk: 'Replay з 0' },
  addMember: { en: 'Add member', uk: 'Додати учасника' },
  removeMember: { en: 'Remove', uk: 'Прибрати' },
  committed: { en: 'committed', uk: 'закомічено' },
  lagChart: { en: 'Lag over the last minute', uk: 'Відставання за останню хвилину' },
  behind: { en: 'behind', uk: 'позаду' },
  lastRead: { en: 'last read', uk: 'останнє' },
  now: { en: 'now', uk: 'зараз' },
  endOfPartition: { en: 'end of the partition', uk: 'кінець партиції' },
} as const;

export type LogStringKey = keyof typeof LOG_STRINGS;

export function useLogT() {
  const lang = usePrefs((s) => s.lang);
  return { lang, l: (key: LogStringKey) => LOG_STRINGS[key][lang] };
}
