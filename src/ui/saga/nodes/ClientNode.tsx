import type { NodeProps } from '@xyflow/react';
import { useSessionState } from '../../lab/session';
import type { SagaFlowNode } from '../sagaLayout';
import { useSagaT } from '../strings';
import { SagaNodeFrame } from './SagaNodeFrame';
import { SagaStat } from './SagaStat';

const HANDLES = [
  { id: 'right', type: 'source', position: 'right' },
  { id: 'bottom', type: 'source', position: 'bottom' },
] as const;

/** The person who orders: each order starts a saga. */
export function ClientNode({ id, data }: NodeProps<SagaFlowNode>) {
  const { text: s } = useSagaT();
  const orders = useSessionState((st) => st.snapshot.saga?.instances.length ?? 0);
  return (
    <SagaNodeFrame
      id={id}
      kind="client"
      kindLabel={s('kindClient')}
      name={data.label}
      handles={HANDLES}
    >
      <dl className="saga-stats">
        <SagaStat label={s('ordersStarted')} value={orders} testId="orders-started" />
      </dl>
    </SagaNodeFrame>
  );
}
