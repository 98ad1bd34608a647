import type { HandlerEffect, HandlerSpec, WireDelivery } from './types';

/** Settings a worker gets once, when it starts. */
export interface WorkerConfig {
  readonly workerId: string;
  readonly handler: HandlerSpec;
  readonly seed: number;
  /** simulated ms per real ms: the playback speed; 0 = paused */
  readonly timeScale: number;
  /** simulated ms between heartbeats */
  readonly heartbeatMs: number;
  /** simulated ms a handler may take before its delivery is nacked */
  readonly handlerTimeoutMs: number;
  /** whether a failed delivery goes back to its queue (a handler's error may override it) */
  readonly requeueOnError: boolean;
}

/** Messages from the pool to a worker. */
export type ToWorker =
  | ({ readonly type: 'init' } & WorkerConfig)
  | { readonly type: 'batch'; readonly deliveries: readonly WireDelivery[] }
  /** takes effect in order: deliveries already in the mailbox keep the old handler */
  | { readonly type: 'set-handler'; readonly handler: HandlerSpec }
  | { readonly type: 'time-scale'; readonly timeScale: number };

export type WireResult =
  | {
      readonly deliveryTag: number;
      readonly ok: true;
      readonly output?: string;
      readonly effect?: HandlerEffect;
    }
  | {
      readonly deliveryTag: number;
      readonly ok: false;
      readonly error: string;
      readonly requeue: boolean;
    };

/** Messages from a worker to the pool. Any of them also proves the worker is alive. */
export type FromWorker =
  | { readonly type: 'ready' }
  /** the handler spec did not compile (a custom handler's syntax error, a bad setting) */
  | { readonly type: 'handler-invalid'; readonly error: string }
  | { readonly type: 'results'; readonly results: readonly WireResult[] }
  | { readonly type: 'heartbeat' };

const FROM_WORKER_TYPES: ReadonlySet<string> = new Set([
  'ready',
  'handler-invalid',
  'results',
  'heartbeat',
]);

/**
 * A shape check of what arrives from a worker: a custom handler runs in the worker's global
 * scope and could post anything, so the pool trusts nothing it has not checked.
 */
export function isFromWorker(data: unknown): data is FromWorker {
  if (typeof data !== 'object' || data === null) return false;
  const type = (data as { type?: unknown }).type;
  if (typeof type !== 'string' || !FROM_WORKER_TYPES.has(type)) return false;
  if (type === 'results') return Array.isArray((data as { results?: unknown }).results);
  return true;
}

export function isWireResult(value: unknown): value is WireResult {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  if (typeof r.deliveryTag !== 'number') return false;
  if (r.ok === true) return true;
  return r.ok === false && typeof r.error === 'string' && typeof r.requeue === 'boolean';
}
