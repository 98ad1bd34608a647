/**
 * What a `*.bench.ts` module hands back to the runner (bench/run.mjs). Everything here must
 * survive page.evaluate, so: plain data only.
 */

/** A speed, from tinybench. */
export interface ThroughputRow {
  readonly kind: 'throughput';
  readonly name: string;
  readonly opsPerSec: number;
  /** relative margin of error of the mean, in percent (95% confidence) */
  readonly rmePercent: number;
  readonly samples: number;
  /** ops/s of each round, when the figure pools several runs */
  readonly perRound?: readonly number[];
}

/** A single quantity measured once (a heap size, a frame rate, a duration). */
export interface MeasureRow {
  readonly kind: 'measure';
  readonly name: string;
  readonly value: number;
  readonly unit: 'bytes' | 'count' | 'ms' | 'fps';
}

export type BenchRow = ThroughputRow | MeasureRow;

/** The runner prints the subject's figure divided by each anchor's (rows named alike). */
export interface Comparison {
  readonly subject: string;
  readonly anchors: readonly string[];
}

export interface BenchReport {
  readonly title: string;
  readonly rows: readonly BenchRow[];
  readonly comparisons: readonly Comparison[];
  /** what was measured and how, printed under the title */
  readonly notes: readonly string[];
  /** the module's plain reading of its own figures, printed last */
  readonly findings: readonly string[];
}

/** The heap as Chromium reports it after a forced full GC. */
export interface HeapUsage {
  readonly usedSize: number;
  readonly totalSize: number;
}

/** What the runner lends a benchmark. */
export interface BenchContext {
  /** Forces a full GC (through CDP, from Node) and returns the JS heap figures. */
  heapAfterGc(): Promise<HeapUsage>;
  /** A progress line on the runner's terminal. */
  log(message: string): void;
}

/** Every `*.bench.ts` exports `run` with this type. */
export type BenchRun = (context: BenchContext) => Promise<BenchReport>;
