/**
 * What the playground's consumer groups add to the trace, beside the log's own events
 * (src/engine/log/traceEvents.ts): a member's read handled, with each record's end-to-end
 * time, for the latency percentiles. Part of the engine's TraceEvent union.
 */
export type TopicRuntimeTraceEvent = {
  type: 'group.handled';
  group: string;
  member: string;
  topic: string;
  /** records this read handled */
  count: number;
  /** each record's time from its producer's send to its handling, in ms */
  latencyMs: number[];
};
