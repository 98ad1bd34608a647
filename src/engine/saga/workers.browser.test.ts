import { describe, expect, it } from 'vitest';
import { logDbName } from '../../storage/idbSchema';
import { openIndexedDbLogStore } from '../../storage/indexedDbStore';
import { spawnConsumerWorker } from '../../workers/spawn';
import { Broker } from '../broker';
import { RealClock } from '../clock';
import { recordTrace, Trace } from '../trace';
import { brokerTransport } from './brokerTransport';
import { defineSaga } from './definition';
import { isEnded } from './machine';
import { Orchestrator } from './orchestrator';
import { PendingWork } from './pendingWork';
import { SagaLog } from './sagaLog';
import { SagaService } from './service';
import { type ShopStores, shopProblems } from './shop/invariants';
import { shopModel, shopModelSpecs } from './shop/models';
import type { Order } from './shop/order';
import { orderSagaDefinition } from './shop/orderSaga';
import { serveServicesInWorkers } from './workerServe';

/**
 * Orchestration with each shop service deciding in a real module Web Worker (Vitest browser
 * mode, Chromium), its store in real IndexedDB: workers terminated in the middle of their
 * commands, forward and back, and the sagas still end as they must.
 */

/** Resolves once `done()` holds, checking every few ms; fails after `ms`. */
async function until(done: () => boolean, ms: number, what: string): Promise<void> {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('saga services in real workers', () => {
  it('workers killed holding charges, a release and a refund: every saga ends right, each applied once', async () => {
    const clock = new RealClock();
    const trace = new Trace(clock);
    const rec = recordTrace(trace, 100_000);
    const work = new PendingWork();
    const name = `saga-workers-browser-${Date.now()}`;
    const store = await openIndexedDbLogStore({ name });
    const stock = { apple: 10, pear: 5 };
    const specs = shopModelSpecs(stock, 500);
    const services = new Map<string, SagaService>();
    for (const spec of specs) {
      const model = shopModel(spec);
      services.set(model.name, await SagaService.open({ model, store, clock, trace, work }));
    }
    // every first try of a refund fails, so the undo is retried too
    services.get('payment')?.setFault('refund', { mode: 'fail-times', times: 1 });
    const broker = new Broker({ clock, trace });
    const hopMs = 5;
    const transport = brokerTransport({ broker, clock, trace, hopMs });
    const served = serveServicesInWorkers(specs, services, {
      ...{ broker, transport, clock, trace, hopMs, work },
      spawn: spawnConsumerWorker,
      // long enough that a terminate() lands while the worker holds the command
      workMs: 40,
      heartbeatMs: 250,
    });
    const pools = new Map([...served].map(([name, s]) => [name, s.pool]));
    const log = await SagaLog.open(store);
    const definition = defineSaga(
      orderSagaDefinition({ timeoutMs: 3_000, attempts: 3, backoffMs: 20 }),
    );
    const orchestrator = Orchestrator.open({ definition, transport, log, clock, trace, work });

    // kill the worker that has just been given: the 1st and 3rd charge, the 1st release, the
    // 1st refund (each a command the worker holds: it is still in its 40 ms of work)
    const victims = new Map([
      ['payment:charge', [1, 3]],
      ['inventory:release', [1]],
      ['payment:refund', [1]],
    ]);
    const seen = new Map<string, number>();
    const killed: string[] = [];
    // what each service was last sent from its queue: with prefetch 1, the batch's command
    const arriving = new Map<string, string>();
    const stopKills = trace.subscribe((e) => {
      if (e.type === 'message.sent' && e.from.startsWith('saga-') && pools.has(e.to)) {
        arriving.set(e.to, (e.data as { command?: { name: string } }).command?.name ?? '?');
      }
      if (e.type !== 'pool.batch-sent') return;
      const key = `${e.pool}:${arriving.get(e.pool)}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      if (victims.get(key)?.includes(n)) {
        killed.push(`${e.worker} ${key}`);
        queueMicrotask(() => pools.get(e.pool)?.kill(e.worker));
      }
    });

    const orders: Order[] = [
      { orderId: 'o1', sku: 'apple', qty: 2, amount: 300 },
      { orderId: 'o2', sku: 'pear', qty: 1, amount: 900 }, // declined: the reserve is undone
      { orderId: 'o3', sku: 'apple', qty: 3, amount: 120 },
      { orderId: 'o4', sku: 'pear', qty: 2, amount: 700 }, // declined
      { orderId: 'o5', sku: 'apple', qty: 1, amount: 50 },
    ];
    const ended = () =>
      orders.every((o) => {
        const state = orchestrator.state(o.orderId);
        return state !== undefined && isEnded(state);
      });
    for (const order of orders) orchestrator.start(order.orderId, order);
    await until(ended, 30_000, 'every saga to end');
    // then a delivery that fails for good: the charge is refunded, the stock released
    services.get('shipping')?.setFault('create-delivery', { mode: 'fail' });
    const o6: Order = { orderId: 'o6', sku: 'apple', qty: 1, amount: 80 };
    orders.push(o6);
    orchestrator.start(o6.orderId, o6);
    await until(ended, 30_000, 'o6 to end');
    await work.idle();
    stopKills();

    expect(killed).toHaveLength(4);
    const statuses = orders.map((o) => orchestrator.state(o.orderId)?.status);
    expect(statuses).toEqual([
      'completed',
      'aborted',
      'completed',
      'aborted',
      'completed',
      'aborted',
    ]);
    const stores = Object.fromEntries(
      [...services].map(([n, s]) => [n, s.state]),
    ) as unknown as ShopStores;
    const outcomes = orders.map((order, i) => ({ order, status: statuses[i] ?? 'running' }));
    expect(shopProblems(stores, outcomes, stock)).toEqual([]);
    // every killed worker's command came back, redelivered, and was decided by its successor
    const redelivered = rec
      .ofType('broker.delivered')
      .filter((e) => e.redelivered && e.queue.startsWith('saga-'));
    expect(redelivered.length).toBeGreaterThanOrEqual(killed.length);
    expect(rec.ofType('pool.worker-failed').map((e) => e.reason)).toEqual(
      Array(killed.length).fill('killed'),
    );
    // each action and undo took effect once: one outcome logged per (order, command)
    const outcomesLogged = rec
      .ofType('saga.service-handled')
      .filter((e) => !e.duplicate && e.ok)
      .map((e) => `${e.saga}/${e.name}`);
    expect(new Set(outcomesLogged).size).toBe(outcomesLogged.length);
    expect(stores.payment.charged).toEqual({ o1: 300, o3: 120, o5: 50, o6: 80 });
    expect(stores.payment.refunded).toEqual({ o6: 80 });

    orchestrator.dispose();
    for (const s of served.values()) s.stop();
    await store.close();
    indexedDB.deleteDatabase(logDbName(name));
  }, 60_000);
});
