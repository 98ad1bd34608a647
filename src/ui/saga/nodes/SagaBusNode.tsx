import type { NodeProps } from '@xyflow/react';
import { useSessionState } from '../../lab/session';
import type { SagaFlowNode } from '../sagaLayout';
import { useSagaT } from '../strings';
import { SagaNodeFrame } from './SagaNodeFrame';
import { SagaStat } from './SagaStat';

const HANDLES = [
  { id: 'left', type: 'target', position: 'left' },
  { id: 'in', type: 'target', position: 'top', at: 35 },
  { id: 'out', type: 'source', position: 'top', at: 65 },
] as const;

/** The bus of the choreography: every service publishes here and hears its neighbours here. */
export function SagaBusNode({ id, data }: NodeProps<SagaFlowNode>) {
  const { text: s } = useSagaT();
  const published = useSessionState((st) => st.snapshot.buses[id]?.appended ?? 0);
  return (
    <SagaNodeFrame id={id} kind="bus" kindLabel={s('kindBus')} name={data.label} handles={HANDLES}>
      <dl className="saga-stats is-inline">
        <SagaStat label={s('published')} value={published} testId={`published-${id}`} />
      </dl>
    </SagaNodeFrame>
  );
}
