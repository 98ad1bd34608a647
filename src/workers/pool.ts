import type { Delivery } from '../engine/broker/types';
import type { TimerId } from '../engine/clock';
import { HeldDeliveries } from './held';
import type { WorkerPool, WorkerPoolOptions, WorkerState, WorkerStats } from './poolTypes';
import {
  type FromWorker,
  isFromWorker,
  packBatch,
  readResults,
  type ToWorker,
  type WireResult,
} from './protocol';
import type { PoolTraceEvent, WorkerFailure } from './traceEvents';
import type { WorkerEventLike, WorkerLike } from './types';

export type {
  PoolStats,
  WorkerPool,
  WorkerPoolOptions,
  WorkerState,
  WorkerStats,
} from './poolTypes';

interface Slot {
  readonly id: string;
  /** start order */
  readonly n: number;
  readonly worker: WorkerLike;
  readonly startedAt: number;
  state: WorkerState;
  consumerTag: string | undefined;
  /** basic.cancel sent: no further deliveries */
  cancelled: boolean;
  /** delivery tag -> message id of every delivery it holds unanswered (sent or pending) */
  readonly held: HeldDeliveries;
  /** deliveries of this turn, sent together at the next microtask (the broker's objects) */
  pending: Delivery[];
  flushQueued: boolean;
  lastSeen: number;
  acked: number;
  nacked: number;
  /** ms a delivery takes this worker (a moving average of what its results say); unknown at first */
  msPerDelivery: number | undefined;
}

/**
 * A worker whose full prefetch takes this long gets it in `batchesInFlight` batches, so it
 * has the next while it answers one. A faster one does only while it is the pool's one
 * working worker: its round trip is then mostly two thread hand-offs the page would wait
 * through. With two or more, the page handles one worker's answer while another's batch is
 * on its way, and a second batch per worker would only cost it one more post (a thread to
 * wake) per batch. Measured in bench/RESULTS.md.
 */
const PIPELINE_MS = 1;
// the weight of the newest results in the moving average
const EWMA_WEIGHT = 0.25;

const LIVE: ReadonlySet<WorkerState> = new Set(['starting', 'idle', 'busy', 'draining']);
// consuming (not starting, not draining): its answers keep the page busy while another
// worker's batch is on its way. working() below also counts the starting ones
const CONSUMING: ReadonlySet<WorkerState> = new Set(['idle', 'busy']);
// a replacement would fail the same way
const NO_RESTART: ReadonlySet<WorkerFailure> = new Set(['handler-invalid', 'consume-failed']);

/**
 * Supervises N workers consuming one queue; each worker is one broker consumer with its own
 * prefetch. A worker that errors, goes quiet or is killed is terminated and its consumer
 * released, so whatever it held and had not acked returns to the queue with
 * redelivered=true; a replacement starts when auto-restart is on. Results from a worker
 * already declared dead are ignored, and a delivery is answered at most once.
 */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const { broker, queue, clock, trace, spawn } = options;
  const name = options.name ?? queue;
  // both change with setPrefetch
  let prefetch = checkPrefetch(options.prefetch ?? 10);
  const batchesInFlight = options.batchesInFlight ?? 2;
  if (!(Number.isInteger(batchesInFlight) && batchesInFlight >= 1)) {
    throw new RangeError(`batchesInFlight must be an integer >= 1, got ${batchesInFlight}`);
  }
  // the most deliveries one batch carries
  const batchSizeOf = (n: number) =>
    n > 0 ? Math.ceil(n / batchesInFlight) : Number.POSITIVE_INFINITY;
  let batchSize = batchSizeOf(prefetch);
  const seed = options.seed ?? 1;
  const autoRestart = options.autoRestart ?? true;
  const restartDelayMs = options.restartDelayMs ?? 0;
  const heartbeatMs = options.heartbeatMs ?? 1000;
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 5 * heartbeatMs;
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const handlerTimeoutMs = options.handlerTimeoutMs ?? 30_000;
  const requeueOnError = options.requeueOnError ?? true;
  const schedule = options.schedule ?? queueMicrotask;
  let handler = options.handler;
  let timeScale = checkTimeScale(options.timeScale ?? 1);
  let desired = 0;
  let counter = 0;
  let watchdog: TimerId | undefined;
  let disposed = false;
  const totals = { acked: 0, nacked: 0, started: 0, failed: 0, ignored: 0 };
  const slots = new Map<string, Slot>();

  const record = (event: PoolTraceEvent) => {
    if (trace?.active) trace.record(event);
  };
  const isLive = (slot: Slot) => LIVE.has(slot.state);
  const working = () => [...slots.values()].filter((s) => s.state !== 'draining');

  function post(slot: Slot, message: ToWorker): void {
    slot.worker.postMessage(message);
  }

  function start(replaces: string | undefined): void {
    const n = ++counter;
    const id = `${name}:w${n}`;
    let worker: WorkerLike;
    try {
      worker = spawn();
    } catch (error) {
      totals.failed++;
      record({
        type: 'pool.worker-failed',
        pool: name,
        worker: id,
        reason: 'spawn-failed',
        error: text(error),
      });
      return;
    }
    const now = clock.now();
    const slot: Slot = {
      id,
      n,
      worker,
      startedAt: now,
      state: 'starting',
      consumerTag: undefined,
      cancelled: false,
      held: new HeldDeliveries(),
      pending: [],
      flushQueued: false,
      lastSeen: now,
      acked: 0,
      nacked: 0,
      msPerDelivery: undefined,
    };
    slots.set(id, slot);
    totals.started++;
    worker.addEventListener('message', (event) => onMessage(slot, event.data));
    worker.addEventListener('error', (event) => {
      // handled here (traced, released, replaced): not an uncaught error of the page
      event.preventDefault?.();
      fail(slot, 'error', errorEventText(event));
    });
    worker.addEventListener('messageerror', () =>
      fail(slot, 'messageerror', 'a message from the worker could not be deserialized'),
    );
    record({ type: 'pool.worker-started', pool: name, worker: id, queue, replaces });
    try {
      post(slot, {
        type: 'init',
        workerId: id,
        handler,
        seed,
        timeScale,
        heartbeatMs,
        handlerTimeoutMs,
        requeueOnError,
      });
    } catch (error) {
      fail(slot, 'spawn-failed', text(error));
      return;
    }
    armWatchdog();
  }

  function onMessage(slot: Slot, data: unknown): void {
    if (!isLive(slot)) {
      // a dead worker's last words: its deliveries were released, their tags are void
      if (isFromWorker(data) && data.type === 'results') {
        for (const r of readResults(data)) ignore(slot, r.deliveryTag, 'worker-gone');
      }
      return;
    }
    slot.lastSeen = clock.now();
    if (!isFromWorker(data)) return;
    handle(slot, data);
  }

  function handle(slot: Slot, message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        if (slot.state === 'starting') subscribe(slot);
        return;
      case 'handler-invalid':
        fail(slot, 'handler-invalid', message.error);
        return;
      case 'results':
        measure(slot, message.numbers.length / 2, message.elapsed);
        if (settleAll(slot, readResults(message)) && slot.held.size === 0) quiet(slot);
        return;
      case 'heartbeat':
        return;
    }
  }

  function subscribe(slot: Slot): void {
    // live before consume: the broker may deliver inside the call
    slot.state = 'idle';
    try {
      slot.consumerTag = broker.consume(queue, {
        prefetch,
        consumerTag: slot.id,
        onDelivery: (delivery) => onDelivery(slot, delivery),
        // its queue was deleted: the broker forgot what it held, and a replacement would
        // have nothing to consume
        onCancel: () => {
          slot.held.clear();
          stop(slot, 'cancelled');
        },
      });
    } catch (error) {
      fail(slot, 'consume-failed', text(error));
      return;
    }
    record({ type: 'pool.worker-ready', pool: name, worker: slot.id });
  }

  function onDelivery(slot: Slot, delivery: Delivery): void {
    const tag = delivery.deliveryTag;
    if (!isLive(slot)) {
      // the broker should not deliver to a released consumer; if it does, hand it back
      // outside its dispatch rather than lose it
      schedule(() => broker.nack(tag, { requeue: true }));
      return;
    }
    slot.held.set(tag, delivery.message.id);
    slot.pending.push(delivery);
    if (!slot.flushQueued) {
      slot.flushQueued = true;
      schedule(() => flush(slot));
    }
  }

  function measure(slot: Slot, deliveries: number, elapsed: number): void {
    if (deliveries === 0) return;
    const ms = elapsed / deliveries;
    const before = slot.msPerDelivery;
    slot.msPerDelivery = before === undefined ? ms : before + EWMA_WEIGHT * (ms - before);
  }

  /**
   * Sends what arrived this turn: in batches of at most batchSize to a pipelined worker (it
   * answers the first while the next is on its way, and the acks of that answer bring more
   * before it runs dry), else as one batch.
   */
  function flush(slot: Slot): void {
    slot.flushQueued = false;
    if (!isLive(slot) || slot.pending.length === 0) return;
    const pending = slot.pending;
    slot.pending = [];
    const size = pipelined(slot) ? batchSize : pending.length;
    for (let from = 0; from < pending.length && isLive(slot); from += size) {
      sendBatch(slot, pending.length <= size ? pending : pending.slice(from, from + size));
    }
    if (slot.state === 'idle' && slot.held.size > 0) {
      slot.state = 'busy';
      record({ type: 'pool.worker-busy', pool: name, worker: slot.id });
    }
  }

  /**
   * Whether a worker's deliveries go in batches of batchSize: when it is slow, or when no
   * other worker is consuming (PIPELINE_MS says why).
   */
  function pipelined(slot: Slot): boolean {
    const ms = slot.msPerDelivery;
    if (ms !== undefined && ms * prefetch >= PIPELINE_MS) return true;
    for (const other of slots.values())
      if (other !== slot && CONSUMING.has(other.state)) return false;
    return true;
  }

  function sendBatch(slot: Slot, batch: Delivery[]): void {
    try {
      post(slot, packBatch(batch));
    } catch {
      // a body that cannot be cloned (a function, say) spoils the whole batch: send one by one
      for (const delivery of batch) sendOne(slot, delivery);
    }
    if (trace?.active) {
      const deliveryTags = batch.map((d) => d.deliveryTag);
      record({ type: 'pool.batch-sent', pool: name, worker: slot.id, deliveryTags });
    }
  }

  function sendOne(slot: Slot, delivery: Delivery): void {
    try {
      post(slot, packBatch([delivery]));
    } catch (error) {
      // no worker could ever take it: refuse it without requeue (dead-lettered, if set up)
      settle(slot, {
        deliveryTag: delivery.deliveryTag,
        ok: false,
        error: `the message cannot be sent to a worker: ${text(error)}`,
        requeue: false,
      });
    }
  }

  /**
   * Answers a worker's results in order; false when the worker stopped on the way. Results
   * come back in delivery order, so most are for the oldest delivery the worker holds: a run
   * of such successes is acked with one multiple ack when the broker offers it (one dispatch
   * for the run instead of one per message). Anything else is answered on its own, after
   * the run before it.
   */
  function settleAll(slot: Slot, results: readonly WireResult[]): boolean {
    const { held } = slot;
    const multiple = broker.ackMultiple !== undefined;
    let runFrom = 0;
    let run = 0;
    // message ids of the run, for pool.handled: only kept while someone listens
    const ids: string[] = [];
    for (let i = 0; i < results.length; i++) {
      const r = results[i] as WireResult;
      const tag = r.deliveryTag;
      // the oldest held (the first that came; answered ones are gone, and deliveries the
      // acks bring in come after it). Held in tag order, it is the broker's oldest unacked for
      // the consumer, so a multiple ack up to it covers only that; once a delivery came below
      // a held one (read each time: an ack may bring one), the worker acks one by one.
      if (multiple && r.ok && held.inTagOrder && held.oldest() === tag) {
        if (trace?.active) ids.push(held.get(tag) as string);
        // forgotten now, acked with the run: never answered twice
        held.delete(tag);
        if (run++ === 0) runFrom = i;
        continue;
      }
      if (run > 0) {
        ackRun(slot, results, runFrom, run, ids);
        run = 0;
        ids.length = 0;
      }
      if (!isLive(slot)) return false;
      settle(slot, r);
    }
    if (run > 0) ackRun(slot, results, runFrom, run, ids);
    return isLive(slot);
  }

  /** Acks results[from, from + count) with one multiple ack: the oldest the worker held. */
  function ackRun(
    slot: Slot,
    results: readonly WireResult[],
    from: number,
    count: number,
    ids: readonly string[],
  ): void {
    const last = results[from + count - 1] as WireResult;
    if (broker.handled)
      for (let k = 0; k < count; k++) broker.handled(results[from + k] as WireResult);
    slot.acked += count;
    totals.acked += count;
    broker.ackMultiple?.(last.deliveryTag);
    if (ids.length < count) return;
    for (let k = 0; k < count; k++) {
      const r = results[from + k] as WireResult & { ok: true };
      const of = { pool: name, worker: slot.id, deliveryTag: r.deliveryTag };
      record({ type: 'pool.handled', ...of, messageId: ids[k] as string, ...handled(r) });
    }
  }

  function settle(slot: Slot, r: WireResult): void {
    const messageId = slot.held.get(r.deliveryTag);
    if (messageId === undefined) {
      ignore(slot, r.deliveryTag, 'unknown-tag');
      return;
    }
    // forget it first: whatever the broker does next, this tag is never answered twice
    slot.held.delete(r.deliveryTag);
    broker.handled?.(r);
    if (r.ok) {
      slot.acked++;
      totals.acked++;
      broker.ack(r.deliveryTag);
    } else {
      slot.nacked++;
      totals.nacked++;
      broker.nack(r.deliveryTag, { requeue: r.requeue });
    }
    if (trace?.active) {
      const of = { pool: name, worker: slot.id, deliveryTag: r.deliveryTag, messageId };
      record({ type: 'pool.handled', ...of, ...handled(r) });
    }
  }

  function ignore(slot: Slot, deliveryTag: number, reason: 'worker-gone' | 'unknown-tag'): void {
    totals.ignored++;
    record({ type: 'pool.result-ignored', pool: name, worker: slot.id, deliveryTag, reason });
  }

  /** It has answered for everything it held. */
  function quiet(slot: Slot): void {
    if (slot.state === 'draining') {
      stop(slot, 'scaled-down');
    } else if (slot.state === 'busy') {
      slot.state = 'idle';
      record({ type: 'pool.worker-idle', pool: name, worker: slot.id });
    }
  }

  /**
   * Ends the worker and gives back what it held: the broker returns every unacked delivery
   * of its consumer to the queue with redelivered=true (pending ones, never sent, included).
   */
  function end(slot: Slot): number {
    try {
      slot.worker.terminate();
    } catch {
      // already gone
    }
    slots.delete(slot.id);
    const released = slot.held.size;
    slot.held.clear();
    slot.pending = [];
    const tag = slot.consumerTag;
    if (tag !== undefined) {
      if (!slot.cancelled) broker.cancel(tag);
      slot.cancelled = true;
      broker.releaseConsumer(tag);
    }
    return released;
  }

  function fail(slot: Slot, reason: WorkerFailure, error: string): void {
    if (!isLive(slot)) return;
    slot.state = 'failed';
    totals.failed++;
    record({ type: 'pool.worker-failed', pool: name, worker: slot.id, reason, error });
    const released = end(slot);
    record({
      type: 'pool.worker-terminated',
      pool: name,
      worker: slot.id,
      reason: 'failed',
      released,
    });
    if (autoRestart && !NO_RESTART.has(reason)) {
      if (restartDelayMs > 0) clock.setTimeout(() => replace(slot.id), restartDelayMs);
      else replace(slot.id);
    }
  }

  function replace(id: string): void {
    if (!disposed && working().length < desired) start(id);
  }

  function stop(slot: Slot, reason: 'scaled-down' | 'disposed' | 'cancelled'): void {
    if (!isLive(slot)) return;
    slot.state = 'stopped';
    const released = end(slot);
    record({ type: 'pool.worker-terminated', pool: name, worker: slot.id, reason, released });
  }

  /** Takes no more deliveries, answers for what it holds, then stops. */
  function drain(slot: Slot): void {
    if (slot.consumerTag === undefined) {
      stop(slot, 'scaled-down');
      return;
    }
    broker.cancel(slot.consumerTag);
    slot.cancelled = true;
    slot.state = 'draining';
    record({ type: 'pool.worker-draining', pool: name, worker: slot.id, held: slot.held.size });
    if (slot.held.size === 0) stop(slot, 'scaled-down');
  }

  /** One timer for the whole pool, rather than one reset per message. */
  function armWatchdog(): void {
    if (watchdog === undefined && !disposed && slots.size > 0) {
      // housekeeping, not an event: the step mode steps over it
      watchdog = clock.setTimeout(check, heartbeatMs, { background: true });
    }
  }

  function check(): void {
    watchdog = undefined;
    const now = clock.now();
    for (const slot of [...slots.values()]) {
      const starting = slot.state === 'starting';
      const limit = starting ? startTimeoutMs : heartbeatTimeoutMs;
      if (now - slot.lastSeen > limit) {
        const reason = starting ? 'start-timeout' : 'heartbeat-timeout';
        fail(slot, reason, `no word from the worker for ${now - slot.lastSeen} ms`);
      }
    }
    armWatchdog();
  }

  function scale(size: number): void {
    if (!Number.isInteger(size) || size < 0) {
      throw new RangeError(`A pool's size must be an integer >= 0, got ${size}`);
    }
    if (disposed) return;
    const from = desired;
    desired = size;
    const live = working();
    for (let n = live.length; n < size; n++) start(undefined);
    // the ones doing least go first: not yet consuming, then idle, then the least loaded;
    // among equals the newest
    const rank = (s: Slot) => (s.state === 'starting' ? 0 : s.state === 'idle' ? 1 : 2);
    const surplus = live
      .sort((a, b) => rank(a) - rank(b) || a.held.size - b.held.size || b.n - a.n)
      .slice(0, Math.max(0, live.length - size));
    for (const slot of surplus) drain(slot);
    if (from !== size) record({ type: 'pool.scaled', pool: name, from, to: size });
  }

  scale(options.size ?? 1);

  return {
    name,
    scale,
    kill(workerId) {
      const slot = slots.get(workerId);
      if (slot === undefined || !isLive(slot)) return false;
      fail(slot, 'killed', 'terminated by request');
      return true;
    },
    setTimeScale(next) {
      timeScale = checkTimeScale(next);
      for (const slot of slots.values()) post(slot, { type: 'time-scale', timeScale });
    },
    setPrefetch(next) {
      prefetch = checkPrefetch(next);
      batchSize = batchSizeOf(prefetch);
      for (const slot of slots.values()) {
        if (isLive(slot) && slot.consumerTag !== undefined)
          broker.setPrefetch?.(slot.consumerTag, prefetch);
      }
    },
    setHandler(next) {
      handler = next;
      for (const slot of slots.values()) post(slot, { type: 'set-handler', handler: next });
      // workers that failed on the old handler were not replaced: fill up again
      scale(desired);
    },
    stats() {
      const workers = [...slots.values()].map(
        (s): WorkerStats => ({
          id: s.id,
          state: s.state,
          held: s.held.size,
          acked: s.acked,
          nacked: s.nacked,
          startedAt: s.startedAt,
        }),
      );
      return { name, queue, desired, prefetch, timeScale, workers, ...totals };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (watchdog !== undefined) clock.clearTimeout(watchdog);
      watchdog = undefined;
      for (const slot of [...slots.values()]) stop(slot, 'disposed');
    },
  };
}

/** What pool.handled says of a result. */
function handled(r: WireResult) {
  return r.ok
    ? { ok: true as const, output: r.output, effect: r.effect }
    : { ok: false as const, error: r.error, requeue: r.requeue };
}

function checkPrefetch(value: number): number {
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`prefetch must be an integer >= 0, got ${value}`);
  }
  return value;
}

function checkTimeScale(value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`timeScale must be a number >= 0, got ${value}`);
  }
  return value;
}

function text(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function errorEventText(event: WorkerEventLike): string {
  return event.message !== undefined && event.message !== ''
    ? event.message
    : 'the worker raised an error';
}
