import {
  defineSaga,
  orderSagaDefinition,
  type SagaEvent,
  type SagaFact,
  type SagaMessage,
} from '../../engine/saga';
import type { TraceEvent } from '../../engine/trace';
import type { Particle, ParticleKind } from '../canvas/particles';
import { edgeId } from './sagaLayout';

/** The choreography's event names by what they announce, from the course's saga. */
const definition = defineSaga(orderSagaDefinition());
const UNDO_EVENTS = new Set(definition.steps.map((s) => s.events.compensated));
const FAILURE_EVENTS = new Set([
  ...definition.steps.map((s) => s.events.failed),
  definition.events.aborted,
]);

const isMessage = (data: unknown): data is SagaMessage =>
  typeof data === 'object' && data !== null && 'kind' in data;
const isEvent = (data: unknown): data is SagaEvent =>
  typeof data === 'object' && data !== null && 'fact' in data;

function factKind(fact: SagaFact): ParticleKind {
  switch (fact.type) {
    case 'saga.step-failed':
    case 'saga.step-timed-out':
    case 'saga.aborted':
      return 'failed';
    case 'saga.compensation-started':
    case 'saga.compensated':
    case 'saga.compensation-failed':
      return 'compensation';
    default:
      return 'message';
  }
}

/** A command, a reply or an event: its colour and its few words on the wire. */
function wireLook(event: string, data: unknown): { kind: ParticleKind; label: string } {
  if (isMessage(data)) {
    if (data.kind === 'command') {
      const { command } = data;
      const undo = command.work === 'compensation';
      return { kind: undo ? 'compensation' : 'message', label: `${command.saga} ${command.name}` };
    }
    const { reply } = data;
    const kind = !reply.ok ? 'failed' : reply.work === 'compensation' ? 'compensation' : 'all';
    return { kind, label: `${reply.saga} ${reply.ok ? 'ok' : 'failed'}` };
  }
  if (isEvent(data)) return { kind: factKind(data.fact), label: `${data.fact.saga} ${event}` };
  return { kind: 'message', label: event };
}

/** The kind of a bus delivery, which carries only the event's name. */
function eventKind(event: string): ParticleKind {
  if (UNDO_EVENTS.has(event)) return 'compensation';
  return FAILURE_EVENTS.has(event) ? 'failed' : 'message';
}

/**
 * The saga's trace as particles on the saga page's edges (`edges`: the ids drawn): commands
 * and replies through the queues, events to and from the bus, and in orchestration the
 * person's order reaching the orchestrator (a call, not a message, drawn so the start shows).
 */
export function sagaParticles(
  event: TraceEvent,
  hopMs: number,
  edges: ReadonlySet<string>,
): Particle[] {
  const on = (from: string, to: string) => {
    const id = edgeId(from, to);
    return edges.has(id) ? id : undefined;
  };
  switch (event.type) {
    case 'message.sent': {
      const id = on(event.from, event.to);
      if (id === undefined) return [];
      const { kind, label } = wireLook(event.event, event.data);
      return [
        { edgeId: id, start: event.departsAt ?? event.at, end: event.arrivesAt, kind, label },
      ];
    }
    case 'bus.delivered': {
      const id = on(event.bus, event.listener);
      if (id === undefined) return [];
      return [{ edgeId: id, start: event.at, end: event.at + hopMs, kind: eventKind(event.event) }];
    }
    case 'saga.started': {
      const id = on('orders', 'orchestrator');
      if (id === undefined) return [];
      return [
        { edgeId: id, start: event.at, end: event.at + hopMs, kind: 'message', label: event.saga },
      ];
    }
    default:
      return [];
  }
}
