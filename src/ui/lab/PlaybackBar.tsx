import { useEffect } from 'react';
import { SPEEDS } from '../../engine/sim';
import { useT } from '../i18n';
import { PauseIcon, PlayIcon, StepIcon } from '../icons';
import { useSession, useSessionState } from './session';

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Pause/resume (Space), step while paused (.), and speed from 0.25x to 4x. */
export function PlaybackBar() {
  const { t } = useT();
  const session = useSession();
  const playback = useSessionState((s) => s.playback);
  const canStep = useSessionState((s) => s.canStep);
  const inFlight = useSessionState((s) => s.snapshot.inFlight);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        session.togglePause();
      } else if (e.key === '.') {
        session.step();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);

  return (
    <div className="playback" role="toolbar" aria-label="Playback">
      <button
        type="button"
        className="btn primary"
        onClick={() => session.togglePause()}
        aria-keyshortcuts="Space"
        title={`${playback.paused ? t('resume') : t('pause')} (Space)`}
      >
        {playback.paused ? <PlayIcon /> : <PauseIcon />}
        {playback.paused ? t('resume') : t('pause')}
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => session.step()}
        disabled={!playback.paused || !canStep || playback.stepping}
        aria-keyshortcuts="."
        title={`${t('step')} (.)`}
      >
        <StepIcon />
        {t('step')}
      </button>
      <fieldset className="segmented speed" aria-label={t('speed')}>
        <legend className="sr-only">{t('speed')}</legend>
        {SPEEDS.map((speed) => (
          <button
            key={speed}
            type="button"
            aria-pressed={playback.speed === speed}
            aria-label={`${t('speed')} ${speed}x`}
            onClick={() => session.setSpeed(speed)}
          >
            {speed}x
          </button>
        ))}
      </fieldset>
      <output className="status" aria-live="polite">
        <span className={playback.paused ? 'dot is-paused' : 'dot is-running'} aria-hidden="true" />
        {playback.paused ? t('paused') : t('running')}
        {inFlight > 0 && (
          <span className="muted">
            {' '}
            · {inFlight} {t('inFlight')}
          </span>
        )}
      </output>
    </div>
  );
}
