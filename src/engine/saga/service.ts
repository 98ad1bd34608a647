import type { LogStore } from '../../storage/LogStore';
import type { Clock } from '../clock';
import type { Trace } from '../trace';
import type { Fault } from './faults';
import type { PendingWork } from './pendingWork';
import {
  decideCommand,
  type ServiceDecision,
  type ServiceLogEntry,
  type ServiceView,
  type StoredOutcome,
  storedOf,
} from './serviceDecision';
import type { ServiceModel } from './serviceModel';
import type { RunCommand, StepReply } from './types';

export type { ServiceLogEntry } from './serviceDecision';

export interface HandleResult {
  readonly reply: StepReply;
  /** how long to hold the reply back (a timeout fault) */
  readonly delayMs: number;
}

export interface SagaServiceOptions<S> {
  readonly model: ServiceModel<S>;
  readonly store: LogStore;
  readonly clock: Clock;
  readonly trace?: Trace;
  /** tracks each command's handling, so a test can wait until the service is idle */
  readonly work?: PendingWork;
}

export const serviceTopic = (name: string) => `saga-service.${name}`;

/**
 * A saga participant with its local store (stock, money, deliveries). Its store is not kept
 * as a snapshot: the service logs every outcome to its own topic in the durable store and
 * rebuilds its state by replaying them through its model. One append holds the effect and
 * the idempotency record together, so they cannot disagree after a crash, as a snapshot
 * written beside a table of seen keys could.
 *
 * Idempotent per (instance + step, action | undo): a command seen before is answered from
 * its stored outcome and not run again. An undo that arrives before its action (the action
 * timed out and is still on its way) is stored as a tombstone, and the action, when it
 * comes, is refused: it can no longer take effect after the saga gave it up.
 * Commands run one at a time (a mailbox), so a duplicate cannot slip in beside its original.
 */
export class SagaService<S = unknown> {
  readonly name: string;
  readonly #model: ServiceModel<S>;
  readonly #options: SagaServiceOptions<S>;
  #state: S;
  readonly #outcomes = new Map<string, StoredOutcome>();
  /** log entries folded in: what a decision was made on */
  #version = 0;
  readonly #transients = new Map<string, number>();
  readonly #faults = new Map<string, Fault>();
  #mailbox: Promise<unknown> = Promise.resolve();
  #handled = 0;

  private constructor(options: SagaServiceOptions<S>) {
    this.#options = options;
    this.#model = options.model;
    this.name = options.model.name;
    this.#state = options.model.initial();
  }

  /** The service with its store as its log left it. */
  static async open<S>(options: SagaServiceOptions<S>): Promise<SagaService<S>> {
    const service = new SagaService(options);
    const topic = serviceTopic(service.name);
    const { start } = await options.store.range(topic, 0);
    for (let from = start; ; ) {
      const records = await options.store.read(topic, 0, from, 1_000);
      if (records.length === 0) break;
      for (const r of records) service.#apply(r.data as ServiceLogEntry);
      from = (records.at(-1)?.offset ?? from) + 1;
    }
    return service;
  }

  /** The local store now (immutable: keep it as a picture of the moment). */
  get state(): S {
    return this.#state;
  }

  /** commands answered since this service was opened, duplicates included */
  get handled(): number {
    return this.#handled;
  }

  /** Makes `name` (an action or an undo) fail as `fault` says; undefined heals it. */
  setFault(name: string, fault: Fault | undefined): void {
    if (fault === undefined) this.#faults.delete(name);
    else this.#faults.set(name, fault);
  }

  faults(): ReadonlyMap<string, Fault> {
    return this.#faults;
  }

  /** Runs (or recognises) a command and says what to reply. */
  handle(command: RunCommand): Promise<HandleResult> {
    return this.#inMailbox(async () => {
      const view = this.view(command);
      const decision = decideCommand(this.#model, command, view);
      const result = await this.#commit(command, decision, view.version);
      // decided and committed in one turn of the mailbox: the store cannot have moved
      if (result === 'stale') throw new Error(`${this.name}: its store moved under a command`);
      return result;
    });
  }

  /**
   * What deciding `command` reads of this service's store, as plain data: a worker decides
   * on it (decideCommand) and the service commits what it said.
   */
  view(command: RunCommand): ServiceView<S> {
    const id = `${command.key}/${command.work}`;
    const known = this.#outcomes.get(id);
    const fault = this.#faults.get(command.name);
    return {
      state: this.#state,
      version: this.#version,
      ...(known === undefined ? {} : { known }),
      actionApplied: this.#outcomes.get(`${command.key}/action`)?.ok === true,
      undoneFirst: this.#outcomes.has(`${command.key}/compensation`),
      failedBefore: this.#transients.get(id) ?? 0,
      ...(fault === undefined ? {} : { fault }),
    };
  }

  /**
   * Logs and folds in what a worker decided on `view(command)` at `version`, in the mailbox
   * (one command at a time), and says what to reply; `stale` when the store has moved on
   * since that version (another copy of the command was committed in between): nothing is
   * done, and the command must be decided again. `worker`: who decided, for the trace.
   */
  commit(
    command: RunCommand,
    decision: ServiceDecision,
    version: number,
    worker?: string,
  ): Promise<HandleResult | 'stale'> {
    return this.#inMailbox(() => this.#commit(command, decision, version, worker));
  }

  #inMailbox<T>(run: () => Promise<T>): Promise<T> {
    const next = this.#mailbox.then(run);
    this.#mailbox = next.catch(() => undefined);
    this.#options.work?.track(next);
    return next;
  }

  async #commit(
    command: RunCommand,
    decision: ServiceDecision,
    version: number,
    worker?: string,
  ): Promise<HandleResult | 'stale'> {
    if (version !== this.#version) return 'stale';
    this.#handled++;
    const stored = storedOf(decision);
    switch (decision.kind) {
      case 'known':
        this.#traced(command, stored, true, worker);
        return this.#answer(command, stored, decision.delayMs);
      case 'unknown':
        // the definition's mistake, not an outcome: not kept, so a fixed model can still run it
        this.#traced(command, stored, false, worker);
        return this.#answer(command, stored, 0);
      case 'transient':
        await this.#log({ kind: 'transient', key: command.key, work: command.work });
        this.#traced(command, stored, false, worker);
        return this.#answer(command, stored, 0);
      case 'outcome': {
        const { key, work, name } = decision.entry;
        if (key !== command.key || work !== command.work || name !== command.name) {
          throw new Error(
            `${this.name}: a decision for ${key}/${work} ${name} came back for ${command.key}/${command.work} ${command.name}`,
          );
        }
        await this.#log(decision.entry);
        this.#traced(command, stored, false, worker);
        return this.#answer(command, stored, decision.delayMs);
      }
    }
  }

  async #log(entry: ServiceLogEntry): Promise<void> {
    const { store, clock } = this.#options;
    await store.append(serviceTopic(this.name), 0, [
      { timestamp: clock.now(), key: entry.key, event: entry.kind, data: entry },
    ]);
    this.#apply(entry);
  }

  /** Folds one logged entry into the state: the same code at run time and at rebuild. */
  #apply(entry: ServiceLogEntry): void {
    this.#version++;
    const id = `${entry.key}/${entry.work}`;
    if (entry.kind === 'transient') {
      this.#transients.set(id, (this.#transients.get(id) ?? 0) + 1);
      return;
    }
    const stored: StoredOutcome = {
      ok: entry.ok,
      ...(entry.reason === undefined ? {} : { reason: entry.reason }),
      ...(entry.result === undefined ? {} : { result: entry.result }),
    };
    this.#outcomes.set(id, stored);
    if (!entry.ok) return;
    if (entry.work === 'action') {
      const outcome = this.#model.actions[entry.name]?.(this.#state, entry.data);
      if (outcome?.ok) this.#state = outcome.state;
    } else if (entry.undid) {
      const undo = this.#model.compensations[entry.name];
      if (undo) this.#state = undo(this.#state, entry.data);
    }
  }

  #answer(command: RunCommand, stored: StoredOutcome, delayMs: number): HandleResult {
    const reply: StepReply = {
      saga: command.saga,
      commandId: command.commandId,
      index: command.index,
      work: command.work,
      attempt: command.attempt,
      ok: stored.ok,
      ...(stored.reason === undefined ? {} : { reason: stored.reason }),
      ...(stored.result === undefined ? {} : { result: stored.result }),
    };
    return { reply, delayMs };
  }

  #traced(command: RunCommand, stored: StoredOutcome, duplicate: boolean, worker?: string): void {
    const trace = this.#options.trace;
    if (!trace?.active) return;
    trace.record({
      type: 'saga.service-handled',
      service: this.name,
      saga: command.saga,
      step: command.step,
      work: command.work,
      name: command.name,
      ok: stored.ok,
      duplicate,
      ...(worker === undefined ? {} : { worker }),
      ...(stored.reason === undefined ? {} : { reason: stored.reason }),
    });
  }
}
