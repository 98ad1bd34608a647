import { ViewportPortal } from '@xyflow/react';
import { useReducedMotion } from 'motion/react';
import { useContext, useEffect, useState } from 'react';
import type { TraceEvent } from '../../engine/trace';
import { useSession } from '../lab/session';
import { EdgePathsContext } from './edgePaths';
import { createParticleAnimator, type Particle } from './particles';
import { deliveryKey, subscriptionEdgeIndex } from './toFlow';

/** Turns trace events into particles: the picture animates from the trace, nothing else. */
function particleFor(
  event: TraceEvent,
  hopMs: number,
  edgeOf: (from: string, to: string) => string | undefined,
  subscriptionEdge: Map<string, string>,
): Particle | undefined {
  switch (event.type) {
    case 'message.sent': {
      const edgeId = edgeOf(event.from, event.to);
      return edgeId === undefined
        ? undefined
        : { edgeId, start: event.at, end: event.arrivesAt, kind: 'message', label: event.event };
    }
    case 'bus.delivered':
    case 'bus.listener-failed': {
      const edgeId = subscriptionEdge.get(deliveryKey(event.bus, event.listener, event.pattern));
      if (edgeId === undefined) return undefined;
      const kind = event.type === 'bus.listener-failed' ? 'failed' : event.match;
      return { edgeId, start: event.at, end: event.at + hopMs, kind };
    }
    default:
      return undefined;
  }
}

export function ParticleLayer() {
  const session = useSession();
  const paths = useContext(EdgePathsContext);
  // state, not a ref: ViewportPortal mounts its children a render later, and the effect
  // must run again when the layer appears
  const [layer, setLayer] = useState<SVGGElement | null>(null);
  const reducedMotion = useReducedMotion() ?? false;

  useEffect(() => {
    if (layer === null) return;
    const { scenario, sim } = session;
    const subscriptionEdge = subscriptionEdgeIndex(scenario);
    const edgeOf = (from: string, to: string) =>
      scenario.edges.find((e) => e.source === from && e.target === to)?.id;
    const animator = createParticleAnimator({ layer, paths, reducedMotion });
    const stopTrace = sim.trace.subscribe((event) => {
      const particle = particleFor(event, sim.hopMs, edgeOf, subscriptionEdge);
      if (particle !== undefined) animator.add(particle);
    });
    const stopFrame = session.onFrame(() => animator.frame(sim.clock.now()));
    return () => {
      stopTrace();
      stopFrame();
      animator.destroy();
    };
  }, [session, paths, reducedMotion, layer]);

  return (
    <ViewportPortal>
      <svg className="particle-layer" aria-hidden="true">
        <g ref={setLayer} />
      </svg>
    </ViewportPortal>
  );
}
