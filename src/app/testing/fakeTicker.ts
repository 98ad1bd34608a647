import type { Ticker } from '../ticker';

/** A ticker whose frames are driven by hand. */
export function fakeTicker() {
  const callbacks = new Set<(elapsedMs: number) => void>();
  let running = false;
  const ticker: Ticker = {
    add(onFrame) {
      callbacks.add(onFrame);
      return () => callbacks.delete(onFrame);
    },
    start() {
      running = true;
    },
    stop() {
      running = false;
    },
  };
  return {
    ticker,
    /** One frame of `ms`, if the ticker is running. */
    frame(ms: number) {
      if (running) for (const cb of [...callbacks]) cb(ms);
    },
    /** Frames of `frameMs` adding up to `totalMs`. */
    frames(totalMs: number, frameMs = 50) {
      for (let done = 0; done < totalMs; done += frameMs)
        this.frame(Math.min(frameMs, totalMs - done));
    },
    get running() {
      return running;
    },
    get callbacks() {
      return callbacks.size;
    },
  };
}
