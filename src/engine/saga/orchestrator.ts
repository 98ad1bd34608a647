import type { Clock } from '../clock';
import type { Trace } from '../trace';
import type { SagaDefinition } from './definition';
import { SagaStartError } from './errors';
import { startFacts } from './machine';
import { PendingWork } from './pendingWork';
import { SagaRunner } from './runner';
import type { SagaLog } from './sagaLog';
import { commandQueue, REPLY_QUEUE, type SagaMessage, type SagaTransport } from './transport';
import type { SagaState } from './types';

export interface OrchestratorOptions {
  readonly definition: SagaDefinition;
  readonly transport: SagaTransport;
  readonly log: SagaLog;
  readonly clock: Clock;
  readonly trace?: Trace;
  readonly work?: PendingWork;
  /** the queue its replies come back on (default `saga-replies`) */
  readonly replyQueue?: string;
}

/**
 * The central controller: it runs each instance step by step, sending each step's command
 * to its service's queue (`saga-<service>-commands`) and taking the replies from its own.
 * One instance per order: the instance id is the order's, and a second start is refused.
 */
export class Orchestrator {
  readonly definition: SagaDefinition;
  readonly log: SagaLog;
  readonly work: PendingWork;
  readonly #runner: SagaRunner;
  readonly #stop: () => void;

  private constructor(options: OrchestratorOptions) {
    this.definition = options.definition;
    this.log = options.log;
    this.work = options.work ?? new PendingWork();
    const replyTo = options.replyQueue ?? REPLY_QUEUE;
    this.#runner = new SagaRunner({
      definition: options.definition,
      log: options.log,
      clock: options.clock,
      trace: options.trace,
      work: this.work,
      ownsStep: () => true,
      ownsStart: true,
      run: (command) => {
        options.transport.send(commandQueue(command.service), {
          kind: 'command',
          command,
          replyTo,
        });
      },
    });
    this.#stop = options.transport.consume(replyTo, (message: SagaMessage) => {
      if (message.kind === 'reply')
        this.#runner.input(message.reply.saga, { type: 'reply', ...message.reply });
    });
  }

  /**
   * The orchestrator with every instance its log holds, each picking up where it was: an
   * awaited command is sent again (same id and key), a backoff waits out its rest.
   */
  static open(options: OrchestratorOptions): Orchestrator {
    const orchestrator = new Orchestrator(options);
    const sagas = orchestrator.#runner.rebuild();
    const open = orchestrator.#runner.resumeAll();
    if (sagas > 0 && options.trace?.active) {
      options.trace.record({ type: 'saga.recovered', mode: 'orchestration', sagas, open });
    }
    return orchestrator;
  }

  /**
   * Starts the saga for one order; `id` names the instance (the order's id). Resolves once
   * its start is durable (a reload after that finds it).
   */
  start(id: string, data: unknown): Promise<void> {
    if (this.#runner.state(id) !== undefined) {
      throw new SagaStartError(`Order ${id} has a saga already; one instance per order`);
    }
    const { facts, state } = startFacts(this.definition, id, data);
    if (state === undefined) return Promise.resolve();
    return this.#runner.commit(state, facts);
  }

  state(id: string): SagaState | undefined {
    return this.#runner.state(id);
  }

  instances(): SagaState[] {
    return [...this.#runner.states()];
  }

  /** Stops consuming and drops its timers (a page closing); the log stays in the store. */
  dispose(): void {
    this.#stop();
    this.#runner.dispose();
  }
}
