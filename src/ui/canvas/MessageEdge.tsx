import { BaseEdge, type EdgeProps } from '@xyflow/react';
import { curvedPath } from './edgeGeometry';
import { useEdgePathRef } from './edgePaths';
import type { MessageFlowEdge } from './toFlow';

/** An edge a message travels (producer -> bus). */
export function MessageEdge(props: EdgeProps<MessageFlowEdge>) {
  const { path } = curvedPath(props);
  const ref = useEdgePathRef(props.id);
  return (
    <>
      <BaseEdge
        path={path}
        className="edge-message"
        {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})}
      />
      <path ref={ref} d={path} className="edge-track" />
    </>
  );
}
