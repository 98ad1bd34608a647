import { motion } from 'motion/react';
import { KAFKA_TOPIC, type KafkaLabSnapshot } from '../../engine/kafka/KafkaLab';
import { groupColor } from './groupColors';
import { useLogT } from './strings';

/** Cells shown per partition: the newest records. */
const WINDOW = 16;
const CELL = 46;

/** Where each group stands in a partition: the member holding it, else its commit. */
function groupPositions(snapshot: KafkaLabSnapshot, partition: number) {
  const range = snapshot.partitions[partition] ?? { start: 0, end: 0 };
  return snapshot.groups.map((g) => {
    const holder = snapshot.consumers.find(
      (c) => c.group === g.group && c.assignment.includes(partition),
    );
    const position = holder?.positions[partition] ?? g.committed[partition] ?? range.start;
    return { group: g.group, holder: holder?.id, position };
  });
}

/**
 * The topic: each partition a tape of its newest records, each group's cursor under the
 * record it reads next. A cursor further back than the tape waits at its left edge with
 * how far behind it is.
 */
export function TopicView({ snapshot }: { snapshot: KafkaLabSnapshot }) {
  const { text: l } = useLogT();
  const groups = snapshot.groups.map((g) => g.group);
  return (
    <section className="panel topic-view" aria-label={`${l('topic')} ${KAFKA_TOPIC}`}>
      <h2>
        {l('topic')} <code>{KAFKA_TOPIC}</code>
      </h2>
      {snapshot.partitions.map((p) => {
        const from = Math.max(p.start, p.end - WINDOW);
        const shown = p.recent.filter((r) => r.offset >= from);
        const positions = groupPositions(snapshot, p.partition);
        return (
          <section
            key={p.partition}
            className="partition"
            data-partition={p.partition}
            aria-label={`${l('partition')} ${p.partition}`}
          >
            <div className="partition-head">
              <strong>
                {l('partition')} {p.partition}
              </strong>
              <span className="muted small">
                {p.end} {l('stored')}
              </span>
            </div>
            <div className="partition-track" style={{ width: (WINDOW + 1) * CELL }}>
              <ol className="tape kafka-tape">
                {shown.map((r) => (
                  <motion.li
                    key={r.offset}
                    layout
                    initial={{ opacity: 0, scale: 0.6 }}
                    animate={{ opacity: 1, scale: 1 }}
                    className="cell"
                    data-offset={r.offset}
                    title={`${r.event} · key ${r.key ?? '—'}`}
                    style={{ width: CELL - 4 }}
                  >
                    <span className="offset">{r.offset}</span>
                    <span className="what">{r.key ?? '—'}</span>
                  </motion.li>
                ))}
                <li
                  className="cell is-end"
                  style={{ width: CELL - 4 }}
                  aria-label={l('endOfPartition')}
                >
                  <span className="offset">{p.end}</span>
                </li>
              </ol>
              <div className="cursors">
                {positions.map((c, i) => {
                  const behind = c.position < from;
                  const x = (Math.max(c.position, from) - from) * CELL;
                  return (
                    <motion.span
                      key={c.group}
                      className={`kafka-cursor${behind ? ' is-behind' : ''}`}
                      data-group={c.group}
                      data-position={c.position}
                      style={{ color: groupColor(groups, c.group), top: i * 15 }}
                      initial={false}
                      animate={{ x }}
                      transition={{ type: 'spring', stiffness: 260, damping: 30 }}
                    >
                      ▲ {c.group}
                      {behind ? ` ◀ ${p.end - c.position} ${l('behind')}` : ` @${c.position}`}
                    </motion.span>
                  );
                })}
              </div>
            </div>
          </section>
        );
      })}
    </section>
  );
}
