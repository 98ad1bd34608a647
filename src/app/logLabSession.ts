import { createStore, type StoreApi } from 'zustand/vanilla';
import { SimulatedClock } from '../engine/clock';
import { createRng, type Rng } from '../engine/rng';
import { Playback, type PlaybackState } from '../engine/sim/Playback';
import { recordTrace, Trace, type TraceEvent } from '../engine/trace';
import { LogStoreError } from '../storage/errors';
import { openIndexedDbLogStore } from '../storage/indexedDbStore';
import type { LogStore } from '../storage/LogStore';
import { playbackChanges } from './playbackChanges';
import { createTicker, type Ticker } from './ticker';

/** What a log lab (src/engine/replay, src/engine/kafka) offers its page. */
export interface LogLab<S> {
  readonly snapshot: S;
  subscribe(listener: () => void): () => void;
  dispose(): void;
  /** when the last thing shown moving lands (for Step); labs without one never hold a step */
  readonly busyUntil?: number;
}

export interface LogLabDeps {
  readonly store: LogStore;
  readonly clock: SimulatedClock;
  readonly rng: Rng;
  readonly trace: Trace;
}

export interface LogLabState<S> {
  readonly snapshot: S;
  readonly playback: PlaybackState;
  readonly canStep: boolean;
}

export interface LogLabSession<L extends LogLab<S>, S> {
  readonly lab: L;
  readonly clock: SimulatedClock;
  readonly trace: Trace;
  readonly store: StoreApi<LogLabState<S>>;
  /** the last trace events, for the test API and the curious */
  traceEvents(): readonly TraceEvent[];
  pause(): void;
  resume(): void;
  togglePause(): void;
  setSpeed(speed: number): void;
  step(): void;
  dispose(): Promise<void>;
}

/**
 * Frame time (ms) between two snapshot updates while the lab changes every frame (a replay
 * at full speed applies a batch a frame): ten renders a second read the same, and the rest
 * of the frame stays the replay's. A change after a quiet spell shows at once.
 */
const SNAPSHOT_INTERVAL_MS = 100;

/** How long a lab waits for another tab to let go of its log before saying so. */
const LOCK_WAIT_MS = 4_000;

/**
 * Opens a log lab on its own IndexedDB log (`eventlab-log-v1:<name>`), on a simulated
 * clock that the page's frames move (so pause, speed and step work as in the other labs),
 * and samples its snapshot into a zustand store once a frame.
 */
export async function openLogLabSession<L extends LogLab<S>, S>(
  name: string,
  open: (deps: LogLabDeps) => Promise<L>,
  options: { readonly ticker?: Ticker; readonly store?: LogStore } = {},
): Promise<LogLabSession<L, S>> {
  const store =
    options.store ??
    (await openIndexedDbLogStore({ name, signal: AbortSignal.timeout(LOCK_WAIT_MS) }).catch(
      (error: unknown) => {
        if (error instanceof LogStoreError && error.code === 'locked') {
          throw new LogStoreError(
            'locked',
            'This lab is open in another tab: its log has one writer at a time. Close the other tab and reload this one.',
          );
        }
        throw error;
      },
    ));
  const clock = new SimulatedClock(Date.now(), 1);
  const trace = new Trace(clock);
  const recorder = recordTrace(trace, 500);
  let lab: L;
  try {
    // a new seed each visit: ids made after a reload never repeat the earlier ones
    lab = await open({ store, clock, rng: createRng(Date.now() % 2 ** 31), trace });
  } catch (error) {
    await store.close();
    throw error;
  }
  const playback = new Playback(clock, () => lab.busyUntil ?? 0);
  const state = createStore<LogLabState<S>>()(() => ({
    snapshot: lab.snapshot,
    playback: playback.state,
    canStep: playback.canStep(),
  }));
  let dirty = false;
  let sinceSnapshot = Number.POSITIVE_INFINITY;
  const stopListening = lab.subscribe(() => {
    dirty = true;
  });
  const sample = () => {
    const prev = state.getState();
    const next: { -readonly [K in keyof LogLabState<S>]?: LogLabState<S>[K] } = {
      ...playbackChanges(playback, prev),
    };
    if (dirty && sinceSnapshot >= SNAPSHOT_INTERVAL_MS) {
      next.snapshot = lab.snapshot;
      dirty = false;
      sinceSnapshot = 0;
    }
    if (Object.keys(next).length > 0) state.setState(next);
  };
  const ticker = options.ticker ?? createTicker();
  const removeFrame = ticker.add((elapsed) => {
    playback.frame(elapsed);
    sinceSnapshot += elapsed;
    sample();
  });
  ticker.start();
  const command = (fn: () => void) => {
    fn();
    sample();
  };
  let disposed: Promise<void> | undefined;
  return {
    lab,
    clock,
    trace,
    store: state,
    traceEvents: () => recorder.events(),
    pause: () => command(() => playback.pause()),
    resume: () => command(() => playback.resume()),
    togglePause: () =>
      command(() => (playback.state.paused ? playback.resume() : playback.pause())),
    setSpeed: (speed) => command(() => playback.setSpeed(speed)),
    step: () => command(() => playback.step()),
    dispose() {
      disposed ??= (async () => {
        removeFrame();
        ticker.stop();
        stopListening();
        lab.dispose();
        await store.close();
      })();
      return disposed;
    },
  };
}
