import type { Clock } from '../engine/clock';
import type { Trace } from '../engine/trace';
import type { BrokerPort, HandlerSpec, WorkerLike } from './types';

export interface WorkerPoolOptions {
  readonly broker: BrokerPort;
  readonly queue: string;
  readonly handler: HandlerSpec;
  /** starts one worker: spawnConsumerWorker in the app, a fake in unit tests */
  readonly spawn: () => WorkerLike;
  readonly clock: Clock;
  readonly trace?: Trace;
  /** unique per broker (worker ids and consumer tags derive from it); default: the queue */
  readonly name?: string;
  /** workers to start with; default 1 */
  readonly size?: number;
  /** unacked deliveries at most per worker; 0 = unlimited; default 10 */
  readonly prefetch?: number;
  /**
   * batches a slow or lone worker may have in flight at once: to a worker whose full
   * prefetch takes PIPELINE_MS (1 ms) or more, or to the pool's only working worker, what
   * the broker delivers is sent in batches of at most ceil(prefetch / batchesInFlight), so
   * while it handles one batch the acks of the one before already bring the next; default
   * 2. A faster worker among others gets each turn as one batch (a second post would only
   * wake its thread once more, on the page that already has the others' answers to handle).
   * 1 never splits. Unlimited prefetch is never split.
   */
  readonly batchesInFlight?: number;
  /** seeds the flaky handler; default 1 */
  readonly seed?: number;
  /** start a replacement when a worker fails; default true */
  readonly autoRestart?: boolean;
  /** clock ms before a replacement starts; default 0 */
  readonly restartDelayMs?: number;
  /** clock ms between a worker's heartbeats; default 1000 */
  readonly heartbeatMs?: number;
  /** clock ms of silence after which a working worker is declared dead; default 5 beats */
  readonly heartbeatTimeoutMs?: number;
  /** clock ms a new worker may take to load; default 10,000 */
  readonly startTimeoutMs?: number;
  /** clock ms one message may take before it is nacked; default 30,000 */
  readonly handlerTimeoutMs?: number;
  /** whether a failed message goes back to its queue; default true */
  readonly requeueOnError?: boolean;
  /** the simulation's playback speed (simulated ms per real ms); default 1 */
  readonly timeScale?: number;
  /** when coalesced deliveries are sent; default queueMicrotask (tests may step it) */
  readonly schedule?: (callback: () => void) => void;
}

export type WorkerState = 'starting' | 'idle' | 'busy' | 'draining' | 'failed' | 'stopped';

export interface WorkerStats {
  readonly id: string;
  readonly state: WorkerState;
  /** deliveries it holds and has not answered for */
  readonly held: number;
  readonly acked: number;
  readonly nacked: number;
  readonly startedAt: number;
}

export interface PoolStats {
  readonly name: string;
  readonly queue: string;
  readonly desired: number;
  readonly prefetch: number;
  readonly timeScale: number;
  /** the live workers (starting, idle, busy or draining), oldest first */
  readonly workers: readonly WorkerStats[];
  readonly acked: number;
  readonly nacked: number;
  readonly started: number;
  readonly failed: number;
  /** results dropped because their worker was gone or did not hold the tag */
  readonly ignored: number;
}

export interface WorkerPool {
  readonly name: string;
  /** starts or drains workers until `size` are live */
  scale(size: number): void;
  /** terminates a worker as if it died; false when there is no such live worker */
  kill(workerId: string): boolean;
  setTimeScale(timeScale: number): void;
  /** every worker switches after the deliveries it already has */
  setHandler(handler: HandlerSpec): void;
  /**
   * Unacked deliveries at most per worker from now on (basic.qos on each live consumer, and
   * the prefetch of the workers started later); a lower one takes nothing back.
   */
  setPrefetch(prefetch: number): void;
  stats(): PoolStats;
  /** terminates every worker; what they held returns to the queue */
  dispose(): void;
}
