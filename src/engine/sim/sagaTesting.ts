import type { Scenario } from '../scenario';
import { addNode, connect, emptyScenario, updateNode } from '../scenario/edit';
import { SAGA_SERVICES, type SagaNode } from '../scenario/sagaSchema';
import { accepted } from '../scenario/testing';
import type { Simulation } from './Simulation';

/**
 * A playground sketch built as a person would, edit by edit: producer -> saga -> inventory,
 * payment, shipping; the producer sends one order a message (`o{{seq}}`).
 */
export function sagaScenario(saga: Partial<Omit<SagaNode, 'steps'>> = {}): Scenario {
  let s = emptyScenario('saga-sketch');
  for (const kind of ['producer', 'saga', 'service', 'service', 'service'] as const) {
    s = accepted(addNode(s, kind, { x: s.nodes.length * 250, y: 0 }));
  }
  s = accepted(connect(s, 'producer1', 'saga1'));
  for (const service of SAGA_SERVICES) s = accepted(connect(s, 'saga1', service));
  s = accepted(
    updateNode(s, 'producer1', {
      emits: [
        { event: 'order.placed', data: { orderId: 'o{{seq}}', sku: 'apple', qty: 1, amount: 100 } },
      ],
    }),
  );
  return accepted(updateNode(s, 'saga1', saga));
}

/** Sets a step's fields (by its service node). */
export function withStep(s: Scenario, service: string, patch: Record<string, unknown>): Scenario {
  const saga = s.nodes.find((n) => n.kind === 'saga');
  if (saga?.kind !== 'saga') throw new Error('no saga');
  const steps = saga.steps.map((step) => (step.service === service ? { ...step, ...patch } : step));
  return accepted(updateNode(s, saga.id, { steps }));
}

/** The producer of `sagaScenario` sends one order (`o<seq>`, an apple) worth `amount`. */
export function sendOrder(sim: Simulation, amount = 100): string {
  return sim.send('producer1', 'order.placed', {
    orderId: 'o{{seq}}',
    sku: 'apple',
    qty: 1,
    amount,
  });
}
