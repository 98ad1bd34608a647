import { useMemo } from 'react';
import { isEnded } from '../../engine/saga';
import type { SagaRuntime } from '../../engine/sim';
import { useSessionState } from '../lab/session';
import { useSagaT } from './strings';

/**
 * The stores' totals, and the check that holds once no saga is running: money charged
 * minus refunded equals the value of the delivered orders, and all stock is accounted for.
 */
export function TotalsPanel({ saga }: { saga: SagaRuntime }) {
  const { text: s } = useSagaT();
  const snapshot = useSessionState((st) => st.snapshot.saga);
  const open = snapshot?.instances.filter((i) => !isEnded(i)).length ?? 0;
  // problems() reads the stores now; recomputed when the snapshot changes
  const problems = useMemo(
    () => (snapshot && open === 0 ? saga.problems() : []),
    [snapshot, open, saga],
  );
  if (snapshot === undefined) return null;
  const { charged, refunded, kept, delivered } = snapshot.money;
  const verdict = open > 0 ? 'waits' : problems.length === 0 ? 'holds' : 'fails';
  return (
    <section className="panel saga-totals" aria-label={s('totals')}>
      <h2>{s('totals')}</h2>
      <p className="saga-equation mono">
        <span data-testid="total-charged">{charged}</span> −{' '}
        <span data-testid="total-refunded">{refunded}</span> ={' '}
        <strong data-testid="total-kept">{kept}</strong>
        <span className="muted"> ({s('chargedMinusRefunded')})</span>
      </p>
      <p className="saga-equation mono">
        <strong data-testid="total-delivered">{delivered}</strong>
        <span className="muted"> ({s('deliveredValue')})</span>
      </p>
      <p className={`saga-check is-${verdict}`} data-testid="saga-check" role="status">
        {verdict === 'holds' && `✓ ${s('checkHolds')}`}
        {verdict === 'waits' && `… ${s('checkWaits')}`}
        {verdict === 'fails' && `✗ ${s('checkFails')}`}
      </p>
      {verdict === 'fails' && (
        <ul className="saga-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
