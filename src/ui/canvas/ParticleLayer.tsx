import { ViewportPortal } from '@xyflow/react';
import { useReducedMotion } from 'motion/react';
import { useContext, useEffect, useState } from 'react';
import type { TraceEvent } from '../../engine/trace';
import { parseJourneyRef } from '../inspector/journey';
import { useSession } from '../lab/session';
import { EdgePathsContext } from './edgePaths';
import { createParticleAnimator, type Particle } from './particles';
import { sagaParticleMapper } from './sagaFlow';
import {
  consumeEdgeId,
  deadLetterEdgeId,
  deliveryKey,
  readEdgeId,
  subscriptionEdgeIndex,
} from './toFlow';

/** Turns trace events into particles: the picture animates from the trace, nothing else. */
function particlesFor(
  event: TraceEvent,
  hopMs: number,
  edgeOf: (from: string, to: string) => string | undefined,
  subscriptionEdge: Map<string, string>,
  bindingEdge: (exchange: string, queue: string) => string | undefined,
  incomingEdge: (to: string) => string | undefined,
  followed: ReadonlySet<string>,
): Particle[] {
  switch (event.type) {
    case 'http.answered': {
      // a request that made no event: it travels to the endpoint and stops there
      const edgeId = incomingEdge(event.endpoint);
      if (edgeId === undefined) return [];
      const refused = event.status >= 400;
      return [
        {
          edgeId,
          start: event.at,
          end: event.at + hopMs,
          kind: refused ? 'failed' : 'message',
          label: String(event.status),
        },
      ];
    }
    case 'message.sent': {
      const edgeId = edgeOf(event.from, event.to);
      if (edgeId === undefined) return [];
      const fromProducer = !edgeId.startsWith('consume:');
      return [
        {
          edgeId,
          start: event.departsAt ?? event.at,
          end: event.arrivesAt,
          kind: fromProducer ? 'message' : 'exact',
          ...(fromProducer ? { label: event.event } : {}),
          // a delivery to a consumer carries the broker's message id; a producer's send does
          // not, but one to a topic or a saga is followed by its own id
          ...(fromProducer ? {} : { messageId: event.messageId }),
          ...(followed.has(event.to)
            ? { journey: { kind: 'send' as const, id: event.messageId } }
            : {}),
        },
      ];
    }
    case 'broker.routed':
      return event.queues.flatMap((queue) => {
        const edgeId = bindingEdge(event.exchange, queue);
        return edgeId === undefined
          ? []
          : [
              {
                edgeId,
                start: event.at,
                end: event.at + hopMs,
                kind: 'prefix' as const,
                messageId: event.messageId,
              },
            ];
      });
    case 'broker.dead-lettered':
      return [
        {
          edgeId: deadLetterEdgeId(event.queue),
          start: event.at,
          end: event.at + hopMs,
          kind: 'failed',
          messageId: event.messageId,
        },
      ];
    case 'listener.called': {
      const edgeId = edgeOf(event.consumer, event.listener);
      if (edgeId === undefined) return [];
      const kind = event.ok ? 'exact' : 'failed';
      return [{ edgeId, start: event.at, end: event.at + hopMs, kind, messageId: event.messageId }];
    }
    case 'log.polled':
      // a group's member read records of the topic: one dot for the batch, which follows
      // its first record
      return [
        {
          edgeId: readEdgeId(event.group),
          start: event.at,
          end: event.at + hopMs,
          kind: 'all',
          journey: {
            kind: 'record',
            topic: event.topic,
            partition: event.partition,
            offset: event.fromOffset,
          },
        },
      ];
    case 'bus.delivered':
    case 'bus.listener-failed': {
      const edgeId = subscriptionEdge.get(deliveryKey(event.bus, event.listener, event.pattern));
      if (edgeId === undefined) return [];
      const kind = event.type === 'bus.listener-failed' ? 'failed' : event.match;
      return [{ edgeId, start: event.at, end: event.at + hopMs, kind }];
    }
    default:
      return [];
  }
}

/** `?particles=off` in the URL: no particles at all (a comparison for the frame-rate bench). */
function particlesOff(): boolean {
  return new URLSearchParams(window.location.search).get('particles') === 'off';
}

/**
 * `particlesOf`: a page that draws its own picture (the saga's) maps the trace to its own
 * edges; without it, the scenario's edges, subscriptions and bindings are used.
 */
export function ParticleLayer({
  particlesOf,
}: {
  particlesOf?: (event: TraceEvent) => readonly Particle[];
} = {}) {
  const session = useSession();
  const paths = useContext(EdgePathsContext);
  // state, not a ref: ViewportPortal mounts its children a render later, and the effect
  // must run again when the layer appears
  const [layer, setLayer] = useState<SVGGElement | null>(null);
  const reducedMotion = useReducedMotion() ?? false;

  useEffect(() => {
    if (layer === null || particlesOff()) return;
    const { scenario, sim } = session;
    const subscriptionEdge = subscriptionEdgeIndex(scenario);
    // lookups built once: particlesFor runs for every trace event, thousands a second under load
    const plainEdges = new Map(scenario.edges.map((e) => [`${e.source}\u0000${e.target}`, e.id]));
    const consumers = new Set(scenario.nodes.filter((n) => n.kind === 'consumer').map((n) => n.id));
    const edgeOf = (from: string, to: string) =>
      consumers.has(to) ? consumeEdgeId(to) : plainEdges.get(`${from}\u0000${to}`);
    const bindingEdges = new Map<string, string>();
    for (const b of scenario.bindings) {
      const key = `${b.exchange}\u0000${b.queue}`;
      // the first binding of a pair carries the dot; a second one would draw the same path
      if (!bindingEdges.has(key)) bindingEdges.set(key, b.id);
    }
    const bindingEdge = (exchange: string, queue: string) =>
      bindingEdges.get(`${exchange}\u0000${queue}`);
    const incoming = new Map<string, string>();
    for (const e of scenario.edges) if (!incoming.has(e.target)) incoming.set(e.target, e.id);
    const incomingEdge = (to: string) => incoming.get(to);
    const animator = createParticleAnimator({ layer, paths, reducedMotion });
    // the nodes a producer's message is followed into (its record, its order)
    const followed = new Set(
      scenario.nodes.filter((n) => n.kind === 'topic' || n.kind === 'saga').map((n) => n.id),
    );
    // one listener for every dot: a click on a message opens its trail in the inspector
    const onClick = (e: MouseEvent) => {
      const dot = (e.target as Element).closest<SVGGElement>('[data-message], [data-journey]');
      const journey = dot?.dataset.journey;
      const ref = journey === undefined ? undefined : parseJourneyRef(journey);
      if (ref !== undefined) return session.inspect(ref);
      const id = dot?.dataset.message;
      if (id !== undefined) session.inspect({ kind: 'message', id });
    };
    layer.addEventListener('click', onClick);
    const sagaParticles = sagaParticleMapper(scenario, sim.hopMs);
    const sceneParticles = (event: TraceEvent) =>
      particlesFor(event, sim.hopMs, edgeOf, subscriptionEdge, bindingEdge, incomingEdge, followed);
    const toParticles =
      particlesOf ??
      (sagaParticles === undefined
        ? sceneParticles
        : (event: TraceEvent) => [...sceneParticles(event), ...sagaParticles(event)]);
    const stopTrace = sim.trace.subscribe((event) => {
      for (const particle of toParticles(event)) animator.add(particle);
    });
    const stopFrame = session.onFrame(() => animator.frame(sim.clock.now()));
    return () => {
      layer.removeEventListener('click', onClick);
      stopTrace();
      stopFrame();
      animator.destroy();
    };
  }, [session, paths, reducedMotion, layer, particlesOf]);

  return (
    <ViewportPortal>
      <svg className="particle-layer" aria-hidden="true">
        <g ref={setLayer} />
      </svg>
    </ViewportPortal>
  );
}
