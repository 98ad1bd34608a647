import { clockTime, compactJson } from '../format';
import { countEntries, useT } from '../i18n';
import { useSession, useSessionState } from './session';

/** The bus's event log in the course's format: timestamp, event, data. Newest first. */
export function EventLogPanel() {
  const { t, lang } = useT();
  const session = useSession();
  const bus = session.scenario.nodes.find((n) => n.kind === 'bus');
  const busId = bus?.id ?? '';
  const state = useSessionState((s) => s.snapshot.buses[busId]);
  if (bus === undefined || state === undefined) return null;
  // number each entry since the log began (or was cleared): a stable key and a readable "#"
  const first = state.appended - state.log.length + 1;
  const rows = state.log.map((entry, i) => ({ n: first + i, entry })).reverse();
  return (
    <section className="panel log" aria-label={t('eventLog')}>
      <header className="panel-header">
        <h2>{t('eventLog')}</h2>
        <span className="muted">
          {countEntries(lang, state.log.length)}
          {state.dropped > 0 && ` · ${state.dropped} ${t('dropped')}`} · {t('newestFirst')}
        </span>
        <button
          type="button"
          className="btn small"
          onClick={() => session.clearLog(busId)}
          disabled={state.log.length === 0}
        >
          {t('clearLog')}
        </button>
      </header>
      {rows.length === 0 ? (
        <p className="empty">{t('emptyLog')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('event')}</th>
                <th scope="col">{t('data')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ n, entry }) => (
                <tr key={n}>
                  <td className="mono muted">{n}</td>
                  <td title={entry.timestamp}>
                    <time dateTime={entry.timestamp}>{clockTime(entry.timestamp)}</time>
                  </td>
                  <td className="mono event-name">{entry.event}</td>
                  <td className="mono data">{compactJson(entry.data)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
