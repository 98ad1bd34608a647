import type { SagaSummary } from './sagaMetrics';

/** Latency percentiles in ms; undefined while nothing has been measured. */
export interface LatencyPercentiles {
  readonly count: number;
  readonly p50: number | undefined;
  readonly p95: number | undefined;
  readonly p99: number | undefined;
  readonly max: number | undefined;
}

/**
 * One run in a few numbers, the same fields for any scenario, so two runs (1 against 3
 * workers, prefetch 1 against 50) can stand side by side.
 */
export interface RunSummary {
  /** simulated ms the collector watched */
  readonly durationMs: number;
  /** messages producers and endpoints sent */
  readonly sent: number;
  /** messages done: acks at queues, deliveries landed at bus listeners, records groups read */
  readonly completed: number;
  /** completed a second of simulated time */
  readonly throughput: number;
  /** end-to-end latency over the whole run */
  readonly latency: LatencyPercentiles;
  /** the most messages ready in any one queue at once, and which */
  readonly maxDepth: number;
  readonly maxDepthQueue: string | undefined;
  readonly redeliveries: number;
  readonly deadLetters: number;
  /** nacks, listener failures, refused requests */
  readonly failures: number;
  /** unroutable, refused by a full queue, or dropped with nowhere to go */
  readonly dropped: number;
  readonly workersLost: number;
  /** the most records any consumer group was behind its topic's end, at a sample, and which */
  readonly maxLag: number;
  readonly maxLagGroup: string | undefined;
  /** the saga's figures, when the scenario has a saga (sagaMetrics.ts) */
  readonly saga?: SagaSummary;
}

/** The fields a side-by-side table shows, and whether more is better. */
export const SUMMARY_FIELDS = [
  { key: 'throughput', better: 'higher' },
  { key: 'p50', better: 'lower' },
  { key: 'p95', better: 'lower' },
  { key: 'p99', better: 'lower' },
  { key: 'maxDepth', better: 'lower' },
  { key: 'maxLag', better: 'lower' },
  { key: 'redeliveries', better: 'lower' },
  { key: 'deadLetters', better: 'lower' },
  { key: 'failures', better: 'lower' },
  { key: 'dropped', better: 'lower' },
  { key: 'workersLost', better: 'lower' },
] as const;

export type ComparedField = (typeof SUMMARY_FIELDS)[number]['key'];

export interface ComparedRow<K extends string = ComparedField> {
  readonly key: K;
  readonly a: number | undefined;
  readonly b: number | undefined;
  /** which run did better on it; 'same' when equal or either is missing */
  readonly better: 'a' | 'b' | 'same';
}

/** Which of two judged values is better, when more (or less) is better. */
export function betterOf(
  x: number | undefined,
  y: number | undefined,
  better: 'higher' | 'lower',
): ComparedRow['better'] {
  if (x === undefined || y === undefined || x === y) return 'same';
  return (better === 'higher' ? x > y : x < y) ? 'a' : 'b';
}

/** Two runs' summaries as rows for a side-by-side table. */
export function compareRuns(a: RunSummary, b: RunSummary): ComparedRow[] {
  return SUMMARY_FIELDS.map(({ key, better }) => {
    const x = pick(a, key);
    const y = pick(b, key);
    return { key, a: x, b: y, better: betterOf(x, y, better) };
  });
}

function pick(s: RunSummary, key: ComparedField): number | undefined {
  switch (key) {
    case 'p50':
    case 'p95':
    case 'p99':
      return s.latency[key];
    default:
      return s[key];
  }
}
