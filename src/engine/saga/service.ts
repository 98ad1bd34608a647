import type { LogStore } from '../../storage/LogStore';
import type { Clock } from '../clock';
import { errorMessage } from '../errors';
import type { Trace } from '../trace';
import { applyFault, type Fault } from './faults';
import type { PendingWork } from './pendingWork';
import type { ServiceModel } from './serviceModel';
import type { RunCommand, StepReply, Work } from './types';

/** One line of a service's own log: what it did with a command, in the order it did it. */
export type ServiceLogEntry =
  | {
      readonly kind: 'outcome';
      readonly key: string;
      readonly work: Work;
      readonly name: string;
      readonly data: unknown;
      readonly ok: boolean;
      readonly reason?: string;
      readonly result?: unknown;
      /** an undo: whether there was an applied action to undo */
      readonly undid?: boolean;
    }
  /** an injected failure: counted (for fail-times), never the command's outcome */
  | { readonly kind: 'transient'; readonly key: string; readonly work: Work };

interface Stored {
  readonly ok: boolean;
  readonly reason?: string;
  readonly result?: unknown;
}

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
  readonly #outcomes = new Map<string, Stored>();
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
    const next = this.#mailbox.then(() => this.#handle(command));
    this.#mailbox = next.catch(() => undefined);
    this.#options.work?.track(next);
    return next;
  }

  async #handle(command: RunCommand): Promise<HandleResult> {
    this.#handled++;
    const id = `${command.key}/${command.work}`;
    const fault = applyFault(this.#faults.get(command.name), {
      id,
      attempt: command.attempt,
      failedBefore: this.#transients.get(id) ?? 0,
    });
    const known = this.#outcomes.get(id);
    if (known !== undefined) {
      this.#traced(command, known, true);
      return this.#answer(command, known, fault.fail ? 0 : fault.delayMs);
    }
    const unknown = this.#unknown(command);
    if (unknown !== undefined) {
      // the definition's mistake, not an outcome: not kept, so a fixed model can still run it
      const stored = { ok: false, reason: unknown };
      this.#traced(command, stored, false);
      return this.#answer(command, stored, 0);
    }
    if (fault.fail) {
      await this.#log({ kind: 'transient', key: command.key, work: command.work });
      const stored = { ok: false, reason: fault.reason };
      this.#traced(command, stored, false);
      return this.#answer(command, stored, 0);
    }
    const entry = this.#run(command);
    await this.#log(entry);
    this.#traced(command, entry, false);
    return this.#answer(command, entry, fault.delayMs);
  }

  #unknown({ work, name }: RunCommand): string | undefined {
    const known = work === 'action' ? this.#model.actions : this.#model.compensations;
    if (name in known) return undefined;
    return `${this.name} has no ${work === 'action' ? 'action' : 'undo'} "${name}"`;
  }

  /** Works out a new command's outcome on the current state, without changing it. */
  #run(command: RunCommand): ServiceLogEntry & { kind: 'outcome' } {
    const { key, work, name, data } = command;
    const base = { kind: 'outcome' as const, key, work, name, data };
    if (work === 'compensation') {
      const action = this.#outcomes.get(`${key}/action`);
      return { ...base, ok: true, undid: action?.ok === true };
    }
    if (this.#outcomes.has(`${key}/compensation`)) {
      return { ...base, ok: false, reason: 'cancelled before it ran' };
    }
    try {
      const outcome = this.#model.actions[name]?.(this.#state, data) ?? {
        ok: false,
        reason: `${this.name} has no action "${name}"`,
      };
      return outcome.ok
        ? { ...base, ok: true, ...(outcome.result === undefined ? {} : { result: outcome.result }) }
        : { ...base, ok: false, reason: outcome.reason };
    } catch (error) {
      return { ...base, ok: false, reason: errorMessage(error) };
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
    const id = `${entry.key}/${entry.work}`;
    if (entry.kind === 'transient') {
      this.#transients.set(id, (this.#transients.get(id) ?? 0) + 1);
      return;
    }
    const stored: Stored = {
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

  #answer(command: RunCommand, stored: Stored, delayMs: number): HandleResult {
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

  #traced(command: RunCommand, stored: Stored, duplicate: boolean): void {
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
      ...(stored.reason === undefined ? {} : { reason: stored.reason }),
    });
  }
}
