import type { LogStore } from '../../storage/LogStore';
import { MemoryLogStore } from '../../storage/memoryStore';
import { SimulatedClock } from '../clock';
import { recordTrace, Trace } from '../trace';
import { TopicLog } from './TopicLog';

/** A TopicLog on a memory store, a simulated clock at 1,000,000 ms and a recorded trace. */
export function makeLog(options: { store?: LogStore; retentionCheckMs?: number } = {}) {
  const clock = new SimulatedClock(1_000_000);
  const trace = new Trace(clock);
  const recorded = recordTrace(trace);
  const store = options.store ?? new MemoryLogStore();
  const log = new TopicLog({
    store,
    clock,
    trace,
    name: 'test',
    ...(options.retentionCheckMs === undefined
      ? {}
      : { retentionCheckMs: options.retentionCheckMs }),
  });
  return { clock, trace, recorded, store, log };
}

/** Lets queued promise work (a timer's async retention, say) run to its end. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** `n` records `e.0`, `e.1`, ... with data { n }. */
export function events(n: number, from = 0) {
  return Array.from({ length: n }, (_, i) => ({ event: `e.${from + i}`, data: { n: from + i } }));
}
