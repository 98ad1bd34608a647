import type { NodeProps } from '@xyflow/react';
import { useSessionState } from '../../lab/session';
import type { SagaFlowNode } from '../sagaLayout';
import { useSagaT } from '../strings';
import { SagaNodeFrame } from './SagaNodeFrame';
import { SagaStat } from './SagaStat';

const HANDLES = [
  { id: 'top', type: 'target', position: 'top' },
  { id: 'bottom', type: 'source', position: 'bottom' },
  { id: 'right', type: 'source', position: 'right' },
] as const;

/** A queue of the simulation's broker: commands wait here for their service, replies for the orchestrator. */
export function SagaQueueNode({ id, data }: NodeProps<SagaFlowNode>) {
  const { text: s } = useSagaT();
  const queue = useSessionState((st) => st.snapshot.queues[id]);
  const ready = queue?.ready ?? 0;
  const unacked = queue?.unacked ?? 0;
  return (
    <SagaNodeFrame
      id={id}
      kind="queue"
      kindLabel={s('kindQueue')}
      name={data.label}
      handles={HANDLES}
    >
      <dl className="saga-stats is-inline">
        <SagaStat label={s('ready')} value={ready} testId={`ready-${id}`} />
        <SagaStat label={s('unacked')} value={unacked} testId={`unacked-${id}`} />
      </dl>
    </SagaNodeFrame>
  );
}
