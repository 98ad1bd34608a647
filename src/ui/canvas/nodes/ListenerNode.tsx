import type { NodeProps } from '@xyflow/react';
import { useT } from '../../i18n';
import { useSession, useSessionState } from '../../lab/session';
import type { ScenarioFlowNode } from '../toFlow';
import { NodeShell } from './NodeShell';
import { ServiceStateView } from './ServiceState';
import { Stat } from './Stat';

/**
 * A listener: how many deliveries have landed on it, how many it failed, and a switch that
 * makes it throw, to show that one failing listener does not stop the others.
 */
export function ListenerNode({ data }: NodeProps<ScenarioFlowNode>) {
  const { t } = useT();
  const session = useSession();
  const node = data.node;
  const landed = useSessionState((s) => s.landed[node.id]);
  const failing = useSessionState((s) => s.snapshot.listeners[node.id]?.failing ?? false);
  // totals as the latest landed delivery left them, so they change as the dot arrives
  const initial = useSessionState((s) => s.snapshot.listeners[node.id]?.service);
  const service = landed?.service ?? initial;
  // only a bus delivery can be made to throw here; a worker's handler decides its own failures
  const subscribed = session.scenario.subscriptions.some((s) => s.listener === node.id);
  const received = landed?.received ?? 0;
  const failed = landed?.failed ?? 0;
  return (
    <NodeShell
      node={node}
      kindLabel={
        node.kind === 'listener' && node.service !== 'record' ? t('kindService') : t('kindListener')
      }
      inputs
      pulse={landed?.pulse ?? 0}
      state={failing ? 'failing' : undefined}
    >
      <dl className="stats">
        <Stat label={t('received')} value={received} testId={`received-${node.id}`} />
        <Stat label={t('failed')} value={failed} bad={failed > 0} testId={`failed-${node.id}`} />
      </dl>
      {service !== undefined && <ServiceStateView state={service} />}
      {subscribed && (
        <button
          type="button"
          role="switch"
          aria-checked={failing}
          aria-label={`${node.label} throws on delivery`}
          className="switch nodrag"
          onClick={() => session.setFailing(node.id, !failing)}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          {t('throws')}
        </button>
      )}
      {landed?.lastError !== undefined && (
        <p className="node-error" role="status">
          {landed.lastError}
        </p>
      )}
    </NodeShell>
  );
}
