import { useState } from 'react';
import { type CompareResult, compareVariants } from '../../engine/compare/compareVariants';
import type { ComparedField } from '../../engine/metrics';
import type { Scenario, ScenarioNode } from '../../engine/scenario';
import { otherMode, SagaCompareRows } from './SagaCompareRows';
import { usePlaygroundT } from './strings';
import type { PlaygroundRun } from './usePlaygroundRun';

/** The settings a comparison can change, by node kind, and how to read the typed value. */
const VARIABLE: Partial<
  Record<
    ScenarioNode['kind'],
    readonly { field: string; read: (v: string) => unknown; b?: (a: unknown) => string }[]
  >
> = {
  consumer: [
    { field: 'workers', read: Number },
    { field: 'prefetch', read: Number },
  ],
  queue: [
    { field: 'maxLength', read: Number },
    { field: 'deliveryLimit', read: Number },
    { field: 'messageTtl', read: Number },
  ],
  exchange: [{ field: 'exchangeType', read: String }],
  listener: [{ field: 'failing', read: (v) => v === 'true' }],
  group: [
    { field: 'members', read: Number },
    { field: 'rate', read: Number },
  ],
  topic: [{ field: 'partitions', read: Number }],
  saga: [{ field: 'mode', read: String, b: otherMode }],
};

const DURATIONS = [10_000, 30_000, 60_000] as const;

const LABELS: Record<ComparedField, string> = {
  throughput: 'throughput (done/s)',
  p50: 'latency p50 (ms)',
  p95: 'latency p95 (ms)',
  p99: 'latency p99 (ms)',
  maxDepth: 'deepest queue',
  maxLag: 'most group lag',
  redeliveries: 'redeliveries',
  deadLetters: 'dead letters',
  failures: 'failures',
  dropped: 'dropped',
  workersLost: 'workers lost',
};

const fmt = (v: number | undefined) =>
  v === undefined
    ? '—'
    : v < 10 && !Number.isInteger(v)
      ? v.toFixed(2)
      : Math.round(v).toLocaleString('en');

/**
 * Two runs of the scenario on the same seed, side by side: A as it is, B with one setting
 * changed. Both run without a page (in-process workers, simulated time as fast as it goes)
 * with the producers' current rates and the fault script, so what differs is the setting.
 */
export function ComparePanel({
  scenario,
  run,
  script,
}: {
  scenario: Scenario;
  run: PlaygroundRun;
  script: readonly unknown[];
}) {
  const { text: p } = usePlaygroundT();
  const candidates = scenario.nodes.filter((n) => VARIABLE[n.kind] !== undefined);
  const [nodeId, setNodeId] = useState(candidates[0]?.id ?? '');
  const node = candidates.find((n) => n.id === nodeId) ?? candidates[0];
  const fields = node ? (VARIABLE[node.kind] ?? []) : [];
  const [field, setField] = useState(fields[0]?.field ?? '');
  const chosen = fields.find((f) => f.field === field) ?? fields[0];
  const [typed, setValue] = useState<string | undefined>(undefined);
  const [duration, setDuration] = useState<number>(30_000);
  const [progress, setProgress] = useState<number | undefined>(undefined);
  const [result, setResult] = useState<CompareResult | undefined>(undefined);

  const current =
    node && chosen ? (node as unknown as Record<string, unknown>)[chosen.field] : undefined;
  // a setting with one obvious other value (a saga's mode) offers it until one is typed
  const value = typed ?? chosen?.b?.(current) ?? '3';
  const start = async () => {
    if (!node || !chosen) return;
    const rates = Object.fromEntries(
      Object.entries(run.session.sim.getSnapshot().producers).map(([id, s]) => [id, s.rate]),
    );
    setResult(undefined);
    setProgress(0);
    try {
      setResult(
        await compareVariants(
          scenario,
          { node: node.id, patch: { [chosen.field]: chosen.read(value) } },
          { durationMs: duration, rates, faults: script, onProgress: setProgress },
        ),
      );
    } catch (error) {
      setResult({ ok: false, reason: error instanceof Error ? error.message : String(error) });
    } finally {
      setProgress(undefined);
    }
  };

  if (!node) return <p className="muted small">{p('compareNothing')}</p>;
  return (
    <section className="panel compare-panel" aria-label={p('compareTab')}>
      <div className="compare-form">
        <label>
          {p('compareNode')}
          <select
            value={node.id}
            onChange={(e) => {
              setNodeId(e.target.value);
              setValue(undefined);
            }}
          >
            {candidates.map((n) => (
              <option key={n.id} value={n.id}>
                {n.label} ({n.kind})
              </option>
            ))}
          </select>
        </label>
        <label>
          {p('compareSetting')}
          <select
            value={chosen?.field ?? ''}
            onChange={(e) => {
              setField(e.target.value);
              setValue(undefined);
            }}
          >
            {fields.map((f) => (
              <option key={f.field} value={f.field}>
                {f.field}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">A: {current === undefined ? '(none)' : String(current)}</span>
        <label>
          {p('compareValueB')}
          <input type="text" value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <label>
          {p('compareFor')}
          <select value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
            {DURATIONS.map((d) => (
              <option key={d} value={d}>
                {d / 1000} s
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn small primary"
          onClick={() => void start()}
          disabled={progress !== undefined}
        >
          {progress === undefined ? p('compareRun') : `${Math.round(progress * 100)}%`}
        </button>
      </div>
      {result && !result.ok && (
        <p className="field-error" role="alert">
          {result.reason}
        </p>
      )}
      {result?.ok && (
        <table className="compare-table">
          <thead>
            <tr>
              <th />
              <th>
                A · {chosen?.field} = {String(current ?? '(none)')}
              </th>
              <th>
                B · {chosen?.field} = {value}
              </th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => (
              <tr key={r.key} data-row={r.key}>
                <th scope="row">{LABELS[r.key]}</th>
                <td className={r.better === 'a' ? 'better' : ''}>{fmt(r.a)}</td>
                <td className={r.better === 'b' ? 'better' : ''}>{fmt(r.b)}</td>
              </tr>
            ))}
            <SagaCompareRows a={result.a.saga} b={result.b.saga} />
          </tbody>
        </table>
      )}
    </section>
  );
}
