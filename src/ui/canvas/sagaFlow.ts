import type { Edge } from '@xyflow/react';
import { REPLY_QUEUE, type SagaEvent, type SagaMessage } from '../../engine/saga';
import type { Scenario } from '../../engine/scenario';
import { sagaStepEdgeId } from '../../engine/scenario/sagaEdit';
import type { SagaNode } from '../../engine/scenario/sagaSchema';
import type { TraceEvent } from '../../engine/trace';
import type { Particle, ParticleKind } from './particles';

/**
 * The playground's saga on the canvas: its steps as edges saga -> service (numbered), and the
 * ways its messages travel, which depend on the mode: replies service -> saga in
 * orchestration, events service -> service (forward, and back for failures and undos) in
 * choreography. Particles come from the saga engine's trace, whose nodes are named by the
 * engine (`orchestrator`, `payment`, the queues, the saga's bus) and are mapped here to the
 * scenario's nodes.
 */

const sagaReplyEdgeId = (service: string) => `reply:${service}`;
const sagaEventEdgeId = (from: string, to: string) => `event:${from}:${to}`;

/** `step`: saga -> service; `quiet`: a step no message travels; `back`: drawn the other way */
type SagaLinkRole = 'step' | 'quiet' | 'back' | 'forward';
export type SagaLinkFlowEdge = Edge<{ role: SagaLinkRole; label: string | undefined }, 'sagaLink'>;

const link = (
  id: string,
  source: string,
  target: string,
  role: SagaLinkRole,
  label?: string,
): SagaLinkFlowEdge => ({ id, type: 'sagaLink', source, target, data: { role, label } });

function sagaOf(scenario: Scenario): SagaNode | undefined {
  const saga = scenario.nodes.find((n) => n.kind === 'saga');
  return saga?.kind === 'saga' ? saga : undefined;
}

/** The engine's service name (inventory, payment, shipping) -> its node on the canvas. */
function serviceNodes(scenario: Scenario): Map<string, string> {
  return new Map(scenario.nodes.flatMap((n) => (n.kind === 'service' ? [[n.service, n.id]] : [])));
}

/** The saga's edges: its steps, and how its messages come back or go on. */
export function sagaFlowEdges(scenario: Scenario): SagaLinkFlowEdge[] {
  const saga = sagaOf(scenario);
  if (saga === undefined) return [];
  const services = new Set(scenario.nodes.flatMap((n) => (n.kind === 'service' ? [n.id] : [])));
  const steps = saga.steps.filter((step) => services.has(step.service));
  const choreography = saga.mode === 'choreography';
  const edges = steps.map((step, i) =>
    link(
      sagaStepEdgeId(saga.id, step.service),
      saga.id,
      step.service,
      // in choreography only the first step hears from the saga (the order, as an event)
      choreography && i > 0 ? 'quiet' : 'step',
      `${i + 1}${saga.pivot === step.service ? ' · pivot' : ''}`,
    ),
  );
  if (!choreography) {
    // declared saga -> service and drawn back: a reply runs beside its command
    for (const step of steps) {
      edges.push(link(sagaReplyEdgeId(step.service), saga.id, step.service, 'back'));
    }
    return edges;
  }
  steps.forEach((step, i) => {
    const next = steps[i + 1];
    if (next === undefined) return;
    const [a, b] = [step.service, next.service];
    edges.push(link(sagaEventEdgeId(a, b), a, b, 'forward'));
    // declared a -> b and drawn back: failures and undos go to the earlier service beside it
    edges.push(link(sagaEventEdgeId(b, a), a, b, 'back'));
  });
  return edges;
}

const isMessage = (data: unknown): data is SagaMessage =>
  typeof data === 'object' && data !== null && 'kind' in data;
const isEvent = (data: unknown): data is SagaEvent =>
  typeof data === 'object' && data !== null && 'fact' in data;

function factKind(type: string): ParticleKind {
  if (type === 'saga.step-failed' || type === 'saga.step-timed-out' || type === 'saga.aborted') {
    return 'failed';
  }
  return type.startsWith('saga.compensat') ? 'compensation' : 'message';
}

/**
 * Maps the saga's trace to particles on the canvas's saga edges; undefined when the
 * scenario has no saga. A command's dot covers its two hops (to its queue, on to the
 * service), a reply's its two back; a choreography event goes from its publisher to each
 * service the bus hands it to.
 */
export function sagaParticleMapper(
  scenario: Scenario,
  hopMs: number,
): ((event: TraceEvent) => Particle[]) | undefined {
  const saga = sagaOf(scenario);
  if (saga === undefined) return undefined;
  const nodeOf = serviceNodes(scenario);
  const node = (engineName: string) =>
    engineName === 'orchestrator' ? saga.id : nodeOf.get(engineName);
  /** choreography: who published each event last (its publisher is not on the delivery) */
  const publisher = new Map<string, { from: string; kind: ParticleKind }>();
  /** choreography: the order each bus emit is about, by its seq, until its last delivery */
  const emitted = new Map<number, { instance: string; left: number }>();
  return (event) => {
    if (event.type === 'message.sent') {
      const start = event.departsAt ?? event.at;
      const data = event.data;
      if (isMessage(data) && data.kind === 'command' && event.from === 'orchestrator') {
        const to = node(data.command.service);
        if (to === undefined) return [];
        const undo = data.command.work === 'compensation';
        return [
          {
            edgeId: sagaStepEdgeId(saga.id, to),
            start,
            end: event.arrivesAt + hopMs,
            kind: undo ? 'compensation' : 'message',
            label: `${data.command.saga} ${data.command.name}`,
            journey: { kind: 'order', instance: data.command.saga },
          },
        ];
      }
      if (isMessage(data) && data.kind === 'reply' && event.to === REPLY_QUEUE) {
        const from = node(event.from);
        if (from === undefined) return [];
        const { reply } = data;
        const kind = !reply.ok ? 'failed' : reply.work === 'compensation' ? 'compensation' : 'all';
        return [
          {
            edgeId: sagaReplyEdgeId(from),
            start,
            end: event.arrivesAt + hopMs,
            kind,
            label: `${reply.saga} ${reply.ok ? 'ok' : 'failed'}`,
            journey: { kind: 'order', instance: reply.saga },
          },
        ];
      }
      if (isEvent(data))
        publisher.set(event.event, { from: event.from, kind: factKind(data.fact.type) });
      return [];
    }
    if (event.type === 'bus.emitted') {
      if (isEvent(event.data) && event.deliveries > 0)
        emitted.set(event.seq, { instance: event.data.fact.saga, left: event.deliveries });
      return [];
    }
    if (event.type === 'bus.listener-failed') {
      // a delivery too: the emit's entry goes with its last one
      const emit = emitted.get(event.emitSeq);
      if (emit !== undefined && --emit.left <= 0) emitted.delete(event.emitSeq);
      return [];
    }
    if (event.type === 'bus.delivered') {
      const published = publisher.get(event.event);
      const emit = emitted.get(event.emitSeq);
      if (emit !== undefined && --emit.left <= 0) emitted.delete(event.emitSeq);
      const to = node(event.listener);
      if (published === undefined || to === undefined) return [];
      const source = node(published.from);
      // the order's first event comes from whoever started it: drawn from the saga node
      const edgeId =
        source === undefined || source === saga.id
          ? sagaStepEdgeId(saga.id, to)
          : sagaEventEdgeId(source, to);
      return [
        {
          edgeId,
          start: event.at,
          end: event.at + hopMs,
          kind: published.kind,
          label: event.event,
          ...(emit === undefined
            ? {}
            : { journey: { kind: 'order' as const, instance: emit.instance } }),
        },
      ];
    }
    return [];
  };
}
