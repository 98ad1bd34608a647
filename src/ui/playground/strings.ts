import { usePrefs } from '../../app/prefs';

/** The playground's own words (en/uk), apart from the shared table in ../i18n.ts. */
const PLAYGROUND_STRINGS = {
  playground: { en: 'Playground', uk: 'Пісочниця' },
  openInPlayground: { en: 'Open in playground', uk: 'Відкрити в пісочниці' },
  add: { en: 'Add', uk: 'Додати' },
  undo: { en: 'Undo', uk: 'Скасувати' },
  redo: { en: 'Redo', uk: 'Повторити' },
  layout: { en: 'Lay out', uk: 'Розкласти' },
  help: { en: 'Shortcuts', uk: 'Клавіші' },
  close: { en: 'Close', uk: 'Закрити' },
  emptyCanvas: {
    en: 'Empty. Add a producer, an exchange or a bus from the toolbar (or press 1–8), then connect them by dragging from a node’s right handle to another node, or with “Connect to” in the side panel.',
    uk: 'Порожньо. Додайте producer, exchange чи шину з панелі (або клавішами 1–8), потім з’єднайте їх, потягнувши від правого маркера вузла до іншого, або через «З’єднати з» у боковій панелі.',
  },
  settings: { en: 'Settings', uk: 'Налаштування' },
  nothingSelected: {
    en: 'Select a node or a connection to change it.',
    uk: 'Виберіть вузол або з’єднання, щоб змінити його.',
  },
  connectTo: { en: 'Connect to', uk: 'З’єднати з' },
  connect: { en: 'Connect', uk: 'З’єднати' },
  remove: { en: 'Remove', uk: 'Видалити' },
  label: { en: 'Name', uk: 'Назва' },
  restartNote: {
    en: 'A change to the picture restarts the run from the new scenario (same seed).',
    uk: 'Зміна схеми перезапускає прогін з новою схемою (те саме зерно).',
  },
  shortcutsTitle: { en: 'Keyboard shortcuts', uk: 'Клавіатурні скорочення' },
  faultScript: { en: 'Fault script', uk: 'Сценарій збоїв' },
  faultHint: {
    en: 'one action a line; Apply starts the run over with it',
    uk: 'одна дія на рядок; «Застосувати» перезапускає прогін із ним',
  },
  applyScript: { en: 'Apply and restart', uk: 'Застосувати й перезапустити' },
  clearScript: { en: 'Restart without faults', uk: 'Перезапустити без збоїв' },
  faultTimeline: { en: 'Fault timeline', uk: 'Часова шкала збоїв' },
  activityTab: { en: 'Activity', uk: 'Активність' },
  throughput: { en: 'Throughput', uk: 'Пропускна здатність' },
  sentDone: { en: 'Sent / done', uk: 'Надіслано / виконано' },
  maxDepth: { en: 'Deepest queue', uk: 'Найглибша черга' },
  redeliveries: { en: 'Redeliveries', uk: 'Повторні доставки' },
  deadLetters: { en: 'Dead letters', uk: 'Dead letters' },
  failuresDropped: { en: 'Failures / dropped', uk: 'Збої / відкинуто' },
  workersLost: { en: 'Workers lost', uk: 'Втрачено воркерів' },
  ready: { en: 'ready', uk: 'готові' },
  lag: { en: 'lag', uk: 'відставання' },
  metricsTab: { en: 'Metrics', uk: 'Метрики' },
  compareTab: { en: 'Compare', uk: 'Порівняння' },
  compareNothing: {
    en: 'Add a consumer, a queue, an exchange or a listener to compare a setting of it.',
    uk: 'Додайте consumer, чергу, exchange чи слухача, щоб порівняти їхнє налаштування.',
  },
  compareNode: { en: 'Node', uk: 'Вузол' },
  compareSetting: { en: 'Setting', uk: 'Налаштування' },
  compareFor: { en: 'Run for', uk: 'Тривалість' },
  compareRun: { en: 'Run both', uk: 'Запустити обидва' },
  compareValueB: { en: 'Value in B', uk: 'Значення в B' },
  // files, links and exports (FilesPanel.tsx)
  files: { en: 'Scenario files', uk: 'Файли сценаріїв' },
  saveName: { en: 'Name in the library', uk: 'Назва в бібліотеці' },
  save: { en: 'Save', uk: 'Зберегти' },
  saveAsNew: { en: 'Save as new', uk: 'Зберегти як новий' },
  savesOver: { en: 'Save updates', uk: 'Зберегти оновить' },
  savedList: { en: 'Saved scenarios', uk: 'Збережені сценарії' },
  noneSaved: {
    en: 'Nothing saved in this browser yet.',
    uk: 'У цьому браузері ще нічого не збережено.',
  },
  open: { en: 'Open', uk: 'Відкрити' },
  delete: { en: 'Delete', uk: 'Видалити' },
  damagedList: { en: 'Damaged entries', uk: 'Пошкоджені записи' },
  saved: { en: 'Saved', uk: 'Збережено' },
  opened: { en: 'Opened', uk: 'Відкрито' },
  deleted: { en: 'Deleted', uk: 'Видалено' },
  imported: { en: 'Imported', uk: 'Імпортовано' },
  migratedFrom: { en: 'upgraded from format version', uk: 'оновлено з версії формату' },
  downloaded: { en: 'Downloaded', uk: 'Завантажено' },
  exportFile: { en: 'Export file', uk: 'Експортувати файл' },
  importFile: { en: 'Import file', uk: 'Імпортувати файл' },
  shareLink: { en: 'Share link', uk: 'Поділитися посиланням' },
  linkField: { en: 'Link to this scenario', uk: 'Посилання на цей сценарій' },
  linkCopied: { en: 'Link copied to the clipboard.', uk: 'Посилання скопійовано в буфер обміну.' },
  linkNotCopied: {
    en: 'The browser did not allow the clipboard: copy the link from the field.',
    uk: 'Браузер не дозволив буфер обміну: скопіюйте посилання з поля.',
  },
  exportPicture: { en: 'Export', uk: 'Експорт' },
  exportTrace: { en: 'Trace (JSON lines)', uk: 'Трасу (JSON lines)' },
  nothingToDraw: { en: 'The canvas has nothing to export.', uk: 'На полотні нічого експортувати.' },
  pictureFailed: { en: 'The picture could not be made:', uk: 'Не вдалося створити зображення:' },
  libraryUnavailable: {
    en: 'The browser’s library cannot be used here; files and links still work.',
    uk: 'Бібліотека браузера тут недоступна; файли й посилання працюють.',
  },
} as const;

export type PlaygroundStringKey = keyof typeof PLAYGROUND_STRINGS;

export function usePlaygroundT() {
  const lang = usePrefs((s) => s.lang);
  return { lang, p: (key: PlaygroundStringKey) => PLAYGROUND_STRINGS[key][lang] };
}
