import { createRng } from '../../engine/rng';
import type { Trace } from '../../engine/trace';
import type { WorkerPool } from '../pool';

/**
 * Kills a worker, picked by a seeded Rng among those consuming (busy or idle), every `every`
 * handled deliveries. Returns how many it killed so far and a function to stop.
 */
export function killEvery(trace: Trace, pool: WorkerPool, every: number, seed: number) {
  const rng = createRng(seed);
  let handled = 0;
  const state = { kills: 0, stop: () => {} };
  state.stop = trace.subscribe((e) => {
    if (e.type !== 'pool.handled' || ++handled % every !== 0) return;
    const consuming = pool.stats().workers.filter((w) => w.state === 'busy' || w.state === 'idle');
    const victim = consuming[rng.int(0, consuming.length - 1)];
    if (victim !== undefined && pool.kill(victim.id)) state.kills++;
  });
  return state;
}
