import { FakeWorker } from '../../workers/testing/fakeWorker';
import { SimulatedClock } from '../clock';
import type { Scenario } from '../scenario';
import { Simulation } from './Simulation';

export interface FlowOptions {
  /** simulated time between two turns of the event loop */
  readonly frame?: number;
  /** lets the workers' answers through between frames; by default a macrotask */
  readonly turn?: () => Promise<void>;
  /** called after each frame with the share of the flow done (0..1) */
  readonly onFrame?: (done: number) => void;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A scenario running without a page: in-process workers (the same runtime as the Web
 * Workers, one microtask away instead of one thread) on a simulated clock that `flow(ms)`
 * advances in frames, the workers answering between them as they do between the page's
 * frames. Same scenario, same calls: the same trace. Unit tests and the playground's
 * comparison both run scenarios this way.
 */
export function headlessSimulation(
  scenario: Scenario,
  options: { readonly startMs?: number; readonly traceCapacity?: number } = {},
) {
  const clock = new SimulatedClock(options.startMs ?? 0);
  const workers: FakeWorker[] = [];
  const sim = new Simulation(scenario, {
    clock,
    spawnWorker: () => {
      const worker = new FakeWorker(clock);
      workers.push(worker);
      return worker;
    },
    traceCapacity: options.traceCapacity ?? 1,
  });
  const flow = async (ms: number, flowOptions: FlowOptions | number = {}) => {
    const {
      frame = 50,
      turn = macrotask,
      onFrame,
    } = typeof flowOptions === 'number' ? { frame: flowOptions } : flowOptions;
    for (let t = 0; t < ms; t += frame) {
      clock.advance(Math.min(frame, ms - t));
      await turn();
      onFrame?.(Math.min(1, (t + frame) / ms));
    }
  };
  return { sim, clock, workers, flow };
}
