import { orderSagaDefinition } from '../../engine/saga';
import type { Scenario } from '../../engine/scenario';

const ACTIONS = new Map(orderSagaDefinition().steps.map((s) => [s.service, s.action]));

/**
 * The fault script's line for a saga in the scenario: "from 10 s the payment step fails"
 * (the payment step if the saga has one, else its first), for the template buttons.
 */
export function sagaFaultTemplate(s: Scenario): { label: string; line: Record<string, unknown> }[] {
  const saga = s.nodes.find((n) => n.kind === 'saga');
  if (saga?.kind !== 'saga') return [];
  const services = saga.steps.flatMap((step) => {
    const node = s.nodes.find((n) => n.id === step.service);
    return node?.kind === 'service' ? [node.service] : [];
  });
  const service = services.includes('payment') ? 'payment' : services[0];
  const command = service === undefined ? undefined : ACTIONS.get(service);
  if (service === undefined || command === undefined) return [];
  return [
    {
      label: 'fail saga step',
      line: { at: 10000, action: 'fail-saga-step', service, command, until: 20000 },
    },
  ];
}
