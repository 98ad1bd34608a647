/**
 * The one place that touches requestAnimationFrame (as tldraw's TickManager is). Everything
 * that moves per frame (the simulation clock, the UI's sampling, the particles) hangs off it.
 */
export interface Ticker {
  /** Adds a frame callback; returns a function that removes it. */
  add(onFrame: (elapsedMs: number) => void): () => void;
  start(): void;
  stop(): void;
}

// a frame that comes after a long gap (a background tab) counts as this much, so the
// simulation never jumps minutes ahead at once
const MAX_FRAME_MS = 100;

export function createTicker(
  raf: (cb: FrameRequestCallback) => number = requestAnimationFrame,
  caf: (id: number) => void = cancelAnimationFrame,
): Ticker {
  const callbacks = new Set<(elapsedMs: number) => void>();
  let handle: number | undefined;
  let last: number | undefined;
  let running = false;

  const loop = (time: number) => {
    // this frame's request is used up; a callback may stop (and start) the ticker
    handle = undefined;
    const elapsed = last === undefined ? 0 : Math.min(MAX_FRAME_MS, Math.max(0, time - last));
    last = time;
    try {
      for (const cb of callbacks) cb(elapsed);
    } finally {
      // one frame that throws must not freeze every later frame
      if (running && handle === undefined) handle = raf(loop);
    }
  };

  return {
    add(onFrame) {
      callbacks.add(onFrame);
      return () => callbacks.delete(onFrame);
    },
    start() {
      if (running) return;
      running = true;
      last = undefined;
      handle = raf(loop);
    },
    stop() {
      running = false;
      if (handle !== undefined) caf(handle);
      handle = undefined;
    },
  };
}
