import type { Clock } from '../clock';
import type { Trace } from '../trace';
import type { SagaChannel, SagaEvent } from './channel';
import type { SagaDefinition } from './definition';
import { SagaStartError } from './errors';
import { evolve, initialState, startFacts, stepAt } from './machine';
import { PendingWork } from './pendingWork';
import { SagaRunner } from './runner';
import type { SagaLog } from './sagaLog';
import type { SagaService } from './service';
import type { SagaFact } from './traceEvents';
import type { SagaState } from './types';

export interface ChoreographyOptions {
  readonly definition: SagaDefinition;
  readonly channel: SagaChannel;
  /** every service the definition names, by name */
  readonly services: ReadonlyMap<string, SagaService>;
  readonly log: SagaLog;
  readonly clock: Clock;
  readonly trace?: Trace;
  readonly work?: PendingWork;
  /** who publishes the start event (default `orders`) */
  readonly initiator?: string;
}

/**
 * The same flow with no controller. Each service is a participant that listens for the
 * events that concern its steps (the one before it succeeded; one after it failed or was
 * undone), keeps its own copy of each instance from them through the shared machine, runs
 * its own steps (retries and timeouts included) and publishes their outcomes:
 * `order.created` -> inventory reserves -> `inventory.reserved` -> payment charges ->
 * `payment.charged` -> shipping creates the delivery; `payment.failed` -> inventory releases.
 * Each participant stores the facts of its own steps in the saga log, so the log still tells
 * an instance's whole story (here they share one store, as services of one page do).
 */
export class Choreography {
  readonly definition: SagaDefinition;
  readonly log: SagaLog;
  readonly work: PendingWork;
  readonly #participants = new Map<string, SagaRunner>();
  readonly #stops: (() => void)[] = [];
  readonly #options: ChoreographyOptions;
  readonly #initiator: SagaRunner;
  /** each instance as the log tells it, kept up to date as any participant stores a fact */
  readonly #view = new Map<string, SagaState>();

  private constructor(options: ChoreographyOptions) {
    this.#options = options;
    this.definition = options.definition;
    this.log = options.log;
    this.work = options.work ?? new PendingWork();
    const def = options.definition;
    const names = [...new Set(def.steps.map((s) => s.service))];
    for (const name of names) {
      const service = options.services.get(name);
      if (service === undefined) throw new Error(`No service "${name}" for saga ${def.name}`);
      this.#participants.set(name, this.#participant(name, service));
    }
    for (const { fact } of options.log.all()) this.#fold(fact);
    this.#stops.push(
      options.log.subscribe((entries) => {
        for (const { fact } of entries) this.#fold(fact);
      }),
    );
    // the initiator owns no step: it only stores the start and announces it
    this.#initiator = this.#runner(options.initiator ?? 'orders', () => false, true);
  }

  static open(options: ChoreographyOptions): Choreography {
    const choreography = new Choreography(options);
    let sagas = 0;
    let open = 0;
    for (const runner of [choreography.#initiator, ...choreography.#participants.values()]) {
      sagas = runner.rebuild();
      open = runner.resumeAll();
    }
    if (sagas > 0 && options.trace?.active) {
      options.trace.record({ type: 'saga.recovered', mode: 'choreography', sagas, open });
    }
    return choreography;
  }

  /**
   * Publishes the start event (`order.created`) for one order; its services take it on.
   * Resolves once its start is durable.
   */
  start(id: string, data: unknown): Promise<void> {
    if (this.log.entries(id).length > 0 || this.#initiator.state(id) !== undefined) {
      throw new SagaStartError(`Order ${id} has a saga already; one instance per order`);
    }
    const { facts, state } = startFacts(this.definition, id, data);
    const started = facts.filter((f) => f.type === 'saga.started');
    return state === undefined ? Promise.resolve() : this.#initiator.commit(state, started);
  }

  /** An instance as its log tells it (no one holds the whole of it: there is no controller). */
  state(id: string): SagaState | undefined {
    return this.#view.get(id);
  }

  /** Every instance, in the order they started. */
  instances(): SagaState[] {
    return [...this.#view.values()];
  }

  #fold(fact: SagaFact): void {
    const state = this.#view.get(fact.saga) ?? initialState(this.definition, fact.saga, undefined);
    this.#view.set(fact.saga, evolve(state, fact));
  }

  /** The events a participant listens to, for the picture: who reacts to what. */
  subscriptions(service: string): string[] {
    const def = this.definition;
    const out = new Set<string>();
    def.steps.forEach((step, i) => {
      if (step.service !== service) return;
      out.add(i === 0 ? def.events.started : stepAt(def, i - 1).events.succeeded);
      for (let j = i + 1; j < def.steps.length; j++) {
        // after the pivot nothing fails for good, so nothing there asks for an undo
        if (def.pivot >= 0 && j > def.pivot) break;
        out.add(stepAt(def, j).events.failed);
        out.add(stepAt(def, j).events.compensated);
      }
    });
    return [...out];
  }

  dispose(): void {
    for (const stop of this.#stops) stop();
    for (const runner of this.#participants.values()) runner.dispose();
    this.#initiator.dispose();
  }

  #participant(name: string, service: SagaService): SagaRunner {
    const def = this.definition;
    const runner = this.#runner(
      name,
      (i) => stepAt(def, i).service === name,
      false,
      (command) => {
        void this.work.track(
          service.handle(command).then(({ reply, delayMs }) => {
            const deliver = () => runner.input(reply.saga, { type: 'reply', ...reply });
            if (delayMs > 0) this.#options.clock.setTimeout(deliver, delayMs);
            else deliver();
          }),
        );
      },
    );
    for (const event of this.subscriptions(name)) {
      this.#stops.push(
        this.#options.channel.subscribe(event, name, (payload: SagaEvent) => {
          runner.input(payload.fact.saga, {
            type: 'observe',
            fact: payload.fact,
            data: payload.data,
          });
        }),
      );
    }
    return runner;
  }

  #runner(
    name: string,
    ownsStep: (index: number) => boolean,
    ownsStart: boolean,
    run: (command: Parameters<SagaRunner['options']['run']>[0]) => void = () => {},
  ): SagaRunner {
    const { definition, log, clock, trace, channel } = this.#options;
    return new SagaRunner({
      definition,
      log,
      clock,
      trace,
      work: this.work,
      ownsStep,
      ownsStart,
      run,
      stored: (fact, state) => {
        const event = publishedAs(definition, fact);
        if (event !== undefined) channel.publish(event, { fact, data: state.data }, name);
      },
    });
  }
}

/** The event a fact is announced as; retries and tries stay inside their service. */
export function publishedAs(def: SagaDefinition, fact: SagaFact): string | undefined {
  switch (fact.type) {
    case 'saga.started':
      return def.events.started;
    case 'saga.completed':
      return def.events.completed;
    case 'saga.aborted':
      return def.events.aborted;
    case 'saga.step-succeeded':
      return stepAt(def, fact.index).events.succeeded;
    case 'saga.step-failed':
    case 'saga.step-timed-out':
      return fact.retryAt === undefined ? stepAt(def, fact.index).events.failed : undefined;
    case 'saga.compensated':
      return stepAt(def, fact.index).events.compensated;
    default:
      return undefined;
  }
}
