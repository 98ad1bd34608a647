import { useStore } from 'zustand';
import type { WebhookFeed } from '../../app/webhookFeed';
import { useT } from '../i18n';
import { WebhookLanes } from './WebhookLanes';

/** Every request, newest first: its status code, the message, and the event it made. */
export function WebhookRequestList({ feed }: { feed: WebhookFeed }) {
  const { t } = useT();
  const requests = useStore(feed.store, (s) => s.requests);
  const missed = useStore(feed.store, (s) => s.missed);
  return (
    <section className="webhook-requests" aria-label={t('requests')}>
      <h3>{t('requests')}</h3>
      {missed > 0 && (
        <p className="form-error">
          {missed} {t('missedEvents')}
        </p>
      )}
      {requests.length === 0 ? (
        <p className="empty">{t('noRequests')}</p>
      ) : (
        <ol className="request-list">
          {requests.map((row) => {
            const status = row.status;
            const tone = status === undefined ? 'pending' : status >= 400 ? 'bad' : 'good';
            return (
              <li key={row.key} className={`request is-${tone}`} data-testid="request">
                <div className="request-head">
                  <span className={`status-code is-${tone} mono`} data-testid="status">
                    {status ?? '…'}
                  </span>
                  <span className="mono">POST {row.path}</span>
                  {row.preset !== undefined && <span className="badge">{row.preset}</span>}
                  <span className="muted request-source">
                    {row.source === 'page' ? t('fromPage') : t('fromOutside')}
                  </span>
                </div>
                {/* text from the server and the sender: rendered as text, never as HTML */}
                <p className="request-message" data-testid="message">
                  {row.message}
                </p>
                <p className="request-event mono" data-testid="event">
                  {row.event !== undefined &&
                  !row.duplicate &&
                  (status === undefined || status < 400)
                    ? `${t('madeEvent')} ${row.event} · ${row.signed ? t('signed') : t('unsigned')} · ${row.key}`
                    : t('noEvent')}
                </p>
                <WebhookLanes row={row} />
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
