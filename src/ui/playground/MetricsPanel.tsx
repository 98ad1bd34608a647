import { useEffect, useState } from 'react';
import type { LatencyPercentiles, MetricSeries, RunSummary } from '../../engine/metrics';
import { SagaMetrics } from './SagaMetrics';
import { Sparkline } from './Sparkline';
import { usePlaygroundT } from './strings';
import type { PlaygroundRun } from './usePlaygroundRun';

interface Shown {
  readonly summary: RunSummary;
  readonly live: LatencyPercentiles;
  readonly series: MetricSeries;
}

const ms = (v: number | undefined) =>
  v === undefined ? '—' : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
const n = (v: number) => Math.round(v).toLocaleString('en');

/**
 * The run in numbers: throughput, end-to-end latency percentiles (the last ten seconds and
 * the whole run), failures, and each queue's depth and each consumer's lag over the last
 * minute. Read from the metrics collector four times a second.
 */
export function MetricsPanel({ run }: { run: PlaygroundRun }) {
  const { text: p } = usePlaygroundT();
  const [shown, setShown] = useState<Shown | undefined>(undefined);
  useEffect(() => {
    let version = -1;
    const read = () => {
      const m = run.metrics;
      if (m.version === version) return;
      version = m.version;
      setShown({ summary: m.summary(), live: m.latency(), series: m.series() });
    };
    read();
    const timer = setInterval(read, 250);
    return () => clearInterval(timer);
  }, [run]);
  if (!shown) return null;
  const { summary, live, series } = shown;
  const rows: [string, string][] = [
    [p('throughput'), `${n(summary.throughput)} /s`],
    [p('sentDone'), `${n(summary.sent)} / ${n(summary.completed)}`],
    ['p50 / p95 / p99 (10 s)', `${ms(live.p50)} / ${ms(live.p95)} / ${ms(live.p99)}`],
    [
      'p50 / p95 / p99 (run)',
      `${ms(summary.latency.p50)} / ${ms(summary.latency.p95)} / ${ms(summary.latency.p99)}`,
    ],
    [
      p('maxDepth'),
      `${n(summary.maxDepth)}${summary.maxDepthQueue ? ` (${summary.maxDepthQueue})` : ''}`,
    ],
    [p('redeliveries'), n(summary.redeliveries)],
    [p('deadLetters'), n(summary.deadLetters)],
    [p('failuresDropped'), `${n(summary.failures)} / ${n(summary.dropped)}`],
    [p('workersLost'), n(summary.workersLost)],
    ...(Object.keys(series.groups).length === 0
      ? []
      : [
          [
            p('maxLag'),
            `${n(summary.maxLag)}${summary.maxLagGroup ? ` (${summary.maxLagGroup})` : ''}`,
          ] as [string, string],
        ]),
  ];
  return (
    <section className="panel metrics-panel" aria-label={p('metricsTab')}>
      <dl className="metrics-summary">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd data-testid={`metric-${k}`}>{v}</dd>
          </div>
        ))}
      </dl>
      <div className="metrics-series">
        {Object.entries(series.queues).map(([id, q]) => (
          <figure key={id}>
            <figcaption>
              {id} · {p('ready')} {q.ready.at(-1) ?? 0}
            </figcaption>
            <Sparkline values={q.ready} label={`${id} ${p('ready')}`} />
          </figure>
        ))}
        {Object.entries(series.consumers).map(([id, c]) => (
          <figure key={id}>
            <figcaption>
              {id} · {p('lag')} {c.lag.at(-1) ?? 0}
            </figcaption>
            <Sparkline values={c.lag} label={`${id} ${p('lag')}`} />
          </figure>
        ))}
        {Object.entries(series.groups).map(([id, g]) => (
          <figure key={id} data-testid={`group-lag-${id}`}>
            <figcaption>
              {id} · {p('lag')} {g.lag.at(-1) ?? 0}
            </figcaption>
            <Sparkline values={g.lag} label={`${id} ${p('lag')}`} />
          </figure>
        ))}
      </div>
      <SagaMetrics summary={summary} series={series} />
    </section>
  );
}
