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
} as const;

export type PlaygroundStringKey = keyof typeof PLAYGROUND_STRINGS;

export function usePlaygroundT() {
  const lang = usePrefs((s) => s.lang);
  return { lang, p: (key: PlaygroundStringKey) => PLAYGROUND_STRINGS[key][lang] };
}
