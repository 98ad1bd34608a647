import type { NodeProps } from '@xyflow/react';
import type { GroupNode as GroupModel } from '../../../engine/scenario';
import { useSession, useSessionState } from '../../lab/session';
import { groupColor } from '../../log/groupColors';
import type { ScenarioFlowNode } from '../toFlow';
import { useKafkaNodeT } from './kafkaStrings';
import { NodeShell } from './NodeShell';
import { Stat } from './Stat';
import '../../styles/kafkaNodes.css';

/**
 * A consumer group: how far behind its topic's end it is, what it has read, and its members
 * with the partitions each holds now; a member can be killed and another added (each a
 * rebalance), as the fault script can.
 */
export function GroupNode({ data }: NodeProps<ScenarioFlowNode>) {
  const { text: k } = useKafkaNodeT();
  const session = useSession();
  const node = data.node as GroupModel;
  const state = useSessionState((s) => s.snapshot.groups[node.id]);
  const siblings = useSessionState((s) => s.snapshot.topics[node.topic]?.groups);
  const members = state?.members ?? [];
  const color = groupColor(siblings ?? [node.id], node.id);
  return (
    <NodeShell node={node} kindLabel={k('kindGroup')} inputs pulse={state?.handled ?? 0}>
      <dl className="stats">
        <Stat label={k('lag')} value={state?.lag ?? 0} testId={`lag-${node.id}`} />
        <Stat label={k('read')} value={state?.handled ?? 0} testId={`read-${node.id}`} />
        <Stat label={k('members')} value={members.length} testId={`members-${node.id}`} />
      </dl>
      <p className="muted small group-line">
        <span className="group-swatch" style={{ background: color }} aria-hidden="true" />
        {node.topic} · {node.rate}
        {k('perSecond')} · {node.offsetReset} · {node.delivery}
      </p>
      {members.length === 0 ? (
        <p className="muted small">{k('noMembers')}</p>
      ) : (
        <ul className="group-members">
          {members.map((m) => (
            <li key={m.id} data-member={m.id}>
              <span className="mono">{m.id}</span>
              <span className="muted">
                {m.partitions.length === 0 ? '—' : m.partitions.map((p) => `P${p}`).join(' ')}
              </span>
              <span className="mono">{m.handled}</span>
              <button
                type="button"
                className="btn small nodrag"
                aria-label={`${k('kill')} ${m.id}`}
                onClick={() => session.sim.killGroupMember(node.id, m.id)}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="node-actions">
        <button
          type="button"
          className="btn small nodrag"
          onClick={() => session.sim.addGroupMember(node.id)}
        >
          {k('addMember')}
        </button>
        <span className="muted small">
          {k('rebalances')} {state?.rebalances ?? 0}
        </span>
      </div>
      {state?.error !== undefined && <p className="node-error">{state.error}</p>}
    </NodeShell>
  );
}
