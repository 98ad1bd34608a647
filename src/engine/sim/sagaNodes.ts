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
export interface SagaNodesHost {
  readonly trace: Trace;
  readonly hopMs: number;
  openSaga(options: SagaRuntimeOptions, transport: 'own'): Promise<SagaRuntime>;
}

/** The shop's steps, by the service that runs each (src/engine/saga/shop/orderSaga.ts). */
const SHOP = orderSagaDefinition();
const SHOP_STEPS = new Map(SHOP.steps.map((step) => [step.service, step]));

/** What a try waits for its reply, when the step does not say: 8 hops (a round trip is 4). */
export const defaultStepTimeoutMs = (hopMs: number) => Math.max(1_000, 8 * hopMs);

/**
 * The saga definition a saga node describes: the shop's steps in the node's order, with its
 * timeouts, tries and pivot. A saga with no steps describes none.
 */
export function sagaDefinitionOf(
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
  #waiting: unknown[] | undefined = [];
  /** orders started here: an instance is in the engine's log only once its start is durable */
  readonly #orders = new Set<string>();
  readonly #noSteps: boolean;

  private constructor(host: SagaNodesHost, scenario: Scenario, saga: SagaNode) {
    this.id = saga.id;
    this.#host = host;
    const services = new Map(
      scenario.nodes.flatMap((n) => (n.kind === 'service' ? [[n.id, n] as const] : [])),
    );
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
            (runtime) => this.#opened(runtime, saga, services, scenario.settings.seed),
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

  #opened(
    runtime: SagaRuntime,
    saga: SagaNode,
    services: ReadonlyMap<string, ServiceNode>,
    seed: number,
  ): void {
    this.#runtime = runtime;
    for (const step of saga.steps) {
      const service = services.get(step.service);
      const shop = service === undefined ? undefined : SHOP_STEPS.get(service.service);
      if (shop !== undefined && step.fault !== undefined) {
        runtime.setStepFault(shop.name, faultOf(step.fault, seed));
      }
    }
    this.#flush();
  }

  /** The orders that waited for the saga to open, each started (or refused) in turn. */
  #flush(): void {
    const waiting = this.#waiting ?? [];
    this.#waiting = undefined;
    for (const data of waiting) this.receive(data);
  }

  /** A producer's message reached the saga node: it starts one order's saga, or is refused. */
  receive(data: unknown): void {
    if (this.#waiting !== undefined && !this.#noSteps) {
      this.#waiting.push(data);
      return;
    }
    const refused = this.#start(data);
    if (refused !== undefined) {
      this.#host.trace.record({ type: 'order.refused', saga: this.id, ...refused });
    }
  }

  /** Starts the order's saga; or why not. */
  #start(data: unknown): { reason: string; orderId: string | undefined } | undefined {
    const no = (reason: string, orderId?: string) => ({ reason, orderId });
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
      this.#orders.add(runtime.startOrder(read.fields));
      return undefined;
    } catch (error) {
      return no(errorMessage(error), orderId);
    }
  }
}
