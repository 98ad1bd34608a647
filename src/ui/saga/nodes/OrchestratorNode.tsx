import type { NodeProps } from '@xyflow/react';
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
  const counts = useSessionState((st) => {
    const c = { running: 0, compensating: 0, completed: 0, aborted: 0 };
    for (const i of st.snapshot.saga?.instances ?? []) c[i.status]++;
    return `${c.running}/${c.compensating}/${c.completed}/${c.aborted}`;
  }).split('/');
  return (
    <SagaNodeFrame
      id={id}
      kind="orchestrator"
      kindLabel={s('kindOrchestrator')}
      name={data.label}
      handles={HANDLES}
    >
      <dl className="saga-stats">
        {STATUSES.map((status, i) => (
          <SagaStat
            key={status}
            label={s(status)}
            value={counts[i] ?? '0'}
            testId={`instances-${status}`}
            tone={status === 'compensating' ? 'undo' : status === 'aborted' ? 'bad' : undefined}
          />
        ))}
      </dl>
    </SagaNodeFrame>
  );
}
