import { Link } from 'react-router';
import { type Lang, type ThemeChoice, usePrefs } from '../app/prefs';
import { useT } from './i18n';

const LANGS: readonly { id: Lang; label: string; name: string }[] = [
  { id: 'en', label: 'EN', name: 'English' },
  { id: 'uk', label: 'UK', name: 'Українська' },
];

const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

export function Header() {
  const { t } = useT();
  const lang = usePrefs((s) => s.lang);
  const theme = usePrefs((s) => s.theme);
  const setLang = usePrefs((s) => s.setLang);
  const setTheme = usePrefs((s) => s.setTheme);
  return (
    <header className="topbar">
      <Link to="/" className="brand" aria-label="EventLab home">
        <img src="/favicon.svg" alt="" width={22} height={22} />
        <span>EventLab</span>
      </Link>
      <nav className="topbar-nav" aria-label="Main">
        <Link to="/">{t('labs')}</Link>
        <Link to="/playground">{t('playgroundNav')}</Link>
      </nav>
      <div className="topbar-tools">
        <fieldset className="segmented" aria-label={t('language')}>
          {LANGS.map((l) => (
            <button
              key={l.id}
              type="button"
              aria-pressed={lang === l.id}
              aria-label={l.name}
              onClick={() => setLang(l.id)}
            >
              {l.label}
            </button>
          ))}
        </fieldset>
        <label className="select-label">
          <span>{t('theme')}</span>
          <select value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
            {THEMES.map((id) => (
              <option key={id} value={id}>
                {t(id)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </header>
  );
}
