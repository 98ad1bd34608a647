import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ExchangeType } from '../engine/broker/types';
import type { Scenario } from '../engine/scenario';
import {
  Playback,
  type PlaybackState,
  type ServiceMethod,
  type SimSnapshot,
  Simulation,
} from '../engine/sim';
import type { TraceEvent } from '../engine/trace';
import type { HandlerKind, HandlerSpec, WorkerLike } from '../workers/types';
import { createLandings, type Landed } from './landings';
import { playbackChanges } from './playbackChanges';
import { createTicker, type Ticker } from './ticker';

const QUIET_IN_ACTIVITY: ReadonlySet<string> = new Set([
  'pool.worker-busy',
  'pool.worker-idle',
  'pool.worker-ready',
  'pool.batch-sent',
]);

/** Trace events shown in the activity panel. */
const ACTIVITY_LIMIT = 200;
/**
 * Frame time (ms) between two updates of the activity list while events keep coming: under
 * load a list of 200 rows re-rendered every frame costs more than the rest of the page. A
 * list quiet for this long updates at once; commands update it at once too.
 */
const ACTIVITY_INTERVAL_MS = 250;

/**
 * Frame time (ms) between two snapshot updates while the engine changes every frame: under
 * load every node re-rendered (and re-pulsed) 60 times a second costs the page its frames;
 * 10 updates a second read the same. A snapshot quiet for this long updates at once.
 */
const SNAPSHOT_INTERVAL_MS = 100;

/** The newest `capacity` events in a fixed ring: no allocation per event. */
function createActivityRing(capacity: number, initial: readonly TraceEvent[]) {
  const ring: (TraceEvent | undefined)[] = new Array(capacity).fill(undefined);
  let next = 0;
  let size = 0;
  const push = (event: TraceEvent) => {
    ring[next] = event;
    next = (next + 1) % capacity;
    if (size < capacity) size++;
  };
  for (const event of initial) push(event);
  return {
    push,
    /** newest first */
    newestFirst(): TraceEvent[] {
      const out: TraceEvent[] = [];
      for (let i = 1; i <= size; i++) {
        const event = ring[(next - i + capacity) % capacity];
        if (event !== undefined) out.push(event);
      }
      return out;
    },
  };
}

export interface LabSessionState {
  readonly snapshot: SimSnapshot;
  readonly playback: PlaybackState;
  readonly canStep: boolean;
  readonly landed: Readonly<Record<string, Landed>>;
  /** newest first */
  readonly activity: readonly TraceEvent[];
  /** what the inspector panel shows */
  readonly inspected: Inspected | undefined;
}

export type Inspected =
  | { readonly kind: 'queue'; readonly id: string }
  /** a broker message, by its id */
  | { readonly kind: 'message'; readonly id: string }
  /** a producer's message to a topic or a saga, by its send's id (`message.sent`) */
  | { readonly kind: 'send'; readonly id: string }
  /** a topic's record: the journey of the message it came from */
  | {
      readonly kind: 'record';
      readonly topic: string;
      readonly partition: number;
      readonly offset: number;
    }
  /** a saga's order (an instance): the journey of the message that started it */
  | { readonly kind: 'order'; readonly instance: string };

export interface LabSession {
  /** the scenario as it runs now (a live edit replaces it) */
  readonly scenario: Scenario;
  readonly sim: Simulation;
  readonly store: StoreApi<LabSessionState>;
  /** runs after the clock has moved, once per animation frame */
  onFrame(fn: () => void): () => void;
  send(
    producerId: string,
    event: string,
    data: unknown,
    headers?: Readonly<Record<string, unknown>>,
  ): void;
  /** a service method of a producer: OrderService's create_order() or pay_order() */
  call(producerId: string, method: ServiceMethod): void;
  setSubscriptionActive(subscriptionId: string, active: boolean): void;
  /**
   * Applies `next` to the run in place when only live settings differ (Simulation.reconfigure);
   * false when it needs a new session.
   */
  reconfigure(next: Scenario): boolean;
  setFailing(listenerId: string, failing: boolean): void;
  clearLog(busId: string): void;
  setExchangeType(exchangeId: string, type: ExchangeType): void;
  setBindingKey(bindingId: string, key: string): void;
  setHandler(consumerId: string, kind: HandlerKind): void;
  setHandlerSpec(consumerId: string, spec: HandlerSpec): void;
  scaleConsumer(consumerId: string, workers: number): void;
  addWorkers(consumerId: string, delta: number): void;
  killWorker(consumerId: string, workerId: string): void;
  moveBack(queueId: string): void;
  inspect(target: Inspected | undefined): void;
  setRate(producerId: string, perSecond: number): void;
  burst(producerId: string, count: number): void;
  pause(): void;
  resume(): void;
  togglePause(): void;
  setSpeed(speed: number): void;
  step(): void;
  dispose(): void;
}

/**
 * One lab open in the page: a Simulation, its playback, and a zustand store that is a
 * projection of engine state, sampled once per frame (never per engine event, so a burst of
 * thousands of events costs one render).
 */
export interface LabSessionOptions {
  /** starts a consumer's Web Worker; without it consumers run no workers (unit tests) */
  readonly spawnWorker?: () => WorkerLike;
}

export function createLabSession(
  scenario: Scenario,
  ticker: Ticker = createTicker(),
  options: LabSessionOptions = {},
): LabSession {
  // the simulated clock starts at the real time, so the log's timestamps read naturally
  const sim = new Simulation(scenario, {
    startMs: Date.now(),
    ...(options.spawnWorker ? { spawnWorker: options.spawnWorker } : {}),
  });
  const playback = new Playback(sim.clock, () => sim.busyUntil);
  const landings = createLandings(sim.hopMs, (listener) => sim.serviceState(listener));
  // what happened while the scenario was set up (its subscriptions) opens the activity list
  const activity = createActivityRing(ACTIVITY_LIMIT, sim.traceEvents().slice(-ACTIVITY_LIMIT));
  let activityDirty = false;
  // frame time since the list last changed
  let sinceActivity = Number.POSITIVE_INFINITY;
  let sinceSnapshot = Number.POSITIVE_INFINITY;
  const stopTrace = sim.trace.subscribe((event) => {
    landings.observe(event);
    // a worker's busy/idle flicker is drawn on its node; the list keeps what a person reads
    if (QUIET_IN_ACTIVITY.has(event.type)) return;
    activity.push(event);
    activityDirty = true;
  });

  const store = createStore<LabSessionState>()(() => ({
    snapshot: sim.getSnapshot(),
    playback: playback.state,
    canStep: playback.canStep(),
    landed: landings.current,
    activity: activity.newestFirst(),
    inspected: undefined,
  }));

  const frameCallbacks = new Set<() => void>();

  /** `now`: a command's answer, which shows its events at once (a frame waits its turn). */
  const sample = (now: boolean) => {
    const prev = store.getState();
    const snapshot = sim.getSnapshot();
    const landedChanged = landings.advance(sim.clock.now());
    const next: { -readonly [K in keyof LabSessionState]?: LabSessionState[K] } = {
      ...playbackChanges(playback, prev),
    };
    if (snapshot !== prev.snapshot && (now || sinceSnapshot >= SNAPSHOT_INTERVAL_MS)) {
      next.snapshot = snapshot;
      sinceSnapshot = 0;
    }
    if (landedChanged) next.landed = landings.current;
    if (activityDirty && (now || sinceActivity >= ACTIVITY_INTERVAL_MS)) {
      next.activity = activity.newestFirst();
      activityDirty = false;
      sinceActivity = 0;
    }
    if (Object.keys(next).length > 0) store.setState(next);
  };

  const removeFrame = ticker.add((elapsed) => {
    playback.frame(elapsed);
    sinceActivity += elapsed;
    sinceSnapshot += elapsed;
    sample(false);
    for (const fn of frameCallbacks) fn();
  });
  ticker.start();

  // commands change the engine, then sample at once so controls answer without a frame's lag
  const command = (fn: () => void) => {
    fn();
    sample(true);
  };

  return {
    get scenario() {
      return sim.scenario;
    },
    sim,
    store,
    onFrame(fn) {
      frameCallbacks.add(fn);
      return () => frameCallbacks.delete(fn);
    },
    send: (producerId, event, data, headers) =>
      command(() => sim.send(producerId, event, data, headers)),
    call: (producerId, method) => command(() => sim.call(producerId, method)),
    setSubscriptionActive: (id, active) => command(() => sim.setSubscriptionActive(id, active)),
    reconfigure: (next) => {
      const applied = sim.reconfigure(next);
      if (applied) sample(true);
      return applied;
    },
    setFailing: (id, failing) => command(() => sim.setFailing(id, failing)),
    clearLog: (busId) => command(() => sim.clearLog(busId)),
    setExchangeType: (id, type) => command(() => sim.setExchangeType(id, type)),
    setBindingKey: (id, key) => command(() => sim.setBindingKey(id, key)),
    setHandler: (id, kind) => command(() => sim.setHandler(id, kind)),
    setHandlerSpec: (id, spec) => command(() => sim.setHandlerSpec(id, spec)),
    scaleConsumer: (id, workers) => command(() => sim.scaleConsumer(id, workers)),
    addWorkers: (id, delta) => command(() => sim.addWorkers(id, delta)),
    killWorker: (id, workerId) => command(() => sim.killWorker(id, workerId)),
    moveBack: (id) => command(() => sim.moveBack(id)),
    inspect: (target) => store.setState({ inspected: target }),
    setRate: (id, perSecond) => command(() => sim.setRate(id, perSecond)),
    burst: (id, count) => command(() => sim.burst(id, count)),
    pause: () => command(() => playback.pause()),
    resume: () => command(() => playback.resume()),
    togglePause: () =>
      command(() => (playback.state.paused ? playback.resume() : playback.pause())),
    setSpeed: (speed) =>
      command(() => {
        playback.setSpeed(speed);
        // a slow handler's work follows the playback speed too
        sim.setTimeScale(speed);
      }),
    step: () => command(() => playback.step()),
    dispose() {
      removeFrame();
      ticker.stop();
      stopTrace();
      frameCallbacks.clear();
      sim.dispose();
    },
  };
}
