import type { MetricSeries, RunSummary } from '../../engine/metrics';
import { Sparkline } from './Sparkline';

const ms = (v: number | undefined) => (v === undefined ? '—' : `${Math.round(v)} ms`);

/**
 * The saga's part of the metrics panel: its instances running, completed and aborted over
 * the last minute, and its figures for the whole run. Nothing when the run has no saga.
 */
export function SagaMetrics({ summary, series }: { summary: RunSummary; series: MetricSeries }) {
  const saga = summary.saga;
  if (saga === undefined || series.saga === undefined) return null;
  const lines = [
    ['running', series.saga.running],
    ['completed', series.saga.completed],
    ['aborted', series.saga.aborted],
  ] as const;
  return (
    <div className="metrics-saga" data-testid="saga-metrics">
      <p className="small">
        Sagas: {saga.completed} completed, {saga.aborted} aborted, {saga.compensations} steps
        undone, {saga.messages} messages · end to end p50 {ms(saga.latency.p50)}, p95{' '}
        {ms(saga.latency.p95)}, p99 {ms(saga.latency.p99)}
      </p>
      <div className="metrics-series">
        {lines.map(([name, values]) => (
          <figure key={name} data-testid={`saga-series-${name}`}>
            <figcaption>
              sagas {name} {values.at(-1) ?? 0}
            </figcaption>
            <Sparkline values={values} label={`sagas ${name}`} />
          </figure>
        ))}
      </div>
    </div>
  );
}
