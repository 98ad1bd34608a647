import type { RequestRow } from '../../app/webhookFeed';
import { useT } from '../i18n';

const ms = (value: number) =>
  value < 1000 ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : `${(value / 1000).toFixed(2)} s`;

/**
 * Two lanes on one time axis from the moment the request was sent: the HTTP answer (real
 * time, measured in the page) and the work it started (the event's way through the bus,
 * queue and worker, in the lab's simulated time: real time at 1x). The answer did not wait.
 */
export function WebhookLanes({ row }: { row: RequestRow }) {
  const { t } = useT();
  const { httpMs, arrivedMs = 0, acceptedAt, handledAt } = row;
  const workMs =
    acceptedAt !== undefined && handledAt !== undefined ? handledAt - acceptedAt : undefined;
  if (httpMs === undefined && acceptedAt === undefined) return null;
  const end = Math.max(httpMs ?? 0, arrivedMs + (workMs ?? 0), 1);
  const pct = (value: number) => `${Math.min(100, (value / end) * 100)}%`;
  return (
    <div className="lanes" data-testid={`lanes-${row.key}`}>
      {httpMs !== undefined && (
        <div className="lane lane-answer">
          <span className="lane-name">{t('laneAnswer')}</span>
          <span className="lane-track">
            <span className="lane-bar" style={{ left: 0, width: pct(httpMs) }} />
          </span>
          <span className="lane-time mono" data-testid="answer-ms">
            {row.status} · {ms(httpMs)}
          </span>
        </div>
      )}
      {acceptedAt !== undefined && (
        <div className="lane lane-work">
          <span className="lane-name">{t('laneWork')}</span>
          <span className="lane-track">
            <span
              className={`lane-bar${workMs === undefined ? ' is-open' : ''}`}
              style={{ left: pct(arrivedMs), width: workMs === undefined ? '4%' : pct(workMs) }}
            />
          </span>
          <span className="lane-time mono" data-testid="work-ms">
            {workMs === undefined ? t('laneWaiting') : ms(workMs)}
          </span>
        </div>
      )}
    </div>
  );
}
