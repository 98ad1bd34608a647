import type { SagaFact } from './traceEvents';

export type SagaStatus = 'running' | 'compensating' | 'completed' | 'aborted';
export type Work = 'action' | 'compensation';
/** `pending`: a try awaits its reply; `backoff`: waits to retry; `resolved`: the next is due */
export type Stage = 'pending' | 'backoff' | 'resolved';

/** One saga instance, as a fold over its facts. Immutable: each fact makes a new one. */
export interface SagaState {
  readonly saga: string;
  readonly definition: string;
  readonly data: unknown;
  readonly status: SagaStatus;
  /** the step being worked on, or the last one decided */
  readonly index: number;
  readonly work: Work;
  readonly attempt: number;
  readonly stage: Stage;
  /** the try awaited (pending) or the try that failed (backoff) */
  readonly commandId: string | undefined;
  readonly retryAt: number | undefined;
  readonly succeeded: readonly number[];
  /** in the order they were compensated */
  readonly compensated: readonly number[];
  /** still to compensate after the current one */
  readonly toCompensate: readonly number[];
  readonly failure: { readonly step: string; readonly reason: string } | undefined;
  /**
   * a try of the current step timed out: the action may have happened (its command may even
   * still be on its way), so if the step fails for good it is undone too
   */
  readonly inDoubt: boolean;
  /** facts folded, by `factKey`: an observed fact seen twice is ignored */
  readonly seen: ReadonlySet<string>;
}

/** A step's action or compensation, for its service to run. */
export interface RunCommand {
  readonly type: 'run';
  readonly saga: string;
  readonly commandId: string;
  /** the idempotency key: the same for every try of this step's action (or compensation) */
  readonly key: string;
  readonly index: number;
  readonly step: string;
  readonly service: string;
  readonly work: Work;
  readonly name: string;
  readonly attempt: number;
  readonly data: unknown;
}

/** One timer per instance: a try's timeout or a retry's backoff; a new one replaces it. */
export interface WaitCommand {
  readonly type: 'wait';
  readonly saga: string;
  readonly kind: 'timeout' | 'retry';
  /** the try it concerns: a timer whose try has been decided meanwhile changes nothing */
  readonly commandId: string;
  readonly dueAt: number;
}

export type SagaCommand = RunCommand | WaitCommand;

/** A service's answer to a RunCommand. */
export interface StepReply {
  readonly saga: string;
  readonly commandId: string;
  readonly index: number;
  readonly work: Work;
  readonly attempt: number;
  readonly ok: boolean;
  readonly reason?: string;
  readonly result?: unknown;
}

export type SagaInput =
  | ({ readonly type: 'reply' } & StepReply)
  | { readonly type: 'timeout'; readonly commandId: string }
  | { readonly type: 'retry-due'; readonly commandId: string }
  /** choreography: a fact another participant published */
  | { readonly type: 'observe'; readonly fact: SagaFact; readonly data: unknown };

export interface Decision {
  /** new facts, in order: log them, then act on them */
  readonly facts: readonly SagaFact[];
  readonly state: SagaState | undefined;
  /** why the input changed nothing */
  readonly ignored?: string;
}
