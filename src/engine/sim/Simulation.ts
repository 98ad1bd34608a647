import type { HandlerKind, HandlerSpec, WorkerLike } from '../../workers/types';
import type { ExchangeType, Headers, QueueOptions } from '../broker/types';
import { EventBus, type LogEntry } from '../bus';
import { assertEventName } from '../bus/names';
import { SimulatedClock } from '../clock';
import { errorMessage } from '../errors';
import { createEndpointCounts, type EndpointState } from '../http/endpoints';
import { createRng, type Rng } from '../rng';
import type { ProducerNode, Scenario } from '../scenario';
import type { StepFault } from '../scenario/sagaSchema';
import { recordTrace, Trace, type TraceEvent, type TraceOf } from '../trace';
import {
  BrokerRuntime,
  type ConsumerState,
  type ExchangeState,
  type QueueState,
} from './brokerRuntime';
import { applyLiveChange, liveChanges } from './liveEdit';
import { type Order, OrderService } from './orderService';
import { fillTemplate } from './payloadTemplate';
import { ProducerLoad } from './producerLoad';
import { SagaNodes } from './sagaNodes';
import { SagaRuntime, type SagaRuntimeOptions, type SagaSnapshot } from './sagaRuntime';
import { initialServiceState, runService, type ServiceState } from './services';
import { shareSnapshot } from './shareSnapshot';
import { type GroupState, TopicRuntime, type TopicState } from './topicRuntime';

export interface ListenerState {
  /** deliveries that reached the listener (including the ones it failed on) */
  readonly received: number;
  readonly failed: number;
  readonly failing: boolean;
  readonly lastError: string | undefined;
  /** what its service has done: emails sent, orders counted */
  readonly service: ServiceState;
}

export interface ProducerState {
  /** the orders of an OrderService producer, newest first */
  readonly orders: readonly Order[];
  /** messages a second it sends on its own; 0 when it only sends on click */
  readonly rate: number;
}

export type ServiceMethod = 'create_order' | 'pay_order';

export interface BusState {
  /** the bus's event log, oldest first */
  readonly log: readonly LogEntry[];
  readonly appended: number;
  readonly dropped: number;
}

export interface SimSnapshot {
  /** grows on every change; equal versions mean equal snapshots */
  readonly version: number;
  readonly listeners: Readonly<Record<string, ListenerState>>;
  readonly producers: Readonly<Record<string, ProducerState>>;
  readonly subscriptions: Readonly<Record<string, { readonly active: boolean }>>;
  readonly buses: Readonly<Record<string, BusState>>;
  /** messages sent and not yet arrived */
  readonly inFlight: number;
  readonly exchanges: Readonly<Record<string, ExchangeState>>;
  readonly queues: Readonly<Record<string, QueueState>>;
  readonly consumers: Readonly<Record<string, ConsumerState>>;
  /** each binding's key as it is now */
  readonly bindingKeys: Readonly<Record<string, string>>;
  /** what each HTTP endpoint node has answered */
  readonly endpoints: Readonly<Record<string, EndpointState>>;
  /** the saga lab's instances, stores and faults, once `openSaga` has run */
  readonly saga: SagaSnapshot | undefined;
  /** topics: their partitions' ends and newest records (topicRuntime.ts) */
  readonly topics: Readonly<Record<string, TopicState>>;
  /** consumer groups: members, positions, lag */
  readonly groups: Readonly<Record<string, GroupState>>;
}

/** A webhook a real HTTP endpoint (src/server) accepted, as it enters the lab. */
export interface IncomingWebhook {
  /** the sender's webhook-id: the message keeps it as its id downstream */
  readonly id: string;
  readonly event: string;
  readonly data: unknown;
  readonly signed: boolean;
}

/** A request the endpoint answered without making an event. */
export interface WebhookAnswer {
  readonly status: number;
  readonly message: string;
  readonly webhookId?: string | undefined;
}

export interface SimulationOptions {
  /** clock time the run starts at (ms since epoch); the log's timestamps count from it */
  readonly startMs?: number;
  /** trace events kept for inspection */
  readonly traceCapacity?: number;
  /**
   * Starts one consumer worker: a module Web Worker in the app, an in-process fake in unit
   * tests. Without it, consumer nodes are drawn but run no workers.
   */
  readonly spawnWorker?: () => WorkerLike;
  /** the clock to run on; by default a new SimulatedClock at `startMs` */
  readonly clock?: SimulatedClock;
}

interface MutableListener {
  received: number;
  failed: number;
  failing: boolean;
  lastError: string | undefined;
  failureMessage: string;
  service: ServiceState;
}

/**
 * One running scenario: its clock, trace, buses and listeners. The UI sends it commands
 * (send, toggle a subscription, make a listener fail, clear a log) and samples its snapshot;
 * it never decides where a message goes.
 *
 * A message from a producer travels its edge for `settings.hopMs` of simulated time, then the
 * bus emits it. The bus itself is the course's synchronous EventBus: the emit logs, then
 * calls every matching listener at once.
 */
export class Simulation {
  readonly clock: SimulatedClock;
  readonly trace: Trace;
  readonly rng: Rng;
  readonly recorder: ReturnType<typeof recordTrace>;
  readonly #buses = new Map<string, EventBus>();
  readonly #listeners = new Map<string, MutableListener>();
  readonly #subscriptions = new Map<string, { active: boolean; off: (() => void) | undefined }>();
  readonly #orderServices = new Map<string, OrderService>();
  readonly #loads = new Map<string, ProducerLoad>();
  /** producer -> its presets for load, until a live edit changes the scenario */
  readonly #presets = new Map<string, ProducerNode['emits']>();
  /** producer -> the bus or exchange it sends to (see #targetOf) */
  readonly #targets = new Map<string, string>();
  readonly #brokerRuntime: BrokerRuntime | undefined;
  readonly #topicRuntime: TopicRuntime | undefined;
  readonly #endpoints: ReturnType<typeof createEndpointCounts>;
  /** consumer -> the listener nodes drawn after it, which its `listeners` handler calls */
  readonly #called = new Map<string, Set<string>>();
  #saga: SagaRuntime | undefined;
  /** the scenario's saga node and its services (sagaNodes.ts), opened on this clock and trace */
  readonly #sagaNodes: SagaNodes | undefined;
  #version = 0;
  #snapshot: SimSnapshot | undefined;
  /** the last snapshot built: unchanged entries of the next are its objects (shareSnapshot) */
  #previousSnapshot: SimSnapshot | undefined;
  #inFlight = 0;
  #nextMessage = 1;
  /** when the last animation of what has happened so far ends (a message landing) */
  #busyUntil = 0;
  readonly #changeListeners = new Set<() => void>();

  /** the scenario as it runs now: live edits (reconfigure) replace it */
  #scenario: Scenario;

  constructor(scenario: Scenario, options: SimulationOptions = {}) {
    this.#scenario = scenario;
    this.clock = options.clock ?? new SimulatedClock(options.startMs ?? 0, scenario.settings.speed);
    this.trace = new Trace(this.clock);
    this.rng = createRng(scenario.settings.seed);
    this.recorder = recordTrace(this.trace, options.traceCapacity ?? 2000);
    this.trace.subscribe((event) => this.#observe(event));
    const listenerIds = new Set(
      scenario.nodes.filter((n) => n.kind === 'listener').map((n) => n.id),
    );
    for (const node of scenario.nodes) {
      if (node.kind !== 'consumer') continue;
      const targets = scenario.edges
        .filter((e) => e.source === node.id && listenerIds.has(e.target))
        .map((e) => e.target);
      if (targets.length > 0) this.#called.set(node.id, new Set(targets));
    }
    this.#endpoints = createEndpointCounts(
      this.trace,
      scenario.nodes.filter((n) => n.kind === 'http').map((n) => n.id),
    );

    for (const node of scenario.nodes) {
      if (node.kind === 'bus') {
        this.#buses.set(
          node.id,
          new EventBus({
            clock: this.clock,
            trace: this.trace,
            logCapacity: node.logCapacity,
            id: node.id,
          }),
        );
      } else if (node.kind === 'listener') {
        this.#listeners.set(node.id, {
          received: 0,
          failed: 0,
          failing: node.failing,
          lastError: undefined,
          failureMessage: node.failureMessage,
          service: initialServiceState(node.service),
        });
      } else if (node.kind === 'producer' && node.service === 'orders') {
        this.#orderServices.set(node.id, new OrderService(this.rng));
      }
    }
    const usesBroker = scenario.nodes.some((n) => n.kind === 'exchange' || n.kind === 'queue');
    this.#brokerRuntime = usesBroker
      ? new BrokerRuntime(scenario, this.clock, this.trace, this.hopMs, options.spawnWorker)
      : undefined;
    this.#topicRuntime = TopicRuntime.create(scenario, {
      clock: this.clock,
      trace: this.trace,
      hopMs: scenario.settings.hopMs,
      changed: () => this.#changed(),
    });
    for (const sub of scenario.subscriptions) {
      this.#subscriptions.set(sub.id, { active: false, off: undefined });
      if (sub.active) this.setSubscriptionActive(sub.id, true);
    }
    this.#sagaNodes = SagaNodes.open(this, scenario);
  }

  get scenario(): Scenario {
    return this.#scenario;
  }

  /**
   * Changes the running scenario into `next` in place when they differ only in settings a
   * live system can change (liveEdit.ts: a queue's policy, a consumer's handler, workers or
   * prefetch, an exchange's type, a binding's key, ...), each change traced. Returns false,
   * having changed nothing, when `next` needs a new run.
   */
  reconfigure(next: Scenario): boolean {
    const changes = liveChanges(this.#scenario, next);
    if (changes === undefined) return false;
    this.#scenario = next;
    this.#presets.clear();
    for (const change of changes) {
      applyLiveChange(this, change);
      this.trace.record({ type: 'scenario.reconfigured', change });
    }
    this.#changed();
    return true;
  }

  /** basic.qos for every worker of a consumer, the ones started later included. */
  setPrefetch(consumerId: string, prefetch: number): void {
    this.#runtime().setPrefetch(consumerId, prefetch);
    this.#changed();
  }

  /** A queue's arguments replaced while it runs, as a RabbitMQ policy does. */
  setQueuePolicy(queueId: string, options: QueueOptions): void {
    this.#runtime().broker.setQueuePolicy(queueId, options);
    this.#changed();
  }

  get hopMs(): number {
    return this.scenario.settings.hopMs;
  }

  /**
   * A producer sends an event along its edge to the bus; the bus emits it `hopMs` later.
   * An invalid event name throws InvalidNameError at once, before anything is sent.
   */
  send(producerId: string, event: string, data: unknown, headers?: Headers): string {
    assertEventName(event);
    // a payload with {{placeholders}} is a template, filled in for each message
    const payload = fillTemplate(data, {
      seq: this.#nextMessage,
      now: this.clock.now(),
      rng: this.rng,
    });
    return this.#forward(producerId, this.#targetOf(producerId), event, payload, headers);
  }

  /** From `from` along its edge to the bus (which emits) or the exchange (which routes). */
  #forward(
    from: string,
    target: string,
    event: string,
    data: unknown,
    headers: Headers | undefined,
    messageId?: string,
  ): string {
    const bus = this.#buses.get(target);
    if (bus !== undefined)
      return this.#travel(from, target, event, data, () => bus.emit(event, data));
    const topics = this.#topicRuntime;
    if (topics?.hasTopic(target))
      return this.#travel(from, target, event, data, (id) =>
        topics.append(target, event, data, id),
      );
    const saga = this.#sagaNodes;
    if (saga?.id === target)
      return this.#travel(from, target, event, data, (id) => saga.receive(data, id));
    const runtime = this.#runtime();
    return this.#travel(from, target, event, data, () =>
      runtime.publish(target, event, data, headers, messageId),
    );
  }

  /**
   * A webhook that a real HTTP endpoint accepted enters at an `http` node. It travels from
   * the external sender drawn before it (if any), is accepted there, and goes on to the bus or
   * exchange with the webhook id as its message id. The HTTP answer went out when the server
   * accepted it; the picture shows the request's way, and the work that follows it.
   */
  receiveWebhook(endpointId: string, webhook: IncomingWebhook): string {
    const { id, event, data, signed } = webhook;
    assertEventName(event);
    const target = this.#targetOf(endpointId, 'http');
    const accept = () => {
      this.trace.record({
        type: 'http.accepted',
        endpoint: endpointId,
        webhookId: id,
        event,
        data,
        signed,
      });
      this.#forward(endpointId, target, event, data, undefined, id);
    };
    const sender = this.#senderOf(endpointId);
    if (sender === undefined) {
      accept();
      this.#changed();
    } else this.#travel(sender, endpointId, event, data, accept);
    return id;
  }

  /** A request the endpoint answered without an event: refused, or a duplicate. */
  answerWebhook(endpointId: string, answer: WebhookAnswer): void {
    this.trace.record({
      type: 'http.answered',
      endpoint: endpointId,
      status: answer.status,
      message: answer.message,
      webhookId: answer.webhookId,
    });
    this.#changed();
  }

  /** The external service drawn sending to an endpoint, if there is one. */
  #senderOf(endpointId: string): string | undefined {
    const externals = new Set(
      this.scenario.nodes.filter((n) => n.kind === 'external').map((n) => n.id),
    );
    return this.scenario.edges.find((e) => e.target === endpointId && externals.has(e.source))
      ?.source;
  }

  /**
   * The bus or exchange a producer sends to, found once: `send` is on the load path (up to
   * 20,000 a second), so it must not scan the scenario's nodes and edges per message.
   */
  #targetOf(producerId: string, kind: 'producer' | 'http' = 'producer'): string {
    const known = this.#targets.get(producerId);
    if (known !== undefined) return known;
    const producer = this.scenario.nodes.find((n) => n.id === producerId && n.kind === kind);
    if (producer === undefined) {
      const what = kind === 'http' ? 'HTTP endpoint' : 'producer';
      throw new Error(`No ${what} "${producerId}" in this scenario`);
    }
    const edge = this.scenario.edges.find(
      (e) =>
        e.source === producerId &&
        (this.#buses.has(e.target) ||
          this.#brokerRuntime?.isExchange(e.target) ||
          this.#topicRuntime?.hasTopic(e.target) ||
          this.#sagaNodes?.id === e.target),
    );
    if (edge === undefined) {
      throw new Error(`Producer "${producerId}" is not connected to a bus, an exchange or a topic`);
    }
    this.#targets.set(producerId, edge.target);
    return edge.target;
  }

  /**
   * A message leaves `from`, travels one hop, and `arrive` runs when it gets to `to`, told the
   * id of the send (so what it becomes there can name it).
   */
  #travel(
    from: string,
    to: string,
    event: string,
    data: unknown,
    arrive: (messageId: string) => void,
  ): string {
    const messageId = `m${this.#nextMessage++}`;
    const arrivesAt = this.clock.now() + this.hopMs;
    this.#inFlight++;
    this.trace.record({ type: 'message.sent', messageId, from, to, event, data, arrivesAt });
    this.clock.setTimeout(() => {
      this.#inFlight--;
      arrive(messageId);
      this.#changed();
    }, this.hopMs);
    this.#changed();
    return messageId;
  }

  /** The producer sends its plain presets in turn, `perSecond` a second; 0 stops it. */
  setRate(producerId: string, perSecond: number): void {
    this.#load(producerId).setRate(perSecond);
    this.#changed();
  }

  /** The producer sends `count` of its plain presets at once. */
  burst(producerId: string, count: number): void {
    this.#load(producerId).burst(count);
    this.#changed();
  }

  #load(producerId: string): ProducerLoad {
    const existing = this.#loads.get(producerId);
    if (existing !== undefined) return existing;
    if (this.#loadPresets(producerId).length === 0)
      throw new Error(`Producer "${producerId}" has nothing to send`);
    const load = new ProducerLoad(this.clock, (i) => {
      // read at each send: a live edit may have changed the presets since the load started
      const presets = this.#loadPresets(producerId);
      const preset = presets[i % presets.length];
      if (preset !== undefined) this.send(producerId, preset.event, preset.data, preset.headers);
    });
    this.#loads.set(producerId, load);
    return load;
  }

  /** A producer's presets for load: labelled ones (a poison message) are for clicking. */
  #loadPresets(producerId: string): ProducerNode['emits'] {
    const known = this.#presets.get(producerId);
    if (known !== undefined) return known;
    const node = this.scenario.nodes.find((n) => n.id === producerId);
    if (node?.kind !== 'producer') throw new Error(`No producer "${producerId}" in this scenario`);
    const presets = node.emits.filter((p) => p.label === undefined);
    this.#presets.set(producerId, presets);
    return presets;
  }

  setExchangeType(exchangeId: string, type: ExchangeType): void {
    this.#runtime().setExchangeType(exchangeId, type);
    this.#changed();
  }

  setBindingKey(bindingId: string, key: string): void {
    this.#runtime().setBindingKey(bindingId, key);
    this.#changed();
  }

  setHandler(consumerId: string, kind: HandlerKind): void {
    this.#runtime().setHandler(consumerId, kind);
    this.#changed();
  }

  /** A handler with its settings: a custom body, a slow handler's time. */
  setHandlerSpec(consumerId: string, spec: HandlerSpec): void {
    this.#runtime().setHandlerSpec(consumerId, spec);
    this.#changed();
  }

  scaleConsumer(consumerId: string, workers: number): void {
    this.#runtime().scale(consumerId, workers);
    this.#changed();
  }

  /** Workers more (or fewer) than the consumer has now, so two quick clicks add two. */
  addWorkers(consumerId: string, delta: number): void {
    const now = this.getSnapshot().consumers[consumerId]?.desired;
    if (now === undefined) throw new Error(`No running consumer "${consumerId}"`);
    this.scaleConsumer(consumerId, now + delta);
  }

  killWorker(consumerId: string, workerId: string): boolean {
    const killed = this.#runtime().kill(consumerId, workerId);
    this.#changed();
    return killed;
  }

  /**
   * Cuts a consumer off from its queue, as a network partition: it gets no deliveries and its
   * answers do not arrive; after `noticeMs` (default PARTITION_NOTICE_MS) the broker gives it
   * up and what it held returns to the queue, redelivered.
   */
  partitionConsumer(consumerId: string, noticeMs?: number): void {
    this.#runtime().partition(consumerId, noticeMs);
    this.#changed();
  }

  /** Ends a partition: the consumer's link is back, and it subscribes again if it was given up. */
  healConsumer(consumerId: string): void {
    this.#runtime().heal(consumerId);
    this.#changed();
  }

  /** Moves a dead-letter queue's messages back to where they died. Returns how many. */
  moveBack(queueId: string): number {
    const moved = this.#runtime().moveBack(queueId);
    this.#changed();
    return moved;
  }

  /**
   * Real time a slow handler takes per simulated ms: follows the playback speed (0 paused),
   * for the broker's workers and the saga's alike.
   */
  setTimeScale(scale: number): void {
    this.#brokerRuntime?.setTimeScale(scale);
    this.#saga?.setTimeScale(scale);
  }

  /** The broker, for inspection (queues' contents, why a message routed where it did). */
  get broker() {
    return this.#brokerRuntime?.broker;
  }

  /**
   * Opens the saga lab's runtime on this simulation's clock, trace, broker (orchestration)
   * and first bus (choreography), with its logs in `options.store`; one open before is
   * closed. See src/engine/sim/sagaRuntime.ts. With `transport: 'own'` the saga has a broker
   * and a bus of its own, as the playground's saga node does, apart from the scenario's.
   */
  async openSaga(
    options: SagaRuntimeOptions,
    transport: 'shared' | 'own' = 'shared',
  ): Promise<SagaRuntime> {
    this.#saga?.dispose();
    this.#saga = undefined;
    const host = {
      clock: this.clock,
      trace: this.trace,
      hopMs: this.hopMs,
      rng: this.rng,
      changed: () => this.#changed(),
    };
    const broker = transport === 'shared' ? this.broker : undefined;
    const bus = transport === 'shared' ? this.#buses.values().next().value : undefined;
    this.#saga = await SagaRuntime.open(
      { ...host, ...(broker ? { broker } : {}), ...(bus ? { bus } : {}) },
      // its workers start at the playback speed of the moment; setTimeScale follows it
      { timeScale: this.clock.speed, ...options },
    );
    this.#changed();
    return this.#saga;
  }

  get saga(): SagaRuntime | undefined {
    return this.#saga;
  }

  /** Resolves once the scenario's saga node has opened its saga (at once without one). */
  sagaReady(): Promise<void> {
    return this.#sagaNodes?.ready ?? Promise.resolve();
  }

  /** The topics and consumer groups, for inspection (the log, members). */
  get topicRuntime(): TopicRuntime | undefined {
    return this.#topicRuntime;
  }

  /** Another member joins a consumer group (a rebalance). Returns its id. */
  addGroupMember(groupId: string): string {
    const id = this.#topics().addMember(groupId);
    this.#changed();
    return id;
  }

  /** The saga's step on a service node fails as `fault` says from now on; none heals it. */
  setSagaStepFault(sagaId: string, serviceNode: string, fault: StepFault | undefined): void {
    const saga = this.#sagaNodes;
    if (saga?.id !== sagaId) throw new Error(`No saga "${sagaId}" in this scenario`);
    saga.setStepFault(serviceNode, fault);
    this.#changed();
  }

  /** Each member of a consumer group reads `rate` records a second from now on. */
  setGroupRate(groupId: string, rate: number): void {
    this.#topics().setRate(groupId, rate);
    this.#changed();
  }

  /** Members join a consumer group, or its newest leave, until it has `members`. */
  scaleGroup(groupId: string, members: number): void {
    this.#topics().scale(groupId, members);
    this.#changed();
  }

  /** A group's member dies: its partitions go to the others (a rebalance). */
  killGroupMember(groupId: string, memberId: string): void {
    this.#topics().killMember(groupId, memberId);
    this.#changed();
  }

  #topics(): TopicRuntime {
    if (this.#topicRuntime === undefined) throw new Error('This scenario has no topic');
    return this.#topicRuntime;
  }

  /** Stops every worker; what they held goes back to its queue. */
  dispose(): void {
    this.#topicRuntime?.dispose();
    for (const load of this.#loads.values()) load.stop();
    this.#brokerRuntime?.dispose();
    this.#saga?.dispose();
  }

  #runtime(): BrokerRuntime {
    if (this.#brokerRuntime === undefined) throw new Error('This scenario has no broker');
    return this.#brokerRuntime;
  }

  /** Calls a service method of a producer (OrderService's create_order or pay_order). */
  call(producerId: string, method: ServiceMethod): string {
    const service = this.#orderServices.get(producerId);
    if (service === undefined) throw new Error(`"${producerId}" is not an OrderService`);
    const { event, data } = method === 'create_order' ? service.createOrder() : service.payOrder();
    return this.send(producerId, event, data);
  }

  setSubscriptionActive(subscriptionId: string, active: boolean): void {
    const sub = this.scenario.subscriptions.find((s) => s.id === subscriptionId);
    const state = this.#subscriptions.get(subscriptionId);
    if (sub === undefined || state === undefined)
      throw new Error(`No subscription "${subscriptionId}"`);
    if (state.active === active) return;
    const bus = this.#bus(sub.bus);
    const listener = this.#listener(sub.listener);
    state.active = active;
    if (active) {
      const handler = sub.handler ?? 'record';
      const fn = (data: unknown) => this.#deliver(listener, handler, data);
      state.off = bus.subscribe(sub.pattern, fn, { name: sub.listener });
    } else {
      state.off?.();
      state.off = undefined;
    }
    this.#changed();
  }

  setFailing(listenerId: string, failing: boolean): void {
    const listener = this.#listener(listenerId);
    if (listener.failing === failing) return;
    listener.failing = failing;
    this.trace.record({ type: 'listener.mode-changed', listener: listenerId, failing });
    this.#changed();
  }

  clearLog(busId: string): void {
    this.#bus(busId).clearLog();
    this.#changed();
  }

  /** A listener's service state now: immutable, so it can be kept as a picture of the moment. */
  serviceState(listenerId: string): ServiceState | undefined {
    return this.#listeners.get(listenerId)?.service;
  }

  bus(busId: string): EventBus {
    return this.#bus(busId);
  }

  /** Time at which everything that has happened so far has finished animating. */
  get busyUntil(): number {
    return Math.max(this.#busyUntil, this.clock.now());
  }

  getSnapshot = (): SimSnapshot => {
    if (this.#snapshot === undefined) {
      this.#snapshot = shareSnapshot(this.#previousSnapshot, this.#buildSnapshot());
      this.#previousSnapshot = this.#snapshot;
    }
    return this.#snapshot;
  };

  /** Called after every change; the UI samples at most once per frame anyway. */
  subscribe = (onChange: () => void): (() => void) => {
    this.#changeListeners.add(onChange);
    return () => this.#changeListeners.delete(onChange);
  };

  traceEvents(): TraceEvent[] {
    return this.recorder.events();
  }

  /** A delivery reaches a listener: it counts it, then runs its service, or throws. */
  #deliver(listener: MutableListener, handler: string, data: unknown): void {
    listener.received++;
    try {
      if (listener.failing) throw new Error(listener.failureMessage);
      listener.service = runService(listener.service, handler, data, this.clock.now());
    } catch (error) {
      listener.failed++;
      listener.lastError = errorMessage(error);
      throw error;
    }
  }

  #observe(event: TraceEvent): void {
    // every engine event may change what the snapshot shows; the UI samples once a frame
    this.#snapshot = undefined;
    // what the picture will still be showing: a message in flight, a delivery on its edge
    if (event.type === 'message.sent') this.#busyUntil = Math.max(this.#busyUntil, event.arrivesAt);
    else if (
      event.type === 'bus.delivered' ||
      event.type === 'bus.listener-failed' ||
      event.type === 'listener.called' ||
      event.type === 'log.polled'
    ) {
      this.#busyUntil = Math.max(this.#busyUntil, event.at + this.hopMs);
    } else if (event.type === 'pool.handled') this.#callListeners(event);
  }

  /**
   * A consumer with a `listeners` handler and listener nodes drawn after it: each listener it
   * called gets the call (and its failure) on its node, one hop later, as a bus delivery does.
   * Recorded on the clock's next turn, not inside this trace callback, so every sink sees
   * `pool.handled` before the calls it caused.
   */
  #callListeners(e: TraceOf<'pool.handled'>): void {
    const called = this.#called.get(e.pool);
    if (called === undefined || !e.ok || e.effect?.kind !== 'listeners') return;
    const { results } = e.effect;
    this.clock.setTimeout(() => {
      for (const r of results) {
        const listener = this.#listeners.get(r.name);
        if (!called.has(r.name) || listener === undefined) continue;
        listener.received++;
        if (!r.ok) {
          listener.failed++;
          listener.lastError = r.text;
        }
        this.trace.record({
          type: 'listener.called',
          consumer: e.pool,
          listener: r.name,
          messageId: e.messageId,
          ok: r.ok,
          text: r.text,
        });
      }
      this.#changed();
    }, 0);
  }

  #changed(): void {
    this.#version++;
    this.#snapshot = undefined;
    for (const fn of this.#changeListeners) fn();
  }

  #bus(id: string): EventBus {
    const bus = this.#buses.get(id);
    if (bus === undefined) throw new Error(`No bus "${id}"`);
    return bus;
  }

  #listener(id: string): MutableListener {
    const listener = this.#listeners.get(id);
    if (listener === undefined) throw new Error(`No listener "${id}"`);
    return listener;
  }

  #buildSnapshot(): SimSnapshot {
    const listeners: Record<string, ListenerState> = {};
    for (const [id, l] of this.#listeners) {
      listeners[id] = {
        received: l.received,
        failed: l.failed,
        failing: l.failing,
        lastError: l.lastError,
        service: l.service,
      };
    }
    const producers: Record<string, ProducerState> = {};
    for (const node of this.scenario.nodes) {
      if (node.kind !== 'producer') continue;
      producers[node.id] = {
        orders: this.#orderServices.get(node.id)?.orders ?? [],
        rate: this.#loads.get(node.id)?.rate ?? 0,
      };
    }
    const subscriptions: Record<string, { active: boolean }> = {};
    for (const [id, s] of this.#subscriptions) subscriptions[id] = { active: s.active };
    const buses: Record<string, BusState> = {};
    for (const [id, bus] of this.#buses) {
      const stats = bus.logStats;
      buses[id] = { log: bus.eventLog, appended: stats.appended, dropped: stats.dropped };
    }
    return {
      version: this.#version,
      listeners,
      producers,
      subscriptions,
      buses,
      inFlight: this.#inFlight,
      exchanges: this.#brokerRuntime?.exchanges() ?? {},
      queues: this.#brokerRuntime?.queues() ?? {},
      consumers: this.#brokerRuntime?.consumers() ?? {},
      bindingKeys: this.#brokerRuntime?.bindingKeys() ?? {},
      endpoints: this.#endpoints.snapshot(),
      saga: this.#saga?.snapshot(),
      topics: this.#topicRuntime?.topics() ?? {},
      groups: this.#topicRuntime?.groups() ?? {},
    };
  }
}
