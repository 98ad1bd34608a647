import type { NodeProps } from '@xyflow/react';
import type { HttpNode as HttpModel } from '../../../engine/scenario';
import { useT } from '../../i18n';
import { useSessionState } from '../../lab/session';
import type { ScenarioFlowNode } from '../toFlow';
import { NodeShell } from './NodeShell';
import { Stat } from './Stat';

/** An HTTP endpoint: what it has answered, and the last answer with its status code. */
export function HttpNode({ data }: NodeProps<ScenarioFlowNode>) {
  const { t } = useT();
  const node = data.node as HttpModel;
  const state = useSessionState((s) => s.snapshot.endpoints[node.id]);
  const answered = (state?.accepted ?? 0) + (state?.refused ?? 0) + (state?.duplicates ?? 0);
  const status = state?.lastStatus;
  return (
    <NodeShell node={node} kindLabel={t('kindHttp')} inputs outputs pulse={answered}>
      <dl className="stats">
        <Stat label={t('accepted')} value={state?.accepted ?? 0} testId={`accepted-${node.id}`} />
        <Stat label={t('unsigned')} value={state?.unsigned ?? 0} testId={`unsigned-${node.id}`} />
        <Stat
          label={t('duplicates')}
          value={state?.duplicates ?? 0}
          testId={`duplicates-${node.id}`}
        />
        <Stat
          label={t('refused')}
          value={state?.refused ?? 0}
          bad={(state?.refused ?? 0) > 0}
          testId={`refused-${node.id}`}
        />
      </dl>
      {status !== undefined && (
        <p
          className={`node-output mono${status >= 400 ? ' is-bad' : ''}`}
          data-testid={`last-${node.id}`}
        >
          {status} {state?.lastMessage}
        </p>
      )}
    </NodeShell>
  );
}
