import { useRef } from 'react';
import { REPLAY_RATES, type ReplayLabSnapshot } from '../../engine/replay/ReplayLab';
import { PauseIcon, PlayIcon, StepIcon } from '../icons';
import { Balance } from './Balance';
import type { ReplaySession } from './ReplayLabPage';
import { type LogStringKey, useLogT } from './strings';

/** The NEW account: replay controls, the scrubber, and its balance as each event lands. */
export function ReplayPanel({
  session,
  snapshot,
}: {
  session: ReplaySession;
  snapshot: ReplayLabSnapshot;
}) {
  const { text: l } = useLogT();
  const { replay, logEnd, live } = snapshot;
  const lab = session.lab;
  const scrub = useScrub(session);
  const playing = replay.status === 'playing';
  const same = replay.position >= logEnd && replay.account.balance === live.balance;

  return (
    <section className="panel account replayed" aria-label={l('newAccount')}>
      <h2>{l('newAccount')}</h2>
      <Balance value={replay.account.balance} label={l('balance')} />
      <p className="muted small" data-testid="replay-status">
        {l('applied')}: {replay.account.applied} · {l(`status_${replay.status}` as LogStringKey)}
        {replay.status === 'done' && (
          <span className={same ? 'ok' : 'warn'}> · {same ? l('matches') : l('differs')}</span>
        )}
      </p>
      <div className="row" role="toolbar" aria-label={l('replay')}>
        {playing ? (
          <button type="button" className="btn primary" onClick={() => lab.pause()}>
            <PauseIcon /> {l('pauseReplay')}
          </button>
        ) : (
          <button
            type="button"
            className="btn primary"
            onClick={() => lab.play()}
            disabled={replay.position >= logEnd}
          >
            <PlayIcon /> {l('replay')}
          </button>
        )}
        <button
          type="button"
          className="btn"
          onClick={() => void lab.step()}
          disabled={replay.position >= logEnd}
        >
          <StepIcon /> {l('stepReplay')}
        </button>
        <button type="button" className="btn" onClick={() => void lab.restart()}>
          {l('restart')}
        </button>
      </div>
      <fieldset className="segmented" aria-label={l('rate')}>
        <legend className="sr-only">{l('rate')}</legend>
        {REPLAY_RATES.map((rate) => (
          <button
            key={rate}
            type="button"
            aria-pressed={replay.rate === rate}
            onClick={() => lab.setRate(rate)}
          >
            {rate === 0 ? l('max') : `${rate}${l('perSecond')}`}
          </button>
        ))}
      </fieldset>
      <div className="scrub">
        <span>
          {l('asOf')} <output>{replay.position}</output> / {logEnd}
        </span>
        <input
          type="range"
          aria-label={l('asOf')}
          min={0}
          max={logEnd}
          step={1}
          value={replay.position}
          onChange={(e) => scrub(Number(e.target.value))}
          disabled={logEnd === 0}
        />
      </div>
      <p className="muted small">{l('replayHint')}</p>
    </section>
  );
}

/**
 * A scrub folds the log up to the offset; dragging asks for many, so only the newest one
 * waiting runs next (the ones in between would be thrown away anyway).
 */
function useScrub(session: ReplaySession) {
  const wanted = useRef<number | undefined>(undefined);
  const running = useRef(false);
  return (offset: number) => {
    wanted.current = offset;
    if (running.current) return;
    running.current = true;
    const next = async () => {
      while (wanted.current !== undefined) {
        const to = wanted.current;
        wanted.current = undefined;
        await session.lab.scrubTo(to).catch(() => undefined);
      }
      running.current = false;
    };
    void next();
  };
}
