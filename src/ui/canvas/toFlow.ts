import type { Edge, Node } from '@xyflow/react';
import { patternKind } from '../../engine/bus';
import type {
  Scenario,
  ScenarioBinding,
  ScenarioNode,
  ScenarioSubscription,
} from '../../engine/scenario';
import { type SagaLinkFlowEdge, sagaFlowEdges } from './sagaFlow';

export type ScenarioFlowNode = Node<{ node: ScenarioNode }, ScenarioNode['kind']>;
export type MessageFlowEdge = Edge<Record<string, never>, 'message'>;
export type SubscriptionFlowEdge = Edge<
  { subscription: ScenarioSubscription; parallelIndex: number; parallelCount: number },
  'subscription'
>;
export type BindingFlowEdge = Edge<{ binding: ScenarioBinding }, 'binding'>;
/** queue -> consumer, and queue -> its dead-letter exchange */
export type LinkFlowEdge = Edge<{ dashed: boolean; label: string | undefined }, 'link'>;
export type ScenarioFlowEdge =
  | MessageFlowEdge
  | SubscriptionFlowEdge
  | BindingFlowEdge
  | LinkFlowEdge
  | SagaLinkFlowEdge;

/** Edge ids the picture derives from the scenario: a consumer's, a dead-letter route's. */
export const consumeEdgeId = (consumerId: string) => `consume:${consumerId}`;
export const deadLetterEdgeId = (queueId: string) => `dlx:${queueId}`;
/** topic -> the consumer group that reads it */
export const readEdgeId = (groupId: string) => `read:${groupId}`;

/** A scenario's nodes as React Flow nodes; each carries its name as its accessible label. */
export function toFlowNodes(scenario: Scenario): ScenarioFlowNode[] {
  return scenario.nodes.map((node) => ({
    id: node.id,
    type: node.kind,
    position: node.position,
    data: { node },
    ariaLabel: node.label,
  }));
}

/**
 * The document's nodes replacing the canvas's `current` ones after an edit, `selected` marked.
 * Each keeps what React Flow measured of it: a node given without `measured` is hidden until
 * its size changes (xyflow's adoptUserNodes), and an edit that leaves a node's size alone
 * never changes it, so the node would stay hidden.
 */
export function renewFlowNodes(
  next: readonly ScenarioFlowNode[],
  current: readonly ScenarioFlowNode[],
  selected: string | undefined,
): ScenarioFlowNode[] {
  const measured = new Map(current.map((n) => [n.id, n.measured]));
  return next.map((n) => {
    const size = measured.get(n.id);
    return { ...n, ...(size !== undefined && { measured: size }), selected: n.id === selected };
  });
}

/** Plain edges plus one edge per subscription (bus -> listener), labelled with its pattern. */
export function toFlowEdges(scenario: Scenario): ScenarioFlowEdge[] {
  const plain: ScenarioFlowEdge[] = scenario.edges.map((edge) => ({
    id: edge.id,
    type: 'message',
    source: edge.source,
    target: edge.target,
    data: {},
  }));
  // subscriptions between the same bus and listener are drawn side by side
  const pairKey = (s: ScenarioSubscription) => `${s.bus}\u0000${s.listener}`;
  const pairCount = new Map<string, number>();
  for (const s of scenario.subscriptions)
    pairCount.set(pairKey(s), (pairCount.get(pairKey(s)) ?? 0) + 1);
  const seen = new Map<string, number>();
  const subs: ScenarioFlowEdge[] = scenario.subscriptions.map((subscription) => {
    const key = pairKey(subscription);
    const parallelIndex = seen.get(key) ?? 0;
    seen.set(key, parallelIndex + 1);
    return {
      id: subscription.id,
      type: 'subscription',
      source: subscription.bus,
      target: subscription.listener,
      data: { subscription, parallelIndex, parallelCount: pairCount.get(key) ?? 1 },
      ariaLabel: `${subscription.listener} subscribed to ${subscription.pattern} (${patternKind(subscription.pattern)})`,
    };
  });
  const bindings: ScenarioFlowEdge[] = scenario.bindings.map((binding) => ({
    id: binding.id,
    type: 'binding',
    source: binding.exchange,
    target: binding.queue,
    data: { binding },
    ariaLabel: `${binding.queue} bound to ${binding.exchange} with key ${binding.key || '(empty)'}`,
  }));
  // the edges a node's own settings draw: what it reads from, where its dead letters go
  const link = (id: string, source: string, target: string, label?: string): ScenarioFlowEdge => ({
    id,
    type: 'link',
    source,
    target,
    data: { dashed: label !== undefined, label },
  });
  const links: ScenarioFlowEdge[] = scenario.nodes.flatMap((node): ScenarioFlowEdge[] => {
    if (node.kind === 'consumer') return [link(consumeEdgeId(node.id), node.queue, node.id)];
    if (node.kind === 'group') return [link(readEdgeId(node.id), node.topic, node.id)];
    if (node.kind === 'queue' && node.deadLetterExchange !== undefined) {
      return [link(deadLetterEdgeId(node.id), node.id, node.deadLetterExchange, 'dead letters')];
    }
    return [];
  });
  return [...plain, ...subs, ...bindings, ...links, ...sagaFlowEdges(scenario)];
}

/** The subscription edge a delivery travels: the one of that bus, listener and pattern. */
export function subscriptionEdgeIndex(scenario: Scenario): Map<string, string> {
  const index = new Map<string, string>();
  for (const s of scenario.subscriptions)
    index.set(deliveryKey(s.bus, s.listener, s.pattern), s.id);
  return index;
}

export function deliveryKey(bus: string, listener: string, pattern: string): string {
  return `${bus}\u0000${listener}\u0000${pattern}`;
}
