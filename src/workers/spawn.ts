import { PageLoad } from './pageLoad';
import type { WorkerLike } from './types';

/**
 * Starts one real consumer: a module worker running consumer.worker.ts. The `new URL(...,
 * import.meta.url)` form is what Vite recognises and bundles as a separate worker chunk.
 */
export function spawnConsumerWorker(): WorkerLike {
  return new Worker(new URL('./consumer.worker.ts', import.meta.url), {
    type: 'module',
    name: 'eventlab-consumer',
  });
}

/**
 * The page's one meter of the worker pools' load (see pageLoad.ts): every pool on the page
 * shares the thread it measures.
 */
export const pagePoolLoad = new PageLoad(() => performance.now());
