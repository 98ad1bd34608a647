import type { Edge, Node } from '@xyflow/react';
import { commandQueue, REPLY_QUEUE } from '../../engine/saga';
import { SAGA_SERVICES } from '../../engine/scenario/sagaSchema';
import type { SagaMode } from '../../engine/sim';
import { SAGA_BUS } from '../../labs/saga';

/**
 * What a node of the saga's picture is: the person, the controller, a service, a queue, the
 * bus, or a note where the controller would be.
 */
export type SagaNodeType = 'client' | 'orchestrator' | 'service' | 'queue' | 'bus' | 'note';
export type SagaFlowNode = Node<{ label: string }, SagaNodeType>;
/** `step`: routed around the picture (a way back up), instead of a curve */
export type SagaFlowEdge = Edge<{ route: 'curve' | 'step'; offset: number }, 'saga'>;

export const edgeId = (from: string, to: string) => `${from}->${to}`;

// one column per service, in the order of the steps: forward is left to right
const COLUMN = { inventory: 60, payment: 390, shipping: 720 } as const;
const ROW = { top: 0, queues: 190, services: 360, bottom: 620 } as const;

const node = (
  id: string,
  type: SagaNodeType,
  x: number,
  y: number,
  label: string = id,
): SagaFlowNode => ({ id, type, position: { x, y }, data: { label }, ariaLabel: label });

function edge(
  source: string,
  sourceHandle: string,
  target: string,
  targetHandle: string,
  route: 'curve' | 'step' = 'curve',
  offset = 0,
): SagaFlowEdge {
  return {
    id: edgeId(source, target),
    type: 'saga',
    source,
    sourceHandle,
    target,
    targetHandle,
    data: { route, offset },
  };
}

/**
 * The saga drawn in either mode on the same places: the services in a row (their steps run
 * left to right, their undos right to left), the person who orders at the top left. In
 * orchestration the controller sits above them with a command queue over each service and
 * the reply queue below; in choreography the bus takes the reply queue's place.
 */
export function sagaLayout(mode: SagaMode): { nodes: SagaFlowNode[]; edges: SagaFlowEdge[] } {
  const services = SAGA_SERVICES.map((s) => node(s, 'service', COLUMN[s], ROW.services));
  const client = node('orders', 'client', -300, ROW.top);
  if (mode === 'orchestration') {
    const queues = SAGA_SERVICES.map((s) => node(commandQueue(s), 'queue', COLUMN[s], ROW.queues));
    return {
      nodes: [
        client,
        node('orchestrator', 'orchestrator', COLUMN.payment, ROW.top),
        ...queues,
        ...services,
        node(REPLY_QUEUE, 'queue', COLUMN.payment, ROW.bottom),
      ],
      edges: [
        edge('orders', 'right', 'orchestrator', 'left'),
        ...SAGA_SERVICES.flatMap((s) => [
          edge('orchestrator', 'bottom', commandQueue(s), 'top'),
          edge(commandQueue(s), 'bottom', s, 'top'),
          edge(s, 'out', REPLY_QUEUE, 'top'),
        ]),
        // the replies go back up on the right, around the services
        edge(REPLY_QUEUE, 'right', 'orchestrator', 'right', 'step', 420),
      ],
    };
  }
  return {
    nodes: [
      client,
      // the controller's place stays, empty: nobody holds the whole saga
      node('no-orchestrator', 'note', COLUMN.payment - 40, ROW.top + 40),
      ...services,
      node(SAGA_BUS, 'bus', COLUMN.payment, ROW.bottom),
    ],
    edges: [
      // the order goes down on the left, around the services
      edge('orders', 'bottom', SAGA_BUS, 'left', 'step', 30),
      ...SAGA_SERVICES.flatMap((s) => [
        edge(s, 'out', SAGA_BUS, 'in'),
        edge(SAGA_BUS, 'out', s, 'in'),
      ]),
    ],
  };
}
