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
import { useT } from '../i18n';
import { useSession } from '../lab/session';
import { useResolvedTheme } from '../theme';
import { BindingEdge } from './BindingEdge';
import { EdgePathsContext } from './edgePaths';
import { LinkEdge } from './LinkEdge';
import { MessageEdge } from './MessageEdge';
import { BusNode } from './nodes/BusNode';
import { ConsumerNode } from './nodes/ConsumerNode';
import { ExchangeNode } from './nodes/ExchangeNode';
import { ExternalNode } from './nodes/ExternalNode';
import { HttpNode } from './nodes/HttpNode';
import { ListenerNode } from './nodes/ListenerNode';
import { ProducerNode } from './nodes/ProducerNode';
import { QueueNode } from './nodes/QueueNode';
import { ParticleLayer } from './ParticleLayer';
import { SubscriptionEdge } from './SubscriptionEdge';
import { toFlowEdges, toFlowNodes } from './toFlow';

// defined once, outside render, as React Flow asks
const nodeTypes: NodeTypes = {
  producer: ProducerNode,
  bus: BusNode,
  listener: ListenerNode,
  exchange: ExchangeNode,
  queue: QueueNode,
  consumer: ConsumerNode,
  external: ExternalNode,
  http: HttpNode,
};
const edgeTypes: EdgeTypes = {
  message: MessageEdge,
  subscription: SubscriptionEdge,
  binding: BindingEdge,
  link: LinkEdge,
};
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };

/** Draws any scenario: nodes by kind, plain edges, and one edge per subscription. */
export function ScenarioCanvas() {
  const { t } = useT();
  const { scenario } = useSession();
  const theme = useResolvedTheme();
  const initialNodes = useMemo(() => toFlowNodes(scenario), [scenario]);
  const initialEdges = useMemo(() => toFlowEdges(scenario), [scenario]);
  const [nodes, , onNodesChange] = useNodesState(initialNodes);
  const [edges, , onEdgesChange] = useEdgesState(initialEdges);
  const [paths] = useState(() => new Map<string, SVGPathElement>());

  return (
    <EdgePathsContext.Provider value={paths}>
      <section className="canvas" aria-label={t('canvas')}>
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
          fitViewOptions={{ padding: 0.12 }}
          minZoom={0.3}
          maxZoom={2}
          nodesConnectable={false}
          edgesFocusable={false}
          deleteKeyCode={null}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
          <Controls showInteractive={false} />
          <ParticleLayer />
        </ReactFlow>
      </section>
    </EdgePathsContext.Provider>
  );
}
