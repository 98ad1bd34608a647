import {
  Background,
  BackgroundVariant,
  Controls,
  type EdgeTypes,
  MarkerType,
  type NodeTypes,
  ReactFlow,
  useEdgesState,
  useNodesState,
} from '@xyflow/react';
import { useMemo, useState } from 'react';
import type { SagaMode } from '../../engine/sim';
import type { TraceEvent } from '../../engine/trace';
import { EdgePathsContext } from '../canvas/edgePaths';
import { ParticleLayer } from '../canvas/ParticleLayer';
import { useSession } from '../lab/session';
import { useResolvedTheme } from '../theme';
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
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };

/** The saga as its services, their stores and the way its messages travel, in one mode. */
export function SagaCanvas({ mode }: { mode: SagaMode }) {
  const { text: s } = useSagaT();
  const session = useSession();
  const theme = useResolvedTheme();
  const layout = useMemo(() => sagaLayout(mode), [mode]);
  const [nodes, , onNodesChange] = useNodesState(layout.nodes);
  const [edges, , onEdgesChange] = useEdgesState(layout.edges);
  const [paths] = useState(() => new Map<string, SVGPathElement>());
  const particlesOf = useMemo(() => {
    const ids = new Set(layout.edges.map((e) => e.id));
    const hopMs = session.sim.hopMs;
    return (event: TraceEvent) => sagaParticles(event, hopMs, ids);
  }, [layout, session]);
  return (
    <EdgePathsContext.Provider value={paths}>
      <section className="canvas saga-canvas" aria-label={s('canvas')}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          defaultEdgeOptions={defaultEdgeOptions}
          colorMode={theme}
          fitView
          fitViewOptions={{ padding: 0.06 }}
          minZoom={0.3}
          maxZoom={2}
          nodesConnectable={false}
          edgesFocusable={false}
          deleteKeyCode={null}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
          <Controls showInteractive={false} />
          <ParticleLayer particlesOf={particlesOf} />
        </ReactFlow>
      </section>
    </EdgePathsContext.Provider>
  );
}
