import { useId } from 'react';
import type { HandlerSpec } from '../../../workers/types';
import { useT } from '../../i18n';
import { useSession } from '../../lab/session';

/** The one setting of a slow or flaky handler: how long it takes, how often it fails. */
export function HandlerSettings({
  consumerId,
  label,
  handler,
}: {
  consumerId: string;
  label: string;
  handler: HandlerSpec;
}) {
  const { t } = useT();
  const session = useSession();
  const id = useId();
  if (handler.kind === 'slow') {
    return (
      <label className="field nodrag" htmlFor={id}>
        <span>{t('msPerMessage')}</span>
        <input
          id={id}
          type="number"
          min={0}
          max={60_000}
          step={100}
          aria-label={`${label} time per message (ms)`}
          value={handler.ms}
          onChange={(e) => {
            const ms = Number(e.target.value);
            if (Number.isFinite(ms) && ms >= 0 && ms <= 60_000)
              session.setHandlerSpec(consumerId, { kind: 'slow', ms });
          }}
        />
      </label>
    );
  }
  if (handler.kind === 'flaky') {
    return (
      <label className="field nodrag" htmlFor={id}>
        <span>{t('fails')}</span>
        <input
          id={id}
          type="range"
          min={0}
          max={1}
          step={0.05}
          aria-label={`${label} failure rate`}
          value={handler.failureRate}
          onChange={(e) =>
            session.setHandlerSpec(consumerId, {
              kind: 'flaky',
              failureRate: Number(e.target.value),
            })
          }
        />
        <output className="mono">{Math.round(handler.failureRate * 100)}%</output>
      </label>
    );
  }
  return null;
}
