import { type GroupView, LAG_SAMPLE_MS, LAG_SAMPLES } from '../../engine/kafka/KafkaLab';
import { groupColor } from './groupColors';
import { useLogT } from './strings';

const W = 360;
const H = 120;
const PAD = 24;

/** Each group's lag (records behind the end, by its commits) over the last minute. */
export function LagChart({ groups }: { groups: readonly GroupView[] }) {
  const { text: l } = useLogT();
  const names = groups.map((g) => g.group);
  const top = Math.max(5, ...groups.flatMap((g) => g.history));
  const x = (i: number) => PAD + (i / (LAG_SAMPLES - 1)) * (W - PAD - 6);
  const y = (v: number) => H - 16 - (v / top) * (H - 28);
  const seconds = (LAG_SAMPLES * LAG_SAMPLE_MS) / 1000;
  return (
    <section className="panel lag-chart" aria-label={l('lagChart')}>
      <h2>{l('lagChart')}</h2>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={l('lagChart')}>
        <line x1={PAD} y1={y(0)} x2={W - 6} y2={y(0)} className="axis" />
        <line x1={PAD} y1={y(top)} x2={W - 6} y2={y(top)} className="grid" />
        <text x={PAD - 4} y={y(top) + 4} className="tick" textAnchor="end">
          {top}
        </text>
        <text x={PAD - 4} y={y(0) + 4} className="tick" textAnchor="end">
          0
        </text>
        <text x={PAD} y={H - 2} className="tick">
          −{seconds}s
        </text>
        <text x={W - 6} y={H - 2} className="tick" textAnchor="end">
          {l('now')}
        </text>
        {groups.map((g) => {
          // the newest sample sits at the right edge
          const offset = LAG_SAMPLES - g.history.length;
          const points = g.history.map((v, i) => `${x(offset + i)},${y(v)}`).join(' ');
          return (
            <polyline
              key={g.group}
              points={points}
              fill="none"
              stroke={groupColor(names, g.group)}
              strokeWidth={2}
            />
          );
        })}
      </svg>
      <ul className="legend">
        {groups.map((g) => (
          <li key={g.group} style={{ color: groupColor(names, g.group) }}>
            ■ <span>{g.group}</span> {l('lag')} {g.lag}
          </li>
        ))}
      </ul>
    </section>
  );
}
