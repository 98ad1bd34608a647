import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { eventBusLab } from '../../labs/eventBus';
import { rabbitmqLab } from '../../labs/rabbitmq';
import { sagaScenario } from '../../labs/saga';
import { openIndexedDbLogStore } from '../../storage/indexedDbStore';
import { FakeWorker } from '../../workers/testing/fakeWorker';
import { housekeeping } from '../saga/testing';
import type { Scenario } from '../scenario';
import { Simulation } from './Simulation';
import type { SagaMode } from './sagaRuntime';

/** Fires the simulation's timers one at a time, each once the saga's work has settled. */
async function settle(sim: Simulation, stop?: () => boolean) {
  for (let i = 0; i < 10_000; i++) {
    await sim.saga?.idle();
    if (stop?.() || !sim.clock.fireNext()) return;
  }
  throw new Error('the saga did not settle');
}

const labs: Record<SagaMode, Scenario> = { orchestration: rabbitmqLab, choreography: eventBusLab };
let dbs = 0;

describe.each<SagaMode>(['orchestration', 'choreography'])(
  'the saga in a Simulation, %s',
  (mode) => {
    it('runs orders on the simulation, draws their hops and keeps the money right', async () => {
      const sim = new Simulation(labs[mode]);
      const store = await openIndexedDbLogStore({ name: `sim-saga-${dbs++}` });
      const saga = await sim.openSaga({ mode, store, stock: { apple: 3 } });
      saga.setFault('payment', 'charge', { mode: 'fail-times', times: 1 });
      saga.setFault('shipping', 'create-delivery', { mode: 'fail' });
      saga.startOrder({ orderId: 'o1', sku: 'apple', qty: 1, amount: 100 });
      await settle(sim);
      saga.setFault('shipping', 'create-delivery', undefined);
      saga.startOrder({ orderId: 'o2', sku: 'apple', qty: 2, amount: 250 });
      saga.startOrder({ orderId: 'o3', sku: 'apple', qty: 2, amount: 70 }); // out of stock
      await settle(sim);
      const snap = sim.getSnapshot().saga;
      expect(snap?.instances.map((s) => [s.saga, s.status])).toEqual([
        ['o1', 'aborted'],
        ['o2', 'completed'],
        ['o3', 'aborted'],
      ]);
      expect(snap?.money).toEqual({ charged: 350, refunded: 100, kept: 250, delivered: 250 });
      expect(saga.problems()).toEqual([]);
      expect(saga.timeline('o1').map((e) => e.fact.type)).toContain('saga.compensated');
      const hops = sim.traceEvents().filter((e) => e.type === 'message.sent');
      if (mode === 'orchestration') {
        expect(
          hops.some((e) => e.from === 'orchestrator' && e.to === 'saga-payment-commands'),
        ).toBe(true);
        expect(sim.broker?.queueStats('saga-replies')).toMatchObject({ ready: 0, unacked: 0 });
      } else {
        expect(hops.some((e) => e.from === 'inventory' && e.event === 'inventory.reserved')).toBe(
          true,
        );
        const delivered = sim.traceEvents().filter((e) => e.type === 'bus.delivered');
        // the delivery failed for good: payment hears it and refunds, then inventory releases
        const heard = (event: string, listener: string) =>
          delivered.some((e) => e.event === event && e.listener === listener);
        expect(heard('shipping.failed', 'payment')).toBe(true);
        expect(heard('payment.refunded', 'inventory')).toBe(true);
        expect(saga.subscriptions('payment')).toEqual([
          'inventory.reserved',
          'shipping.failed',
          'shipping.delivery-cancelled',
        ]);
      }
      sim.dispose();
      await store.close();
    });

    it('a reload in the middle of a compensation ends as a run without one', async () => {
      const name = `sim-saga-reload-${dbs++}`;
      const open = async () => {
        const sim = new Simulation(labs[mode]);
        const store = await openIndexedDbLogStore({ name });
        const saga = await sim.openSaga({ mode, store });
        saga.setStepFault('ship', { mode: 'fail' });
        saga.setStepFault('charge', { mode: 'fail-times', times: 2 }, 'compensation');
        return { sim, store, saga };
      };
      const first = await open();
      first.saga.startOrder({ orderId: 'o1', sku: 'apple', qty: 2, amount: 120 });
      await settle(first.sim, () =>
        first.sim.traceEvents().some((e) => e.type === 'saga.compensation-failed'),
      );
      expect(first.saga.state('o1')?.status).toBe('compensating');
      first.sim.dispose();
      await first.store.close();
      const second = await open();
      await settle(second.sim);
      // the new page's clock starts again at 0: a backoff logged for the old clock's time is
      // cut to its own length, so the saga goes on at once
      expect(second.sim.clock.now()).toBeLessThan(20_000);
      expect(second.saga.state('o1')).toMatchObject({ status: 'aborted', compensated: [1, 0] });
      expect(second.saga.snapshot().money).toEqual({
        charged: 120,
        refunded: 120,
        kept: 0,
        delivered: 0,
      });
      expect(second.saga.problems()).toEqual([]);
      second.sim.dispose();
      await second.store.close();
    });

    it('leaves nothing of its own on its way when it is closed in the middle', async () => {
      const sim = new Simulation(labs[mode]);
      const first = await sim.openSaga({
        mode,
        store: await openIndexedDbLogStore({ name: `sim-saga-switch-${dbs++}` }),
      });
      first.startOrder({ orderId: 'o1', sku: 'apple', qty: 1, amount: 10 });
      // a command on its way to its queue, or an event on its way to the bus
      const onItsWay = mode === 'orchestration' ? 'saga.step-started' : 'saga.step-succeeded';
      await settle(sim, () => sim.traceEvents().some((e) => e.type === onItsWay));
      const second = await sim.openSaga({
        mode,
        store: await openIndexedDbLogStore({ name: `sim-saga-switch-${dbs++}` }),
      });
      await settle(sim);
      // the first store's order never reached the second store's services
      expect(second.snapshot().stores.inventory.reservations).toEqual({});
      expect(second.snapshot().instances).toEqual([]);
      sim.dispose();
    });

    it('with the pivot at charge, a failing delivery is retried forward until it is made', async () => {
      const sim = new Simulation(labs[mode]);
      const store = await openIndexedDbLogStore({ name: `sim-saga-pivot-${dbs++}` });
      const saga = await sim.openSaga({ mode, store, pivot: 'charge' });
      expect(saga.snapshot().definition.pivot).toBe(1);
      saga.setStepFault('ship', { mode: 'fail-times', times: 5 });
      saga.startOrder({ orderId: 'o1', sku: 'apple', qty: 1, amount: 40 });
      await settle(sim);
      expect(saga.state('o1')).toMatchObject({ status: 'completed', compensated: [] });
      expect(saga.timeline('o1').filter((e) => e.fact.type === 'saga.step-retried')).toHaveLength(
        5,
      );
      sim.dispose();
    });

    it('numbers orders started in a row apart, and traces a store that refuses', async () => {
      const sim = new Simulation(labs[mode]);
      const store = await openIndexedDbLogStore({ name: `sim-saga-errors-${dbs++}` });
      const saga = await sim.openSaga({ mode, store });
      expect([saga.startOrder(), saga.startOrder(), saga.startOrder()]).toEqual(['o1', 'o2', 'o3']);
      await settle(sim);
      await store.close();
      saga.startOrder();
      await expect(saga.idle()).rejects.toThrow(/closed/);
      const errors = sim.traceEvents().filter((e) => e.type === 'saga.error');
      expect(errors).toMatchObject([{ message: expect.stringMatching(/log store .* is closed/) }]);
      sim.dispose();
    });
  },
);

describe('the saga in a Simulation, orchestration with the services in workers', () => {
  /** Fires the simulation's timers until only housekeeping (heartbeats) is left. */
  async function settleWorkers(sim: Simulation) {
    for (let i = 0; i < 10_000; i++) {
      await sim.saga?.idle();
      if (!sim.clock.fireNext({ foreground: true })) return;
    }
    throw new Error('the saga did not settle');
  }

  it('decides every command in its service worker, shows the workers, and survives a kill', async () => {
    const sim = new Simulation(sagaScenario('orchestration'));
    const store = await openIndexedDbLogStore({ name: `sim-saga-workers-${dbs++}` });
    const saga = await sim.openSaga({
      mode: 'orchestration',
      store,
      spawnWorker: () => new FakeWorker(housekeeping(sim.clock)),
      workMs: 0,
    });
    saga.setStepFault('ship', { mode: 'fail' });
    // payment's worker is killed when its first command reaches it
    let killed = false;
    const stop = sim.trace.subscribe((e) => {
      if (e.type === 'pool.batch-sent' && e.pool === 'payment' && !killed) {
        killed = true;
        queueMicrotask(() => expect(saga.killWorker('payment')).toBe(true));
      }
    });
    saga.startOrder({ orderId: 'o1', sku: 'apple', qty: 2, amount: 80 });
    await settleWorkers(sim);
    saga.setStepFault('ship', undefined);
    saga.startOrder({ orderId: 'o2', sku: 'pear', qty: 1, amount: 60 });
    await settleWorkers(sim);
    stop();
    const snap = saga.snapshot();
    expect(snap.instances.map((s) => [s.saga, s.status, s.compensated])).toEqual([
      ['o1', 'aborted', [1, 0]],
      ['o2', 'completed', []],
    ]);
    expect(snap.money).toEqual({ charged: 140, refunded: 80, kept: 60, delivered: 60 });
    expect(saga.problems()).toEqual([]);
    expect(Object.keys(snap.workers)).toEqual(['inventory', 'payment', 'shipping']);
    expect(snap.workers.payment).toMatchObject({ failed: 1, workers: [{ id: 'payment:w2' }] });
    const handled = sim.traceEvents().filter((e) => e.type === 'saga.service-handled');
    expect(handled.every((e) => e.worker?.startsWith(`${e.service}:w`))).toBe(true);
    const redelivered = sim
      .traceEvents()
      .filter((e) => e.type === 'broker.delivered' && e.redelivered);
    expect(redelivered).toMatchObject([{ queue: 'saga-payment-commands' }]);
    sim.dispose();
    await store.close();
  });

  it('runs its workers at the playback speed: the one at the open, then each new one', async () => {
    const sim = new Simulation(sagaScenario('orchestration'));
    sim.clock.speed = 2;
    const store = await openIndexedDbLogStore({ name: `sim-saga-speed-${dbs++}` });
    const saga = await sim.openSaga({
      mode: 'orchestration',
      store,
      spawnWorker: () => new FakeWorker(housekeeping(sim.clock)),
    });
    const scales = () => Object.values(saga.snapshot().workers).map((p) => p.timeScale);
    expect(scales()).toEqual([2, 2, 2]);
    // the session's speed control tells the simulation, which tells every worker it runs
    sim.setTimeScale(4);
    expect(scales()).toEqual([4, 4, 4]);
    sim.dispose();
    await store.close();
  });

  it('catches the clock up to the last time its log knows', async () => {
    const name = `sim-saga-clock-${dbs++}`;
    const first = new Simulation(eventBusLab, { startMs: 5_000_000 });
    const store = await openIndexedDbLogStore({ name });
    const saga = await first.openSaga({ mode: 'choreography', store });
    saga.startOrder({ orderId: 'o1', sku: 'apple', qty: 1, amount: 10 });
    await settle(first);
    const last = Math.max(...saga.timeline('o1').map((e) => e.at));
    first.dispose();
    await store.close();
    const second = new Simulation(eventBusLab, { startMs: 1_000 });
    const again = await openIndexedDbLogStore({ name });
    await second.openSaga({ mode: 'choreography', store: again, catchUpClock: true });
    expect(second.clock.now()).toBe(last);
    second.dispose();
    await again.close();
  });
});
