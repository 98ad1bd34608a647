import { describe, expect, it } from 'vitest';
import { startFaultScript } from '../../engine/faults';
import { headlessSimulation } from '../../engine/sim/headless';
import { sagaScenario } from '../../engine/sim/sagaTesting';
import { sagaFaultTemplate } from './sagaFaultTemplate';

describe('the fault script on a playground saga', () => {
  it('sets the rate of a producer that sends to the saga, and fails the payment step for a while', async () => {
    const s = sagaScenario();
    const [template] = sagaFaultTemplate(s);
    expect(template?.line).toEqual({
      at: 10000,
      action: 'fail-saga-step',
      service: 'payment',
      command: 'charge',
      until: 20000,
    });
    const { sim, flow } = headlessSimulation(s, { traceCapacity: 100_000 });
    const started = startFaultScript(sim, [
      { at: 0, action: 'set-rate', producer: 'producer1', rate: 1 },
      template?.line,
    ]);
    expect(started.ok).toBe(true);
    await sim.sagaReady();
    await flow(40_000);
    const trace = sim.traceEvents();
    expect(trace.filter((e) => e.type === 'fault.applied')).toHaveLength(2);
    const ended = (type: string) =>
      trace.flatMap((e) => (e.type === type && 'saga' in e ? [e.saga] : []));
    // orders started in the window abort (the charge fails, the reservation is undone)
    expect(ended('saga.aborted').length).toBeGreaterThan(3);
    expect(ended('saga.completed').length).toBeGreaterThan(10);
    expect(sim.getSnapshot().saga?.faults.payment).toEqual({});
    sim.dispose();
  });

  it('offers nothing for a saga with no steps', () => {
    const s = sagaScenario();
    const bare = {
      ...s,
      nodes: s.nodes.map((n) => (n.kind === 'saga' ? { ...n, steps: [] } : n)),
    };
    expect(sagaFaultTemplate(bare)).toEqual([]);
  });
});
