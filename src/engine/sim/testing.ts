import type { Scenario } from '../scenario';
import type { TraceEvent } from '../trace';
import { headlessSimulation } from './headless';

/**
 * A scenario running with in-process workers (for unit tests in Node), every trace event it
 * records, and `flow(ms)`: simulated time in frames, the workers answering between them, as
 * the app's frame loop does. Same scenario, same calls: same trace.
 */
export function runWithWorkers(
  scenario: Scenario,
  options: { readonly startMs?: number; readonly traceCapacity?: number } = {},
) {
  const run = headlessSimulation(scenario, options);
  // the test keeps its own list of every event
  const events: TraceEvent[] = [];
  run.sim.trace.subscribe((e) => events.push(e));
  return { ...run, events };
}
