/**
 * Trace events of the worker pool (spawned, busy, idle, failed, terminated, replaced).
 * Part of the engine's one TraceEvent union (src/engine/trace.ts). Filled in by the pool.
 */
export type PoolTraceEvent = never;
