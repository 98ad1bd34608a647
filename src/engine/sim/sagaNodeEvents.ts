/**
 * What the playground's saga node adds to the trace: the order a producer's message started
 * (its send's `messageId` -> the saga instance, so the inspector follows the message into its
 * saga), or an order it would not start (a duplicate order id, or a payload that is no order),
 * with the reason. Part of the engine's TraceEvent union.
 */
export type SagaNodeTraceEvent =
  | {
      type: 'order.started';
      /** the saga node the order reached */
      saga: string;
      /** the send (`message.sent`) that carried it */
      messageId: string;
      /** the saga instance: the order's id, as the saga's own trace events name it */
      instance: string;
    }
  | {
      type: 'order.refused';
      /** the saga node the order reached */
      saga: string;
      orderId: string | undefined;
      reason: string;
      /** the send that carried it, when a producer's message did */
      messageId?: string;
    };
