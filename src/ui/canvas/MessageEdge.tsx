import type { EdgeProps } from '@xyflow/react';
import { curvedPath } from './edgeGeometry';
import { TrackedEdge } from './TrackedEdge';
import type { MessageFlowEdge } from './toFlow';

/** An edge a message travels (producer -> bus). */
export function MessageEdge(props: EdgeProps<MessageFlowEdge>) {
  const { path } = curvedPath(props);
  return (
    <TrackedEdge id={props.id} path={path} className="edge-message" markerEnd={props.markerEnd} />
  );
}
