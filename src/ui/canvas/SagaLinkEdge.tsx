import type { EdgeProps } from '@xyflow/react';
import { curvedPath } from './edgeGeometry';
import { EdgeNote } from './LinkEdge';
import type { SagaLinkFlowEdge } from './sagaFlow';
import { TrackedEdge } from './TrackedEdge';
import '../styles/playgroundSaga.css';

// a way back is drawn this far beside the way there, so both can be seen
const BACK_OFFSET = 14;

/**
 * A saga's edge: a step (saga -> service, numbered), or a way back drawn beside a way there
 * (a reply service -> saga, an event from a later service to an earlier one). A way back is
 * declared in the same direction as its way there, so React Flow gives it the same ends, and
 * its path runs the other way: its particles travel back along it.
 */
export function SagaLinkEdge(props: EdgeProps<SagaLinkFlowEdge>) {
  const role = props.data?.role ?? 'step';
  const back = role === 'back';
  const { path, labelX, labelY } = curvedPath(props, back ? BACK_OFFSET : 0);
  const label = props.data?.label;
  return (
    <>
      <TrackedEdge
        id={props.id}
        path={back ? reversed(path) : path}
        className={`edge-link edge-saga-${role}`}
        markerEnd={props.markerEnd}
      />
      {label !== undefined && <EdgeNote x={labelX} y={labelY} text={label} />}
    </>
  );
}

/** `M a C b c d` -> `M d C c b a`: the same cubic, walked from its other end. */
function reversed(path: string): string {
  const m = /^M([^ ]+) C([^ ]+) ([^ ]+) ([^ ]+)$/.exec(path);
  if (m === null) return path;
  return `M${m[4]} C${m[3]} ${m[2]} ${m[1]}`;
}
