/**
 * Messages a second through the engine's Broker and real consumer workers (published,
 * delivered in batches to module Web Workers, handled, acked), beside the raw ceiling: the
 * same number of messages as batched postMessage round trips to bare echo workers, in two
 * shapes (one batch of a whole prefetch in flight per worker, and the prefetch as two
 * batches in flight, as the pool sends it to a slow worker); the pool is read against the
 * faster of the two.
 */
import { Broker } from '../src/engine/broker';
import { RealClock } from '../src/engine/clock';
import { createWorkerPool, type WorkerPool } from '../src/workers/pool';
import { spawnConsumerWorker } from '../src/workers/spawn';
import type { BrokerPort } from '../src/workers/types';
import type { BenchContext, BenchReport, ThroughputRow } from './types';

const MESSAGES = 20_000;
// rounds are short (tens of ms) and the machine is shared: more of them steady the ratios
const ROUNDS = 15;
// unmeasured rounds of every task first: the pool's per-batch functions (a few hundred
// calls a round) reach V8's optimising tiers only after several rounds, and its rounds ran
// at 0.36-0.58 M msgs/s for the first four, 0.7-1.0 M after (bench/RESULTS.md)
const WARM_ROUNDS = 6;
// the headline prefetch (RabbitMQ's advice for throughput is 100-300), and a sweep beside
// it: the pool and the echo pay the same hand-offs per batch, so the share depends on how
// many messages a batch carries (the labs' own default is 10)
const PREFETCH = 100;
const SWEEP = [10, 30, PREFETCH, 250];
const HANDLER = { kind: 'custom', source: 'return 1;' } as const;
// the pool's default split for a slow worker (the prefetch as two batches, one in flight
// while the worker handles the other); `return 1;` is fast, so the pool splits its turns
// only with 1 worker
const IN_FLIGHT = 2;

interface Task {
  readonly name: string;
  /** sends MESSAGES through and resolves when the last one is answered */
  readonly once: () => Promise<void>;
  readonly dispose: () => void;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function until(done: () => boolean, what: string): Promise<void> {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The real thing: Broker + createWorkerPool + consumer.worker.ts, one queue. */
async function poolTask(workers: number, prefetch: number): Promise<Task & { pool: WorkerPool }> {
  const clock = new RealClock();
  // no trace: the labs' cost of tracing is measured by labFps, this is the engine's path
  const broker = new Broker({ clock });
  broker.declareQueue('q');
  let target = 0;
  let done = deferred();
  // the round ends on the last ack, counted by the queue itself (a multiple ack settles many)
  const check = () => {
    if (broker.queueStats('q').acked >= target) done.resolve();
  };
  // the broker itself, with its multiple ack for runs of results (as an AMQP client would)
  const port: BrokerPort = {
    consume: (queue, options) => broker.consume(queue, options),
    cancel: (tag) => broker.cancel(tag),
    nack: (tag, options) => broker.nack(tag, options),
    releaseConsumer: (tag) => broker.releaseConsumer(tag),
    ack: (tag) => {
      broker.ack(tag);
      check();
    },
    ackMultiple: (tag) => {
      broker.ack(tag, true);
      check();
    },
  };
  const pool = createWorkerPool({
    broker: port,
    queue: 'q',
    clock,
    handler: HANDLER,
    spawn: spawnConsumerWorker,
    size: workers,
    prefetch,
  });
  await until(
    () => pool.stats().workers.filter((w) => w.state === 'idle').length === workers,
    'the workers to start',
  );
  let n = 0;
  return {
    name: poolName(workers, prefetch),
    pool,
    async once() {
      done = deferred();
      target = broker.queueStats('q').acked + MESSAGES;
      for (let i = 0; i < MESSAGES; i++) broker.publish('', 'q', { n: n++ });
      await done.promise;
    },
    dispose: () => pool.dispose(),
  };
}

/**
 * What the page thread alone can do: the same Broker, publish and a consumer at the same
 * prefetch, each batch acked in a microtask with one multiple ack as the pool does, but no
 * pool and no workers. The pool cannot beat it: its bound on this machine.
 */
function brokerAloneTask(): Task {
  const broker = new Broker({ clock: new RealClock() });
  broker.declareQueue('q');
  let delivered: number[] = [];
  broker.consume('q', {
    prefetch: PREFETCH,
    onDelivery: (delivery) => {
      delivered.push(delivery.deliveryTag);
    },
  });
  let n = 0;
  return {
    name: 'Broker alone (no pool, no workers)',
    async once() {
      for (let i = 0; i < MESSAGES; i++) broker.publish('', 'q', { n: n++ });
      for (let acked = 0; acked < MESSAGES; ) {
        await Promise.resolve();
        const tags = delivered;
        delivered = [];
        const last = tags.at(-1);
        if (last !== undefined) broker.ack(last, true);
        acked += tags.length;
      }
    },
    dispose: () => {},
  };
}

/**
 * The floor of the pool's design, measured beside it: the same Broker, publish and one
 * consumer per worker at the same prefetch, each turn's deliveries sent as one batch (the
 * pool's shape for a fast worker) of bare delivery tags to echo workers, and each echoed
 * batch acked with one multiple ack. No pool, no worker runtime, no handler: the pool cannot beat
 * it, and what lies between it and the echo ceiling is the broker's own work on the page
 * between round trips.
 */
async function brokerEchoTask(workers: number, prefetch: number): Promise<Task> {
  const broker = new Broker({ clock: new RealClock() });
  broker.declareQueue('q');
  const echoes = await startEchoes(workers);
  let target = 0;
  let done = deferred();
  for (const w of echoes) {
    let pending: number[] = [];
    let queued = false;
    const flush = () => {
      queued = false;
      w.postMessage(pending);
      pending = [];
    };
    broker.consume('q', {
      prefetch,
      onDelivery: (delivery) => {
        pending.push(delivery.deliveryTag);
        if (!queued) {
          queued = true;
          queueMicrotask(flush);
        }
      },
    });
    w.addEventListener('message', (event: MessageEvent<number[]>) => {
      // a worker echoes in order: the last tag of a batch acks it and every batch before
      const last = event.data.at(-1);
      if (last !== undefined) broker.ack(last, true);
      if (broker.queueStats('q').acked >= target) done.resolve();
    });
  }
  let n = 0;
  return {
    name: floorName(workers, prefetch),
    async once() {
      done = deferred();
      target = broker.queueStats('q').acked + MESSAGES;
      for (let i = 0; i < MESSAGES; i++) broker.publish('', 'q', { n: n++ });
      await done.promise;
    },
    dispose: () => {
      for (const w of echoes) w.terminate();
    },
  };
}

/** Bare echo workers, each past a first round trip, so their module has loaded. */
async function startEchoes(workers: number): Promise<Worker[]> {
  const echoes = Array.from(
    { length: workers },
    () =>
      new Worker(new URL('./workers/echo.worker.ts', import.meta.url), {
        type: 'module',
        name: 'bench-echo',
      }),
  );
  await Promise.all(
    echoes.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.addEventListener('message', () => resolve(), { once: true });
          w.postMessage([]);
        }),
    ),
  );
  return echoes;
}

const plural = (workers: number) => `${workers} worker${workers > 1 ? 's' : ''}`;
// the headline's rows keep their names; the sweep's say their prefetch
const at = (prefetch: number) => (prefetch === PREFETCH ? '' : `, prefetch ${prefetch}`);

const poolName = (workers: number, prefetch = PREFETCH) =>
  `Broker + pool, ${plural(workers)}${at(prefetch)}`;
const floorName = (workers: number, prefetch = PREFETCH) =>
  `Broker + echo workers (no pool), ${plural(workers)}${at(prefetch)}`;
const echoName = (workers: number, label = '', prefetch = PREFETCH) =>
  `echo ceiling${label}, ${plural(workers)}${at(prefetch)}`;
const PIPELINED = ` (${IN_FLIGHT} batches in flight)`;

/**
 * The ceiling: each bare worker gets `prefetch` items in `inFlight` batches and echoes each;
 * an echoed batch's items are sent again as the next batch (the pool's shape: a results
 * message frees that many prefetch slots, which go out as the next batch). With one batch in
 * flight the worker waits for each round trip; with two it has the next while it echoes one.
 */
async function echoTask(
  workers: number,
  label: string,
  item: (n: number) => unknown,
  inFlight = 1,
  prefetch = PREFETCH,
): Promise<Task> {
  const size = Math.ceil(prefetch / inFlight);
  const echoes = await startEchoes(workers);
  let n = 0;
  return {
    name: echoName(workers, label, prefetch),
    once() {
      const finished = deferred();
      let sent = 0;
      let answered = 0;
      const next = (w: Worker) => {
        if (sent >= MESSAGES) return;
        const count = Math.min(size, MESSAGES - sent);
        const batch: unknown[] = [];
        for (let i = 0; i < count; i++) batch.push(item(n++));
        sent += count;
        w.postMessage(batch);
      };
      const listeners = echoes.map((w) => {
        const onMessage = (event: MessageEvent<unknown[]>) => {
          answered += event.data.length;
          if (answered === MESSAGES) finished.resolve();
          else next(w);
        };
        w.addEventListener('message', onMessage);
        return () => w.removeEventListener('message', onMessage);
      });
      for (let k = 0; k < inFlight; k++) for (const w of echoes) next(w);
      return finished.promise.then(() => {
        for (const off of listeners) off();
      });
    },
    dispose: () => {
      for (const w of echoes) w.terminate();
    },
  };
}

/** A delivery as one object (WireDelivery), for the second ceiling. */
const deliveryShaped = (n: number) => ({
  deliveryTag: n,
  messageId: `m${n}`,
  exchange: '',
  queue: 'q',
  routingKey: 'q',
  body: { n },
  headers: {},
  redelivered: false,
  deliveryCount: 1,
});

function row(name: string, perRound: readonly number[], seconds: number): ThroughputRow {
  const mean = perRound.reduce((a, b) => a + b, 0) / perRound.length;
  const sd = Math.sqrt(
    perRound.reduce((sum, r) => sum + (r - mean) ** 2, 0) / Math.max(1, perRound.length - 1),
  );
  return {
    kind: 'throughput',
    name,
    // messages over total time, so a slow round counts in full
    opsPerSec: (perRound.length * MESSAGES) / seconds,
    rmePercent: (100 * 1.96 * sd) / Math.sqrt(perRound.length) / mean,
    samples: perRound.length,
    perRound,
  };
}

export async function run(context: BenchContext): Promise<BenchReport> {
  const tasks: Task[] = [];
  const pools: WorkerPool[] = [];
  for (const prefetch of SWEEP) {
    for (const workers of [1, 2]) {
      const pool = await poolTask(workers, prefetch);
      pools.push(pool.pool);
      tasks.push(pool);
      tasks.push(await brokerEchoTask(workers, prefetch));
      tasks.push(await echoTask(workers, '', (n) => n, 1, prefetch));
      tasks.push(await echoTask(workers, PIPELINED, (n) => n, IN_FLIGHT, prefetch));
      if (prefetch === PREFETCH) {
        tasks.push(await echoTask(workers, ' (delivery objects)', deliveryShaped));
      }
    }
  }
  tasks.push(brokerAloneTask());
  const perRound = new Map<string, number[]>(tasks.map((t) => [t.name, []]));
  const seconds = new Map<string, number>(tasks.map((t) => [t.name, 0]));
  try {
    // warm-up: the JIT, the workers' handler compile, the broker's queue growth
    for (let round = 0; round < WARM_ROUNDS; round++) {
      context.log(`brokerThroughput warm-up ${round + 1}/${WARM_ROUNDS}`);
      for (const task of tasks) await task.once();
    }
    for (let round = 0; round < ROUNDS; round++) {
      context.log(`brokerThroughput round ${round + 1}/${ROUNDS}`);
      const k = round % tasks.length;
      for (const task of [...tasks.slice(k), ...tasks.slice(0, k)]) {
        const start = performance.now();
        await task.once();
        const s = (performance.now() - start) / 1000;
        perRound.get(task.name)?.push(MESSAGES / s);
        seconds.set(task.name, (seconds.get(task.name) ?? 0) + s);
      }
    }
  } finally {
    for (const task of tasks) task.dispose();
  }
  const rows = tasks.map((t) => row(t.name, perRound.get(t.name) ?? [], seconds.get(t.name) ?? 1));
  const rate = (name: string) => rows.find((r) => r.name === name)?.opsPerSec ?? 0;
  // the stricter anchor: whichever echo shape was faster in this run
  const share = (w: number, prefetch: number) => {
    const ceilings = [echoName(w, '', prefetch), echoName(w, PIPELINED, prefetch)];
    const ceiling = ceilings.reduce((a, b) => (rate(b) > rate(a) ? b : a));
    return { ceiling, ratio: rate(poolName(w, prefetch)) / rate(ceiling) };
  };
  const findings = [1, 2].map((w) => {
    const { ceiling, ratio } = share(w, PREFETCH);
    return `${plural(w)}: ${(ratio * 100).toFixed(0)}% of the faster echo ceiling (${ceiling}): goal (>= 50%) ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`;
  });
  const sweep = [1, 2].map(
    (w) =>
      `${plural(w)}, share of the faster echo by prefetch: ${SWEEP.map((p) => `${p}: ${(share(w, p).ratio * 100).toFixed(0)}%`).join(', ')}`,
  );
  const acked = pools.map((p) => p.stats().acked).join(' and ');
  return {
    title: 'Broker -> worker pool -> ack, against the postMessage ceiling',
    rows,
    comparisons: [1, 2].flatMap((w) => [
      {
        subject: poolName(w),
        anchors: [
          echoName(w),
          echoName(w, PIPELINED),
          floorName(w),
          'Broker alone (no pool, no workers)',
        ],
      },
    ]),
    notes: [
      `ops/s = messages a second; ${MESSAGES.toLocaleString('en-US')} messages per sample, ${ROUNDS} rounds after ${WARM_ROUNDS} unmeasured ones, order rotated`,
      `Broker + pool: Broker (RealClock, no trace) publish to queue "q" -> createWorkerPool (prefetch ${PREFETCH}, its defaults: a worker whose prefetch takes 1 ms or more, or the pool's only working worker, gets it as ${IN_FLIGHT} batches in flight; a faster one among others gets each turn as one batch; {kind:'custom', source:'return 1;'} is fast) -> consumer.worker.ts -> results -> broker.ack (a run of in-order successes as one ack with multiple); a round ends at the last ack`,
      `Broker + echo workers (no pool): the same Broker, publish and consumers at prefetch ${PREFETCH}, each turn's deliveries sent as one batch of bare delivery tags (the pool's shape for a fast worker) to echo workers, each echoed batch acked with one multiple ack: the design's floor without pool, worker runtime or handler`,
      `echo ceiling: as many bare module workers (bench/workers/echo.worker.ts posts back what it gets), batches of ${PREFETCH} numbers, one batch in flight per worker`,
      `echo ceiling${PIPELINED}: the same ${PREFETCH} numbers in flight per worker as ${IN_FLIGHT} batches of ${Math.ceil(PREFETCH / IN_FLIGHT)}, each echoed batch sent again (the pool's shape for a slow worker); the goal is read against whichever echo was faster in the run, never the slower`,
      `echo ceiling (delivery objects): one batch in flight, each item a WireDelivery object (9 fields, a body object), as the pool sent them before its columnar wire format`,
      `prefetch sweep: the pool, the floor and both echoes also at prefetch ${SWEEP.filter((p) => p !== PREFETCH).join(', ')} (rows marked so), the echo's batches as large as the prefetch: both sides pay the same thread hand-offs per batch, so the smaller the batch, the more of each round trip they share; the goal is read at prefetch ${PREFETCH}`,
      `Broker alone: the same publish and a consumer at prefetch ${PREFETCH} whose batches are acked in a microtask (one multiple ack each), no pool, no workers: the page thread's own bound`,
    ],
    findings: [...findings, ...sweep, `acked by the pools in all: ${acked}`],
  };
}
