import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export type Lang = 'en' | 'uk';
export type ThemeChoice = 'system' | 'light' | 'dark';

interface PrefsState {
  readonly lang: Lang;
  readonly theme: ThemeChoice;
  setLang(lang: Lang): void;
  setTheme(theme: ThemeChoice): void;
}

/** The person's choices that outlive a page: language and theme. */
export const usePrefs = create<PrefsState>()(
  persist(
    (set) => ({
      lang: 'en',
      theme: 'system',
      setLang: (lang) => set({ lang }),
      setTheme: (theme) => set({ theme }),
    }),
    {
      name: 'eventlab.prefs',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ lang, theme }) => ({ lang, theme }),
    },
  ),
);
