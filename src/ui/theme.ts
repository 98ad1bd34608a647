import { useEffect, useSyncExternalStore } from 'react';
import { usePrefs } from '../app/prefs';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function subscribeSystem(onChange: () => void) {
  const mq = window.matchMedia(DARK_QUERY);
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

/** The theme in force: the person's choice, or the system's when they chose "system". */
export function useResolvedTheme(): 'light' | 'dark' {
  const choice = usePrefs((s) => s.theme);
  const systemDark = useSyncExternalStore(
    subscribeSystem,
    () => window.matchMedia(DARK_QUERY).matches,
  );
  if (choice === 'system') return systemDark ? 'dark' : 'light';
  return choice;
}

/** Puts the theme on <html data-theme> so that CSS variables follow it. */
export function useApplyTheme(): void {
  const theme = useResolvedTheme();
  const lang = usePrefs((s) => s.lang);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
}
