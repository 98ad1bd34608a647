/**
 * Trace events of HTTP endpoint nodes: a request that reached the lab from a real HTTP
 * endpoint (src/server) became an event, or was answered without one. Part of the engine's
 * one TraceEvent union (src/engine/trace.ts).
 */
export type HttpTraceEvent =
  | {
      /** the endpoint answered 200 and the event goes on to the bus */
      type: 'http.accepted';
      endpoint: string;
      /** the sender's webhook-id (or the endpoint's own), also the message's id downstream */
      webhookId: string;
      event: string;
      data: unknown;
      /** its signature was checked; false when signing is off */
      signed: boolean;
    }
  | {
      /** answered without an event: refused (4xx), or a duplicate (200) of one accepted before */
      type: 'http.answered';
      endpoint: string;
      status: number;
      message: string;
      webhookId: string | undefined;
    };
