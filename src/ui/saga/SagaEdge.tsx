import { type EdgeProps, getBezierPath, getSmoothStepPath } from '@xyflow/react';
import { TrackedEdge } from '../canvas/TrackedEdge';
import type { SagaFlowEdge } from './sagaLayout';

/**
 * An edge of the saga's picture, following its handles' sides (the shared MessageEdge is
 * drawn left to right only); a `step` edge is routed around the picture, `offset` out.
 */
export function SagaEdge(props: EdgeProps<SagaFlowEdge>) {
  const { sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition, data } = props;
  const ends = { sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition };
  const [path] =
    data?.route === 'step'
      ? getSmoothStepPath({ ...ends, borderRadius: 16, offset: data.offset })
      : getBezierPath(ends);
  return (
    <TrackedEdge id={props.id} path={path} className="edge-message" markerEnd={props.markerEnd} />
  );
}
