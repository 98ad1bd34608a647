import {
  type EdgeTypes,
  type NodeTypes,
  useEdgesState,
  useNodesState,
  useReactFlow,
} from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import type { Scenario } from '../../engine/scenario';
import { useT } from '../i18n';
import { useSession } from '../lab/session';
import { BindingEdge } from './BindingEdge';
import { FlowCanvas } from './FlowCanvas';
import { LinkEdge } from './LinkEdge';
import { MessageEdge } from './MessageEdge';
import { BusNode } from './nodes/BusNode';
import { ConsumerNode } from './nodes/ConsumerNode';
import { ExchangeNode } from './nodes/ExchangeNode';
import { ExternalNode } from './nodes/ExternalNode';
import { GroupNode } from './nodes/GroupNode';
import { HttpNode } from './nodes/HttpNode';
import { ListenerNode } from './nodes/ListenerNode';
import { ProducerNode } from './nodes/ProducerNode';
import { QueueNode } from './nodes/QueueNode';
import { SagaNode } from './nodes/SagaNode';
import { ServiceNode } from './nodes/ServiceNode';
import { TopicNode } from './nodes/TopicNode';
import { SagaLinkEdge } from './SagaLinkEdge';
import { SubscriptionEdge } from './SubscriptionEdge';
import { renewFlowNodes, toFlowEdges, toFlowNodes } from './toFlow';

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
  saga: SagaNode,
  service: ServiceNode,
  topic: TopicNode,
  group: GroupNode,
};
const edgeTypes: EdgeTypes = {
  message: MessageEdge,
  subscription: SubscriptionEdge,
  binding: BindingEdge,
  link: LinkEdge,
  sagaLink: SagaLinkEdge,
};

/**
 * What the playground adds to the canvas: the scenario it edits (newer than the running
 * one while a change waits to restart the run), and where connections, drags, deletions and
 * the selection go. The labs pass none: their picture is fixed.
 */
export interface CanvasEditor {
  readonly scenario: Scenario;
  readonly selected: string | undefined;
  /** changes when the picture should be fitted into view again (a layout) */
  readonly fitSignal: number;
  connect(source: string, target: string): void;
  move(positions: ReadonlyMap<string, { x: number; y: number }>): void;
  remove(ids: readonly string[]): void;
  select(id: string | undefined): void;
}

/** Draws any scenario: nodes by kind, plain edges, and one edge per subscription. */
export function ScenarioCanvas({ editor }: { editor?: CanvasEditor } = {}) {
  const { t } = useT();
  const session = useSession();
  const scenario = editor?.scenario ?? session.scenario;
  const selected = editor?.selected;
  const initialNodes = useMemo(() => toFlowNodes(scenario), [scenario]);
  const initialEdges = useMemo(() => toFlowEdges(scenario), [scenario]);
  const [nodes, setNodes, onNodesChange] = useNodesState(initialNodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState(initialEdges);
  const editing = editor !== undefined;

  // in the playground the picture follows the document. The selection is React Flow's
  // own (a click, a drag box); it is only told what the document selected when the document
  // changes (a node just added), so the two never chase each other in a loop
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  useEffect(() => {
    if (!editing) return;
    setNodes((current) => renewFlowNodes(initialNodes, current, selectedRef.current));
    setEdges(initialEdges.map((e) => ({ ...e, selected: e.id === selectedRef.current })));
  }, [editing, initialNodes, initialEdges, setNodes, setEdges]);

  return (
    <FlowCanvas
      label={t('canvas')}
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      fitViewOptions={{ padding: 0.12 }}
      nodesConnectable={editing}
      edgesFocusable={editing}
      deleteKeyCode={editing ? ['Delete', 'Backspace'] : null}
      {...(editor ? editorProps(editor, selectedRef) : {})}
    >
      {editor && <FitOnChange nodes={nodes.length} signal={editor.fitSignal} />}
    </FlowCanvas>
  );
}

type Ids = { nodes: { id: string }[]; edges: { id: string }[] };

/** Where the playground's connections, drags, deletions and selection go. */
function editorProps(editor: CanvasEditor, selectedRef: { current: string | undefined }) {
  return {
    onConnect: (c: { source: string; target: string }) => editor.connect(c.source, c.target),
    onNodeDragStop: (
      _e: unknown,
      _node: unknown,
      dragged: { id: string; position: { x: number; y: number } }[],
    ) => editor.move(new Map(dragged.map((n) => [n.id, n.position]))),
    onDelete: ({ nodes, edges }: Ids) =>
      editor.remove([...nodes.map((x) => x.id), ...edges.map((x) => x.id)]),
    onSelectionChange: ({ nodes, edges }: Ids) => {
      const id = nodes[0]?.id ?? edges[0]?.id;
      if (id !== undefined && id !== selectedRef.current) editor.select(id);
    },
    onPaneClick: () => editor.select(undefined),
  };
}

/**
 * Fits the picture into view when nodes come or go, or after a layout: a node added off
 * screen would otherwise be invisible. Waits a frame so React Flow has measured them.
 */
function FitOnChange({ nodes, signal }: { nodes: number; signal: number }) {
  const { fitView } = useReactFlow();
  // the instance's functions are new on every render: only the counts may trigger a fit
  const fit = useRef(fitView);
  fit.current = fitView;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the counts are the triggers
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      void fit.current({ padding: 0.15, maxZoom: 1, duration: 200 });
    });
    return () => cancelAnimationFrame(frame);
  }, [nodes, signal]);
  return null;
}
