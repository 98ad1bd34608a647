import type { NodeProps } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import type { SagaStatus } from '../../../engine/saga';
import { useSessionState } from '../../lab/session';
import type { SagaFlowNode } from '../sagaLayout';
import { useSagaT } from '../strings';
import { SagaNodeFrame } from './SagaNodeFrame';
import { SagaStat } from './SagaStat';

const HANDLES = [
  { id: 'left', type: 'target', position: 'left' },
  { id: 'bottom', type: 'source', position: 'bottom' },
  { id: 'right', type: 'target', position: 'right' },
] as const;

const STATUSES: readonly SagaStatus[] = ['running', 'compensating', 'completed', 'aborted'];

/** The controller: it alone knows the steps; its instances by where they stand. */
export function OrchestratorNode({ id, data }: NodeProps<SagaFlowNode>) {
  const { text: s } = useSagaT();
  // a new object each call: compared field by field, so the node renders when a count changes
  const counts = useSessionState(
    useShallow((st) => {
      const c: Record<SagaStatus, number> = {
        running: 0,
        compensating: 0,
        completed: 0,
        aborted: 0,
      };
      for (const i of st.snapshot.saga?.instances ?? []) c[i.status]++;
      return c;
    }),
  );
  return (
    <SagaNodeFrame
      id={id}
      kind="orchestrator"
      kindLabel={s('kindOrchestrator')}
      name={data.label}
      handles={HANDLES}
    >
      <dl className="saga-stats">
        {STATUSES.map((status) => (
          <SagaStat
            key={status}
            label={s(status)}
            value={counts[status]}
            testId={`instances-${status}`}
            tone={status === 'compensating' ? 'undo' : status === 'aborted' ? 'bad' : undefined}
          />
        ))}
      </dl>
    </SagaNodeFrame>
  );
}
