import { FakeWorker } from '../../workers/testing/fakeWorker';
import { settle } from '../../workers/testing/harness';
import { SimulatedClock } from '../clock';
import type { Scenario } from '../scenario';
import type { TraceEvent } from '../trace';
import { Simulation } from './Simulation';

/**
 * A scenario running with in-process workers (for unit tests in Node), every trace event it
 * records, and `flow(ms)`: simulated time in frames, the workers answering between them, as
 * the app's frame loop does. Same scenario, same calls: same trace.
 */
export function runWithWorkers(scenario: Scenario, options: { readonly startMs?: number } = {}) {
  const clock = new SimulatedClock(options.startMs ?? 0);
  const sim = new Simulation(scenario, {
    clock,
    spawnWorker: () => new FakeWorker(clock),
    // the test keeps its own list of every event
    traceCapacity: 1,
  });
  const events: TraceEvent[] = [];
  sim.trace.subscribe((e) => events.push(e));
  const flow = async (ms: number, frame = 50) => {
    for (let t = 0; t < ms; t += frame) {
      sim.clock.advance(Math.min(frame, ms - t));
      await settle();
    }
  };
  return { sim, events, flow };
}
