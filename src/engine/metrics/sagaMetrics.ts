import { commandQueue, REPLY_QUEUE } from '../saga';
import { SAGA_SERVICES } from '../scenario/sagaSchema';
import type { TraceEvent } from '../trace';
import { LogHistogram } from './logHistogram';
import { betterOf, type ComparedRow, type LatencyPercentiles } from './summary';

/** A run's sagas in a few numbers, to set orchestration beside choreography. */
export interface SagaSummary {
  readonly started: number;
  readonly completed: number;
  readonly aborted: number;
  /** steps undone (each compensation applied) */
  readonly compensations: number;
  /** what the saga put on the wire: commands and replies, or events published */
  readonly messages: number;
  /** from an order's start to its saga's end (completed or aborted), in ms */
  readonly latency: LatencyPercentiles;
}

/** The rows a side-by-side table shows, and whether more is better. */
export const SAGA_FIELDS = [
  { key: 'completed', better: 'higher' },
  { key: 'aborted', better: 'lower' },
  { key: 'compensations', better: 'lower' },
  { key: 'p50', better: 'lower' },
  { key: 'p95', better: 'lower' },
  { key: 'p99', better: 'lower' },
  { key: 'messages', better: 'lower' },
] as const;

export type SagaField = (typeof SAGA_FIELDS)[number]['key'];

const COMMAND_QUEUES = new Set(SAGA_SERVICES.map(commandQueue));

/**
 * The saga's figures from the trace: counts of instances by how they ended, compensations,
 * messages sent, and end-to-end latency in a histogram of fixed size. The open instances'
 * start times are kept until they end: a saga that never ends is one entry.
 */
export class SagaMetrics {
  readonly #startedAt = new Map<string, number>();
  readonly #latency: LogHistogram;
  #started = 0;
  #completed = 0;
  #aborted = 0;
  #compensations = 0;
  #messages = 0;

  constructor(accuracy = 0.01) {
    this.#latency = new LogHistogram(accuracy);
  }

  observe(e: TraceEvent): void {
    switch (e.type) {
      case 'saga.started':
        this.#started++;
        this.#startedAt.set(e.saga, e.at);
        break;
      case 'saga.completed':
      case 'saga.aborted': {
        if (e.type === 'saga.completed') this.#completed++;
        else this.#aborted++;
        const start = this.#startedAt.get(e.saga);
        this.#startedAt.delete(e.saga);
        if (start !== undefined) this.#latency.add(Math.max(0, e.at - start));
        break;
      }
      case 'saga.compensated':
        this.#compensations++;
        break;
      case 'message.sent':
        // the sending hop of each command, reply and event (not the queue's delivery after it)
        if (
          COMMAND_QUEUES.has(e.to) ||
          e.to === REPLY_QUEUE ||
          (typeof e.data === 'object' && e.data !== null && 'fact' in e.data)
        ) {
          this.#messages++;
        }
        break;
      default:
    }
  }

  /** Instances by where they stand now: for the chart of saga counts over time. */
  counts(): { readonly running: number; readonly completed: number; readonly aborted: number } {
    return {
      running: this.#started - this.#completed - this.#aborted,
      completed: this.#completed,
      aborted: this.#aborted,
    };
  }

  summary(): SagaSummary {
    const h = this.#latency;
    return {
      started: this.#started,
      completed: this.#completed,
      aborted: this.#aborted,
      compensations: this.#compensations,
      messages: this.#messages,
      latency: {
        count: h.count,
        p50: h.quantile(0.5),
        p95: h.quantile(0.95),
        p99: h.quantile(0.99),
        max: h.count === 0 ? undefined : h.max,
      },
    };
  }
}

export type SagaComparedRow = ComparedRow<SagaField>;

/**
 * Counts that grow with the sagas a run got through are judged per saga, so a run that ended
 * fewer of them (a slower mode, in the same time) does not look better for having aborted or
 * undone less: aborts and undos per saga that ended, messages per saga started.
 */
const PER_SAGA: Partial<Record<SagaField, (s: SagaSummary) => number>> = {
  aborted: (s) => s.completed + s.aborted,
  compensations: (s) => s.completed + s.aborted,
  messages: (s) => s.started,
};

/** Two runs' sagas as rows for a side-by-side table. */
export function compareSagas(a: SagaSummary, b: SagaSummary): SagaComparedRow[] {
  const pick = (s: SagaSummary, key: SagaField) =>
    key === 'p50' || key === 'p95' || key === 'p99' ? s.latency[key] : s[key];
  /** what `better` is judged on: the value, or the value per saga */
  const judged = (s: SagaSummary, key: SagaField, value: number | undefined) => {
    const per = PER_SAGA[key]?.(s);
    if (value === undefined || per === undefined) return value;
    return per === 0 ? undefined : value / per;
  };
  return SAGA_FIELDS.map(({ key, better }) => {
    const x = pick(a, key);
    const y = pick(b, key);
    return { key, a: x, b: y, better: betterOf(judged(a, key, x), judged(b, key, y), better) };
  });
}

export const SAGA_SERIES = ['running', 'completed', 'aborted'] as const;
export type SagaSeries = Readonly<Record<(typeof SAGA_SERIES)[number], number[]>>;

/** The series' keys among a collector's samples. */
export const sagaSeriesKey = (name: (typeof SAGA_SERIES)[number]) => `saga\u0000${name}`;
