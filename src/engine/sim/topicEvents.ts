/**
 * What the playground's topics and consumer groups add to the trace, beside the log's own
 * events (src/engine/log/traceEvents.ts). Part of the engine's TraceEvent union.
 */
export type TopicRuntimeTraceEvent =
  | {
      /**
       * A producer's message became a record: `messageId` is its send's (`message.sent`), so
       * the inspector follows the message on from the record's partition and offset.
       */
      type: 'topic.appended';
      messageId: string;
      topic: string;
      partition: number;
      offset: number;
      key?: string;
    }
  | {
      /** a member's read handled, with each record's end-to-end time, for the percentiles */
      type: 'group.handled';
      group: string;
      member: string;
      topic: string;
      /** records this read handled */
      count: number;
      /** each record's time from its producer's send to its handling, in ms */
      latencyMs: number[];
      /** each record handled, in the order it was */
      records: { partition: number; offset: number }[];
    };
