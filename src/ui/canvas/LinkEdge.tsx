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
      {label !== undefined && <EdgeNote x={labelX} y={labelY} text={label} />}
    </>
  );
}

/** A few words on an edge, centred on its middle (rendered as text). */
export function EdgeNote({ x, y, text }: { x: number; y: number; text: string }) {
  return (
    <EdgeLabelRenderer>
      <span
        className="edge-note"
        style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
      >
        {text}
      </span>
    </EdgeLabelRenderer>
  );
}
