import { memo } from 'react';
import { orderSchema, type SagaState } from '../../engine/saga';
import type { SagaRuntime } from '../../engine/sim';
import { useSessionState } from '../lab/session';
import { factView } from './factView';
import { type SagaStringKey, useSagaT } from './strings';

// the newest orders; older ones stay in the log
const SHOWN = 24;
// one empty list: a selector must not return a new value each call
const NONE: readonly SagaState[] = [];

/** Each order's saga log as a timeline, newest order first, with where it failed. */
export function SagaTimeline({ saga }: { saga: SagaRuntime }) {
  const { text: s } = useSagaT();
  const instances = useSessionState((st) => st.snapshot.saga?.instances ?? NONE);
  const newest = [...instances].reverse().slice(0, SHOWN);
  return (
    <section className="panel saga-timeline" aria-label={s('timeline')}>
      <h2>{s('timeline')}</h2>
      {newest.length === 0 ? (
        <p className="muted">{s('noOrders')}</p>
      ) : (
        <ul className="saga-instances">
          {newest.map((instance) => (
            <Instance key={instance.saga} instance={instance} saga={saga} />
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * One order's timeline. An instance's state is immutable and replaced by each fact, so an
 * order that did not change keeps its object across snapshots and is not drawn again.
 */
const Instance = memo(function Instance({
  instance,
  saga,
}: {
  instance: SagaState;
  saga: SagaRuntime;
}) {
  const { text: s } = useSagaT();
  const entries = saga.timeline(instance.saga);
  const first = entries[0]?.at ?? 0;
  const order = orderSchema.safeParse(instance.data);
  return (
    <li
      className="saga-instance"
      data-testid={`saga-${instance.saga}`}
      data-status={instance.status}
    >
      <div className="saga-instance-head">
        <strong className="mono">{instance.saga}</strong>
        {order.success && (
          <span className="mono muted">
            {order.data.sku} × {order.data.qty}, {order.data.amount}
          </span>
        )}
        <span
          className={`saga-status is-${instance.status}`}
          data-testid={`status-${instance.saga}`}
        >
          {s(instance.status as SagaStringKey)}
        </span>
      </div>
      <ol className="saga-facts">
        {entries.map(({ offset, at, fact }) => {
          const view = factView(fact, s);
          return (
            <li
              key={offset}
              className={`saga-fact is-${view.tone}`}
              data-fact={fact.type}
              {...(view.failedHere ? { 'data-testid': `failed-here-${instance.saga}` } : {})}
            >
              <span className="saga-fact-time mono">+{((at - first) / 1000).toFixed(1)}s</span>{' '}
              {view.text}
              {view.failedHere && <span className="saga-failed-here"> · {s('failedHere')}</span>}
            </li>
          );
        })}
      </ol>
    </li>
  );
});
