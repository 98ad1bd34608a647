import { startFaultScript } from '../faults';
import { MetricsCollector, type RunSummary } from '../metrics';
import type { Scenario } from '../scenario';
import { headlessSimulation } from '../sim/headless';

export interface HeadlessRunOptions {
  /** simulated time the run lasts */
  readonly durationMs: number;
  /** simulated time between two turns of the event loop (the workers answer between them) */
  readonly frameMs?: number;
  /** producers' rates (messages a second) from the start */
  readonly rates?: Readonly<Record<string, number>>;
  /** a fault script that plays from the start */
  readonly faults?: readonly unknown[];
  /** lets the workers' answers through; by default a macrotask */
  readonly yieldToLoop?: () => Promise<void>;
  /** called after each frame with the share of the run done (0..1) */
  readonly onProgress?: (done: number) => void;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Runs a scenario without a page: in-process workers (the same runtime as the Web Workers,
 * one microtask away instead of one thread) on a simulated clock advanced as fast as the
 * machine goes. Same scenario, seed, rates and script: same summary, every time, so two runs
 * that differ in one setting can be set side by side.
 */
export async function runHeadless(
  scenario: Scenario,
  options: HeadlessRunOptions,
): Promise<RunSummary> {
  const { sim, flow } = headlessSimulation(scenario);
  const metrics = new MetricsCollector(sim);
  const turn = options.yieldToLoop ?? macrotask;
  try {
    const started =
      options.faults && options.faults.length > 0
        ? startFaultScript(sim, options.faults)
        : undefined;
    if (started && !started.ok) {
      throw new Error(
        `The fault script does not fit this scenario: ${started.problems[0]?.message}`,
      );
    }
    // workers start first, as on a page, before the producers send; and the saga opens
    await turn();
    await sim.sagaReady();
    for (const [producer, rate] of Object.entries(options.rates ?? {})) sim.setRate(producer, rate);
    await flow(options.durationMs, {
      frame: options.frameMs ?? 50,
      turn,
      ...(options.onProgress ? { onFrame: options.onProgress } : {}),
    });
    return metrics.summary();
  } finally {
    metrics.stop();
    sim.dispose();
  }
}
