import type { Playback, PlaybackState } from '../engine/sim/Playback';

/** What a session's store shows of its playback. */
export interface PlaybackView {
  readonly playback: PlaybackState;
  readonly canStep: boolean;
}

/**
 * The playback fields that changed since `prev`, for one frame's sample of a session (a lab's
 * or a log lab's). Only a paused run can step, and the check scans the pending timers, so it
 * is skipped while running.
 */
export function playbackChanges(playback: Playback, prev: PlaybackView): Partial<PlaybackView> {
  const state = playback.state;
  const canStep = state.paused && playback.canStep();
  const out: { -readonly [K in keyof PlaybackView]?: PlaybackView[K] } = {};
  if (
    state.paused !== prev.playback.paused ||
    state.speed !== prev.playback.speed ||
    state.stepping !== prev.playback.stepping
  ) {
    out.playback = state;
  }
  if (canStep !== prev.canStep) out.canStep = canStep;
  return out;
}
