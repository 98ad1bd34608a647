import { describe, expect, it } from 'vitest';
import { headlessSimulation } from '../../engine/sim/headless';
import { sagaScenario, withStep } from '../../engine/sim/sagaTesting';
import { sagaFlowEdges, sagaParticleMapper } from './sagaFlow';

/** One order with payment failing, run headless; its trace mapped to the canvas's particles. */
async function particles(mode: 'orchestration' | 'choreography') {
  const s = withStep(sagaScenario({ mode }), 'payment', { fault: { mode: 'fail' }, attempts: 1 });
  const { sim, flow } = headlessSimulation(s, { traceCapacity: 10_000 });
  await sim.sagaReady();
  sim.send('producer1', 'order.placed', { orderId: 'o1', sku: 'apple', qty: 1, amount: 5 });
  await flow(30_000);
  const map = sagaParticleMapper(s, sim.hopMs);
  const edges = new Set(sagaFlowEdges(s).map((e) => e.id));
  const out = sim.traceEvents().flatMap((e) => map?.(e) ?? []);
  sim.dispose();
  for (const p of out) expect(edges.has(p.edgeId), p.edgeId).toBe(true);
  return out.map((p) => [p.edgeId, p.kind]);
}

describe('the saga on the playground canvas', () => {
  it('orchestration: commands on the steps, replies back beside them, the undo in its own style', async () => {
    expect(await particles('orchestration')).toEqual([
      ['step:saga1:inventory', 'message'],
      ['reply:inventory', 'all'],
      ['step:saga1:payment', 'message'],
      ['reply:payment', 'failed'],
      ['step:saga1:inventory', 'compensation'],
      ['reply:inventory', 'compensation'],
    ]);
  });

  it('choreography: events from service to service, the failure and the undo going back', async () => {
    expect(await particles('choreography')).toEqual([
      ['step:saga1:inventory', 'message'],
      ['event:inventory:payment', 'message'],
      ['event:payment:inventory', 'failed'],
    ]);
  });

  it.each(['orchestration', 'choreography'] as const)(
    '%s: each dot names its own order, with orders on their way at once',
    async (mode) => {
      const s = sagaScenario({ mode });
      const { sim, flow } = headlessSimulation(s, { traceCapacity: 10_000 });
      await sim.sagaReady();
      for (const orderId of ['a', 'b', 'c']) {
        sim.send('producer1', 'order.placed', { orderId, sku: 'apple', qty: 1, amount: 5 });
      }
      await flow(30_000);
      const map = sagaParticleMapper(s, sim.hopMs);
      const out = sim.traceEvents().flatMap((e) => map?.(e) ?? []);
      sim.dispose();
      // the label says the order a command or reply is about; an event's dot is its emit's
      const orders = out.map((p) => (p.journey?.kind === 'order' ? p.journey.instance : '?'));
      expect(new Set(orders)).toEqual(new Set(['a', 'b', 'c']));
      if (mode === 'orchestration') {
        expect(out.map((p) => p.label?.split(' ')[0])).toEqual(orders);
      }
      // every order's dots: the same count (they run the same way)
      const count = (o: string) => orders.filter((x) => x === o).length;
      expect(count('a')).toBe(count('b'));
      expect(count('b')).toBe(count('c'));
    },
  );

  it('draws the steps in order with the pivot, and the ways back by mode', () => {
    const orchestration = sagaFlowEdges(sagaScenario({ pivot: 'payment' }));
    expect(orchestration.map((e) => [e.id, e.data?.role, e.data?.label])).toEqual([
      ['step:saga1:inventory', 'step', '1'],
      ['step:saga1:payment', 'step', '2 · pivot'],
      ['step:saga1:shipping', 'step', '3'],
      ['reply:inventory', 'back', undefined],
      ['reply:payment', 'back', undefined],
      ['reply:shipping', 'back', undefined],
    ]);
    const choreography = sagaFlowEdges(sagaScenario({ mode: 'choreography' }));
    expect(choreography.map((e) => e.id).slice(3)).toEqual([
      'event:inventory:payment',
      'event:payment:inventory',
      'event:payment:shipping',
      'event:shipping:payment',
    ]);
  });
});
