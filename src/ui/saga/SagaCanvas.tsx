import { type EdgeTypes, type NodeTypes, useEdgesState, useNodesState } from '@xyflow/react';
import { useMemo } from 'react';
import type { SagaMode } from '../../engine/sim';
import type { TraceEvent } from '../../engine/trace';
import { FlowCanvas } from '../canvas/FlowCanvas';
import { useSession } from '../lab/session';
import { ClientNode } from './nodes/ClientNode';
import { NoteNode } from './nodes/NoteNode';
import { OrchestratorNode } from './nodes/OrchestratorNode';
import { SagaBusNode } from './nodes/SagaBusNode';
import { SagaQueueNode } from './nodes/SagaQueueNode';
import { ServiceNode } from './nodes/ServiceNode';
import { SagaEdge } from './SagaEdge';
import { sagaLayout } from './sagaLayout';
import { sagaParticles } from './sagaParticles';
import { useSagaT } from './strings';

// defined once, outside render, as React Flow asks
const nodeTypes: NodeTypes = {
  client: ClientNode,
  orchestrator: OrchestratorNode,
  service: ServiceNode,
  queue: SagaQueueNode,
  bus: SagaBusNode,
  note: NoteNode,
};
const edgeTypes: EdgeTypes = { saga: SagaEdge };

/** The saga as its services, their stores and the way its messages travel, in one mode. */
export function SagaCanvas({ mode }: { mode: SagaMode }) {
  const { text: s } = useSagaT();
  const session = useSession();
  const layout = useMemo(() => sagaLayout(mode), [mode]);
  const [nodes, , onNodesChange] = useNodesState(layout.nodes);
  const [edges, , onEdgesChange] = useEdgesState(layout.edges);
  const particlesOf = useMemo(() => {
    const ids = new Set(layout.edges.map((e) => e.id));
    const hopMs = session.sim.hopMs;
    return (event: TraceEvent) => sagaParticles(event, hopMs, ids);
  }, [layout, session]);
  return (
    <FlowCanvas
      label={s('canvas')}
      className="saga-canvas"
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      fitViewOptions={{ padding: 0.06 }}
      particlesOf={particlesOf}
    />
  );
}
