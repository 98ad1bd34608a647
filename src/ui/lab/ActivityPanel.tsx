import { useMemo } from 'react';
import { describeTrace } from '../format';
import { useT } from '../i18n';
import { journeyOfEvent } from '../inspector/journey';
import { useSession, useSessionState } from './session';

const FAILURE_TYPES = new Set([
  'bus.listener-failed',
  'bus.rejected',
  'broker.unroutable',
  'broker.dead-lettered',
  'broker.expired',
  'pool.worker-failed',
]);

/** The engine's trace as it happens, failures marked. Newest first. */
export function ActivityPanel() {
  const { t } = useT();
  const session = useSession();
  const activity = useSessionState((s) => s.activity);
  const canInspect = session.sim.broker !== undefined;
  const scenario = session.scenario;
  // the topics and the saga a producer's message is followed into
  const followed = useMemo(
    () => ({
      topics: new Set(scenario.nodes.filter((n) => n.kind === 'topic').map((n) => n.id)),
      saga: scenario.nodes.find((n) => n.kind === 'saga')?.id,
    }),
    [scenario],
  );
  return (
    <section className="panel activity" aria-label={t('activity')}>
      <header className="panel-header">
        <h2>{t('activity')}</h2>
      </header>
      {activity.length === 0 ? (
        <p className="empty">{t('emptyActivity')}</p>
      ) : (
        <ol className="activity-list">
          {activity.map((e) => {
            const journey = journeyOfEvent(e, followed);
            return (
              <li
                key={e.seq}
                className={FAILURE_TYPES.has(e.type) ? 'is-failure' : undefined}
                data-type={e.type}
              >
                <span className="seq mono">#{e.seq}</span>
                <span>{describeTrace(e)}</span>
                {canInspect && e.type === 'broker.published' && (
                  <button
                    type="button"
                    className="btn small link"
                    onClick={() => session.inspect({ kind: 'message', id: e.messageId })}
                  >
                    Trail of {e.messageId}
                  </button>
                )}
                {journey !== undefined && (
                  <button
                    type="button"
                    className="btn small link"
                    onClick={() => session.inspect(journey)}
                  >
                    Follow
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
