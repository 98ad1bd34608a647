import type { HandlerEffect } from './types';

/** Why a worker was taken down and its unacked deliveries returned to the queue. */
export type WorkerFailure =
  /** it threw at top level: the Worker's `error` event */
  | 'error'
  /** a message from it could not be deserialized */
  | 'messageerror'
  /** it went quiet while working (an endless loop, a closed worker) */
  | 'heartbeat-timeout'
  /** it never said it was ready (the module did not load) */
  | 'start-timeout'
  /** a person (or a test) killed it */
  | 'killed'
  /** its handler does not compile; a replacement would fail the same way, so none starts */
  | 'handler-invalid'
  /** the broker refused the consumer (no such queue, say) */
  | 'consume-failed'
  /** the Worker could not be created */
  | 'spawn-failed';

interface Of {
  /** the pool's name (unique per broker; by default its queue) */
  pool: string;
  /** `${pool}:w${n}`, never reused; also the worker's consumer tag at the broker */
  worker: string;
}

/**
 * Trace events of the worker pool. Part of the engine's one TraceEvent union
 * (src/engine/trace.ts). A worker's life: started, ready, then busy and idle in turn, and at
 * the end draining (scaled down) or failed, then terminated.
 */
export type PoolTraceEvent =
  | (Of & { type: 'pool.worker-started'; queue: string; replaces: string | undefined })
  /** it loaded its handler and is now a consumer at the broker */
  | (Of & { type: 'pool.worker-ready' })
  | (Of & { type: 'pool.worker-busy' })
  | (Of & { type: 'pool.worker-idle' })
  /** scaled down: it takes no more deliveries and stops once it has answered for `held` */
  | (Of & { type: 'pool.worker-draining'; held: number })
  | (Of & { type: 'pool.worker-failed'; reason: WorkerFailure; error: string })
  | (Of & {
      type: 'pool.worker-terminated';
      /** `cancelled`: the broker cancelled its consumer (the queue was deleted) */
      reason: 'failed' | 'scaled-down' | 'disposed' | 'cancelled';
      /** deliveries it held unacked, now back in the queue with redelivered=true */
      released: number;
    })
  | (Of & { type: 'pool.batch-sent'; deliveryTags: readonly number[] })
  | (Of & {
      type: 'pool.handled';
      deliveryTag: number;
      messageId: string;
      ok: true;
      output: string | undefined;
      effect: HandlerEffect | undefined;
    })
  | (Of & {
      type: 'pool.handled';
      deliveryTag: number;
      messageId: string;
      ok: false;
      error: string;
      requeue: boolean;
    })
  /**
   * a result the pool did not pass to the broker: from a worker already declared dead (its
   * deliveries were released, the tag is void) or for a tag it does not hold
   */
  | (Of & {
      type: 'pool.result-ignored';
      deliveryTag: number;
      reason: 'worker-gone' | 'unknown-tag';
    })
  | { type: 'pool.scaled'; pool: string; from: number; to: number };
