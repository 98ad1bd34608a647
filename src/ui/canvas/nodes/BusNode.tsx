import type { NodeProps } from '@xyflow/react';
import { useT } from '../../i18n';
import { useSession, useSessionState } from '../../lab/session';
import type { ScenarioFlowNode } from '../toFlow';
import { NodeShell } from './NodeShell';
import { Stat } from './Stat';

export function BusNode({ data }: NodeProps<ScenarioFlowNode>) {
  const { t } = useT();
  const node = data.node;
  const { scenario } = useSession();
  const logged = useSessionState((s) => s.snapshot.buses[node.id]?.appended ?? 0);
  const active = useSessionState(
    (s) =>
      scenario.subscriptions.filter(
        (sub) => sub.bus === node.id && s.snapshot.subscriptions[sub.id]?.active,
      ).length,
  );
  return (
    <NodeShell node={node} kindLabel={t('kindBus')} inputs outputs pulse={logged}>
      <dl className="stats">
        <Stat label={t('logged')} value={logged} />
        <Stat label={t('subscriptions')} value={active} />
      </dl>
    </NodeShell>
  );
}
