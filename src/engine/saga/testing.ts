import type { LogStore } from '../../storage/LogStore';
import { MemoryLogStore } from '../../storage/memoryStore';
import { FakeWorker } from '../../workers/testing/fakeWorker';
import { Broker } from '../broker';
import { EventBus } from '../bus';
import { type Clock, SimulatedClock } from '../clock';
import { recordTrace, Trace } from '../trace';
import { brokerTransport } from './brokerTransport';
import { busChannel, type SagaChannel } from './channel';
import { Choreography } from './choreography';
import { defineSaga, type SagaDefinition, type SagaDefinitionInput } from './definition';
import type { Fault } from './faults';
import { Orchestrator } from './orchestrator';
import { PendingWork } from './pendingWork';
import { SagaLog } from './sagaLog';
import { serveCommands } from './serve';
import { SagaService } from './service';
import type { ServiceModel } from './serviceModel';
import { type ShopModelSpec, shopModel } from './shop/models';
import { MemoryTransport, type SagaMessage, type SagaTransport } from './transport';
import type { SagaState } from './types';
import { type ServedInWorkers, serveServicesInWorkers } from './workerServe';

export type Mode = 'orchestration' | 'choreography';

export interface WorldOptions {
  readonly mode: Mode;
  readonly definition: SagaDefinitionInput;
  readonly models: readonly ServiceModel<unknown>[];
  /** opens the durable store; called again on restart (a reload opens it anew) */
  readonly openStore?: () => Promise<LogStore>;
  readonly faults?: readonly (readonly [service: string, name: string, fault: Fault])[];
  readonly hopMs?: number;
  readonly duplicate?: (message: SagaMessage) => boolean;
  readonly delay?: (message: SagaMessage) => number;
  /** choreography: a test's hooks to publish an event twice, or late (so events reorder) */
  readonly eventDuplicate?: (event: string) => boolean;
  readonly eventDelay?: (event: string) => number;
  readonly startMs?: number;
  /** orchestration over other queues than the in-process ones (the broker's) */
  readonly transport?: (clock: SimulatedClock, trace: Trace) => SagaTransport;
  /**
   * orchestration with the shop's services deciding in worker pools (in-process fake
   * workers), over a broker: `models` are then these specs' models
   */
  readonly workers?: {
    readonly specs: readonly ShopModelSpec[];
    /** each new fake worker, before its pool sees it (to hold its answers back, say) */
    readonly onSpawn?: (worker: FakeWorker) => void;
  };
}

/**
 * A whole saga runtime on a simulated clock, for tests: services on a durable store, and an
 * orchestrator on in-process queues or a choreography on an EventBus. `run()` moves the clock
 * one timer at a time, and only once everything started has settled, so a run is the same
 * every time; `restart()` drops everything but the store and builds it again from it.
 */
export class SagaWorld {
  readonly definition: SagaDefinition;

  private constructor(
    readonly options: WorldOptions,
    readonly clock: SimulatedClock,
    readonly trace: Trace,
    readonly recorded: ReturnType<typeof recordTrace>,
    readonly work: PendingWork,
    readonly store: LogStore,
    readonly services: ReadonlyMap<string, SagaService>,
    readonly runtime: Orchestrator | Choreography,
    readonly dispose: () => void,
  ) {
    this.definition = runtime.definition;
  }

  static async build(options: WorldOptions, clockAt?: number): Promise<SagaWorld> {
    const clock = new SimulatedClock(clockAt ?? options.startMs ?? 1_000_000);
    const trace = new Trace(clock);
    const recorded = recordTrace(trace, 100_000);
    const store = await (options.openStore ?? memoryStores())();
    const work = new PendingWork();
    const services = new Map<string, SagaService>();
    for (const model of options.models) {
      const service = await SagaService.open({ model, store, clock, trace, work });
      services.set(service.name, service);
    }
    for (const [service, name, fault] of options.faults ?? []) {
      services.get(service)?.setFault(name, fault);
    }
    const definition = defineSaga(options.definition);
    const log = await SagaLog.open(store);
    const hopMs = options.hopMs ?? 10;
    let runtime: Orchestrator | Choreography;
    let dispose: () => void;
    let pools: ReadonlyMap<string, ServedInWorkers> = new Map();
    if (options.mode === 'orchestration' && options.workers !== undefined) {
      const { specs, onSpawn } = options.workers;
      const broker = new Broker({ clock, trace, id: 'saga-broker' });
      const transport = brokerTransport({ broker, clock, trace, hopMs });
      pools = serveServicesInWorkers(specs, services, {
        ...{ broker, transport, clock, trace, hopMs, work },
        spawn: () => {
          const worker = new FakeWorker(housekeeping(clock));
          onSpawn?.(worker);
          return worker;
        },
      });
      const orchestrator = Orchestrator.open({ definition, transport, log, clock, trace, work });
      runtime = orchestrator;
      dispose = () => {
        orchestrator.dispose();
        for (const served of pools.values()) served.stop();
        transport.close();
      };
    } else if (options.mode === 'orchestration') {
      const transport =
        options.transport?.(clock, trace) ??
        new MemoryTransport(clock, {
          hopMs,
          ...(options.duplicate ? { duplicate: options.duplicate } : {}),
          ...(options.delay ? { delay: options.delay } : {}),
        });
      const stops = [...services.values()].map((s) => serveCommands(s, transport, clock));
      const orchestrator = Orchestrator.open({ definition, transport, log, clock, trace, work });
      runtime = orchestrator;
      dispose = () => {
        orchestrator.dispose();
        for (const stop of stops) stop();
      };
    } else {
      const bus = new EventBus({ clock, trace, id: 'saga-bus', logCapacity: 0 });
      const channel = unreliable(busChannel(bus, clock, hopMs), clock, options);
      const choreography = Choreography.open({
        definition,
        channel,
        services,
        log,
        clock,
        trace,
        work,
      });
      runtime = choreography;
      dispose = () => choreography.dispose();
    }
    const world = new SagaWorld(
      options,
      clock,
      trace,
      recorded,
      work,
      store,
      services,
      runtime,
      dispose,
    );
    world.pools = pools;
    return world;
  }

  /** orchestration with workers: each service's pool, by service */
  pools: ReadonlyMap<string, ServedInWorkers> = new Map();

  start(id: string, data: unknown): void {
    this.runtime.start(id, data);
  }

  /** Fires timers one at a time, each once all work has settled, until none is left or `until`. */
  async run(options: { untilMs?: number; stop?: () => boolean } = {}): Promise<void> {
    const end = this.clock.now() + (options.untilMs ?? 3_600_000);
    for (;;) {
      await this.work.idle();
      if (options.stop?.()) return;
      // workers' heartbeats are housekeeping: a run ends when only they are left
      const due = this.clock.nextDue({ foreground: true });
      if (due === undefined || due > end) return;
      this.clock.fireNext({ foreground: true });
    }
  }

  /** Runs until a trace event matches, then stops right there (for a restart). */
  runUntil(
    match: (e: ReturnType<SagaWorld['recorded']['events']>[number]) => boolean,
  ): Promise<void> {
    return this.run({ stop: () => this.recorded.events().some(match) });
  }

  /** A page reload: everything in memory goes (timers, messages in flight); the store stays. */
  async restart(options: { readonly abrupt?: boolean } = {}): Promise<SagaWorld> {
    // abrupt: the page goes with writes in flight (a test's store holds them back)
    if (!options.abrupt) await this.work.idle();
    this.dispose();
    // a durable store is closed and opened again, as a reload does; a store that is not an
    // IndexedDB one stands for the disk here, so it stays open
    if (!options.abrupt && !(this.store instanceof MemoryLogStore)) await this.store.close();
    return SagaWorld.build(this.options, this.clock.now());
  }

  sagas(): SagaState[] {
    return this.runtime.instances();
  }

  saga(id: string): SagaState | undefined {
    return this.runtime.state(id);
  }

  /** Where everything ended: each instance's outcome and every service's store. */
  endState() {
    const sagas = Object.fromEntries(
      this.sagas()
        .sort((a, b) => (a.saga < b.saga ? -1 : 1))
        .map((s) => [
          s.saga,
          {
            status: s.status,
            succeeded: [...s.succeeded].sort(),
            compensated: s.compensated,
            failure: s.failure,
          },
        ]),
    );
    const stores = Object.fromEntries([...this.services].map(([name, s]) => [name, s.state]));
    return { sagas, stores };
  }
}

/** A channel that, as a test says, publishes an event twice or late. */
function unreliable(
  channel: SagaChannel,
  clock: SimulatedClock,
  options: WorldOptions,
): SagaChannel {
  const { eventDuplicate, eventDelay } = options;
  if (eventDuplicate === undefined && eventDelay === undefined) return channel;
  return {
    subscribe: channel.subscribe,
    publish: (event, payload, from) => {
      const copies = eventDuplicate?.(event) ? 2 : 1;
      for (let i = 0; i < copies; i++) {
        const late = eventDelay?.(event) ?? 0;
        if (late > 0) clock.setTimeout(() => channel.publish(event, payload, from), late);
        else channel.publish(event, payload, from);
      }
    },
  };
}

/**
 * The clock as a worker's runtime sees it in a test: its heartbeats are housekeeping, so a
 * run that fires timers until none is left is not kept going by them.
 */
export function housekeeping(clock: Clock): Clock {
  return {
    now: () => clock.now(),
    setTimeout: (callback, delayMs) => clock.setTimeout(callback, delayMs, { background: true }),
    clearTimeout: (id) => clock.clearTimeout(id),
  };
}

/** The shop's models of `specs`, for a world whose services decide in workers. */
export function modelsOf(specs: readonly ShopModelSpec[]): ServiceModel<unknown>[] {
  return specs.map(shopModel);
}

/**
 * Every command of the shop's services flaky, drawn from `seed`: a try fails now and then, or
 * answers after its timeout (1.5 s late), so retries, undos in doubt and late replies happen.
 */
export function flakyShopFaults(seed: number): [service: string, name: string, fault: Fault][] {
  const flaky = (failRate: number, timeoutRate: number): Fault => ({
    mode: 'flaky',
    seed,
    failRate,
    timeoutRate,
    delayMs: 1_500,
  });
  return [
    ['inventory', 'reserve', flaky(0.1, 0.05)],
    ['inventory', 'release', flaky(0.2, 0.05)],
    ['payment', 'charge', flaky(0.2, 0.1)],
    ['payment', 'refund', flaky(0.2, 0.05)],
    ['shipping', 'create-delivery', flaky(0.25, 0.1)],
    ['shipping', 'cancel-delivery', flaky(0.2, 0.05)],
  ];
}

/** One memory store, returned again on every open: a restart keeps what it holds. */
export function memoryStores(): () => Promise<LogStore> {
  const store = new MemoryLogStore();
  return async () => store;
}

/** A service for generic sagas: it records which orders each of its steps did and undid. */
export interface RecorderState {
  readonly done: readonly string[];
  readonly undone: readonly string[];
}

export function recorderModel(name: string): ServiceModel<RecorderState> {
  const id = (data: unknown) => String((data as { id?: unknown }).id);
  return {
    name,
    initial: () => ({ done: [], undone: [] }),
    actions: {
      // an order can carry `failAt: <service>`: that service refuses it (a business "no")
      do: (s, data) =>
        (data as { failAt?: unknown }).failAt === name
          ? { ok: false, reason: `${name} refuses ${id(data)}` }
          : { ok: true, state: { ...s, done: [...s.done, id(data)] } },
    },
    compensations: { undo: (s, data) => ({ ...s, undone: [...s.undone, id(data)] }) },
  };
}

/** `n` steps s1..sn, each on its own recorder service, with a small, quick policy. */
export function stepsSaga(
  n: number,
  extra: { pivot?: string; attempts?: number } = {},
): SagaDefinitionInput {
  return {
    name: 'generic',
    ...(extra.pivot === undefined ? {} : { pivot: extra.pivot }),
    steps: Array.from({ length: n }, (_, i) => ({
      name: `s${i + 1}`,
      service: `svc${i + 1}`,
      action: 'do',
      compensation: 'undo',
      timeoutMs: 100,
      retry: { attempts: extra.attempts ?? 1, backoffMs: 20, multiplier: 2, maxBackoffMs: 100 },
    })),
  };
}
