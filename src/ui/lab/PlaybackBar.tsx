import type { ReactNode } from 'react';
import { PlaybackControls } from './PlaybackControls';
import { useSession, useSessionState } from './session';

/** The scenario labs' playback: the session's pause, step and speed. */
export function PlaybackBar({ children }: { readonly children?: ReactNode }) {
  const session = useSession();
  const playback = useSessionState((s) => s.playback);
  const canStep = useSessionState((s) => s.canStep);
  const inFlight = useSessionState((s) => s.snapshot.inFlight);
  return (
    <PlaybackControls
      playback={playback}
      canStep={canStep}
      inFlight={inFlight}
      togglePause={session.togglePause}
      step={session.step}
      setSpeed={session.setSpeed}
    >
      {children}
    </PlaybackControls>
  );
}
