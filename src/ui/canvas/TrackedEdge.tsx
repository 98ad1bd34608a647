import { BaseEdge } from '@xyflow/react';
import { useEdgePathRef } from './edgePaths';

interface TrackedEdgeProps {
  readonly id: string;
  readonly path: string;
  readonly className: string;
  readonly markerEnd: string | undefined;
  /** how a delivery on it matched, for the reduced-motion highlight */
  readonly kind?: string;
}

/**
 * The line every edge draws, plus the invisible track its particles follow (registered by
 * edge id in EdgePathsContext), so each edge kind only adds its label.
 */
export function TrackedEdge({ id, path, className, markerEnd, kind }: TrackedEdgeProps) {
  const ref = useEdgePathRef(id);
  return (
    <>
      <BaseEdge path={path} className={className} {...(markerEnd ? { markerEnd } : {})} />
      <path ref={ref} d={path} className="edge-track" {...(kind ? { 'data-kind': kind } : {})} />
    </>
  );
}
