import { type FormEvent, useState } from 'react';
import type { ReplayLabSnapshot } from '../../engine/replay/ReplayLab';
import { useCommand } from '../useCommand';
import { Balance } from './Balance';
import type { ReplaySession } from './ReplayLabPage';
import { useLogT } from './strings';

/** Random operations a click adds: a long log makes replay speeds and scrubbing tell. */
const BURST_SIZES = [100, 1_000, 10_000] as const;

/** The live account: operations go into the log, and count once the store confirms them. */
export function AccountPanel({
  session,
  snapshot,
}: {
  session: ReplaySession;
  snapshot: ReplayLabSnapshot;
}) {
  const { text: l } = useLogT();
  const [amount, setAmount] = useState('500');
  const [refused, run] = useCommand();
  const [busy, setBusy] = useState(false);

  const operate = (kind: 'deposit' | 'withdraw') => (e?: FormEvent) => {
    e?.preventDefault();
    // an empty or odd field is the engine's to refuse, with its reason
    const value = amount.trim() === '' ? Number.NaN : Number(amount);
    run(() => (kind === 'deposit' ? session.lab.deposit(value) : session.lab.withdraw(value)));
  };
  const [burstSize, setBurstSize] = useState(100);
  const burst = () => {
    setBusy(true);
    // a transaction per 100 (as a busy day writes them), per 1,000 for the long runs
    const batch = Math.min(1_000, burstSize);
    run(() => session.lab.burst(burstSize, batch).finally(() => setBusy(false)));
  };

  return (
    <section className="panel account live" aria-label={l('liveAccount')}>
      <h2>{l('liveAccount')}</h2>
      <Balance value={snapshot.live.balance} label={l('balance')} />
      <p className="muted small">
        {l('applied')}: {snapshot.live.applied}
        {snapshot.pending > 0 && (
          <>
            {' '}
            · {snapshot.pending} {l('storing')}
          </>
        )}
      </p>
      <form className="operation" onSubmit={operate('deposit')}>
        <label>
          {l('amount')}
          <input
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </label>
        <div className="row">
          <button type="submit" className="btn primary">
            {l('deposit')}
          </button>
          <button type="button" className="btn" onClick={() => operate('withdraw')()}>
            {l('withdraw')}
          </button>
        </div>
      </form>
      <div className="row">
        <select
          aria-label={l('burstSize')}
          value={burstSize}
          onChange={(e) => setBurstSize(Number(e.target.value))}
        >
          {BURST_SIZES.map((n) => (
            <option key={n} value={n}>
              {n.toLocaleString('en')}
            </option>
          ))}
        </select>
        <button type="button" className="btn small" onClick={burst} disabled={busy}>
          {l('burst')}
        </button>
      </div>
      {refused !== undefined && (
        <p className="refused" role="alert">
          {refused}
        </p>
      )}
      <p className="muted small">{l('liveHint')}</p>
    </section>
  );
}
