import { useId } from 'react';
import { useT } from '../../i18n';
import { useSession, useSessionState } from '../../lab/session';
import { useCommand } from '../../useCommand';

const RATES = [0, 1, 5, 20, 100, 1000, 5000, 10_000] as const;
const BURST = 50;

/** Send on its own at a rate, or a burst at once: load, to see why more workers help. */
export function LoadControls({ producerId, label }: { producerId: string; label: string }) {
  const { t } = useT();
  const session = useSession();
  const rate = useSessionState((s) => s.snapshot.producers[producerId]?.rate ?? 0);
  const [error, run] = useCommand();
  const id = useId();
  return (
    <div className="load-controls nodrag">
      <label htmlFor={id}>{t('rate')}</label>
      <select
        id={id}
        aria-label={`${label} rate (messages a second)`}
        value={rate}
        onChange={(e) => run(() => session.setRate(producerId, Number(e.target.value)))}
      >
        {RATES.map((r) => (
          <option key={r} value={r}>
            {r === 0 ? 'off' : `${r.toLocaleString('en')}/s`}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn small"
        onClick={() => run(() => session.burst(producerId, BURST))}
      >
        Burst {BURST}
      </button>
      {error !== undefined && (
        <p className="node-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
