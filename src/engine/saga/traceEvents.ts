/**
 * What happens to a saga instance. The facts (every type but the last three) are what the
 * saga log stores, in order, per instance: the instance's state is a fold over them
 * (`machine.ts`), so a restart rebuilds it by reading them back. They are also the trace
 * events the UI animates and the tests assert on. Part of the engine's TraceEvent union.
 */

interface OfStep {
  saga: string;
  step: string;
  index: number;
  attempt: number;
}

export type SagaFact =
  | { type: 'saga.started'; saga: string; definition: string; data: unknown }
  /** a try of a step's action: the first one, or a retry (`saga.step-retried`) */
  | (OfStep & { type: 'saga.step-started' | 'saga.step-retried'; commandId: string })
  | (OfStep & { type: 'saga.step-succeeded'; result: unknown })
  | (OfStep & {
      /** the service said no (`failed`), or no reply came in time (`timed-out`, in doubt) */
      type: 'saga.step-failed' | 'saga.step-timed-out';
      reason: string;
      /** when the next try starts; absent when the step has failed for good */
      retryAt?: number;
      /** failed for good: the steps to compensate, in the order they will be */
      compensate?: number[];
    })
  | (OfStep & { type: 'saga.compensation-started'; commandId: string })
  | (OfStep & {
      type: 'saga.compensated';
      /** the steps still to compensate after this one, in order */
      remaining: number[];
    })
  | (OfStep & { type: 'saga.compensation-failed'; reason: string; retryAt: number })
  | { type: 'saga.completed'; saga: string }
  | { type: 'saga.aborted'; saga: string; step: string; reason: string };

export type SagaFactType = SagaFact['type'];

export type SagaTraceEvent =
  | SagaFact
  /** a reply that changes nothing: a duplicate, or a late one for a try already decided */
  | { type: 'saga.reply-ignored'; saga: string; commandId: string; reason: string }
  /** a service ran (or refused, or recognised) a command; `duplicate`: seen before, not run */
  | {
      type: 'saga.service-handled';
      service: string;
      saga: string;
      step: string;
      work: 'action' | 'compensation';
      name: string;
      ok: boolean;
      duplicate: boolean;
      /** the pool worker that decided it (orchestration with workers); absent: the page did */
      worker?: string;
      reason?: string;
    }
  /** work that failed (a store write refused, say): what it would have done did not happen */
  | { type: 'saga.error'; message: string }
  /** instances rebuilt from the durable log after a restart */
  | { type: 'saga.recovered'; mode: 'orchestration' | 'choreography'; sagas: number; open: number };
