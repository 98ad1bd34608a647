import type { SagaDefinition } from './definition';
import { commandIdOf, factKey } from './ids';
import type { SagaFact } from './traceEvents';
import type { SagaState, Work } from './types';

/**
 * An instance's state as a fold over its facts: the same fold at run time, for an observer's
 * copy in choreography, and when a restart reads the log back.
 */

export function initialState(def: SagaDefinition, saga: string, data: unknown): SagaState {
  return {
    saga,
    definition: def.name,
    data,
    status: 'running',
    // -1: nothing has run yet; the next is step 0
    index: -1,
    work: 'action',
    attempt: 0,
    stage: 'resolved',
    commandId: undefined,
    retryAt: undefined,
    succeeded: [],
    compensated: [],
    toCompensate: [],
    failure: undefined,
    inDoubt: false,
    seen: new Set(),
  };
}

export function isEnded(state: SagaState): boolean {
  return state.status === 'completed' || state.status === 'aborted';
}

const add = (list: readonly number[], i: number) => (list.includes(i) ? list : [...list, i]);

/** The state at a step's try: the fields every step fact sets. */
function at(
  s: SagaState,
  seen: ReadonlySet<string>,
  fact: { readonly index: number; readonly attempt: number },
  work: Work,
  stage: SagaState['stage'],
): SagaState {
  return { ...s, seen, index: fact.index, attempt: fact.attempt, work, stage };
}

/** Folds one fact into the state. Total: an observer that missed facts still lands right. */
export function evolve(s: SagaState, fact: SagaFact): SagaState {
  const seen = new Set(s.seen).add(factKey(fact));
  switch (fact.type) {
    case 'saga.started':
      return { ...s, seen, data: fact.data };
    case 'saga.step-started':
    case 'saga.step-retried': {
      // steps run in order: this one started, so every earlier one succeeded
      let succeeded = s.succeeded;
      for (let j = 0; j < fact.index; j++) succeeded = add(succeeded, j);
      const { commandId } = fact;
      // a new step starts with no doubt; a retry keeps what its earlier tries left
      const inDoubt = fact.index === s.index && s.inDoubt;
      return {
        ...at(s, seen, fact, 'action', 'pending'),
        inDoubt,
        succeeded,
        status: 'running',
        commandId,
        retryAt: undefined,
      };
    }
    case 'saga.step-succeeded':
      return {
        ...at(s, seen, fact, 'action', 'resolved'),
        commandId: undefined,
        succeeded: add(s.succeeded, fact.index),
      };
    case 'saga.step-failed':
    case 'saga.step-timed-out': {
      const inDoubt = fact.type === 'saga.step-timed-out' || (fact.index === s.index && s.inDoubt);
      const tried = { ...at(s, seen, fact, 'action', 'backoff'), inDoubt };
      if (fact.retryAt !== undefined) {
        const commandId = commandIdOf(s.saga, fact.index, 'action', fact.attempt);
        return { ...tried, retryAt: fact.retryAt, commandId };
      }
      return {
        ...tried,
        stage: 'resolved',
        status: 'compensating',
        commandId: undefined,
        retryAt: undefined,
        toCompensate: fact.compensate ?? [],
        failure: { step: fact.step, reason: fact.reason },
      };
    }
    case 'saga.compensation-started':
      return {
        ...at(s, seen, fact, 'compensation', 'pending'),
        status: 'compensating',
        commandId: fact.commandId,
        retryAt: undefined,
        toCompensate: s.toCompensate.filter((j) => j !== fact.index),
      };
    case 'saga.compensated':
      return {
        ...at(s, seen, fact, 'compensation', 'resolved'),
        status: 'compensating',
        commandId: undefined,
        compensated: add(s.compensated, fact.index),
        toCompensate: fact.remaining,
      };
    case 'saga.compensation-failed': {
      const commandId = commandIdOf(s.saga, fact.index, 'compensation', fact.attempt);
      return { ...at(s, seen, fact, 'compensation', 'backoff'), retryAt: fact.retryAt, commandId };
    }
    case 'saga.completed':
      return { ...s, seen, status: 'completed', stage: 'resolved', commandId: undefined };
    case 'saga.aborted':
      return {
        ...s,
        seen,
        status: 'aborted',
        stage: 'resolved',
        commandId: undefined,
        failure: s.failure ?? { step: fact.step, reason: fact.reason },
      };
  }
}
