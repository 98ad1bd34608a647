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
