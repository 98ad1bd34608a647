import { describe, expect, it } from 'vitest';
import { rabbitmqLab } from '../../labs/rabbitmq';
import { MemoryLogStore } from '../../storage/memoryStore';
import { Simulation } from '../sim';
import { parseFaultScript } from './parse';
import { startFaultScript } from './runner';

/** Fires the simulation's timers one at a time, each once the saga's work has settled. */
async function settle(sim: Simulation, until: number) {
  for (let i = 0; i < 10_000; i++) {
    await sim.saga?.idle();
    const due = sim.clock.nextDue({ foreground: true });
    if (due === undefined || due > until) break;
    sim.clock.fireNext({ foreground: true });
  }
  sim.clock.advanceTo(until);
}

describe('fail-saga-step', () => {
  it('from its time the payment step fails, so orders abort; after `until` they complete', async () => {
    const sim = new Simulation(rabbitmqLab);
    const saga = await sim.openSaga({ mode: 'orchestration', store: new MemoryLogStore() });
    const started = startFaultScript(sim, [
      { at: 1000, action: 'fail-saga-step', service: 'payment', command: 'charge', until: 60_000 },
    ]);
    expect(started.ok).toBe(true);
    await settle(sim, 2000);
    expect(sim.getSnapshot().saga?.faults.payment?.charge).toEqual({ mode: 'fail' });
    saga.startOrder({ orderId: 'o1', sku: 'apple', qty: 1, amount: 100 });
    await settle(sim, 61_000);
    expect(sim.getSnapshot().saga?.faults.payment).toEqual({});
    saga.startOrder({ orderId: 'o2', sku: 'apple', qty: 1, amount: 100 });
    await settle(sim, 120_000);
    expect(saga.state('o1')?.status).toBe('aborted');
    expect(saga.state('o2')?.status).toBe('completed');
    const faults = sim.traceEvents().filter((e) => e.type.startsWith('fault.'));
    expect(faults.map((e) => [e.type, e.at])).toEqual([
      ['fault.applied', 1000],
      ['fault.ended', 60_000],
    ]);
    sim.dispose();
  });

  it('is refused when the run has no saga, and validates its fault', async () => {
    const sim = new Simulation(rabbitmqLab);
    startFaultScript(sim, [
      { at: 0, action: 'fail-saga-step', service: 'payment', command: 'charge' },
    ]);
    sim.clock.advance(1);
    expect(sim.traceEvents().filter((e) => e.type === 'fault.refused')).toMatchObject([
      { line: 0, reason: 'the saga is not open in this run' },
    ]);
    const bad = parseFaultScript([
      {
        at: 0,
        action: 'fail-saga-step',
        service: 'payment',
        command: 'charge',
        fault: { mode: 'flaky', failRate: 2 },
      },
    ]);
    expect(bad).toMatchObject({ ok: false, problems: [{ line: 0, field: 'fault.failRate' }] });
  });

  it('an unknown service is refused, naming the services there are', async () => {
    const sim = new Simulation(rabbitmqLab);
    await sim.openSaga({ mode: 'orchestration', store: new MemoryLogStore() });
    startFaultScript(sim, [
      {
        at: 0,
        action: 'fail-saga-step',
        service: 'billing',
        command: 'charge',
        fault: { mode: 'flaky', failRate: 0.5 },
      },
    ]);
    sim.clock.advance(1);
    expect(sim.traceEvents().filter((e) => e.type === 'fault.refused')).toMatchObject([
      { reason: 'no service "billing" in the saga (services: inventory, payment, shipping)' },
    ]);
    sim.dispose();
  });
});
