import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock';
import { recordTrace, Trace, type TraceEvent } from '../trace';
import { headlessSimulation } from './headless';
import { SagaNodes } from './sagaNodes';
import { sagaScenario, withStep } from './sagaTesting';

/** Runs a sketch headless: `orders` sent by the producer, one a second, then `ms` of time. */
async function run(scenario: ReturnType<typeof sagaScenario>, orders: number, ms = 60_000) {
  const { sim, flow } = headlessSimulation(scenario, { traceCapacity: 100_000 });
  await sim.sagaReady();
  for (let i = 0; i < orders; i++) {
    sim.send('producer1', 'order.placed', {
      orderId: 'o{{seq}}',
      sku: 'apple',
      qty: 1,
      amount: 100,
    });
    await flow(1000);
  }
  await flow(ms);
  const trace = sim.traceEvents();
  const snapshot = sim.getSnapshot().saga;
  // the stores agree with the outcomes: no stock held, no money kept for an undelivered order
  const problems = sim.saga?.problems();
  sim.dispose();
  return { trace, snapshot, problems };
}

const types = (trace: readonly TraceEvent[], type: string) => trace.filter((e) => e.type === type);

describe('the saga node in a Simulation', () => {
  it.each(['orchestration', 'choreography'] as const)(
    '%s: each message starts an order; all complete and the money adds up',
    async (mode) => {
      const { trace, snapshot, problems } = await run(sagaScenario({ mode }), 3);
      expect(problems).toEqual([]);
      expect(snapshot?.mode).toBe(mode);
      expect(snapshot?.instances.map((i) => [i.saga, i.status])).toEqual([
        ['o1', 'completed'],
        ['o2', 'completed'],
        ['o3', 'completed'],
      ]);
      expect(snapshot?.money).toEqual({ charged: 300, refunded: 0, kept: 300, delivered: 300 });
      expect(snapshot?.stores.inventory.stock.apple).toBe(17);
      // the producer's message travels to the saga node, then the saga's own messages
      expect(types(trace, 'message.sent')[0]).toMatchObject({ from: 'producer1', to: 'saga1' });
      if (mode === 'orchestration') {
        expect(trace).toContainEqual(
          expect.objectContaining({
            type: 'message.sent',
            from: 'orchestrator',
            to: 'saga-payment-commands',
          }),
        );
      } else {
        expect(trace).toContainEqual(
          expect.objectContaining({ type: 'message.sent', from: 'inventory', to: 'saga-bus' }),
        );
      }
    },
  );

  it.each(['orchestration', 'choreography'] as const)(
    '%s: payment set to fail aborts each order and undoes the reservation',
    async (mode) => {
      const s = withStep(sagaScenario({ mode }), 'payment', {
        fault: { mode: 'fail' },
        attempts: 2,
      });
      const { trace, snapshot, problems } = await run(s, 2);
      expect(problems).toEqual([]);
      expect(snapshot?.instances.map((i) => i.status)).toEqual(['aborted', 'aborted']);
      expect(types(trace, 'saga.compensated').map((e) => 'step' in e && e.step)).toEqual([
        'reserve',
        'reserve',
      ]);
      expect(types(trace, 'saga.step-retried')).toHaveLength(2);
      expect(snapshot?.money).toEqual({ charged: 0, refunded: 0, kept: 0, delivered: 0 });
      expect(snapshot?.stores.inventory.stock.apple).toBe(20);
    },
  );

  it('runs the steps in the saga node order, with its stock, decline and pivot', async () => {
    let s = sagaScenario({ pivot: 'payment' });
    const saga = s.nodes.find((n) => n.kind === 'saga');
    if (saga?.kind !== 'saga') throw new Error('no saga');
    const [a, b, c] = saga.steps;
    if (!a || !b || !c) throw new Error('three steps');
    s = { ...s, nodes: s.nodes.map((n) => (n.id === saga.id ? { ...saga, steps: [b, a, c] } : n)) };
    s = {
      ...s,
      nodes: s.nodes.map((n) =>
        n.kind === 'service' && n.service === 'inventory' ? { ...n, stock: { apple: 1 } } : n,
      ),
    };
    const { trace, snapshot } = await run(s, 2);
    const started = types(trace, 'saga.step-started').filter((e) => 'saga' in e && e.saga === 'o1');
    expect(started.map((e) => 'step' in e && e.step)).toEqual(['charge', 'reserve', 'ship']);
    // o2: charged (the pivot), then out of stock: past the pivot it is retried forward
    expect(snapshot?.instances.map((i) => [i.saga, i.status])).toEqual([
      ['o1', 'completed'],
      ['o2', 'running'],
    ]);
    expect(snapshot?.definition.pivot).toBe(0);
    expect(snapshot?.money).toMatchObject({ charged: 200, refunded: 0, delivered: 100 });
    expect(
      types(trace, 'saga.step-failed').some((e) => 'reason' in e && /stock/.test(e.reason)),
    ).toBe(true);
  });

  it('refuses a duplicate order id and a payload that is no order, with the reason in the trace', async () => {
    const { sim, flow } = headlessSimulation(sagaScenario(), { traceCapacity: 10_000 });
    await sim.sagaReady();
    sim.send('producer1', 'order.placed', { orderId: 'same', sku: 'apple', qty: 1, amount: 10 });
    sim.send('producer1', 'order.placed', { orderId: 'same', sku: 'apple', qty: 1, amount: 10 });
    sim.send('producer1', 'order.placed', { orderId: 'x', qty: -1 });
    sim.send('producer1', 'order.placed', 'just text');
    await flow(30_000);
    expect(types(sim.traceEvents(), 'order.refused')).toMatchObject([
      { saga: 'saga1', orderId: 'same', reason: 'order same has a saga already' },
      { saga: 'saga1', reason: expect.stringMatching(/^qty: /) },
      { saga: 'saga1', reason: expect.stringMatching(/no order/) },
    ]);
    expect(sim.getSnapshot().saga?.instances.map((i) => i.saga)).toEqual(['same']);
    sim.dispose();
  });

  it('makes up what a message leaves out from the seed, and refuses orders to a saga with no steps', async () => {
    const empty = sagaScenario();
    const saga = empty.nodes.find((n) => n.kind === 'saga');
    const bare = {
      ...empty,
      nodes: empty.nodes.map((n) =>
        n.id === saga?.id && n.kind === 'saga' ? { ...n, steps: [] } : n,
      ),
    };
    const { sim, flow } = headlessSimulation(bare, { traceCapacity: 1000 });
    await sim.sagaReady();
    sim.send('producer1', 'order.placed', {});
    await flow(2000);
    expect(types(sim.traceEvents(), 'order.refused')).toMatchObject([
      { reason: 'the saga has no steps: connect it to its services' },
    ]);
    sim.dispose();
  });

  it('gives the same trace twice for the same seed, scenario and fault script', async () => {
    const s = withStep(sagaScenario({ mode: 'choreography' }), 'shipping', {
      fault: { mode: 'flaky', failRate: 0.5 },
    });
    const strip = (t: readonly TraceEvent[]) => JSON.stringify(t);
    const script = [
      { at: 3000, action: 'fail-saga-step', service: 'payment', command: 'charge', until: 6000 },
    ];
    const once = async () => {
      const { sim, flow } = headlessSimulation(s, { traceCapacity: 100_000 });
      const { startFaultScript } = await import('../faults');
      expect(startFaultScript(sim, script).ok).toBe(true);
      await sim.sagaReady();
      sim.setRate('producer1', 2);
      await flow(20_000);
      const trace = sim.traceEvents();
      sim.dispose();
      return trace;
    };
    const first = await once();
    const second = await once();
    expect(types(first, 'saga.aborted').length).toBeGreaterThan(0);
    expect(types(first, 'saga.completed').length).toBeGreaterThan(0);
    expect(types(first, 'fault.applied')).toHaveLength(1);
    expect(strip(second)).toBe(strip(first));
  });
});

describe('a saga node whose saga cannot open', () => {
  it('says why, and refuses the orders that waited and those that come after', async () => {
    const clock = new SimulatedClock(0);
    const trace = new Trace(clock);
    const seen = recordTrace(trace, 100);
    const nodes = SagaNodes.open(
      { trace, hopMs: 700, openSaga: () => Promise.reject(new Error('the disk is full')) },
      sagaScenario(),
    );
    nodes?.receive({ orderId: 'early' });
    await nodes?.ready;
    nodes?.receive({ orderId: 'late' });
    expect(
      seen
        .events()
        .map((e) => [e.type, 'reason' in e ? e.reason : e.type === 'saga.error' && e.message]),
    ).toEqual([
      ['saga.error', 'the disk is full'],
      ['order.refused', 'the saga could not open'],
      ['order.refused', 'the saga could not open'],
    ]);
  });
});
