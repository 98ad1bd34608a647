import type { NodeProps } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import type { SagaStatus } from '../../../engine/saga';
import type { SagaNode as SagaModel } from '../../../engine/scenario/sagaSchema';
import { useSessionState } from '../../lab/session';
import type { ScenarioFlowNode } from '../toFlow';
import { NodeShell } from './NodeShell';
import { Stat } from './Stat';
import { useSagaNodeT } from './sagaStrings';
import '../../styles/saga.css';
import '../../styles/playgroundSaga.css';

const STATUSES: readonly SagaStatus[] = ['running', 'compensating', 'completed', 'aborted'];

/**
 * The saga: its mode, and its orders by where they stand; the money check below (charged
 * less refunded is what the delivered orders are worth, once no saga is running).
 */
export function SagaNode({ data }: NodeProps<ScenarioFlowNode>) {
  const { text: g } = useSagaNodeT();
  const node = data.node as SagaModel;
  // a new object each call, compared field by field: the node renders when a figure changes
  const view = useSessionState(
    useShallow((st) => {
      const saga = st.snapshot.saga;
      const c: Record<SagaStatus | 'kept' | 'delivered', number> = {
        running: 0,
        compensating: 0,
        completed: 0,
        aborted: 0,
        kept: saga?.money.kept ?? 0,
        delivered: saga?.money.delivered ?? 0,
      };
      for (const i of saga?.instances ?? []) c[i.status]++;
      return c;
    }),
  );
  const open = view.running + view.compensating;
  const balanced = view.kept === view.delivered;
  return (
    <NodeShell
      node={node}
      kindLabel={`${g('kindSaga')} · ${g(node.mode)}`}
      inputs
      outputs
      pulse={view.completed + view.aborted}
    >
      <dl className="stats saga-counts">
        {STATUSES.map((status) => (
          <Stat
            key={status}
            label={g(status)}
            value={view[status]}
            bad={status === 'aborted' && view.aborted > 0}
            testId={`saga-${status}-${node.id}`}
          />
        ))}
      </dl>
      <p
        className={`saga-money mono${balanced || open > 0 ? '' : ' is-bad'}`}
        data-testid={`saga-money-${node.id}`}
      >
        {g('kept')} {view.kept} · {g('delivered')} {view.delivered}
        {open > 0 ? ` ${g('sagasRunning')}` : balanced ? ' ✓' : ' ✗'}
      </p>
      {node.steps.length === 0 && <p className="muted small">{g('connectServices')}</p>}
    </NodeShell>
  );
}
