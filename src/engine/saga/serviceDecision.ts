import { errorMessage } from '../errors';
import { applyFault, type Fault } from './faults';
import type { ServiceModel } from './serviceModel';
import type { RunCommand, Work } from './types';

/** A command's outcome as a service keeps it: what it answers every copy of the command with. */
export interface StoredOutcome {
  readonly ok: boolean;
  readonly reason?: string;
  readonly result?: unknown;
}

/** One line of a service's own log: what it did with a command, in the order it did it. */
export type ServiceLogEntry =
  | OutcomeEntry
  /** an injected failure: counted (for fail-times), never the command's outcome */
  | { readonly kind: 'transient'; readonly key: string; readonly work: Work };

export interface OutcomeEntry extends StoredOutcome {
  readonly kind: 'outcome';
  readonly key: string;
  readonly work: Work;
  readonly name: string;
  readonly data: unknown;
  /** an undo: whether there was an applied action to undo */
  readonly undid?: boolean;
}

/**
 * Everything of a service's store that deciding one command reads, as plain data: what a
 * service sends with a command to the worker that decides it (src/workers/sagaService.ts).
 */
export interface ServiceView<S = unknown> {
  readonly state: S;
  /** log entries folded into `state`: a decision made on another version is stale */
  readonly version: number;
  /** the outcome kept for this command's (key, action | undo), when it ran before */
  readonly known?: StoredOutcome;
  /** an undo: whether the step's action was applied, so there is something to undo */
  readonly actionApplied: boolean;
  /** an action: its undo came first (a tombstone), so it may no longer run */
  readonly undoneFirst: boolean;
  /** injected failures of this (key, action | undo) so far */
  readonly failedBefore: number;
  readonly fault?: Fault;
}

/** What a service does with one command: the business decision, before anything is logged. */
export type ServiceDecision =
  /** seen before: answered from its record, not run again */
  | { readonly kind: 'known'; readonly stored: StoredOutcome; readonly delayMs: number }
  /** the model has no such command: refused, not kept (a fixed model can still run it) */
  | { readonly kind: 'unknown'; readonly stored: StoredOutcome }
  /** an injected failure: counted in the log, never the command's outcome */
  | { readonly kind: 'transient'; readonly stored: StoredOutcome }
  /** a new outcome (a business "no" included): logged, then folded into the store */
  | { readonly kind: 'outcome'; readonly entry: OutcomeEntry; readonly delayMs: number };

/**
 * Decides a command on a service's view of its store, pure (no clock, no store, no DOM), so
 * the page and a worker decide alike: the idempotency record first, then the fault, then the
 * tombstone, then the model's action. Nothing changes here; the service logs what it says.
 */
export function decideCommand<S>(
  model: ServiceModel<S>,
  command: RunCommand,
  view: ServiceView<S>,
): ServiceDecision {
  const fault = applyFault(view.fault, {
    id: `${command.key}/${command.work}`,
    attempt: command.attempt,
    failedBefore: view.failedBefore,
  });
  if (view.known !== undefined) {
    return { kind: 'known', stored: view.known, delayMs: fault.fail ? 0 : fault.delayMs };
  }
  const unknown = unknownCommand(model, command);
  if (unknown !== undefined) return { kind: 'unknown', stored: { ok: false, reason: unknown } };
  if (fault.fail) return { kind: 'transient', stored: { ok: false, reason: fault.reason } };
  return { kind: 'outcome', entry: run(model, command, view), delayMs: fault.delayMs };
}

function unknownCommand<S>(model: ServiceModel<S>, { work, name }: RunCommand): string | undefined {
  const known = work === 'action' ? model.actions : model.compensations;
  if (Object.hasOwn(known, name)) return undefined;
  return `${model.name} has no ${work === 'action' ? 'action' : 'undo'} "${name}"`;
}

/** Works out a new command's outcome on the view's state, without changing it. */
function run<S>(model: ServiceModel<S>, command: RunCommand, view: ServiceView<S>): OutcomeEntry {
  const { key, work, name, data } = command;
  const base = { kind: 'outcome' as const, key, work, name, data };
  if (work === 'compensation') return { ...base, ok: true, undid: view.actionApplied };
  if (view.undoneFirst) return { ...base, ok: false, reason: 'cancelled before it ran' };
  try {
    const outcome = model.actions[name]?.(view.state, data) ?? {
      ok: false,
      reason: `${model.name} has no action "${name}"`,
    };
    return outcome.ok
      ? { ...base, ok: true, ...(outcome.result === undefined ? {} : { result: outcome.result }) }
      : { ...base, ok: false, reason: outcome.reason };
  } catch (error) {
    return { ...base, ok: false, reason: errorMessage(error) };
  }
}

/** The stored part of a decision: what the service answers. */
export function storedOf(decision: ServiceDecision): StoredOutcome {
  if (decision.kind !== 'outcome') return decision.stored;
  const { ok, reason, result } = decision.entry;
  return {
    ok,
    ...(reason === undefined ? {} : { reason }),
    ...(result === undefined ? {} : { result }),
  };
}
