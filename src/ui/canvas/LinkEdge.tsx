import { EdgeLabelRenderer, type EdgeProps } from '@xyflow/react';
import { curvedPath } from './edgeGeometry';
import { TrackedEdge } from './TrackedEdge';
import type { LinkFlowEdge } from './toFlow';

/** A queue's link to its consumer, or (dashed) to its dead-letter exchange. */
export function LinkEdge(props: EdgeProps<LinkFlowEdge>) {
  const { path, labelX, labelY } = curvedPath(props);
  const dashed = props.data?.dashed ?? false;
  const label = props.data?.label;
  return (
    <>
      <TrackedEdge
        id={props.id}
        path={path}
        className={dashed ? 'edge-link edge-dead' : 'edge-link'}
        markerEnd={props.markerEnd}
      />
      {label !== undefined && (
        <EdgeLabelRenderer>
          <span
            className="edge-note"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {label}
          </span>
        </EdgeLabelRenderer>
      )}
    </>
  );
}
