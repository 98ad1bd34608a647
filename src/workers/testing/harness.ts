import type { Delivery } from '../../engine/broker/types';
import { SimulatedClock } from '../../engine/clock';
import { recordTrace, Trace } from '../../engine/trace';
import { createWorkerPool, type WorkerPoolOptions } from '../pool';
import type { BrokerPort, WireDelivery } from '../types';
import { FakeBroker } from './fakeBroker';
import { FakeWorker } from './fakeWorker';

/** Lets every queued microtask and promise callback run: a macrotask comes after them all. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A pool on a SimulatedClock with fake workers, for unit tests, against the broker that
 * `makeBroker` builds (it declares the pool's queue `q`). Nothing here is random or timed by
 * the wall clock: a run is the same every time.
 */
export function harness<B extends BrokerPort>(
  makeBroker: (clock: SimulatedClock, trace: Trace) => B,
  options: Partial<WorkerPoolOptions> = {},
  /** called on each new fake worker before the pool sees it (make one hang, say) */
  onSpawn: (worker: FakeWorker, index: number) => void = () => {},
) {
  const clock = new SimulatedClock(0);
  const trace = new Trace(clock);
  const rec = recordTrace(trace, 200_000);
  const broker = makeBroker(clock, trace);
  const workers: FakeWorker[] = [];
  const pool = createWorkerPool({
    broker,
    queue: 'q',
    clock,
    trace,
    handler: { kind: 'email' },
    heartbeatMs: 100,
    spawn: () => {
      const worker = new FakeWorker(clock);
      onSpawn(worker, workers.length);
      workers.push(worker);
      return worker;
    },
    ...options,
  });

  /** Moves the clock in steps, letting messages cross after each step. */
  const run = async (ms: number, step = 10) => {
    await settle();
    for (let t = 0; t < ms; t += step) {
      clock.advance(Math.min(step, ms - t));
      await settle();
    }
  };

  /** The fake worker behind a worker id (w1 is the first spawned). */
  const worker = (id: string): FakeWorker => {
    const n = Number(id.split(':w')[1]);
    const found = workers[n - 1];
    if (found === undefined) throw new Error(`no worker ${id}`);
    return found;
  };

  return { clock, trace, rec, broker, workers, pool, run, worker };
}

/** The harness with the FakeBroker, and `publish(from, to)` of messages m{n} with body { n }. */
export function poolHarness(
  options: Partial<WorkerPoolOptions> = {},
  onSpawn?: (worker: FakeWorker, index: number) => void,
) {
  const h = harness(() => new FakeBroker(), options, onSpawn);
  const publish = (from: number, to: number, body: (n: number) => unknown = (n) => ({ n })) => {
    for (let n = from; n < to; n++) h.broker.publish('q', body(n), `m${n}`);
  };
  return { ...h, publish };
}

export type PoolHarness = ReturnType<typeof poolHarness>;

/** A delivery as a worker receives it: message m{tag} on routing key order.created. */
export function wireDelivery(
  tag: number,
  body: unknown = { id: tag },
  extra: Partial<WireDelivery> = {},
): WireDelivery {
  return {
    deliveryTag: tag,
    messageId: `m${tag}`,
    exchange: 'shop',
    queue: 'q',
    routingKey: 'order.created',
    body,
    headers: {},
    redelivered: false,
    deliveryCount: 1,
    ...extra,
  };
}

/** The broker's Delivery that the pool would pack as this WireDelivery. */
export function brokerDelivery(d: WireDelivery): Delivery {
  return {
    deliveryTag: d.deliveryTag,
    consumerTag: 'q:w1',
    queue: d.queue,
    message: {
      id: d.messageId,
      exchange: d.exchange,
      routingKey: d.routingKey,
      body: d.body,
      headers: d.headers,
      publishedAt: 0,
      expiration: undefined,
      deaths: [],
    },
    redelivered: d.redelivered,
    deliveryCount: d.deliveryCount,
  };
}
