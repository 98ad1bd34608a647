import { compareSagas, type SagaField, type SagaSummary } from '../../engine/metrics';

const LABELS: Record<SagaField, string> = {
  completed: 'sagas completed',
  aborted: 'sagas aborted',
  compensations: 'steps undone',
  p50: 'saga latency p50 (ms)',
  p95: 'saga latency p95 (ms)',
  p99: 'saga latency p99 (ms)',
  messages: 'saga messages sent',
};

const fmt = (v: number | undefined) => (v === undefined ? '—' : Math.round(v).toLocaleString('en'));

/** The two runs' sagas, as more rows of the comparison's table (when both ran a saga). */
export function SagaCompareRows({
  a,
  b,
}: {
  a: SagaSummary | undefined;
  b: SagaSummary | undefined;
}) {
  if (a === undefined || b === undefined) return null;
  return (
    <>
      {compareSagas(a, b).map((r) => (
        <tr key={r.key} data-row={`saga-${r.key}`}>
          <th scope="row">{LABELS[r.key]}</th>
          <td className={r.better === 'a' ? 'better' : ''}>{fmt(r.a)}</td>
          <td className={r.better === 'b' ? 'better' : ''}>{fmt(r.b)}</td>
        </tr>
      ))}
    </>
  );
}

/** B's value when a saga's mode is compared: the other mode. */
export const otherMode = (a: unknown) => (a === 'choreography' ? 'orchestration' : 'choreography');
