import type { HandlerSpec } from '../../workers/types';
import type { ExchangeType, QueueOptions } from '../broker';
import type { Scenario, ScenarioNode } from '../scenario';
import { canonicalJson } from '../scenario/canonicalJson';
import type { StepFault } from '../scenario/sagaSchema';

/**
 * One setting of a running scenario changed in place, as a person would change it on a live
 * system: a policy on a queue, basic.qos on a consumer, a binding moved, workers scaled.
 */
export type LiveChange =
  | { readonly kind: 'exchange-type'; readonly node: string; readonly value: ExchangeType }
  | { readonly kind: 'binding-key'; readonly binding: string; readonly value: string }
  | { readonly kind: 'queue-policy'; readonly node: string; readonly value: QueueOptions }
  | { readonly kind: 'handler'; readonly node: string; readonly value: HandlerSpec }
  | { readonly kind: 'workers'; readonly node: string; readonly value: number }
  | { readonly kind: 'prefetch'; readonly node: string; readonly value: number }
  | { readonly kind: 'failing'; readonly node: string; readonly value: boolean }
  | { readonly kind: 'subscription'; readonly subscription: string; readonly value: boolean }
  /** a consumer group's rate per member, or its number of members (a rebalance) */
  | { readonly kind: 'group-rate'; readonly node: string; readonly value: number }
  | { readonly kind: 'group-members'; readonly node: string; readonly value: number }
  /** the fault of the saga's step run by `service` (a service node); none: it works again */
  | {
      readonly kind: 'saga-step-fault';
      readonly node: string;
      readonly service: string;
      readonly value: StepFault | undefined;
    }
  /** a setting read where it is used (a producer's presets): nothing to do but keep it */
  | { readonly kind: 'read-on-use'; readonly node: string; readonly field: string };

/** What only the picture shows: changing it changes nothing in the engine. */
const SHOWN = new Set(['label', 'description', 'position']);

const QUEUE_POLICY = [
  'messageTtl',
  'maxLength',
  'overflow',
  'deadLetterRoutingKey',
  'deliveryLimit',
] as const;

type Field = string;
/** The changes of one field of a node (several for a list), or undefined: a new run. */
type Plan = (
  node: ScenarioNode,
  field: Field,
  before: ScenarioNode,
) => LiveChange | readonly LiveChange[] | undefined;

/**
 * Per node kind, how each field that can change on a running scenario is applied. A field not
 * listed (a consumer's queue, a bus's log size, a dead-letter exchange, whose queues the
 * picture marks at the start) needs a new run, and so does every kind without an entry (the
 * kinds added later are safe by default).
 */
const LIVE: Partial<Record<ScenarioNode['kind'], Plan>> = {
  producer: (node, field) =>
    field === 'emits' || field === 'load'
      ? { kind: 'read-on-use', node: node.id, field }
      : undefined,
  listener: (node, field) =>
    node.kind === 'listener' && field === 'failing'
      ? { kind: 'failing', node: node.id, value: node.failing }
      : undefined,
  exchange: (node, field) =>
    node.kind === 'exchange' && field === 'exchangeType'
      ? { kind: 'exchange-type', node: node.id, value: node.exchangeType }
      : undefined,
  queue: (node, field) =>
    node.kind === 'queue' && (QUEUE_POLICY as readonly string[]).includes(field)
      ? { kind: 'queue-policy', node: node.id, value: queueOptions(node) }
      : undefined,
  consumer: (node, field) => {
    if (node.kind !== 'consumer') return undefined;
    if (field === 'handler') return { kind: 'handler', node: node.id, value: node.handler };
    if (field === 'workers') return { kind: 'workers', node: node.id, value: node.workers };
    if (field === 'prefetch') return { kind: 'prefetch', node: node.id, value: node.prefetch };
    return undefined;
  },
  group: (node, field) => {
    if (node.kind !== 'group') return undefined;
    if (field === 'rate') return { kind: 'group-rate', node: node.id, value: node.rate };
    if (field === 'members') return { kind: 'group-members', node: node.id, value: node.members };
    return undefined;
  },
  saga: (node, field, before) =>
    node.kind === 'saga' && before.kind === 'saga' && field === 'steps'
      ? sagaFaultChanges(node.id, before.steps, node.steps)
      : undefined,
};

type SagaSteps = (ScenarioNode & { kind: 'saga' })['steps'];

/**
 * A step's fault is the service's behaviour, which a running saga changes in place (as the
 * fault script's `fail-saga-step` does). The steps' order, their services, timeouts and tries
 * make the saga's definition, which its running instances were started on: a new run.
 */
function sagaFaultChanges(
  node: string,
  before: SagaSteps,
  after: SagaSteps,
): LiveChange[] | undefined {
  if (before.length !== after.length) return undefined;
  const changes: LiveChange[] = [];
  for (const [i, was] of before.entries()) {
    const now = after[i];
    if (now === undefined) return undefined;
    for (const field of changedFields(was, now)) {
      if (field !== 'fault') return undefined;
      changes.push({ kind: 'saga-step-fault', node, service: now.service, value: now.fault });
    }
  }
  return changes;
}

/** The broker's arguments of a queue node. */
export function queueOptions(node: ScenarioNode & { kind: 'queue' }): QueueOptions {
  return {
    ...(node.messageTtl !== undefined ? { messageTtl: node.messageTtl } : {}),
    ...(node.maxLength !== undefined ? { maxLength: node.maxLength } : {}),
    ...(node.overflow !== undefined ? { overflow: node.overflow } : {}),
    ...(node.deadLetterExchange !== undefined
      ? { deadLetterExchange: node.deadLetterExchange }
      : {}),
    ...(node.deadLetterRoutingKey !== undefined
      ? { deadLetterRoutingKey: node.deadLetterRoutingKey }
      : {}),
    ...(node.deliveryLimit !== undefined ? { deliveryLimit: node.deliveryLimit } : {}),
  };
}

const same = (a: unknown, b: unknown) => a === b || canonicalJson(a) === canonicalJson(b);

/** The fields of two records that differ (either side's keys). */
function changedFields(a: object, b: object): string[] {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  return [...keys].filter((k) => !same(ra[k], rb[k]));
}

/**
 * The changes that take `prev`, running, to `next` in place, or undefined when `next` needs a
 * new run (a node, edge, binding or subscription added, removed or rewired, the seed or the
 * hop changed, or a setting no running engine can change).
 */
export function liveChanges(prev: Scenario, next: Scenario): readonly LiveChange[] | undefined {
  for (const field of changedFields(prev, next)) {
    if (!['nodes', 'bindings', 'subscriptions', 'title', 'description', 'guide'].includes(field))
      return undefined;
  }
  if (!same(prev.edges, next.edges)) return undefined;
  const changes: LiveChange[] = [];
  if (prev.nodes.length !== next.nodes.length) return undefined;
  for (const [i, before] of prev.nodes.entries()) {
    const after = next.nodes[i];
    if (after === undefined || after.id !== before.id || after.kind !== before.kind)
      return undefined;
    const plan = LIVE[after.kind];
    let policySet = false;
    for (const field of changedFields(before, after)) {
      if (SHOWN.has(field)) continue;
      const planned = plan?.(after, field, before);
      if (planned === undefined) return undefined;
      for (const change of Array.isArray(planned) ? planned : [planned]) {
        // one policy carries every argument of the queue: set it once
        if (change.kind === 'queue-policy') {
          if (policySet) continue;
          policySet = true;
        }
        changes.push(change);
      }
    }
  }
  if (prev.bindings.length !== next.bindings.length) return undefined;
  for (const [i, before] of prev.bindings.entries()) {
    const after = next.bindings[i];
    if (after === undefined) return undefined;
    for (const field of changedFields(before, after)) {
      if (field !== 'key') return undefined;
      changes.push({ kind: 'binding-key', binding: after.id, value: after.key });
    }
  }
  if (prev.subscriptions.length !== next.subscriptions.length) return undefined;
  for (const [i, before] of prev.subscriptions.entries()) {
    const after = next.subscriptions[i];
    if (after === undefined) return undefined;
    for (const field of changedFields(before, after)) {
      if (field !== 'active') return undefined;
      changes.push({ kind: 'subscription', subscription: after.id, value: after.active });
    }
  }
  return changes;
}

/** What a running simulation offers to change in place. */
export interface LiveTarget {
  setExchangeType(exchangeId: string, type: ExchangeType): void;
  setBindingKey(bindingId: string, key: string): void;
  setQueuePolicy(queueId: string, options: QueueOptions): void;
  setHandlerSpec(consumerId: string, spec: HandlerSpec): void;
  scaleConsumer(consumerId: string, workers: number): void;
  setFailing(listenerId: string, failing: boolean): void;
  setSubscriptionActive(subscriptionId: string, active: boolean): void;
  setGroupRate(groupId: string, rate: number): void;
  scaleGroup(groupId: string, members: number): void;
  setPrefetch(consumerId: string, prefetch: number): void;
  setSagaStepFault(sagaId: string, serviceNode: string, fault: StepFault | undefined): void;
}

export function applyLiveChange(target: LiveTarget, change: LiveChange): void {
  switch (change.kind) {
    case 'exchange-type':
      target.setExchangeType(change.node, change.value);
      return;
    case 'binding-key':
      target.setBindingKey(change.binding, change.value);
      return;
    case 'queue-policy':
      target.setQueuePolicy(change.node, change.value);
      return;
    case 'handler':
      target.setHandlerSpec(change.node, change.value);
      return;
    case 'prefetch':
      target.setPrefetch(change.node, change.value);
      return;
    case 'workers':
      target.scaleConsumer(change.node, change.value);
      return;
    case 'failing':
      target.setFailing(change.node, change.value);
      return;
    case 'subscription':
      target.setSubscriptionActive(change.subscription, change.value);
      return;
    case 'group-rate':
      target.setGroupRate(change.node, change.value);
      return;
    case 'group-members':
      target.scaleGroup(change.node, change.value);
      return;
    case 'saga-step-fault':
      target.setSagaStepFault(change.node, change.service, change.value);
      return;
    case 'read-on-use':
      return;
  }
}
