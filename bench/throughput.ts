/**
 * tinybench, batched and in rounds.
 *
 * Batched: one emit costs tens of nanoseconds, far below what performance.now() resolves
 * in a browser (5 µs when cross-origin isolated, 100 µs otherwise), so each tinybench
 * iteration times a batch of calls and reports the mean per call through
 * `overriddenDuration`, as tinybench documents for batching.
 *
 * Rounds: the spread between runs (GC timing, other processes on the machine) is larger
 * than one run's margin of error, so the tasks run several times in rotated order; the
 * per-round figures are kept so the runner can show how much a ratio moves.
 */
import { Bench } from 'tinybench';
import type { ThroughputRow } from './types';

export interface BatchedTask {
  readonly name: string;
  /** Runs the operation `count` times; `from` numbers the calls so payloads can vary. */
  readonly runBatch: (from: number, count: number) => void;
}

export interface ThroughputOptions {
  /** calls per timed sample */
  readonly batchSize: number;
  readonly rounds: number;
  /** measuring budget per task and round, ms */
  readonly timeMs: number;
  /** warm-up budget per task and round, ms (lets the JIT settle before sampling) */
  readonly warmupMs: number;
  readonly onRound?: (round: number) => void;
}

/** One round's latency figures for a task, ms per call. */
interface RoundStats {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
}

async function runRound(
  tasks: readonly BatchedTask[],
  options: ThroughputOptions,
  next: Map<string, number>,
): Promise<Map<string, RoundStats>> {
  const bench = new Bench({ time: options.timeMs, warmupTime: options.warmupMs, throws: true });
  const { batchSize } = options;
  for (const task of tasks) {
    bench.add(task.name, () => {
      const from = next.get(task.name) ?? 0;
      const start = bench.now();
      task.runBatch(from, batchSize);
      const elapsed = bench.now() - start;
      next.set(task.name, from + batchSize);
      return { overriddenDuration: elapsed / batchSize, overriddenIterationCost: elapsed };
    });
  }
  await bench.run();
  const out = new Map<string, RoundStats>();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== 'completed') {
      throw new Error(`tinybench task "${task.name}" ended as ${result.state}`);
    }
    const { samplesCount: n, mean, sd } = result.latency;
    out.set(task.name, { n, mean, sd });
  }
  return out;
}

/** Pools rounds as if they were one sample set (between-round spread included). */
function pool(name: string, rounds: readonly RoundStats[]): ThroughputRow {
  const n = rounds.reduce((sum, r) => sum + r.n, 0);
  const mean = rounds.reduce((sum, r) => sum + r.n * r.mean, 0) / n;
  const squares = rounds.reduce(
    (sum, r) => sum + (r.n - 1) * r.sd ** 2 + r.n * (r.mean - mean) ** 2,
    0,
  );
  const sem = Math.sqrt(squares / (n - 1) / n);
  return {
    kind: 'throughput',
    name,
    // calls / time, so GC pauses count in full (a mean of per-sample rates would
    // play them down); the mean latency's relative error is the rate's too
    opsPerSec: 1000 / mean,
    // thousands of samples: the normal 95% quantile is as good as Student's t
    rmePercent: (100 * 1.96 * sem) / mean,
    samples: n,
    perRound: rounds.map((r) => 1000 / r.mean),
  };
}

export async function measureThroughput(
  tasks: readonly BatchedTask[],
  options: ThroughputOptions,
): Promise<ThroughputRow[]> {
  const byTask = new Map<string, RoundStats[]>(tasks.map((t) => [t.name, []]));
  const next = new Map<string, number>();
  for (let round = 0; round < options.rounds; round++) {
    options.onRound?.(round + 1);
    // rotate, so no task always runs first (cold) or last (after the most garbage)
    const order = [...tasks.slice(round % tasks.length), ...tasks.slice(0, round % tasks.length)];
    const stats = await runRound(order, options, next);
    for (const [name, s] of stats) byTask.get(name)?.push(s);
  }
  return tasks.map((t) => pool(t.name, byTask.get(t.name) ?? []));
}
