/**
 * Trace events of the broker (exchanges, queues, consumers). Part of the engine's one
 * TraceEvent union (src/engine/trace.ts). Filled in by the broker's implementation.
 */
export type BrokerTraceEvent = never;
