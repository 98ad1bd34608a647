import type { NodeProps } from '@xyflow/react';
import { motion } from 'motion/react';
import type { TopicNode as TopicModel } from '../../../engine/scenario';
import type { GroupState, TopicState } from '../../../engine/sim/topicRuntime';
import { useSessionState } from '../../lab/session';
import { groupColor } from '../../log/groupColors';
import type { ScenarioFlowNode } from '../toFlow';
import { useKafkaNodeT } from './kafkaStrings';
import { NodeShell } from './NodeShell';
import { Stat } from './Stat';
import '../../styles/kafkaNodes.css';

/** Offsets drawn per partition: the newest; a cursor further back waits at the left edge. */
const WINDOW = 8;
const CELL = 22;

/**
 * A topic: each partition a short tape of its newest offsets, and under it each group's
 * cursor at the offset it reads next (its member's position, or its commit).
 */
export function TopicNode({ data }: NodeProps<ScenarioFlowNode>) {
  const { text: k } = useKafkaNodeT();
  const node = data.node as TopicModel;
  const state = useSessionState((s) => s.snapshot.topics[node.id]);
  const groups = useSessionState((s) => s.snapshot.groups);
  const reading = (state?.groups ?? []).flatMap((id) => {
    const g = groups[id];
    return g === undefined ? [] : [{ id, state: g }];
  });
  const names = reading.map((g) => g.id);
  return (
    <NodeShell node={node} kindLabel={k('kindTopic')} inputs outputs pulse={state?.appended ?? 0}>
      <dl className="stats">
        <Stat label={k('appended')} value={state?.appended ?? 0} testId={`appended-${node.id}`} />
        <Stat label={k('partitions')} value={node.partitions} />
      </dl>
      <p className="muted small topic-key">
        {node.keyField === undefined ? (
          k('roundRobin')
        ) : (
          <>
            {k('keyedBy')}: <code>{node.keyField}</code>
          </>
        )}
        {node.retentionRecords !== undefined &&
          ` · ${k('keep')} ${node.retentionRecords} / ${k('partition')}`}
      </p>
      {(state?.partitions ?? []).map((p) => (
        <PartitionTape
          key={p.partition}
          topic={node.id}
          partition={p}
          reading={reading}
          names={names}
        />
      ))}
      {reading.length === 0 && <p className="muted small">{k('noGroups')}</p>}
      {state?.error !== undefined && <p className="node-error">{state.error}</p>}
    </NodeShell>
  );
}

function PartitionTape({
  topic,
  partition: p,
  reading,
  names,
}: {
  topic: string;
  partition: TopicState['partitions'][number];
  reading: readonly { id: string; state: GroupState }[];
  names: readonly string[];
}) {
  const { text: k } = useKafkaNodeT();
  const from = Math.max(p.start, p.end - WINDOW);
  const keys = new Map(p.recent.map((r) => [r.offset, r.key]));
  const offsets = Array.from({ length: p.end - from }, (_, i) => from + i);
  return (
    <section
      className="topic-partition"
      data-partition={p.partition}
      aria-label={`${k('partition')} ${p.partition}`}
    >
      <span className="tp-label mono">P{p.partition}</span>
      <div className="tp-track" style={{ height: 22 + reading.length * 11 }}>
        <ol className="tp-cells">
          {offsets.map((offset) => (
            <li key={offset} title={`offset ${offset} · key ${keys.get(offset) ?? '—'}`}>
              {offset % 100}
            </li>
          ))}
          <li className="is-end" data-testid={`end-${topic}-${p.partition}`}>
            {p.end}
          </li>
        </ol>
        {reading.map((g, i) => {
          const position = g.state.positions[p.partition] ?? p.start;
          const behind = position < from;
          const x = (Math.max(position, from) - from) * CELL;
          return (
            <motion.span
              key={g.id}
              className={`tp-cursor${behind ? ' is-behind' : ''}`}
              data-testid={`cursor-${topic}-${g.id}-${p.partition}`}
              data-position={position}
              title={`${g.id} @ ${position}`}
              style={{ color: groupColor(names, g.id), top: 22 + i * 11 }}
              initial={false}
              animate={{ x }}
              transition={{ type: 'spring', stiffness: 260, damping: 30 }}
            >
              ▲{behind ? ` ${p.end - position} ${k('behind')}` : ''}
            </motion.span>
          );
        })}
      </div>
    </section>
  );
}
