import { backoffMs, isAfterPivot, type SagaDefinition, type SagaStep } from './definition';
import { evolve, initialState, isEnded } from './evolve';
import { commandIdOf, factKey, idempotencyKey } from './ids';
import type { SagaFact } from './traceEvents';
import type {
  Decision,
  RunCommand,
  SagaCommand,
  SagaInput,
  SagaState,
  StepReply,
  Work,
} from './types';

export { evolve, initialState, isEnded } from './evolve';

/**
 * The saga instance as a deterministic state machine, shared by both modes. `decide` takes
 * an input (a reply, a timer, an observed fact) and returns the facts it leads to; `evolve`
 * folds one fact into the state; `commandsFor` says what a fact asks to be done (run a
 * service's action, wait for a timeout). Nothing here reads a clock or does I/O, so a run is
 * a pure function of its inputs and a restart is a fold over the logged facts.
 */

export function stepAt(def: SagaDefinition, index: number): SagaStep {
  const step = def.steps[index];
  if (step === undefined) throw new RangeError(`Saga ${def.name} has no step ${index}`);
  return step;
}

/** The facts that start an instance: it is started, and its first step with it. */
export function startFacts(def: SagaDefinition, saga: string, data: unknown): Decision {
  return chain(def, initialState(def, saga, data), [
    { type: 'saga.started', saga, definition: def.name, data },
  ]);
}

export function decide(
  def: SagaDefinition,
  state: SagaState | undefined,
  input: SagaInput,
  now: number,
): Decision {
  if (input.type === 'observe') {
    const s = state ?? initialState(def, input.fact.saga, input.data);
    if (s.seen.has(factKey(input.fact))) return { facts: [], state, ignored: 'already seen' };
    const behind = stale(s, input.fact);
    if (behind !== undefined) return { facts: [], state, ignored: behind };
    return chain(def, s, [input.fact]);
  }
  if (state === undefined || isEnded(state)) {
    return { facts: [], state, ignored: 'no running instance' };
  }
  switch (input.type) {
    case 'timeout': {
      if (state.stage !== 'pending' || state.commandId !== input.commandId) {
        return { facts: [], state, ignored: 'that try was decided' };
      }
      const { timeoutMs } = stepAt(def, state.index);
      return chain(def, state, [failure(def, state, true, `no reply in ${timeoutMs} ms`, now)]);
    }
    case 'retry-due': {
      if (state.stage !== 'backoff' || state.commandId !== input.commandId) {
        return { facts: [], state, ignored: 'not waiting for that retry' };
      }
      return chain(def, state, [tryFact(def, state, state.index, state.work, state.attempt + 1)]);
    }
    case 'reply':
      return reply(def, state, input, now);
  }
}

/**
 * An observed fact that the copy has moved past (a duplicate or a late event can arrive
 * after later ones): folding it would take the copy back. Steps run in order and a saga
 * turns back at most once, so the copy's position tells.
 */
function stale(s: SagaState, fact: SagaFact): string | undefined {
  if (isEnded(s)) return 'the instance has ended';
  if (!('index' in fact)) return undefined;
  const forward = fact.type.startsWith('saga.step-');
  if (forward && s.status === 'compensating') return 'the instance is compensating already';
  if (forward && fact.index < s.index) return 'the instance is past that step';
  return undefined;
}

/**
 * A reply counts when it answers the try awaited. A success from an earlier try of the same
 * step, or one that comes after that try timed out while the step is still undecided, counts
 * too: every try carries the same idempotency key, so it is the one action that succeeded.
 * Anything else (a duplicate, a reply for a step already decided, a late failure) is ignored.
 */
function reply(def: SagaDefinition, s: SagaState, r: StepReply, now: number): Decision {
  const undecided = s.stage === 'pending' || s.stage === 'backoff';
  if (!undecided || r.index !== s.index || r.work !== s.work) {
    return { facts: [], state: s, ignored: 'its step was decided already' };
  }
  const current = s.stage === 'pending' && r.commandId === s.commandId;
  if (!current && !r.ok) return { facts: [], state: s, ignored: 'a late failure of an older try' };
  if (r.ok) {
    const step = stepAt(def, s.index);
    const base = { saga: s.saga, step: step.name, index: s.index, attempt: r.attempt };
    return chain(def, s, [
      s.work === 'action'
        ? { type: 'saga.step-succeeded', ...base, result: r.result ?? null }
        : { type: 'saga.compensated', ...base, remaining: [...s.toCompensate] },
    ]);
  }
  return chain(def, s, [failure(def, s, false, r.reason ?? 'failed', now)]);
}

function failure(
  def: SagaDefinition,
  s: SagaState,
  timedOut: boolean,
  reason: string,
  now: number,
): SagaFact {
  const step = stepAt(def, s.index);
  const base = { saga: s.saga, step: step.name, index: s.index, attempt: s.attempt, reason };
  const retryAt = now + backoffMs(step.retry, s.attempt);
  // a compensation must happen, so it is retried until it does
  if (s.work === 'compensation') return { type: 'saga.compensation-failed', ...base, retryAt };
  const type = timedOut ? 'saga.step-timed-out' : 'saga.step-failed';
  if (isAfterPivot(def, s.index) || s.attempt < step.retry.attempts) {
    return { type, ...base, retryAt };
  }
  return { type, ...base, compensate: compensations(def, s.index, timedOut || s.inDoubt) };
}

/**
 * What to undo when step `failed` fails for good, in order: the steps before it, latest
 * first. A step any of whose tries timed out may have been applied (its reply may just be
 * late, or its command still on its way), so it is in doubt and undone too, first; its
 * service's undo is harmless if the action never ran, and bars it if it comes later.
 */
export function compensations(def: SagaDefinition, failed: number, inDoubt: boolean): number[] {
  const out: number[] = [];
  for (let j = inDoubt ? failed : failed - 1; j >= 0; j--) {
    if (stepAt(def, j).compensation !== undefined) out.push(j);
  }
  return out;
}

function tryFact(
  def: SagaDefinition,
  s: SagaState,
  index: number,
  work: Work,
  attempt: number,
): SagaFact {
  const base = {
    saga: s.saga,
    step: stepAt(def, index).name,
    index,
    attempt,
    commandId: commandIdOf(s.saga, index, work, attempt),
  };
  if (work === 'compensation') return { type: 'saga.compensation-started', ...base };
  return { type: attempt > 1 ? 'saga.step-retried' : 'saga.step-started', ...base };
}

/** What follows once the current step is decided: the next step, the next undo, or the end. */
export function follow(def: SagaDefinition, s: SagaState): SagaFact[] {
  if (isEnded(s) || s.stage !== 'resolved') return [];
  if (s.status === 'running') {
    const next = s.index + 1;
    if (next >= def.steps.length) return [{ type: 'saga.completed', saga: s.saga }];
    return [tryFact(def, s, next, 'action', 1)];
  }
  const next = s.toCompensate[0];
  if (next === undefined) {
    const { step, reason } = s.failure ?? { step: stepAt(def, s.index).name, reason: 'failed' };
    return [{ type: 'saga.aborted', saga: s.saga, step, reason }];
  }
  return [tryFact(def, s, next, 'compensation', 1)];
}

/** Folds `facts` and whatever follows from them, returning all of them and the new state. */
function chain(def: SagaDefinition, from: SagaState, facts: SagaFact[]): Decision {
  let state = from;
  const out: SagaFact[] = [];
  // nothing given: what follows from the state as it is (a restart between two steps)
  let todo = facts.length > 0 ? facts : follow(def, state);
  while (todo.length > 0) {
    for (const fact of todo) {
      state = evolve(state, fact);
      out.push(fact);
    }
    todo = follow(def, state);
  }
  return { facts: out, state };
}

/** What a fact asks to be done, `at` the time it was decided. */
export function commandsFor(
  def: SagaDefinition,
  state: SagaState,
  fact: SagaFact,
  at: number,
): SagaCommand[] {
  switch (fact.type) {
    case 'saga.step-started':
    case 'saga.step-retried':
    case 'saga.compensation-started': {
      const work: Work = fact.type === 'saga.compensation-started' ? 'compensation' : 'action';
      const { commandId, index, attempt } = fact;
      return runAndTimeout(def, state, index, work, attempt, commandId, at);
    }
    case 'saga.step-failed':
    case 'saga.step-timed-out':
    case 'saga.compensation-failed': {
      if (fact.retryAt === undefined) return [];
      const work: Work = fact.type === 'saga.compensation-failed' ? 'compensation' : 'action';
      const commandId = commandIdOf(state.saga, fact.index, work, fact.attempt);
      return [{ type: 'wait', saga: state.saga, kind: 'retry', commandId, dueAt: fact.retryAt }];
    }
    default:
      return [];
  }
}

function runAndTimeout(
  def: SagaDefinition,
  state: SagaState,
  index: number,
  work: Work,
  attempt: number,
  commandId: string,
  at: number,
): SagaCommand[] {
  const step = stepAt(def, index);
  const name = work === 'action' ? step.action : step.compensation;
  if (name === undefined) throw new Error(`Step ${step.name} has no compensation`);
  const run: RunCommand = {
    type: 'run',
    saga: state.saga,
    commandId,
    key: idempotencyKey(state.saga, step.name),
    index,
    step: step.name,
    service: step.service,
    work,
    name,
    attempt,
    data: state.data,
  };
  return [
    run,
    { type: 'wait', saga: state.saga, kind: 'timeout', commandId, dueAt: at + step.timeoutMs },
  ];
}

/**
 * After a restart: what an instance rebuilt from its log must do now. A try that was
 * awaited is sent again, with the same command id and key (the service answers it from its
 * own log if it ran it) and a fresh timeout; a retry waits out what is left of its backoff;
 * a step decided but not followed (choreography: the next service had not heard) follows now.
 */
export function resume(
  def: SagaDefinition,
  s: SagaState,
  now: number,
): { facts: readonly SagaFact[]; state: SagaState; commands: SagaCommand[] } {
  if (isEnded(s)) return { facts: [], state: s, commands: [] };
  if (s.stage === 'pending' && s.commandId !== undefined) {
    const commands = runAndTimeout(def, s, s.index, s.work, s.attempt, s.commandId, now);
    return { facts: [], state: s, commands };
  }
  if (s.stage === 'backoff' && s.commandId !== undefined) {
    // a clock that starts again at a reload may be far from the logged time: wait at most
    // the try's own backoff from now
    const latest = now + backoffMs(stepAt(def, s.index).retry, s.attempt);
    const dueAt = Math.min(s.retryAt ?? now, latest);
    const wait: SagaCommand = {
      type: 'wait',
      saga: s.saga,
      kind: 'retry',
      commandId: s.commandId,
      dueAt,
    };
    return { facts: [], state: s, commands: [wait] };
  }
  const { facts, state } = chain(def, s, []);
  let after = s;
  const commands: SagaCommand[] = [];
  for (const fact of facts) {
    after = evolve(after, fact);
    commands.push(...commandsFor(def, after, fact, now));
  }
  return { facts, state: state ?? s, commands };
}
