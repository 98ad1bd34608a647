import dagre from '@dagrejs/dagre';
import { temporal } from 'zundo';
import { createStore } from 'zustand/vanilla';
import type { Scenario } from '../../engine/scenario';
import {
  addNode,
  connect,
  type EditResult,
  emptyScenario,
  moveNodes,
  type NodeKind,
  removeElements,
  updateBinding,
  updateNode,
  updateSubscription,
} from '../../engine/scenario/edit';
import { sagaSteps, stepsTopToBottom } from '../../engine/scenario/sagaEdit';

/** A refused edit, said next to where it happened (a field of the selected node, or a bar). */
export interface Notice {
  readonly text: string;
  readonly field?: string;
  /** the node or connection it is about */
  readonly target?: string;
}

export interface PlaygroundDoc {
  /** the document: always a valid scenario (a refused edit changes nothing) */
  readonly scenario: Scenario;
  /** the selected node or connection */
  readonly selected: string | undefined;
  readonly notice: Notice | undefined;
  /** grows with each layout, so the canvas fits the new picture into view */
  readonly layouts: number;
}

/** Undo steps kept: enough for a session of building, bounded. */
const HISTORY = 200;

/**
 * The playground's document with undo and redo (zundo keeps past and future scenarios; the
 * selection and notices are not part of history). Every edit goes through the pure edits of
 * src/engine/scenario/edit.ts.
 */
export function createPlaygroundDoc(initial: Scenario = emptyScenario()) {
  const store = createStore<PlaygroundDoc>()(
    temporal(
      (): PlaygroundDoc => ({
        scenario: initial,
        selected: undefined,
        notice: undefined,
        layouts: 0,
      }),
      {
        limit: HISTORY,
        partialize: (state) => ({ scenario: state.scenario }),
        // a selection or a notice is not a step to undo
        equality: (a, b) => a.scenario === b.scenario,
      },
    ),
  );

  const apply = (result: EditResult, target?: string): EditResult => {
    if (result.ok) {
      store.setState({
        scenario: result.scenario,
        notice: undefined,
        ...(result.created !== undefined ? { selected: result.created } : {}),
      });
    } else {
      store.setState({
        notice: {
          text: result.reason,
          ...(result.field !== undefined ? { field: result.field } : {}),
          ...(target !== undefined ? { target } : {}),
        },
      });
    }
    return result;
  };
  const scenario = () => store.getState().scenario;

  return {
    store,
    undo: () => store.temporal.getState().undo(),
    redo: () => store.temporal.getState().redo(),
    /** Replaces the document (a lab, a file, a link); it can be undone like an edit. */
    load(next: Scenario) {
      store.setState({ scenario: next, selected: undefined, notice: undefined });
    },
    add(kind: NodeKind, position?: { x: number; y: number }) {
      return apply(addNode(scenario(), kind, position ?? freeSpot(scenario())));
    },
    connect: (source: string, target: string) => apply(connect(scenario(), source, target), source),
    remove: (ids: readonly string[]) => {
      const result = apply(removeElements(scenario(), ids));
      if (result.ok) store.setState({ selected: undefined });
      return result;
    },
    update: (id: string, patch: Record<string, unknown>) =>
      apply(updateNode(scenario(), id, patch), id),
    updateBinding: (id: string, key: string) => apply(updateBinding(scenario(), id, { key }), id),
    updatePattern: (id: string, pattern: string) =>
      apply(updateSubscription(scenario(), id, { pattern }), id),
    move(positions: ReadonlyMap<string, { x: number; y: number }>) {
      store.setState({ scenario: moveNodes(scenario(), positions) });
    },
    /** Lays the graph out left to right in layers, as messages flow (dagre). */
    layout() {
      store.setState({
        scenario: moveNodes(scenario(), layeredPositions(scenario())),
        layouts: store.getState().layouts + 1,
      });
    },
    select: (id: string | undefined) => store.setState({ selected: id, notice: undefined }),
    dismiss: () => store.setState({ notice: undefined }),
  };
}

export type PlaygroundDocApi = ReturnType<typeof createPlaygroundDoc>;

const NODE_W = 200;
/** About how tall each kind draws (a consumer lists its workers), so layers do not overlap. */
const NODE_H: Readonly<Record<Scenario['nodes'][number]['kind'], number>> = {
  producer: 170,
  bus: 120,
  listener: 140,
  exchange: 120,
  queue: 130,
  consumer: 210,
  external: 90,
  http: 120,
  topic: 190,
  group: 200,
  saga: 190,
  service: 160,
};

/** Where a new node goes: right of everything, so it never lands on another. */
function freeSpot(s: Scenario): { x: number; y: number } {
  if (s.nodes.length === 0) return { x: 0, y: 0 };
  const right = Math.max(...s.nodes.map((n) => n.position.x));
  const top = Math.min(...s.nodes.map((n) => n.position.y));
  return { x: right + NODE_W + 60, y: top };
}

/** Every connection of the scenario as a directed edge, for the layout. */
function flowEdges(s: Scenario): [string, string][] {
  return [
    ...s.edges.map((e): [string, string] => [e.source, e.target]),
    ...s.bindings.map((b): [string, string] => [b.exchange, b.queue]),
    ...s.subscriptions.map((x): [string, string] => [x.bus, x.listener]),
    ...s.nodes.flatMap((n): [string, string][] =>
      n.kind === 'consumer' ? [[n.queue, n.id]] : n.kind === 'group' ? [[n.topic, n.id]] : [],
    ),
    ...s.nodes.flatMap((n) => (n.kind === 'saga' ? sagaSteps(n) : [])),
  ];
}

export function layeredPositions(s: Scenario): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of s.nodes) g.setNode(n.id, { width: NODE_W, height: NODE_H[n.kind] });
  for (const [a, b] of flowEdges(s)) g.setEdge(a, b);
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of s.nodes) {
    const p = g.node(n.id);
    // dagre gives centres; React Flow places nodes by their top-left corner
    if (p) out.set(n.id, { x: p.x - NODE_W / 2, y: p.y - NODE_H[n.kind] / 2 });
  }
  stepsTopToBottom(s, out);
  return out;
}
