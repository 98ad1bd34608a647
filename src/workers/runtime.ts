import Denque from 'denque';
import type { Clock, TimerId } from '../engine/clock';
import { createHandler, type Handler, HandlerError } from './handlers';
import {
  type FromWorker,
  ResultsWriter,
  type ToWorker,
  unpackBatch,
  type WorkerConfig,
} from './protocol';
import type { HandlerSpec, WireDelivery } from './types';

export interface RuntimeOptions {
  /** sends to the pool: `self.postMessage` in a worker, a fake's queue in tests */
  readonly post: (message: FromWorker) => void;
  /** real time inside a worker; a SimulatedClock in tests */
  readonly clock: Clock;
  /**
   * a fine monotonic ms counter for how long handlers take (`performance.now` in a worker,
   * where the clock's `Date.now` ticks by whole ms); default the clock's `now`
   */
  readonly now?: () => number;
}

export interface Runtime {
  receive(message: ToWorker): void;
  /** stops the heartbeat and pending sleeps (a fake worker's terminate) */
  close(): void;
}

type MailboxItem =
  /** a batch as it came, one item for all of it; `next` is the first not yet run */
  | { readonly kind: 'deliveries'; readonly deliveries: readonly WireDelivery[]; next: number }
  | { readonly kind: 'handler'; readonly spec: HandlerSpec };

interface Sleeper {
  /** simulated ms still to wait */
  remaining: number;
  /** clock time the current timer was set */
  since: number;
  timer: TimerId | undefined;
  readonly resolve: () => void;
}

// results wait for the end of a run of deliveries, but no longer than this many
const MAX_OUTBOX = 256;
const MAX_DELAY = 2 ** 31 - 1;
const PLAIN_ERRORS: ReadonlySet<string> = new Set(['Error', 'HandlerError', 'InvalidHandlerError']);

/**
 * The message loop that runs inside a consumer worker. Deliveries are handled one at a time,
 * in order (like XState's Mailbox), and their results are posted back in batches: at the end
 * of each batch the pool sent, before a handler sleeps, at the end of the task an
 * asynchronous handler finished in, and with each heartbeat. DOM-free:
 * the worker entry (consumer.worker.ts) wires it to `self`, tests to a fake.
 */
export function createRuntime({ post, clock, now = () => clock.now() }: RuntimeOptions): Runtime {
  let config: WorkerConfig | undefined;
  let handler: Handler | undefined;
  let handlerProblem = 'the worker has no handler yet';
  let timeScale = 1;
  let heartbeat: TimerId | undefined;
  let soon: TimerId | undefined;
  let running = false;
  let closed = false;
  // when the oldest delivery answered in the outbox began: each results message says how
  // long its deliveries took, so the pool knows whether to pipeline (see pool.ts)
  let busySince: number | undefined;
  // a delivery is being handled (an asynchronous handler may flush while it waits)
  let handling = false;
  const mailbox = new Denque<MailboxItem>();
  const outbox = new ResultsWriter();
  const sleepers = new Set<Sleeper>();

  function send(message: FromWorker): void {
    if (!closed) post(message);
  }

  function flushSoon(): void {
    if (soon === undefined) {
      soon = clock.setTimeout(() => {
        soon = undefined;
        flush();
      }, 0);
    }
  }

  function flush(): void {
    if (outbox.size === 0) return;
    const at = now();
    send(outbox.take(at - (busySince ?? at)));
    // a delivery still running (an asynchronous one) counts from here for the next message
    busySince = handling ? at : undefined;
  }

  /** Sets a timer for what is left of the sleep at the current speed; none while paused. */
  function arm(sleeper: Sleeper): void {
    sleeper.since = clock.now();
    // paused, or an endless wait (no handler time limit): no timer at all
    sleeper.timer =
      timeScale > 0 && Number.isFinite(sleeper.remaining)
        ? clock.setTimeout(
            () => {
              sleepers.delete(sleeper);
              sleeper.resolve();
            },
            // browsers fire a delay past 2^31 - 1 ms at once; 24 days is as good as never
            Math.min(sleeper.remaining / timeScale, MAX_DELAY),
          )
        : undefined;
  }

  function sleep(ms: number): { promise: Promise<void>; cancel: () => void } {
    let sleeper: Sleeper | undefined;
    const promise = new Promise<void>((resolve) => {
      sleeper = { remaining: Math.max(0, ms), since: 0, timer: undefined, resolve };
    });
    if (sleeper === undefined) throw new Error('unreachable: Promise executors run at once');
    const s = sleeper;
    sleepers.add(s);
    arm(s);
    const cancel = () => {
      if (s.timer !== undefined) clock.clearTimeout(s.timer);
      sleepers.delete(s);
    };
    return { promise, cancel };
  }

  function setTimeScale(next: number): void {
    const now = clock.now();
    for (const s of sleepers) {
      if (s.timer !== undefined) {
        clock.clearTimeout(s.timer);
        s.remaining = Math.max(0, s.remaining - (now - s.since) * timeScale);
      }
    }
    timeScale = next;
    for (const s of sleepers) arm(s);
    beat(false);
  }

  /** Proves the worker alive (any message does) and re-arms; the interval is simulated ms. */
  function beat(post = true): void {
    if (closed || config === undefined) return;
    if (post) {
      if (outbox.size > 0) flush();
      else send({ type: 'heartbeat' });
    }
    if (heartbeat !== undefined) clock.clearTimeout(heartbeat);
    // paused, the simulation's clock stands still and the pool expects nothing; beat anyway
    const realMs = config.heartbeatMs / (timeScale > 0 ? timeScale : 1);
    heartbeat = clock.setTimeout(() => beat(), realMs);
  }

  function install(spec: HandlerSpec): void {
    if (config === undefined) return;
    try {
      handler = createHandler(spec, {
        workerId: config.workerId,
        seed: config.seed,
        sleep: (ms) => {
          // the pool should see what is done before this worker waits
          flush();
          return sleep(ms).promise;
        },
      });
    } catch (error) {
      handler = undefined;
      handlerProblem = errorText(error);
      send({ type: 'handler-invalid', error: handlerProblem });
    }
  }

  function failed(tag: number, error: unknown): void {
    const own = (error as { requeue?: unknown } | null)?.requeue;
    const requeue = typeof own === 'boolean' ? own : (config?.requeueOnError ?? true);
    outbox.failed(tag, errorText(error), requeue);
  }

  /**
   * Runs one delivery and writes its result to the outbox; synchronous handlers stay
   * synchronous, so a batch runs in one go. The tag is read before the handler runs: what
   * the handler does to the message cannot change which delivery is answered.
   */
  function run(delivery: WireDelivery): Promise<void> | undefined {
    const tag = delivery.deliveryTag;
    if (handler === undefined) {
      failed(tag, new Error(handlerProblem));
      return undefined;
    }
    let value: ReturnType<Handler>;
    try {
      value = handler(delivery);
    } catch (error) {
      failed(tag, error);
      return undefined;
    }
    if (!(value instanceof Promise)) {
      outbox.ok(tag, value);
      return undefined;
    }
    const limit = config?.handlerTimeoutMs ?? Number.POSITIVE_INFINITY;
    const timeout = sleep(limit);
    const expired = timeout.promise.then(() => {
      throw new HandlerError(`handler timed out after ${limit} ms`);
    });
    return Promise.race([value, expired])
      .then(
        (result) => outbox.ok(tag, result),
        (error: unknown) => failed(tag, error),
      )
      .finally(timeout.cancel);
  }

  async function drain(): Promise<void> {
    running = true;
    try {
      for (let item = mailbox.peekFront(); item !== undefined; item = mailbox.peekFront()) {
        if (closed) return;
        if (item.kind === 'handler') {
          mailbox.shift();
          install(item.spec);
          continue;
        }
        const delivery = item.deliveries[item.next++];
        const last = item.next >= item.deliveries.length;
        if (last) mailbox.shift();
        if (delivery === undefined) continue;
        busySince ??= now();
        handling = true;
        const pending = run(delivery);
        if (pending !== undefined) {
          await pending;
          // post it at the end of this task: asynchronous handlers that finish at once still
          // share one message, and one stuck behind a slow handler does not wait for it
          flushSoon();
        }
        handling = false;
        // a batch's results go when it is done, even with the next batch waiting: they free
        // its prefetch slots, and the pool sends more while this worker takes the next
        if (last || outbox.size >= MAX_OUTBOX) flush();
      }
    } finally {
      running = false;
    }
    flush();
  }

  function enqueue(item: MailboxItem): void {
    mailbox.push(item);
    if (!running) void drain();
  }

  return {
    receive(message) {
      if (closed) return;
      switch (message.type) {
        case 'init':
          config = message;
          timeScale = message.timeScale;
          install(message.handler);
          if (handler !== undefined) send({ type: 'ready' });
          beat(false);
          return;
        case 'batch':
          enqueue({ kind: 'deliveries', deliveries: unpackBatch(message), next: 0 });
          return;
        case 'set-handler':
          enqueue({ kind: 'handler', spec: message.handler });
          return;
        case 'time-scale':
          setTimeScale(message.timeScale);
          return;
      }
    },
    close() {
      closed = true;
      if (heartbeat !== undefined) clock.clearTimeout(heartbeat);
      if (soon !== undefined) clock.clearTimeout(soon);
      for (const s of sleepers) if (s.timer !== undefined) clock.clearTimeout(s.timer);
      sleepers.clear();
      mailbox.clear();
    },
  };
}

/** "TypeError: x is undefined", or just the message for our own and plain errors. */
function errorText(error: unknown): string {
  if (error instanceof Error) {
    return PLAIN_ERRORS.has(error.name) ? error.message : `${error.name}: ${error.message}`;
  }
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
