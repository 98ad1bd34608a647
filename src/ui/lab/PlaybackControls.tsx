import { type ReactNode, useEffect } from 'react';
import type { PlaybackState } from '../../engine/sim/Playback';
import { SPEEDS } from '../../engine/sim/Playback';
import { useT } from '../i18n';
import { PauseIcon, PlayIcon, StepIcon } from '../icons';
import { isTyping } from '../isTyping';

export interface PlaybackControlsProps {
  readonly playback: PlaybackState;
  readonly canStep: boolean;
  /** messages still moving, shown beside the status */
  readonly inFlight?: number;
  /** a page's own word on its run, between the speed and the status */
  readonly children?: ReactNode;
  togglePause(): void;
  step(): void;
  setSpeed(speed: number): void;
}

/** Pause/resume (Space), step while paused (.), and speed from 0.25x to 4x. */
export function PlaybackControls({
  playback,
  canStep,
  inFlight = 0,
  children,
  togglePause,
  step,
  setSpeed,
}: PlaybackControlsProps) {
  const { t } = useT();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        togglePause();
      } else if (e.key === '.') {
        step();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [togglePause, step]);

  return (
    <div className="playback" role="toolbar" aria-label="Playback">
      <button
        type="button"
        className="btn primary"
        onClick={togglePause}
        aria-keyshortcuts="Space"
        title={`${playback.paused ? t('resume') : t('pause')} (Space)`}
      >
        {playback.paused ? <PlayIcon /> : <PauseIcon />}
        {playback.paused ? t('resume') : t('pause')}
      </button>
      <button
        type="button"
        className="btn"
        onClick={step}
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
            onClick={() => setSpeed(speed)}
          >
            {speed}x
          </button>
        ))}
      </fieldset>
      {children}
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
