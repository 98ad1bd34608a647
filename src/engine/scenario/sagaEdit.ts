import { SAGA_SERVICES, type SagaNode, type ServiceNode } from './sagaSchema';
import type { Scenario, ScenarioNode } from './schema';

/**
 * The playground's edits particular to a saga and its services (edit.ts calls these and
 * checks the result against the schema, as every edit). A saga's steps live on the saga
 * node, in order; the canvas draws each as an edge saga -> service (`sagaStepEdgeId`).
 */

/** The edge drawn for a saga's step; deleting it removes the step. */
export const sagaStepEdgeId = (saga: string, service: string) => `step:${saga}:${service}`;

/** What the course's shop services start with: the inventory's shelf. */
const STORES: Readonly<Record<ServiceNode['service'], Record<string, unknown>>> = {
  inventory: { stock: { apple: 20, pear: 10 } },
  payment: {},
  shipping: {},
};

/** A new saga (one a scenario), or the next of the shop's services not yet on the canvas. */
export function sagaDefaults(
  kind: 'saga' | 'service',
  s: Scenario,
): Record<string, unknown> | string {
  if (kind === 'saga') {
    const saga = s.nodes.find((n) => n.kind === 'saga');
    if (saga) return `A scenario runs one saga, and ${saga.label} is it`;
    return { mode: 'orchestration', steps: [] };
  }
  const taken = new Set(s.nodes.flatMap((n) => (n.kind === 'service' ? [n.service] : [])));
  const service = SAGA_SERVICES.find((name) => !taken.has(name));
  if (service === undefined) {
    return `The saga has one service of each kind, and ${SAGA_SERVICES.join(', ')} are all here`;
  }
  return { label: service, service, ...STORES[service] };
}

/** saga -> service: the service's step is added after the saga's last one. */
export function addStep(s: Scenario, saga: SagaNode, service: ServiceNode): Scenario | string {
  const at = saga.steps.findIndex((step) => step.service === service.id);
  if (at >= 0) return `${service.label} is already step ${at + 1} of ${saga.label}`;
  const steps = [...saga.steps, { service: service.id, attempts: 3 }];
  return { ...s, nodes: s.nodes.map((n) => (n.id === saga.id ? { ...saga, steps } : n)) };
}

/**
 * After a removal: a saga loses the steps of removed services and of removed step edges,
 * and its pivot when that step went.
 */
export function withoutRemovedSteps(node: ScenarioNode, gone: ReadonlySet<string>): ScenarioNode {
  if (node.kind !== 'saga') return node;
  const kept = node.steps.filter(
    (step) => !gone.has(step.service) && !gone.has(sagaStepEdgeId(node.id, step.service)),
  );
  if (kept.length === node.steps.length) return node;
  const { pivot, ...rest } = node;
  const keepsPivot = pivot !== undefined && kept.some((step) => step.service === pivot);
  return keepsPivot ? { ...rest, pivot, steps: kept } : { ...rest, steps: kept };
}

/** Moves a step one place earlier (-1) or later (+1) in its saga's order. */
export function moveStep(saga: SagaNode, index: number, by: -1 | 1): SagaNode['steps'] {
  const steps = [...saga.steps];
  const to = index + by;
  const step = steps[index];
  if (step === undefined || to < 0 || to >= steps.length) return steps;
  steps.splice(index, 1);
  steps.splice(to, 0, step);
  return steps;
}

/** The saga's steps as edges saga -> service, for a layout. */
export function sagaSteps(saga: SagaNode): [string, string][] {
  return saga.steps.map((step) => [saga.id, step.service]);
}

/**
 * After a layout: the saga's services that stand in one column are put top to bottom in
 * step order (a layered layout orders a column as it likes; the steps read better in order).
 */
export function stepsTopToBottom(
  s: Scenario,
  positions: Map<string, { x: number; y: number }>,
): void {
  const saga = s.nodes.find((n) => n.kind === 'saga');
  if (saga?.kind !== 'saga') return;
  const columns = new Map<number, string[]>();
  for (const step of saga.steps) {
    const p = positions.get(step.service);
    if (p === undefined) continue;
    const x = Math.round(p.x);
    columns.set(x, [...(columns.get(x) ?? []), step.service]);
  }
  for (const ids of columns.values()) {
    const ys = ids.map((id) => positions.get(id)?.y ?? 0).sort((a, b) => a - b);
    ids.forEach((id, i) => {
      const p = positions.get(id);
      const y = ys[i];
      if (p !== undefined && y !== undefined) positions.set(id, { x: p.x, y });
    });
  }
}
