import { decideCommand, type ServiceView, storedOf } from '../engine/saga/serviceDecision';
import { type ShopModelSpec, shopModel } from '../engine/saga/shop/models';
import type { RunCommand } from '../engine/saga/types';
import type { HandlerResult, WireDelivery } from './types';

/**
 * What a saga service's command carries into its worker: the command as the orchestrator
 * sent it, and the service's view of its store when the delivery was handed to the worker
 * (the page keeps the store; src/engine/saga/workerServe.ts adds the view).
 */
export interface SagaServiceDelivery {
  readonly kind: 'command';
  readonly command: RunCommand;
  readonly replyTo: string;
  readonly view: ServiceView;
}

/** A body this handler cannot decide: refused for good (requeueing would not change it). */
class SagaServiceInputError extends Error {
  override name = 'SagaServiceInputError';
  readonly requeue = false;
}

/**
 * The `saga-service` handler: a saga service's business decision, in a worker. It builds the
 * service's model from its spec once, then for each command decides on the view that came
 * with it (the idempotency record, the fault, the tombstone, the model's action), as the page
 * would (decideCommand, the same function). It changes nothing: the page logs the decision,
 * folds it into its store and replies, then acks.
 */
export function sagaServiceHandler(
  spec: ShopModelSpec,
  workMs = 0,
  sleep: (ms: number) => Promise<void> = () => Promise.resolve(),
): (message: WireDelivery) => HandlerResult | Promise<HandlerResult> {
  if (!(Number.isFinite(workMs) && workMs >= 0)) {
    throw new Error(`workMs must be a number >= 0, got ${workMs}`);
  }
  const model = shopModel(spec);
  const decide = (message: WireDelivery): HandlerResult => {
    const { command, view } = sagaServiceDelivery(message.body);
    if (command.service !== model.name) {
      throw new SagaServiceInputError(`${model.name} got a command for ${command.service}`);
    }
    const decision = decideCommand(model, command, view);
    const stored = storedOf(decision);
    const verdict =
      decision.kind === 'known' ? 'seen before' : stored.ok ? 'ok' : (stored.reason ?? 'failed');
    return {
      output: `${command.saga} ${command.name}: ${verdict}`,
      effect: { kind: 'saga-service', decision },
    };
  };
  // the time a service takes: long enough to watch it busy (and kill it in the middle)
  if (workMs === 0) return decide;
  return async (message) => {
    await sleep(workMs);
    return decide(message);
  };
}

/** The body as a saga command with its view, or a SagaServiceInputError naming what is wrong. */
function sagaServiceDelivery(body: unknown): SagaServiceDelivery {
  const wrong = (field: string) =>
    new SagaServiceInputError(`saga-service: ${field} is missing or wrong`);
  if (!isObject(body) || body.kind !== 'command') throw wrong('kind');
  const { command, view, replyTo } = body;
  if (typeof replyTo !== 'string') throw wrong('replyTo');
  if (!isObject(command)) throw wrong('command');
  for (const field of ['saga', 'commandId', 'key', 'step', 'service', 'name'] as const) {
    if (typeof command[field] !== 'string') throw wrong(`command.${field}`);
  }
  if (command.work !== 'action' && command.work !== 'compensation') throw wrong('command.work');
  if (typeof command.attempt !== 'number') throw wrong('command.attempt');
  if (typeof command.index !== 'number') throw wrong('command.index');
  if (!isObject(view)) throw wrong('view');
  if (typeof view.version !== 'number') throw wrong('view.version');
  if (typeof view.failedBefore !== 'number') throw wrong('view.failedBefore');
  if (typeof view.actionApplied !== 'boolean') throw wrong('view.actionApplied');
  if (typeof view.undoneFirst !== 'boolean') throw wrong('view.undoneFirst');
  if (view.known !== undefined && !(isObject(view.known) && typeof view.known.ok === 'boolean')) {
    throw wrong('view.known');
  }
  if (view.fault !== undefined && !(isObject(view.fault) && typeof view.fault.mode === 'string')) {
    throw wrong('view.fault');
  }
  return body as unknown as SagaServiceDelivery;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
