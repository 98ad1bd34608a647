import { MemoryLogStore } from '../../storage/memoryStore';
import { errorMessage } from '../errors';
import {
  type Fault,
  type Order,
  orderSagaDefinition,
  orderSchema,
  type SagaDefinitionInput,
} from '../saga';
import type { Scenario } from '../scenario';
import type { SagaNode, ServiceNode, StepFault } from '../scenario/sagaSchema';
import type { Trace } from '../trace';
import type { SagaRuntime, SagaRuntimeOptions } from './sagaRuntime';

/** What the saga nodes need of their Simulation. */
interface SagaNodesHost {
  readonly trace: Trace;
  readonly hopMs: number;
  openSaga(options: SagaRuntimeOptions, transport: 'own'): Promise<SagaRuntime>;
}

/** The shop's steps, by the service that runs each (src/engine/saga/shop/orderSaga.ts). */
const SHOP = orderSagaDefinition();
const SHOP_STEPS = new Map(SHOP.steps.map((step) => [step.service, step]));

/** What a try waits for its reply, when the step does not say: 8 hops (a round trip is 4). */
const defaultStepTimeoutMs = (hopMs: number) => Math.max(1_000, 8 * hopMs);

/**
 * The saga definition a saga node describes: the shop's steps in the node's order, with its
 * timeouts, tries and pivot. A saga with no steps describes none.
 */
function sagaDefinitionOf(
  saga: SagaNode,
  services: ReadonlyMap<string, ServiceNode>,
  hopMs: number,
): SagaDefinitionInput | undefined {
  const steps = saga.steps.flatMap((step) => {
    const shop = SHOP_STEPS.get(services.get(step.service)?.service ?? '');
    if (shop === undefined) return [];
    return [
      {
        ...shop,
        timeoutMs: step.timeoutMs ?? defaultStepTimeoutMs(hopMs),
        retry: {
          attempts: step.attempts,
          backoffMs: Math.max(200, hopMs),
          multiplier: 2,
          maxBackoffMs: Math.max(2_000, 2 * hopMs),
        },
      },
    ];
  });
  if (steps.length === 0) return undefined;
  const pivot =
    saga.pivot === undefined ? undefined : SHOP_STEPS.get(services.get(saga.pivot)?.service ?? '');
  return { ...SHOP, steps, ...(pivot === undefined ? {} : { pivot: pivot.name }) };
}

/** A step's fault from the scenario, as the saga's services take it; a flaky one draws from the seed. */
export function faultOf(fault: StepFault, seed: number): Fault {
  switch (fault.mode) {
    case 'fail':
      return { mode: 'fail' };
    case 'fail-times':
      return { mode: 'fail-times', times: fault.times };
    case 'timeout':
      return { mode: 'timeout', delayMs: fault.delayMs };
    case 'flaky':
      return { mode: 'flaky', seed, failRate: fault.failRate };
  }
}

// a template fills in text: "{{random 1 5}}" is a number written as text
const count = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);

/** What a producer's message says of the order; what it leaves out, the saga makes up. */
function orderFields(
  data: unknown,
): { ok: true; fields: Partial<Order> } | { ok: false; reason: string } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      ok: false,
      reason: 'the message is no order: send an object such as {"orderId": "o{{seq}}"}',
    };
  }
  const { orderId, sku, qty, amount } = data as Record<string, unknown>;
  const given = Object.fromEntries(
    Object.entries({ orderId, sku, qty: count(qty), amount: count(amount) }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  const parsed = orderSchema.partial().safeParse(given);
  if (parsed.success) return { ok: true, fields: parsed.data as Partial<Order> };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    reason: `${issue?.path.join('.') ?? 'order'}: ${issue?.message ?? 'invalid'}`,
  };
}

/**
 * A scenario's saga node and its service nodes, run by the saga engine (SagaRuntime through
 * Simulation.openSaga) on the simulation's clock and trace, with its logs in memory and its
 * own broker and bus (so the scenario's own queues and buses carry none of its messages).
 * Each message a producer sends to the saga node starts one order's saga; one that arrives
 * before the saga has opened (it opens in a few microtasks) waits for it.
 */
export class SagaNodes {
  readonly id: string;
  /** resolves once the saga is open (at once when it has no steps to run) */
  readonly ready: Promise<void>;
  readonly #host: SagaNodesHost;
  #runtime: SagaRuntime | undefined;
  #waiting: { data: unknown; messageId: string | undefined }[] | undefined = [];
  readonly #services: ReadonlyMap<string, ServiceNode>;
  readonly #seed: number;
  /** service node id -> its step's fault now: the node's, until a live edit changes it */
  readonly #faults = new Map<string, StepFault | undefined>();
  /** orders started here: an instance is in the engine's log only once its start is durable */
  readonly #orders = new Set<string>();
  readonly #noSteps: boolean;

  private constructor(host: SagaNodesHost, scenario: Scenario, saga: SagaNode) {
    this.id = saga.id;
    this.#host = host;
    const services = new Map(
      scenario.nodes.flatMap((n) => (n.kind === 'service' ? [[n.id, n] as const] : [])),
    );
    this.#services = services;
    this.#seed = scenario.settings.seed;
    for (const step of saga.steps) this.#faults.set(step.service, step.fault);
    const definition = sagaDefinitionOf(saga, services, host.hopMs);
    this.#noSteps = definition === undefined;
    const byService = new Map([...services.values()].map((s) => [s.service, s]));
    const inventory = byService.get('inventory');
    const payment = byService.get('payment');
    const options: SagaRuntimeOptions = {
      mode: saga.mode,
      store: new MemoryLogStore(),
      ...(definition === undefined ? {} : { definition }),
      ...(inventory?.stock === undefined ? {} : { stock: inventory.stock }),
      ...(payment?.declineOver === undefined ? {} : { declineOver: payment.declineOver }),
    };
    this.ready =
      definition === undefined
        ? Promise.resolve()
        : host.openSaga(options, 'own').then(
            (runtime) => this.#opened(runtime),
            (error: unknown) => {
              host.trace.record({ type: 'saga.error', message: errorMessage(error) });
              // what waited for it is refused now, and so is what comes later
              this.#flush();
            },
          );
  }

  /** The scenario's saga, or undefined when it has none. */
  static open(host: SagaNodesHost, scenario: Scenario): SagaNodes | undefined {
    const saga = scenario.nodes.find((n) => n.kind === 'saga');
    return saga === undefined ? undefined : new SagaNodes(host, scenario, saga);
  }

  #opened(runtime: SagaRuntime): void {
    this.#runtime = runtime;
    for (const [service, fault] of this.#faults) {
      if (fault !== undefined) this.#applyFault(runtime, service, fault);
    }
    this.#flush();
  }

  /**
   * The step run by this service node fails as `fault` says from now on, or works again with
   * none (a live edit): the tries already decided stay as they were. Before the saga has
   * opened, it is kept and set when it opens.
   */
  setStepFault(serviceNode: string, fault: StepFault | undefined): void {
    if (!this.#faults.has(serviceNode)) {
      const steps = [...this.#faults.keys()].join(', ') || 'none';
      throw new Error(`Saga "${this.id}" has no step on "${serviceNode}" (steps: ${steps})`);
    }
    this.#faults.set(serviceNode, fault);
    if (this.#runtime !== undefined) this.#applyFault(this.#runtime, serviceNode, fault);
  }

  #applyFault(runtime: SagaRuntime, serviceNode: string, fault: StepFault | undefined): void {
    const service = this.#services.get(serviceNode);
    const shop = service === undefined ? undefined : SHOP_STEPS.get(service.service);
    if (shop === undefined) return;
    runtime.setStepFault(shop.name, fault === undefined ? undefined : faultOf(fault, this.#seed));
  }

  /** The orders that waited for the saga to open, each started (or refused) in turn. */
  #flush(): void {
    const waiting = this.#waiting ?? [];
    this.#waiting = undefined;
    for (const { data, messageId } of waiting) this.receive(data, messageId);
  }

  /**
   * A producer's message reached the saga node: it starts one order's saga, or is refused.
   * `messageId`, the send that carried it, is traced with the saga it started (`order.started`).
   */
  receive(data: unknown, messageId?: string): void {
    if (this.#waiting !== undefined && !this.#noSteps) {
      this.#waiting.push({ data, messageId });
      return;
    }
    const started = this.#start(data);
    const via = messageId === undefined ? {} : { messageId };
    if (!started.ok) {
      const { reason, orderId } = started;
      this.#host.trace.record({ type: 'order.refused', saga: this.id, reason, orderId, ...via });
    } else if (messageId !== undefined) {
      this.#host.trace.record({
        type: 'order.started',
        saga: this.id,
        messageId,
        instance: started.instance,
      });
    }
  }

  /** Starts the order's saga: its instance; or why not. */
  #start(
    data: unknown,
  ): { ok: true; instance: string } | { ok: false; reason: string; orderId: string | undefined } {
    const no = (reason: string, orderId?: string) => ({ ok: false as const, reason, orderId });
    if (this.#noSteps) return no('the saga has no steps: connect it to its services');
    const runtime = this.#runtime;
    if (runtime === undefined) return no('the saga could not open');
    const read = orderFields(data);
    if (!read.ok) return no(read.reason);
    const { orderId } = read.fields;
    // a saga per order: the engine refuses a second start of an instance id
    if (orderId !== undefined && (this.#orders.has(orderId) || runtime.state(orderId))) {
      return no(`order ${orderId} has a saga already`, orderId);
    }
    try {
      const instance = runtime.startOrder(read.fields);
      this.#orders.add(instance);
      return { ok: true, instance };
    } catch (error) {
      return no(errorMessage(error), orderId);
    }
  }
}
