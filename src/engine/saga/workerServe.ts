import { createWorkerPool, type WorkerPool } from '../../workers/pool';
import type { WireResult } from '../../workers/protocol';
import type { BrokerPort, WorkerLike } from '../../workers/types';
import type { Broker } from '../broker';
import type { Delivery } from '../broker/types';
import type { Clock } from '../clock';
import type { Trace } from '../trace';
import { sagaMessageLabel } from './brokerTransport';
import type { PendingWork } from './pendingWork';
import type { SagaService } from './service';
import type { ServiceDecision } from './serviceDecision';
import type { ShopModelSpec } from './shop/models';
import { commandQueue, type SagaMessage, type SagaTransport } from './transport';

export interface WorkerServeOptions {
  readonly service: SagaService;
  /** the service's model as data, for its workers to build the same one */
  readonly model: ShopModelSpec;
  /** the broker the transport runs on: the service's command queue is consumed there */
  readonly broker: Broker;
  /** where replies go (the orchestrator's reply queue, through the same broker) */
  readonly transport: SagaTransport;
  readonly clock: Clock;
  readonly trace?: Trace;
  /** a delivery's time from the queue to the service's worker */
  readonly hopMs: number;
  readonly spawn: () => WorkerLike;
  /** tracks each delivery from its hand-off to a worker until it is answered */
  readonly work?: PendingWork;
  /** simulated ms a worker spends on a command before it decides (0: at once) */
  readonly workMs?: number;
  /** the playback speed, for the workers' sleeps and heartbeats (see the pool) */
  readonly timeScale?: number;
  readonly heartbeatMs?: number;
  /** the pool's name, its workers `${name}:w1`, ... (default: the service's name) */
  readonly name?: string;
}

export interface ServedInWorkers {
  readonly pool: WorkerPool;
  /** stops the workers (what they held goes back to the queue) and every reply still due */
  stop(): void;
}

type CommandMessage = Extract<SagaMessage, { kind: 'command' }>;

interface InFlight {
  readonly message: CommandMessage;
  /** the store's version the worker decides on */
  readonly version: number;
  readonly consumerTag: string;
  result: WireResult | undefined;
  /** the broker took it back (its worker died): answered by whoever gets it next */
  void: boolean;
  readonly done: () => void;
}

/**
 * Puts a service's command queue on a pool of Web Workers, as a real service process would
 * consume it: one worker with prefetch 1, so a service still takes one command at a time.
 * The service's durable store and its idempotency record stay with the page's SagaService
 * (it owns the IndexedDB log); the business decision runs in the worker. Each delivery, once
 * it has travelled to the service, is handed to the pool with the service's view of its
 * store at that moment (`SagaService.view`); the worker decides on it (the `saga-service`
 * handler, src/workers/sagaService.ts) and its result comes back; the page then commits it
 * (logs the outcome, folds it in), sends the reply (held back on the clock by a timeout
 * fault), and only then lets the pool's ack reach the broker. So a worker killed in the
 * middle of a command gives it back to the queue redelivered, and the next worker decides
 * it again; a decision made on a store another copy of the command changed meanwhile is
 * stale and goes back to be decided again, and a command committed before is answered from
 * the record: each is applied once.
 */
export function serveCommandsInWorkers(options: WorkerServeOptions): ServedInWorkers {
  const { service, broker, transport, clock, trace, hopMs, work } = options;
  const queue = commandQueue(service.name);
  if (!broker.hasQueue(queue)) broker.declareQueue(queue);
  const inFlight = new Map<number, InFlight>();
  // consumers released (their worker died): deliveries still on their way to them are void
  const gone = new Set<string>();
  let stopped = false;

  const tracked = (): (() => void) => {
    let done = () => {};
    const settled = new Promise<void>((resolve) => {
      done = resolve;
    });
    void work?.track(settled);
    return done;
  };

  /** A delivery travels from the queue to the service, then goes to a worker with the view. */
  const arrive = (delivery: Delivery, onDelivery: (d: Delivery) => void) => {
    const message = delivery.message.body as SagaMessage;
    trace?.record({
      type: 'message.sent',
      messageId: delivery.message.id,
      from: queue,
      to: service.name,
      event: sagaMessageLabel(message),
      data: message,
      arrivesAt: clock.now() + hopMs,
    });
    clock.setTimeout(() => {
      // the broker took it back when its worker died on the way: it is delivered again
      if (stopped || gone.has(delivery.consumerTag)) return;
      if (message.kind !== 'command') {
        onDelivery(delivery); // not a command: the worker refuses it, with the reason
        return;
      }
      const view = service.view(message.command);
      inFlight.set(delivery.deliveryTag, {
        message,
        version: view.version,
        consumerTag: delivery.consumerTag,
        result: undefined,
        void: false,
        done: tracked(),
      });
      const body = { ...message, view };
      onDelivery({ ...delivery, message: { ...delivery.message, body } });
    }, hopMs);
  };

  const settle = (tag: number, f: InFlight, answer: 'ack' | 'requeue' | 'drop') => {
    inFlight.delete(tag);
    f.done();
    if (f.void || stopped) return;
    if (answer === 'ack') broker.ack(tag);
    else broker.nack(tag, { requeue: answer === 'requeue' });
  };

  const commit = (tag: number, f: InFlight) => {
    const decision = decisionOf(f.result);
    if (decision === undefined) {
      trace?.record({
        type: 'saga.error',
        message: `${service.name}: a worker answered ${f.message.command.name} without a decision`,
      });
      // the orchestrator's timeout sends the command again
      settle(tag, f, 'drop');
      return;
    }
    const { command, replyTo } = f.message;
    service.commit(command, decision, f.version, f.consumerTag).then(
      (result) => {
        if (result === 'stale') {
          settle(tag, f, 'requeue');
          return;
        }
        const send = () => {
          if (!stopped)
            transport.send(replyTo, { kind: 'reply', reply: result.reply, from: service.name });
        };
        if (stopped) {
          settle(tag, f, 'ack');
          return;
        }
        if (result.delayMs > 0) clock.setTimeout(send, result.delayMs);
        else send();
        settle(tag, f, 'ack');
      },
      // a write the store refused: nothing happened; the command goes back to its queue
      () => settle(tag, f, 'requeue'),
    );
  };

  const port: BrokerPort = {
    consume: (q, consumeOptions) =>
      broker.consume(q, {
        ...consumeOptions,
        onDelivery: (d) => arrive(d, consumeOptions.onDelivery),
      }),
    cancel: (tag) => {
      broker.cancel(tag);
    },
    releaseConsumer: (tag) => {
      gone.add(tag);
      for (const [deliveryTag, f] of inFlight) {
        if (f.consumerTag !== tag) continue;
        f.void = true;
        // no answer yet: it goes back to the queue with the consumer; one being committed
        // is settled when its commit is
        if (f.result === undefined) {
          inFlight.delete(deliveryTag);
          f.done();
        }
      }
      broker.releaseConsumer(tag);
    },
    handled: (result) => {
      const f = inFlight.get(result.deliveryTag);
      if (f !== undefined) f.result = result;
    },
    ack: (tag) => {
      const f = inFlight.get(tag);
      if (f === undefined) broker.ack(tag);
      else commit(tag, f);
    },
    nack: (tag, nackOptions) => {
      const f = inFlight.get(tag);
      if (f === undefined) broker.nack(tag, nackOptions);
      else settle(tag, f, nackOptions.requeue ? 'requeue' : 'drop');
    },
  };

  const pool = createWorkerPool({
    broker: port,
    queue,
    name: options.name ?? service.name,
    handler: {
      kind: 'saga-service',
      model: options.model,
      ...(options.workMs ? { workMs: options.workMs } : {}),
    },
    spawn: options.spawn,
    clock,
    ...(trace === undefined ? {} : { trace }),
    size: 1,
    // the view sent with a delivery is exact only if the service decides one at a time
    prefetch: 1,
    ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });

  return {
    pool,
    stop() {
      pool.dispose();
      stopped = true;
      for (const f of inFlight.values()) f.done();
      inFlight.clear();
    },
  };
}

/**
 * Each spec's service on a pool of its own (serveCommandsInWorkers), by service name, all
 * with the same broker, transport, clock and settings; `services` has each spec's service.
 */
export function serveServicesInWorkers(
  specs: readonly ShopModelSpec[],
  services: ReadonlyMap<string, SagaService>,
  options: Omit<WorkerServeOptions, 'service' | 'model' | 'name'>,
): Map<string, ServedInWorkers> {
  const pools = new Map<string, ServedInWorkers>();
  for (const spec of specs) {
    const service = services.get(spec.name);
    if (service === undefined) throw new Error(`No service "${spec.name}" to serve in workers`);
    pools.set(spec.name, serveCommandsInWorkers({ ...options, service, model: spec }));
  }
  return pools;
}

/** The worker's decision in a result, or undefined when it has none. */
function decisionOf(result: WireResult | undefined): ServiceDecision | undefined {
  if (result === undefined || !result.ok) return undefined;
  const effect = result.effect;
  if (effect?.kind !== 'saga-service') return undefined;
  const decision = effect.decision as Partial<ServiceDecision> | undefined;
  const kinds = ['known', 'unknown', 'transient', 'outcome'];
  return typeof decision?.kind === 'string' && kinds.includes(decision.kind)
    ? (decision as ServiceDecision)
    : undefined;
}
