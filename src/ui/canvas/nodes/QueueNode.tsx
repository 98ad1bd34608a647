import type { NodeProps } from '@xyflow/react';
import type { QueueNode as QueueModel } from '../../../engine/scenario';
import { useT } from '../../i18n';
import { useSession, useSessionState } from '../../lab/session';
import type { ScenarioFlowNode } from '../toFlow';
import { NodeShell } from './NodeShell';
import { Stat } from './Stat';

// the depth bar is full at this many ready messages
const BAR_FULL = 50;

/** A queue: its depth (ready), what consumers hold (unacked), and what went to dead letters. */
export function QueueNode({ data }: NodeProps<ScenarioFlowNode>) {
  const { t } = useT();
  const session = useSession();
  const node = data.node as QueueModel;
  const state = useSessionState((s) => s.snapshot.queues[node.id]);
  const ready = state?.ready ?? 0;
  const unacked = state?.unacked ?? 0;
  const isDeadLetterQueue = state?.deadLetter ?? false;
  return (
    <NodeShell
      node={node}
      kindLabel={isDeadLetterQueue ? t('kindDeadLetterQueue') : t('kindQueue')}
      inputs
      outputs
      pulse={state?.enqueued ?? 0}
    >
      {/* the bar repeats the "ready" figure below for the eye; readers get the figure */}
      <div className="depth" aria-hidden="true">
        <span style={{ width: `${Math.min(100, (ready / BAR_FULL) * 100)}%` }} />
      </div>
      <dl className="stats">
        <Stat label={t('ready')} value={ready} testId={`ready-${node.id}`} />
        <Stat label={t('unacked')} value={unacked} testId={`unacked-${node.id}`} />
        <Stat
          label={t('dead')}
          value={state?.deadLettered ?? 0}
          bad={(state?.deadLettered ?? 0) > 0}
          testId={`dead-${node.id}`}
        />
      </dl>
      <div className="node-actions">
        <button
          type="button"
          className="btn small nodrag"
          onClick={() => session.inspect({ kind: 'queue', id: node.id })}
        >
          Inspect {node.label}
        </button>
        {isDeadLetterQueue && ready > 0 && (
          <button
            type="button"
            className="btn small nodrag"
            onClick={() => session.moveBack(node.id)}
          >
            Move back
          </button>
        )}
      </div>
    </NodeShell>
  );
}
