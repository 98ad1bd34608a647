/**
 * What the playground's saga node adds to the trace: an order it would not start (a
 * duplicate order id, or a payload that is no order), with the reason. Part of the engine's
 * TraceEvent union.
 */
export type SagaNodeTraceEvent = {
  type: 'order.refused';
  /** the saga node the order reached */
  saga: string;
  orderId: string | undefined;
  reason: string;
};
