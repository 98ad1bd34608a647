import type { LogStore } from '../../storage/LogStore';
import type { PoolStats } from '../../workers/pool';
import type { WorkerLike } from '../../workers/types';
import { Broker } from '../broker';
import { EventBus } from '../bus';
import type { Clock } from '../clock';
import { errorMessage } from '../errors';
import type { Rng } from '../rng';
import {
  brokerTransport,
  busChannel,
  Choreography,
  defineSaga,
  deliveredValue,
  type Fault,
  Orchestrator,
  type Order,
  type OrderSagaOptions,
  orderSagaDefinition,
  orderSchema,
  PendingWork,
  paymentTotals,
  type SagaDefinition,
  type SagaDefinitionInput,
  SagaLog,
  type SagaLogEntry,
  SagaService,
  type SagaState,
  type ServedInWorkers,
  type ShopStores,
  serveCommands,
  serveServicesInWorkers,
  shopModel,
  shopModelSpecs,
  shopProblems,
  type Work,
} from '../saga';
import type { Trace } from '../trace';

export type SagaMode = 'orchestration' | 'choreography';

export interface SagaRuntimeOptions {
  readonly mode: SagaMode;
  /**
   * Where the saga log and the services' logs live. The lab gives each mode its own
   * IndexedDB store, so a reload finds each mode's instances where they were.
   */
  readonly store: LogStore;
  /**
   * default: the course's saga, each try timed out after a round trip of 4 hops (command
   * to its queue and to the service, reply to its queue and back) and as much again; in
   * workers, plus three commands' turn at the service (a hop from the queue and the work)
   */
  readonly definition?: SagaDefinitionInput;
  /** the default definition's pivot: `charge` retries the delivery forward once paid */
  readonly pivot?: OrderSagaOptions['pivot'];
  /** units on the shelf at the start (default apple 20, pear 10) */
  readonly stock?: Readonly<Record<string, number>>;
  /** payment declines charges above this (default: none) */
  readonly declineOver?: number;
  /**
   * Orchestration: each service consumes its command queue in a Web Worker started with
   * this (src/workers), which decides each command as the service's process would; the
   * service's store and log stay with the page. Without it the services decide on the page.
   * Choreography stays on the page either way.
   */
  readonly spawnWorker?: () => WorkerLike;
  /** simulated ms a service's worker spends on a command (default: one hop) */
  readonly workMs?: number;
  /** the playback speed now, for the workers (default 1; see setTimeScale) */
  readonly timeScale?: number;
  /**
   * Moves the host's clock up to the last time the saga log knows before anything runs, so
   * a reopened run's times only grow (a run at 4x is ahead of the wall clock a page starts
   * from). Needs a clock that can be moved (the Simulation's).
   */
  readonly catchUpClock?: boolean;
}

/** What the simulation lends the saga: its clock, trace, hop, seeded RNG, broker and bus. */
export interface SagaHost {
  /** `advanceTo`: a simulated clock, which `catchUpClock` moves */
  readonly clock: Clock & { advanceTo?(ms: number): void };
  readonly trace: Trace;
  readonly hopMs: number;
  readonly rng: Rng;
  readonly broker?: Broker;
  readonly bus?: EventBus;
  /** told when the saga's configuration changes (a fault), which no trace event announces */
  readonly changed?: () => void;
}

export interface SagaSnapshot {
  readonly mode: SagaMode;
  /** every instance, oldest first */
  readonly instances: readonly SagaState[];
  readonly stores: ShopStores;
  readonly money: {
    readonly charged: number;
    readonly refunded: number;
    readonly kept: number;
    /** what the delivered orders are worth: equal to `kept` once no saga is running */
    readonly delivered: number;
  };
  /** service -> command -> its fault */
  readonly faults: Readonly<Record<string, Readonly<Record<string, Fault>>>>;
  /** the steps in order (name, service, action, compensation, policy) and the pivot's index */
  readonly definition: SagaDefinition;
  /**
   * service -> its worker pool (busy, idle, held, acked; failed counts the killed), when the
   * services decide in Web Workers (`spawnWorker`); empty otherwise
   */
  readonly workers: Readonly<Record<string, PoolStats>>;
}

const DEFAULT_STOCK = { apple: 20, pear: 10 };

/**
 * The saga lab's engine inside a Simulation: the shop's three services with their stores,
 * and the saga in one of its modes. Orchestration commands and replies travel over the
 * simulation's broker (queues `saga-<service>-commands` and `saga-replies`, nodes
 * `orchestrator` and the services), choreography events over its bus; both on its clock and
 * trace, so the canvas draws them as any other message. With `spawnWorker`, in
 * orchestration each service's commands are decided in a Web Worker consuming its queue
 * (serveServicesInWorkers); the services' stores live on the page either way, in its
 * IndexedDB, and a reload rebuilds them.
 */
export class SagaRuntime {
  readonly #services: ReadonlyMap<string, SagaService>;
  readonly #runtime: Orchestrator | Choreography;
  readonly #stops: readonly (() => void)[];
  readonly #pools: ReadonlyMap<string, ServedInWorkers>;
  readonly #host: SagaHost;
  #snapshot: SagaSnapshot | undefined;
  readonly #started: Set<string>;
  readonly #stopTrace: () => void;

  private constructor(
    readonly mode: SagaMode,
    readonly definition: SagaDefinition,
    /** what is in flight (appends, service calls); `idle()` waits for it */
    readonly work: PendingWork,
    /** the stock the shop opened with, for the check that every unit is accounted for */
    readonly initialStock: Readonly<Record<string, number>>,
    host: SagaHost,
    services: ReadonlyMap<string, SagaService>,
    runtime: Orchestrator | Choreography,
    stops: readonly (() => void)[],
    pools: ReadonlyMap<string, ServedInWorkers>,
  ) {
    this.#host = host;
    this.#services = services;
    this.#runtime = runtime;
    this.#stops = stops;
    this.#pools = pools;
    this.#started = new Set(runtime.log.instances());
    // the snapshot is rebuilt only after something happened to a saga, a service or a worker
    this.#stopTrace = host.trace.subscribe((e) => {
      if (e.type.startsWith('saga.') || (e.type.startsWith('pool.') && pools.size > 0)) {
        this.#snapshot = undefined;
      }
    });
  }

  /** Opens the services and the saga on `options.store`, resuming what it holds. */
  static async open(host: SagaHost, options: SagaRuntimeOptions): Promise<SagaRuntime> {
    const { clock, trace, hopMs } = host;
    const { store } = options;
    const inWorkers = options.mode === 'orchestration' && options.spawnWorker !== undefined;
    const workMs = options.workMs ?? hopMs;
    // in workers a service takes one command at a time, each a hop from its queue and its
    // work: a try may wait for three others there without timing out
    const timeoutMs = Math.max(1_000, 8 * hopMs + (inWorkers ? 3 * (hopMs + workMs) : 0));
    const definition = defineSaga(
      options.definition ??
        orderSagaDefinition({
          timeoutMs,
          backoffMs: Math.max(200, hopMs),
          ...(options.pivot === undefined ? {} : { pivot: options.pivot }),
        }),
    );
    const work = new PendingWork((error) => {
      trace.record({ type: 'saga.error', message: errorMessage(error) });
    });
    const stock = options.stock ?? DEFAULT_STOCK;
    const specs = shopModelSpecs(stock, options.declineOver);
    const services = new Map<string, SagaService>();
    for (const spec of specs) {
      const model = shopModel(spec);
      services.set(model.name, await SagaService.open({ model, store, clock, trace, work }));
    }
    const log = await SagaLog.open(store);
    if (options.catchUpClock) {
      const last = log.all().reduce((t, e) => Math.max(t, e.at), 0);
      if (last > clock.now()) clock.advanceTo?.(last);
    }
    let runtime: Orchestrator | Choreography;
    let stops: (() => void)[];
    let pools: ReadonlyMap<string, ServedInWorkers> = new Map();
    if (options.mode === 'orchestration') {
      const broker = host.broker ?? new Broker({ clock, trace, id: 'saga-broker' });
      const transport = brokerTransport({ broker, clock, trace, hopMs });
      const { spawnWorker } = options;
      if (spawnWorker === undefined) {
        stops = [...services.values()].map((s) => serveCommands(s, transport, clock));
      } else {
        pools = serveServicesInWorkers(specs, services, {
          ...{ broker, transport, clock, trace, hopMs, work },
          spawn: spawnWorker,
          workMs,
          ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
        });
        stops = [...pools.values()].map((served) => () => served.stop());
      }
      runtime = Orchestrator.open({ definition, transport, log, clock, trace, work });
      // last, once every consumer has given back what it held
      stops.push(() => transport.close());
    } else {
      const bus = host.bus ?? new EventBus({ clock, trace, id: 'saga-bus' });
      const channel = busChannel(bus, clock, hopMs, trace);
      runtime = Choreography.open({ definition, channel, services, log, clock, trace, work });
      stops = [() => channel.close()];
    }
    return new SagaRuntime(
      options.mode,
      definition,
      work,
      stock,
      host,
      services,
      runtime,
      stops,
      pools,
    );
  }

  /**
   * Starts one order's saga. Without fields, an order is made up from the seeded RNG: one
   * of the stocked items, 1 to 3 units, 10 to 500. Returns the order's id.
   */
  startOrder(fields: Partial<Order> = {}): string {
    const { rng } = this.#host;
    const skus = Object.keys(this.#inventory().stock);
    let orderId = fields.orderId;
    if (orderId === undefined) {
      // started ones too: a start is in the log only once its append is done
      let n = this.#started.size + 1;
      while (this.#started.has(`o${n}`)) n++;
      orderId = `o${n}`;
    }
    const order = orderSchema.parse({
      orderId,
      sku: fields.sku ?? skus[rng.int(0, Math.max(0, skus.length - 1))] ?? 'apple',
      qty: fields.qty ?? rng.int(1, 3),
      amount: fields.amount ?? rng.int(1, 50) * 10,
    });
    void this.#runtime.start(order.orderId, order);
    this.#started.add(order.orderId);
    this.#snapshot = undefined;
    return order.orderId;
  }

  /** Makes a service's command fail (`fail`, `fail-times`, `timeout`, `flaky`); undefined heals it. */
  setFault(service: string, command: string, fault: Fault | undefined): void {
    const s = this.#services.get(service);
    if (s === undefined) throw new Error(`No service "${service}" in the saga`);
    s.setFault(command, fault);
    this.#snapshot = undefined;
    this.#host.changed?.();
  }

  /** The same by step: its action (or, with `work: 'compensation'`, its undo) fails. */
  setStepFault(step: string, fault: Fault | undefined, work: Work = 'action'): void {
    const found = this.definition.steps.find((s) => s.name === step);
    if (found === undefined) throw new Error(`No step "${step}" in the saga`);
    const command = work === 'action' ? found.action : found.compensation;
    if (command === undefined) throw new Error(`Step "${step}" has no compensation`);
    this.setFault(found.service, command, fault);
  }

  /**
   * Terminates a service's worker as if it crashed (the first live one without `workerId`):
   * the command it held goes back to its queue, redelivered, and a new worker takes it.
   * False when the service has no such live worker (or decides on the page).
   */
  killWorker(service: string, workerId?: string): boolean {
    const served = this.#pools.get(service);
    if (served === undefined) return false;
    const id = workerId ?? served.pool.stats().workers[0]?.id;
    return id !== undefined && served.pool.kill(id);
  }

  /** The playback speed, which the workers' time follows (their work and heartbeats). */
  setTimeScale(scale: number): void {
    for (const served of this.#pools.values()) served.pool.setTimeScale(scale);
    // the workers' stats in the snapshot show it
    this.#snapshot = undefined;
  }

  state(orderId: string): SagaState | undefined {
    return this.#runtime.state(orderId);
  }

  /** An instance's log: each step started, succeeded, failed, compensated, with times. */
  timeline(orderId: string): readonly SagaLogEntry[] {
    return this.#runtime.log.entries(orderId);
  }

  /** Choreography: the events a service listens to (none in orchestration). */
  subscriptions(service: string): string[] {
    return this.#runtime instanceof Choreography ? this.#runtime.subscriptions(service) : [];
  }

  /** What must hold once no saga is running; each breach, or none. */
  problems(): string[] {
    return shopProblems(this.#stores(), this.#orders(this.#runtime.instances()), this.initialStock);
  }

  snapshot(): SagaSnapshot {
    this.#snapshot ??= this.#buildSnapshot();
    return this.#snapshot;
  }

  /** Resolves once every append and service call started so far has finished. */
  idle(): Promise<void> {
    return this.work.idle();
  }

  dispose(): void {
    this.#stopTrace();
    this.#runtime.dispose();
    for (const stop of this.#stops) stop();
  }

  #inventory() {
    return this.#stores().inventory;
  }

  #stores(): ShopStores {
    const state = (name: string) => this.#services.get(name)?.state;
    return {
      inventory: state('inventory'),
      payment: state('payment'),
      shipping: state('shipping'),
    } as ShopStores;
  }

  /** Each instance's order, with the instance's status; an instance whose data is no order is left out. */
  #orders(instances: readonly SagaState[]) {
    return instances.flatMap((s) => {
      const parsed = orderSchema.safeParse(s.data);
      return parsed.success ? [{ order: parsed.data, status: s.status }] : [];
    });
  }

  #buildSnapshot(): SagaSnapshot {
    const stores = this.#stores();
    const instances = this.#runtime.instances();
    const { charged, refunded, kept } = paymentTotals(stores.payment);
    const delivered = deliveredValue(
      stores.shipping,
      this.#orders(instances).map((o) => o.order),
    );
    const faults: Record<string, Record<string, Fault>> = {};
    for (const [name, s] of this.#services) faults[name] = Object.fromEntries(s.faults());
    const workers: Record<string, PoolStats> = {};
    for (const [name, served] of this.#pools) workers[name] = served.pool.stats();
    return {
      mode: this.mode,
      instances,
      stores,
      money: { charged, refunded, kept, delivered },
      faults,
      definition: this.definition,
      workers,
    };
  }
}
