import {
  Background,
  BackgroundVariant,
  Controls,
  type Edge,
  MarkerType,
  type Node,
  ReactFlow,
  type ReactFlowProps,
} from '@xyflow/react';
import { type ReactNode, useState } from 'react';
import type { TraceEvent } from '../../engine/trace';
import { useResolvedTheme } from '../theme';
import { EdgePathsContext } from './edgePaths';
import { ParticleLayer } from './ParticleLayer';
import type { Particle } from './particles';

const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };

type FlowCanvasProps<N extends Node, E extends Edge> = ReactFlowProps<N, E> & {
  /** what the canvas is called for assistive technology */
  readonly label: string;
  readonly className?: string;
  /** maps the trace to particles on this canvas's edges (the scenario canvas's by default) */
  readonly particlesOf?: (event: TraceEvent) => readonly Particle[];
  readonly children?: ReactNode;
};

/**
 * The frame every diagram of EventLab is drawn in: the edges' paths for the particles, the
 * theme, arrowheads, dots, zoom controls and the particle layer. A picture is fixed unless
 * the props say otherwise (the playground's editor).
 */
export function FlowCanvas<N extends Node, E extends Edge>({
  label,
  className,
  particlesOf,
  children,
  ...flow
}: FlowCanvasProps<N, E>) {
  const theme = useResolvedTheme();
  const [paths] = useState(() => new Map<string, SVGPathElement>());
  return (
    <EdgePathsContext.Provider value={paths}>
      <section
        className={className === undefined ? 'canvas' : `canvas ${className}`}
        aria-label={label}
      >
        <ReactFlow
          defaultEdgeOptions={defaultEdgeOptions}
          colorMode={theme}
          fitView
          minZoom={0.3}
          maxZoom={2}
          nodesConnectable={false}
          edgesFocusable={false}
          deleteKeyCode={null}
          {...flow}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
          <Controls showInteractive={false} />
          <ParticleLayer {...(particlesOf ? { particlesOf } : {})} />
          {children}
        </ReactFlow>
      </section>
    </EdgePathsContext.Provider>
  );
}
