import type { TimerId } from '../clock';
import type { Simulation } from '../sim';
import type { TraceEvent } from '../trace';
import { countEvent, emptyCounters, type NodeCounters } from './counters';
import { LatencyTracker, MAX_TRACKED } from './latencyTracker';
import { LogHistogram } from './logHistogram';
import { SAGA_SERIES, SagaMetrics, type SagaSeries, sagaSeriesKey } from './sagaMetrics';
import { SampleRing } from './sampleRing';
import { SlidingHistogram } from './slidingHistogram';
import type { LatencyPercentiles, RunSummary } from './summary';

export interface MetricsOptions {
  /** simulated ms between two samples of queue depth and consumer lag */
  readonly sampleEveryMs?: number;
  /** samples kept per series: the chart's width (240 at 250 ms: the last minute) */
  readonly samplesKept?: number;
  /** the sliding window the live latency percentiles cover */
  readonly latencyWindowMs?: number;
  /** histograms the window is cut into: it moves by windowMs / slices */
  readonly latencySlices?: number;
  /** relative accuracy of every percentile (0.01: within 1%) */
  readonly accuracy?: number;
  /** messages followed at once for latency; past it the oldest are forgotten */
  readonly maxTracked?: number;
}

/** What the collector reads of a Simulation. */
export type MetricsSource = Pick<
  Simulation,
  'trace' | 'clock' | 'scenario' | 'hopMs' | 'getSnapshot'
>;

/** Queue depth and consumer lag over time, on one time axis (oldest first), for charts. */
export interface MetricSeries {
  readonly at: readonly number[];
  /** ready: waiting in the queue; unacked: delivered and not yet answered */
  readonly queues: Readonly<
    Record<string, { readonly ready: number[]; readonly unacked: number[] }>
  >;
  /** lag: messages waiting in its queue for it; held: in its workers' hands */
  readonly consumers: Readonly<Record<string, { readonly lag: number[]; readonly held: number[] }>>;
  /** lag: records behind the end of its topic, over every partition (by its positions) */
  readonly groups: Readonly<Record<string, { readonly lag: number[] }>>;
  /** the saga's instances by where they stand, when the scenario has a saga */
  readonly saga?: SagaSeries;
}

type SeriesReader = (snapshot: ReturnType<MetricsSource['getSnapshot']>) => number;

const DEFAULTS = {
  sampleEveryMs: 250,
  samplesKept: 240,
  latencyWindowMs: 10_000,
  latencySlices: 10,
  accuracy: 0.01,
  maxTracked: MAX_TRACKED,
};

/**
 * What the playground charts, fed by the simulation's trace: per node counters, queue depth
 * and consumer lag sampled on the simulation's clock, end-to-end latency percentiles over a
 * sliding window and over the whole run, and a summary to set beside another run's.
 * Everything it keeps is bounded, however long the run: fixed arrays for the series and the
 * histograms, and a capped map of messages on their way.
 *
 * Watching changes nothing: it records no trace event, and its sampling timer is
 * housekeeping (the step mode steps over it), so a run's trace is the same with it or without.
 */
export class MetricsCollector {
  readonly startedAt: number;
  readonly #source: MetricsSource;
  readonly #counters = new Map<string, NodeCounters>();
  readonly #queues: ReadonlySet<string>;
  readonly #entries: ReadonlySet<string>;
  readonly #consumerQueue = new Map<string, string>();
  readonly #groups: ReadonlySet<string>;
  readonly #saga: SagaMetrics | undefined;
  readonly #readers: ReadonlyMap<string, SeriesReader>;
  readonly #samples: SampleRing;
  readonly #window: SlidingHistogram;
  readonly #total: LogHistogram;
  readonly #tracker: LatencyTracker;
  readonly #sampleEveryMs: number;
  readonly #unsubscribe: () => void;
  #timer: TimerId | undefined;
  #maxDepth = 0;
  #maxDepthQueue: string | undefined;
  #maxLag = 0;
  #maxLagGroup: string | undefined;
  #version = 0;

  constructor(source: MetricsSource, options: MetricsOptions = {}) {
    const o = { ...DEFAULTS, ...options };
    if (!(o.sampleEveryMs > 0)) throw new RangeError('sampleEveryMs must be > 0');
    this.#source = source;
    this.startedAt = source.clock.now();
    this.#sampleEveryMs = o.sampleEveryMs;
    const { nodes } = source.scenario;
    for (const node of nodes) {
      this.#counters.set(node.id, emptyCounters());
      if (node.kind === 'consumer') this.#consumerQueue.set(node.id, node.queue);
    }
    this.#queues = new Set(nodes.filter((n) => n.kind === 'queue').map((n) => n.id));
    this.#groups = new Set(nodes.filter((n) => n.kind === 'group').map((n) => n.id));
    this.#entries = new Set(
      nodes.filter((n) => n.kind === 'bus' || n.kind === 'exchange').map((n) => n.id),
    );
    // each series' key and how a snapshot gives its value, made once rather than the key
    // taken apart again at every sample
    const readers = new Map<string, SeriesReader>();
    for (const q of this.#queues) {
      readers.set(`${q}\u0000ready`, (s) => s.queues[q]?.ready ?? 0);
      readers.set(`${q}\u0000unacked`, (s) => s.queues[q]?.unacked ?? 0);
    }
    for (const [c, q] of this.#consumerQueue) {
      readers.set(`${c}\u0000lag`, (s) => s.queues[q]?.ready ?? 0);
      readers.set(`${c}\u0000held`, (s) =>
        (s.consumers[c]?.workers ?? []).reduce((n, w) => n + w.held, 0),
      );
    }
    for (const g of this.#groups) readers.set(`${g}\u0000group-lag`, (s) => s.groups[g]?.lag ?? 0);
    const saga = nodes.some((n) => n.kind === 'saga') ? new SagaMetrics(o.accuracy) : undefined;
    this.#saga = saga;
    for (const name of saga ? SAGA_SERIES : []) {
      readers.set(sagaSeriesKey(name), () => saga?.counts()[name] ?? 0);
    }
    this.#readers = readers;
    this.#samples = new SampleRing(o.samplesKept, [...readers.keys()]);
    this.#window = new SlidingHistogram(o.latencyWindowMs, o.latencySlices, o.accuracy);
    this.#total = new LogHistogram(o.accuracy);
    this.#tracker = new LatencyTracker(
      this.#entries,
      source.hopMs,
      (at, ms) => {
        this.#window.add(at, ms);
        this.#total.add(ms);
      },
      o.maxTracked,
    );
    this.#unsubscribe = source.trace.subscribe((e) => this.#observe(e));
    this.#sample();
  }

  /** Grows with every sample taken: a chart redraws when it changes. */
  get version(): number {
    return this.#version;
  }

  /** Each node's counters, by node id. */
  counters(): Record<string, NodeCounters> {
    const out: Record<string, NodeCounters> = {};
    for (const [id, c] of this.#counters) out[id] = { ...c };
    return out;
  }

  series(): MetricSeries {
    const queues: Record<string, { ready: number[]; unacked: number[] }> = {};
    for (const q of this.#queues) {
      queues[q] = {
        ready: this.#samples.values(`${q}\u0000ready`),
        unacked: this.#samples.values(`${q}\u0000unacked`),
      };
    }
    const consumers: Record<string, { lag: number[]; held: number[] }> = {};
    for (const c of this.#consumerQueue.keys()) {
      consumers[c] = {
        lag: this.#samples.values(`${c}\u0000lag`),
        held: this.#samples.values(`${c}\u0000held`),
      };
    }
    const groups: Record<string, { lag: number[] }> = {};
    for (const g of this.#groups) groups[g] = { lag: this.#samples.values(`${g}\u0000group-lag`) };
    const saga = this.#saga && {
      running: this.#samples.values(sagaSeriesKey('running')),
      completed: this.#samples.values(sagaSeriesKey('completed')),
      aborted: this.#samples.values(sagaSeriesKey('aborted')),
    };
    return { at: this.#samples.times(), queues, consumers, groups, ...(saga ? { saga } : {}) };
  }

  /** Latency percentiles over the sliding window ending now. */
  latency(): LatencyPercentiles {
    return percentiles(this.#window.read(this.#source.clock.now()));
  }

  summary(): RunSummary {
    const durationMs = this.#source.clock.now() - this.startedAt;
    const sum = (field: keyof NodeCounters, ids: Iterable<string>) => {
      let total = 0;
      for (const id of ids) total += this.#counters.get(id)?.[field] ?? 0;
      return total;
    };
    const { nodes } = this.#source.scenario;
    const of = (...kinds: string[]) => nodes.filter((n) => kinds.includes(n.kind)).map((n) => n.id);
    const listeners = of('listener');
    // a group's reads are done when read: its members handle every record they read
    const completed =
      sum('acked', this.#queues) +
      sum('received', listeners) -
      sum('failed', listeners) +
      sum('received', this.#groups);
    return {
      durationMs,
      sent: sum('sent', of('producer', 'http')),
      completed,
      throughput: durationMs > 0 ? (completed * 1000) / durationMs : 0,
      latency: percentiles(this.#total),
      maxDepth: this.#maxDepth,
      maxDepthQueue: this.#maxDepthQueue,
      redeliveries: sum('redelivered', this.#queues),
      deadLetters: sum('deadLettered', this.#queues),
      failures: sum('failed', [...this.#queues, ...listeners, ...of('http')]),
      dropped: sum('dropped', [...this.#queues, ...of('exchange')]),
      workersLost: sum('workersLost', this.#consumerQueue.keys()),
      maxLag: this.#maxLag,
      maxLagGroup: this.#maxLagGroup,
      ...(this.#saga ? { saga: this.#saga.summary() } : {}),
    };
  }

  /** What it holds: fixed arrays (bytes) and messages being followed (bounded). */
  memory(): { readonly bytes: number; readonly tracked: number } {
    return {
      bytes: this.#samples.bytes + this.#window.bytes + this.#total.bytes,
      tracked: this.#tracker.tracked,
    };
  }

  stop(): void {
    this.#unsubscribe();
    if (this.#timer !== undefined) this.#source.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #observe(e: TraceEvent): void {
    countEvent(e, this.#bump, this.#queues);
    this.#saga?.observe(e);
    this.#tracker.observe(e);
    // a consumer group's read: each record's time from its producer's send
    if (e.type === 'group.handled') {
      for (const ms of e.latencyMs) {
        this.#window.add(e.at, ms);
        this.#total.add(ms);
      }
    }
    if (e.type === 'broker.enqueued' && e.ready > this.#maxDepth) {
      this.#maxDepth = e.ready;
      this.#maxDepthQueue = e.queue;
    }
  }

  readonly #bump = (node: string, field: keyof NodeCounters, by = 1): void => {
    let c = this.#counters.get(node);
    if (c === undefined) {
      c = emptyCounters();
      this.#counters.set(node, c);
    }
    c[field] += by;
  };

  #sample(): void {
    const snapshot = this.#source.getSnapshot();
    this.#samples.push(this.#source.clock.now(), (key) => this.#readers.get(key)?.(snapshot) ?? 0);
    // the most lag of any group, at a sample (lag moves by reads and appends, not by one event)
    for (const g of this.#groups) {
      const lag = snapshot.groups[g]?.lag ?? 0;
      if (lag > this.#maxLag) {
        this.#maxLag = lag;
        this.#maxLagGroup = g;
      }
    }
    this.#version++;
    // housekeeping, not an event: the step mode steps over it
    this.#timer = this.#source.clock.setTimeout(() => this.#sample(), this.#sampleEveryMs, {
      background: true,
    });
  }
}

function percentiles(h: LogHistogram): LatencyPercentiles {
  return {
    count: h.count,
    p50: h.quantile(0.5),
    p95: h.quantile(0.95),
    p99: h.quantile(0.99),
    max: h.count === 0 ? undefined : h.max,
  };
}
