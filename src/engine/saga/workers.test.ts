import { describe, expect, it } from 'vitest';
import type { FakeWorker } from '../../workers/testing/fakeWorker';
import { createRng } from '../rng';
import type { Fault } from './faults';
import { decideCommand } from './serviceDecision';
import { type ShopStores, shopProblems } from './shop/invariants';
import { type ShopModelSpec, shopModel, shopModelSpecs } from './shop/models';
import type { Order } from './shop/order';
import { orderSagaDefinition } from './shop/orderSaga';
import { flakyShopFaults, memoryStores, modelsOf, SagaWorld } from './testing';

/**
 * Orchestration with each shop service deciding in a worker pool (in-process fake workers
 * running the real worker runtime and the `saga-service` handler), the page keeping the
 * stores: the same end states as on the page, with workers killed in the middle.
 */

const stock = { apple: 10, pear: 5 };
const specs = shopModelSpecs(stock, 900);

async function world(
  faults: readonly (readonly [string, string, Fault])[] = [],
  /** `n`: 1 for the first worker spawned */
  onSpawn?: (worker: FakeWorker, n: number) => void,
  extra: { pivot?: 'charge'; specs?: readonly ShopModelSpec[] } = {},
) {
  let spawned = 0;
  const used = extra.specs ?? specs;
  return SagaWorld.build({
    mode: 'orchestration',
    definition: orderSagaDefinition({
      timeoutMs: 1_000,
      attempts: 2,
      backoffMs: 100,
      ...(extra.pivot ? { pivot: extra.pivot } : {}),
    }),
    models: modelsOf(used),
    faults,
    openStore: memoryStores(),
    workers: {
      specs: used,
      ...(onSpawn ? { onSpawn: (worker: FakeWorker) => onSpawn(worker, ++spawned) } : {}),
    },
  });
}

const order = (orderId: string, amount = 100): Order => ({ orderId, sku: 'apple', qty: 2, amount });

function problems(w: SagaWorld, orders: readonly Order[]) {
  const stores = Object.fromEntries(
    [...w.services].map(([n, s]) => [n, s.state]),
  ) as unknown as ShopStores;
  const outcomes = orders.map((o) => ({
    order: o,
    status: w.saga(o.orderId)?.status ?? 'running',
  }));
  return shopProblems(stores, outcomes, stock);
}

describe('saga services in worker pools', () => {
  it('each command is decided by its service worker, and a saga completes', async () => {
    const w = await world();
    w.start('o1', order('o1', 300));
    await w.run();
    expect(w.saga('o1')).toMatchObject({ status: 'completed', succeeded: [0, 1, 2] });
    const handled = w.recorded.ofType('saga.service-handled');
    expect(handled.map((e) => [e.service, e.name, e.worker])).toEqual([
      ['inventory', 'reserve', 'inventory:w1'],
      ['payment', 'charge', 'payment:w1'],
      ['shipping', 'create-delivery', 'shipping:w1'],
    ]);
    // command -> queue -> the service (its worker), reply -> saga-replies -> orchestrator
    const hops = w.recorded.ofType('message.sent').map((e) => `${e.from}>${e.to}`);
    expect(hops.slice(0, 4)).toEqual([
      'orchestrator>saga-inventory-commands',
      'saga-inventory-commands>inventory',
      'inventory>saga-replies',
      'saga-replies>orchestrator',
    ]);
    expect(w.recorded.ofType('pool.handled').filter((e) => e.ok)).toHaveLength(3);
    expect(problems(w, [order('o1', 300)])).toEqual([]);
  });

  it.each([
    ['reserve', 'inventory', []],
    ['charge', 'payment', [0]],
    ['ship', 'shipping', [1, 0]],
  ] as const)(
    'a %s that fails for good undoes exactly the steps before it, in reverse',
    async (step, service, compensated) => {
      const action = { reserve: 'reserve', charge: 'charge', ship: 'create-delivery' }[step];
      const w = await world([[service, action, { mode: 'fail' }]]);
      w.start('o1', order('o1'));
      await w.run();
      expect(w.saga('o1')).toMatchObject({ status: 'aborted', compensated });
      expect(problems(w, [order('o1')])).toEqual([]);
    },
  );

  it('an undo that fails twice is applied once; past the pivot a failure is retried forward', async () => {
    const w = await world([
      ['shipping', 'create-delivery', { mode: 'fail' }],
      ['payment', 'refund', { mode: 'fail-times', times: 2 }],
    ]);
    w.start('o1', order('o1', 120));
    await w.run();
    expect(w.saga('o1')).toMatchObject({ status: 'aborted', compensated: [1, 0] });
    expect(w.recorded.ofType('saga.compensation-failed')).toHaveLength(2);
    expect(w.services.get('payment')?.state).toEqual({
      charged: { o1: 120 },
      refunded: { o1: 120 },
    });
    const forward = await world(
      [['shipping', 'create-delivery', { mode: 'fail-times', times: 3 }]],
      undefined,
      {
        pivot: 'charge',
      },
    );
    forward.start('o2', order('o2'));
    await forward.run();
    expect(forward.saga('o2')).toMatchObject({ status: 'completed', compensated: [] });
  });

  it('a reply held past its timeout: the retry is answered from the record, not run again', async () => {
    const w = await world([['payment', 'charge', { mode: 'timeout', delayMs: 1_500 }]]);
    w.start('o1', order('o1', 50));
    await w.run();
    const charges = w.recorded
      .ofType('saga.service-handled')
      .filter((e) => e.service === 'payment' && e.name === 'charge');
    expect(charges.map((e) => e.duplicate)).toEqual([false, true]);
    // the duplicated (late) reply changed nothing
    expect(w.recorded.ofType('saga.reply-ignored').length).toBeGreaterThan(0);
    expect(w.saga('o1')?.status).toBe('completed');
    expect(w.services.get('payment')?.state).toEqual({ charged: { o1: 50 }, refunded: {} });
  });

  it('a worker killed in the middle of a command gives it back; the next one decides it, once', async () => {
    // pools spawn in the specs' order: the second worker is payment's first
    const w = await world([], (worker, n) => {
      if (n === 2) holdAnswersOnceBusy(worker);
    });
    const payment = w.pools.get('payment');
    if (payment === undefined) throw new Error('no payment pool');
    // killed as soon as it has the charge (what idle() waits for includes a worker's command,
    // so a test cannot stop the clock in between): its answer never reaches the pool
    let busy: unknown;
    const stop = w.trace.subscribe((e) => {
      if (e.type !== 'pool.batch-sent' || e.pool !== 'payment' || busy !== undefined) return;
      busy = payment.pool.stats().workers;
      queueMicrotask(() => payment.pool.kill('payment:w1'));
    });
    w.start('o1', order('o1', 70));
    await w.run();
    stop();
    expect(busy).toMatchObject([{ id: 'payment:w1', held: 1 }]);
    expect(w.recorded.ofType('pool.worker-failed')).toMatchObject([
      { worker: 'payment:w1', reason: 'killed' },
    ]);
    expect(w.saga('o1')?.status).toBe('completed');
    const deliveries = w.recorded
      .ofType('broker.delivered')
      .filter((e) => e.queue === 'saga-payment-commands');
    expect(deliveries.map((e) => e.redelivered)).toEqual([false, true]);
    const charges = w.recorded.ofType('saga.service-handled').filter((e) => e.name === 'charge');
    expect(charges.map((e) => [e.worker, e.duplicate])).toEqual([['payment:w2', false]]);
    expect(w.services.get('payment')?.state).toEqual({ charged: { o1: 70 }, refunded: {} });
    expect(problems(w, [order('o1', 70)])).toEqual([]);
  });

  it('a worker killed while the page commits its answer: the command comes back and is answered from the record', async () => {
    const w = await world();
    const payment = w.pools.get('payment');
    if (payment === undefined) throw new Error('no payment pool');
    let killed = false;
    const stop = w.trace.subscribe((e) => {
      if (e.type !== 'pool.handled' || e.pool !== 'payment' || killed) return;
      killed = true;
      queueMicrotask(() => payment.pool.kill(e.worker));
    });
    w.start('o1', order('o1', 90));
    await w.run();
    stop();
    expect(w.saga('o1')?.status).toBe('completed');
    const charges = w.recorded.ofType('saga.service-handled').filter((e) => e.name === 'charge');
    expect(charges.map((e) => [e.worker, e.duplicate])).toEqual([
      ['payment:w1', false],
      ['payment:w2', true],
    ]);
    // its two replies: the orchestrator took one
    expect(w.recorded.ofType('saga.reply-ignored')).toHaveLength(1);
    expect(w.services.get('payment')?.state).toEqual({ charged: { o1: 90 }, refunded: {} });
  });

  it('a decision made on a store that has moved on is stale and changes nothing', async () => {
    const w = await world();
    const inventory = w.services.get('inventory');
    if (inventory === undefined) throw new Error('no inventory');
    const command = (saga: string) => ({
      type: 'run' as const,
      saga,
      commandId: `${saga}/0/action/1`,
      key: `${saga}/reserve`,
      index: 0,
      step: 'reserve',
      service: 'inventory',
      work: 'action' as const,
      name: 'reserve',
      attempt: 1,
      data: order(saga),
    });
    const before = inventory.view(command('a'));
    await inventory.handle(command('b'));
    const decided = decideCommand(shopModel(specs[0] as ShopModelSpec), command('a'), before);
    expect(decided.kind).toBe('outcome');
    expect(await inventory.commit(command('a'), decided, before.version)).toBe('stale');
    expect(inventory.state).toMatchObject({ reservations: { b: { qty: 2 } } });
    expect(inventory.view(command('a')).known).toBeUndefined();
  });

  it('a reload in the middle of a compensation ends as a run without one', async () => {
    const faults = [
      ['shipping', 'create-delivery', { mode: 'fail' }],
      ['payment', 'refund', { mode: 'fail-times', times: 2 }],
    ] as const;
    const plain = await world(faults);
    plain.start('o1', order('o1', 30));
    plain.start('o2', order('o2', 40));
    await plain.run();
    let w = await world(faults);
    w.start('o1', order('o1', 30));
    w.start('o2', order('o2', 40));
    await w.runUntil((e) => e.type === 'saga.compensation-failed');
    w = await w.restart();
    await w.run();
    expect(w.endState()).toEqual(plain.endState());
    expect(w.saga('o1')).toMatchObject({ status: 'aborted', compensated: [1, 0] });
  });
});

/** The worker takes its first command, and from then on its answers never reach the pool. */
function holdAnswersOnceBusy(worker: FakeWorker) {
  const receive = worker.runtime.receive;
  worker.runtime.receive = (message) => {
    if (message.type === 'batch') worker.holdBack = true;
    receive(message);
  };
}

/**
 * Many orders at once, flaky services, and a service's worker killed now and then: once every
 * saga has ended, the stores agree with the outcomes.
 */
describe('saga services in worker pools, property', () => {
  it('holds the stores invariants over 12 seeded runs with workers killed at random', async () => {
    const statuses = new Set<string>();
    let kills = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const rng = createRng(seed);
      let w = await world(flakyShopFaults(seed));
      const orders: Order[] = Array.from({ length: rng.int(8, 20) }, (_, i) => ({
        orderId: `o${i}`,
        sku: rng.chance(0.5) ? 'apple' : 'pear',
        qty: rng.int(1, 3),
        amount: rng.int(10, 1_000),
      }));
      const killAt = (world: SagaWorld) => {
        for (let k = 0; k < 6; k++) {
          const service = ['inventory', 'payment', 'shipping'][rng.int(0, 2)] as string;
          world.clock.setTimeout(
            () => {
              const pool = world.pools.get(service)?.pool;
              const victim = pool?.stats().workers[0];
              if (victim !== undefined && pool?.kill(victim.id)) kills++;
            },
            rng.int(0, 8_000),
          );
        }
      };
      for (const o of orders) {
        const at = w;
        w.clock.setTimeout(() => at.start(o.orderId, o), rng.int(0, 3_000));
      }
      killAt(w);
      if (seed % 3 === 0) {
        await w.run({ untilMs: 3_000 + rng.int(0, 3_000) });
        w = await w.restart();
        killAt(w);
      }
      await w.run();
      expect(problems(w, orders), `seed ${seed}`).toEqual([]);
      for (const o of orders) statuses.add(w.saga(o.orderId)?.status ?? 'running');
    }
    expect([...statuses].sort()).toEqual(['aborted', 'completed']);
    expect(kills).toBeGreaterThan(20);
  });
});
