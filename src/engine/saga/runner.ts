import type { Clock, TimerId } from '../clock';
import type { Trace } from '../trace';
import { backoffMs, type SagaDefinition } from './definition';
import { commandsFor, decide, evolve, initialState, isEnded, resume, stepAt } from './machine';
import type { PendingWork } from './pendingWork';
import type { SagaLog } from './sagaLog';
import type { SagaFact } from './traceEvents';
import type { RunCommand, SagaCommand, SagaInput, SagaState } from './types';

export interface RunnerOptions {
  readonly definition: SagaDefinition;
  readonly log: SagaLog;
  readonly clock: Clock;
  readonly trace: Trace | undefined;
  readonly work: PendingWork;
  /** the steps this runner acts for: every one (orchestrator) or its service's (choreography) */
  readonly ownsStep: (index: number) => boolean;
  /** whether it logs `saga.started` (the orchestrator does; in choreography the initiator) */
  readonly ownsStart: boolean;
  readonly run: (command: RunCommand) => void;
  /** after one of its facts is stored (choreography publishes it) */
  readonly stored?: (fact: SagaFact, state: SagaState) => void;
}

/**
 * Drives saga instances through the machine: feeds it inputs, stores the facts this runner
 * owns (write-ahead: nothing is acted on before its fact is durable), then runs their
 * commands and keeps one timer per instance. The orchestrator is one runner that owns every
 * step; in choreography each service is a runner that owns its own steps and keeps a copy
 * of each instance's state from the facts it observes.
 */
export class SagaRunner {
  readonly #states = new Map<string, SagaState>();
  readonly #timers = new Map<string, TimerId>();
  #disposed = false;

  constructor(readonly options: RunnerOptions) {}

  state(saga: string): SagaState | undefined {
    return this.#states.get(saga);
  }

  states(): IterableIterator<SagaState> {
    return this.#states.values();
  }

  input(saga: string, input: SagaInput): void {
    if (this.#disposed) return;
    const { definition, clock, trace } = this.options;
    const previous = this.#states.get(saga);
    const decision = decide(definition, previous, input, clock.now());
    if (decision.ignored !== undefined || decision.state === undefined) {
      if (input.type === 'reply' && trace?.active) {
        trace.record({
          type: 'saga.reply-ignored',
          saga,
          commandId: input.commandId,
          reason: decision.ignored ?? 'unknown instance',
        });
      }
      return;
    }
    // if the facts cannot be stored, an observed event is taken again later (the bus will
    // not bring it twice); anything else picks up from the state the log still holds
    const again =
      input.type === 'observe' ? () => this.input(saga, input) : () => this.#resume(saga);
    const owned = this.#owned(decision.facts, false);
    void this.#commit(decision.state, owned, previous, again);
  }

  /**
   * Adopts facts decided elsewhere (the start), storing and acting on the owned ones.
   * Resolves once they are stored; if they cannot be, the instance is forgotten and the
   * promise rejects (the start can be made again).
   */
  commit(state: SagaState, owned: readonly SagaFact[]): Promise<void> {
    return this.#commit(state, owned, undefined, undefined);
  }

  #commit(
    state: SagaState,
    owned: readonly SagaFact[],
    previous: SagaState | undefined,
    again: (() => void) | undefined,
  ): Promise<void> {
    this.#states.set(state.saga, state);
    if (owned.length === 0) return Promise.resolve();
    const stored = this.#store(owned, state, this.options.clock.now(), previous, again);
    return this.options.work.track(stored);
  }

  async #store(
    owned: readonly SagaFact[],
    state: SagaState,
    at: number,
    previous: SagaState | undefined,
    again: (() => void) | undefined,
  ): Promise<void> {
    try {
      await this.options.log.append(owned, at);
    } catch (error) {
      // not stored, so it did not happen: back to the state the log holds, and try again
      // after a backoff (a full disk may have room by then)
      if (this.#states.get(state.saga) === state) {
        if (previous === undefined) this.#states.delete(state.saga);
        else this.#states.set(state.saga, previous);
        if (again !== undefined) this.#later(state.saga, previous, again);
      }
      throw error;
    }
    if (this.#disposed) return;
    const { trace, stored, definition } = this.options;
    for (const fact of owned) {
      if (trace?.active) trace.record(fact);
      stored?.(fact, state);
    }
    for (const fact of owned) this.#execute(commandsFor(definition, state, fact, at));
  }

  /** Which of a decision's facts are this runner's to store and act on. */
  #owned(facts: readonly SagaFact[], previousOwned: boolean): SagaFact[] {
    const out: SagaFact[] = [];
    let prev = previousOwned;
    for (const fact of facts) {
      const mine =
        'index' in fact
          ? this.options.ownsStep(fact.index)
          : fact.type === 'saga.started'
            ? this.options.ownsStart
            : prev;
      if (mine) out.push(fact);
      prev = mine;
    }
    return out;
  }

  #execute(commands: readonly SagaCommand[]): void {
    for (const command of commands) {
      if (command.type === 'run') {
        if (this.options.ownsStep(command.index)) this.options.run(command);
        continue;
      }
      const input: SagaInput =
        command.kind === 'timeout'
          ? { type: 'timeout', commandId: command.commandId }
          : { type: 'retry-due', commandId: command.commandId };
      this.#setTimer(command.saga, command.dueAt - this.options.clock.now(), () =>
        this.input(command.saga, input),
      );
    }
  }

  /** One timer per instance: a new wait replaces the one before. */
  #setTimer(saga: string, delayMs: number, fire: () => void): void {
    const { clock } = this.options;
    const old = this.#timers.get(saga);
    if (old !== undefined) clock.clearTimeout(old);
    const timer = clock.setTimeout(() => {
      this.#timers.delete(saga);
      fire();
    }, delayMs);
    this.#timers.set(saga, timer);
  }

  #later(saga: string, state: SagaState | undefined, fire: () => void): void {
    const { definition } = this.options;
    const step = stepAt(definition, Math.max(0, state?.index ?? 0));
    this.#setTimer(saga, backoffMs(step.retry, state?.attempt ?? 1), fire);
  }

  /** Rebuilds every instance from the saga log (after a restart): a fold over its facts. */
  rebuild(): number {
    const { log, definition } = this.options;
    for (const saga of log.instances()) {
      let state: SagaState | undefined;
      for (const { fact } of log.entries(saga)) {
        state = evolve(state ?? initialState(definition, saga, undefined), fact);
      }
      if (state !== undefined) this.#states.set(saga, state);
    }
    return this.#states.size;
  }

  /** Picks up where the log left each open instance (see `resume` in machine.ts). */
  resumeAll(): number {
    let open = 0;
    for (const s of [...this.#states.values()]) {
      if (isEnded(s)) continue;
      open++;
      this.#resume(s.saga);
    }
    return open;
  }

  #resume(saga: string): void {
    const s = this.#states.get(saga);
    if (this.#disposed || s === undefined || isEnded(s)) return;
    const { definition, clock } = this.options;
    const r = resume(definition, s, clock.now());
    if (r.facts.length > 0) {
      const owned = this.#owned(r.facts, s.index >= 0 && this.options.ownsStep(s.index));
      void this.#commit(r.state, owned, s, () => this.#resume(saga));
      return;
    }
    // an awaited try or a backoff: only its step's owner acts on it
    if (this.options.ownsStep(s.index)) this.#execute(r.commands);
  }

  /** Stops its timers and forgets what was in flight, as a page being closed does. */
  dispose(): void {
    this.#disposed = true;
    for (const timer of this.#timers.values()) this.options.clock.clearTimeout(timer);
    this.#timers.clear();
  }
}
