import { errorMessage } from '../engine/errors';
import { fnv1a } from '../engine/hash';
import { createRng } from '../engine/rng';
import { topicMatches } from '../engine/routing/topic';
import { sagaServiceHandler } from './sagaService';
import type { HandlerResult, HandlerSpec, NamedListener, PoisonRule, WireDelivery } from './types';

export type Handler = (message: WireDelivery) => HandlerResult | Promise<HandlerResult>;

export interface HandlerContext {
  readonly workerId: string;
  readonly seed: number;
  /** waits `ms` of simulated time: real time divided by the playback speed */
  sleep(ms: number): Promise<void>;
}

/**
 * A handler's failure. `requeue` says whether the message goes back to its queue; when it is
 * undefined the consumer's default decides. A custom handler may throw any error with a
 * boolean `requeue` property to the same effect.
 */
export class HandlerError extends Error {
  constructor(
    message: string,
    readonly requeue?: boolean,
  ) {
    super(message);
    this.name = 'HandlerError';
  }
}

/** A spec that cannot become a handler: a custom body that does not parse, a bad setting. */
export class InvalidHandlerError extends Error {
  override name = 'InvalidHandlerError';
}

const SMS_LENGTH = 160;
const TEXT_LENGTH = 200;

/** Why the spec cannot run, or undefined when it can: for the UI to check as a person types. */
export function validateHandler(spec: HandlerSpec): string | undefined {
  try {
    createHandler(spec, { workerId: 'check', seed: 0, sleep: () => Promise.resolve() });
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

/** Turns a spec into a function. Throws InvalidHandlerError when it cannot. */
export function createHandler(spec: HandlerSpec, context: HandlerContext): Handler {
  switch (spec.kind) {
    case 'email':
      return email;
    case 'sms':
      return sms;
    case 'analytics':
      return analytics();
    case 'slow': {
      const { ms } = spec;
      if (!(Number.isFinite(ms) && ms >= 0)) {
        throw new InvalidHandlerError(`slow: ms must be a number >= 0, got ${ms}`);
      }
      return async () => {
        await context.sleep(ms);
        return { output: `took ${ms} ms` };
      };
    }
    case 'flaky':
      return flaky(spec.failureRate, context.seed);
    case 'poison':
      return poison(spec.when);
    case 'custom':
      return custom(spec.source, context);
    case 'log':
      return log;
    case 'listeners':
      return listeners(spec.listeners, context);
    case 'saga-service':
      try {
        return sagaServiceHandler(spec.model, spec.workMs ?? 0, context.sleep);
      } catch (error) {
        throw new InvalidHandlerError(`saga-service: ${errorMessage(error)}`);
      }
  }
}

function log(message: WireDelivery): HandlerResult {
  const line = truncate(`${message.routingKey} ${summarize(message.body)}`, TEXT_LENGTH);
  return { output: `log: ${line}`, effect: { kind: 'log', line } };
}

/**
 * The course's worker: each listener in try/catch, so a failing one is reported and the
 * others still run; the message counts as handled (acked) either way, and the worker goes on.
 */
function listeners(list: readonly NamedListener[], context: HandlerContext): Handler {
  if (list.length === 0) throw new InvalidHandlerError('listeners: the list is empty');
  const compiled = list.map((l) => {
    if ((l.handler.kind as string) === 'listeners') {
      throw new InvalidHandlerError(`listeners: "${l.name}" cannot itself be a list of listeners`);
    }
    return { name: l.name, run: createHandler(l.handler, context) };
  });
  return async (message) => {
    const results: { name: string; ok: boolean; text: string }[] = [];
    for (const { name, run } of compiled) {
      try {
        const result = await run(message);
        results.push({ name, ok: true, text: result.output ?? 'ok' });
      } catch (error) {
        results.push({
          name,
          ok: false,
          text: errorMessage(error),
        });
      }
    }
    const output = results.map((r) => `${r.name} ${r.ok ? '✓' : `✗ ${r.text}`}`).join(' · ');
    return { output, effect: { kind: 'listeners', results } };
  };
}

function email(message: WireDelivery): HandlerResult {
  const to = pickString(message.body, ['email', 'to', 'customerEmail']) ?? 'customer@example.com';
  const subject = message.routingKey || 'message';
  const text = truncate(summarize(message.body), TEXT_LENGTH);
  return { output: `email to ${to}: ${subject}`, effect: { kind: 'email', to, subject, text } };
}

function sms(message: WireDelivery): HandlerResult {
  const to = pickString(message.body, ['phone', 'to']) ?? '+380 00 000 0000';
  const text = truncate(`${message.routingKey}: ${summarize(message.body)}`, SMS_LENGTH);
  return { output: `sms to ${to}: ${message.routingKey}`, effect: { kind: 'sms', to, text } };
}

/** Counts messages by type and sums revenue; each worker keeps its own totals. */
function analytics(): (message: WireDelivery) => HandlerResult {
  const counts: Record<string, number> = {};
  let revenue = 0;
  return (message) => {
    const key = pickString(message.body, ['type']) ?? message.routingKey;
    const raw = field(message.body, 'amount');
    const amount = typeof raw === 'number' && Number.isFinite(raw) ? raw : 0;
    counts[key] = (counts[key] ?? 0) + 1;
    revenue += amount;
    return {
      output: `${key}: ${counts[key]} counted, revenue ${revenue}`,
      effect: { kind: 'analytics', key, amount, counts: { ...counts }, revenue },
    };
  };
}

/**
 * The outcome is drawn from an Rng seeded by (seed, message id, delivery count), not from one
 * stream per worker: the same message fails the same way whichever worker takes it, so a run
 * with a given seed repeats even though workers race; a redelivery draws afresh.
 */
function flaky(failureRate: number, seed: number): Handler {
  if (!(Number.isFinite(failureRate) && failureRate >= 0 && failureRate <= 1)) {
    throw new InvalidHandlerError(`flaky: failureRate must be within 0..1, got ${failureRate}`);
  }
  return (message) => {
    const rng = createRng(fnv1a(`${seed}:${message.messageId}:${message.deliveryCount}`));
    if (rng.chance(failureRate)) {
      throw new HandlerError(`flaky: failed (failure rate ${failureRate})`);
    }
    return { output: 'ok' };
  };
}

function poison(rule: PoisonRule): Handler {
  let matches: (message: WireDelivery) => boolean;
  let text: string;
  if ('field' in rule) {
    if (rule.field === '') throw new InvalidHandlerError('poison: the field name is empty');
    const path = rule.field.split('.');
    matches = (message) => Object.is(path.reduce(field, message.body), rule.equals);
    text = `${rule.field} = ${JSON.stringify(rule.equals)}`;
  } else {
    matches = (message) => topicMatches(rule.routingKey, message.routingKey);
    text = `routing key ${rule.routingKey}`;
  }
  return (message) => {
    if (matches(message)) throw new HandlerError(`poison message (${text})`);
    return { output: 'ok' };
  };
}

// the constructor of async functions: `new Function` that also allows `await` in the body
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (message: unknown, context: unknown) => Promise<unknown>;

function custom(source: string, context: HandlerContext): Handler {
  // a body without `await` compiles to a plain function, so it runs on the runtime's
  // synchronous path (no promise, no timeout timer per message); one with `await` is async
  const isAsync = /\bawait\b/.test(source);
  let fn: (message: unknown, context: unknown) => unknown;
  try {
    fn = isAsync
      ? new AsyncFunction('message', 'context', source)
      : (new Function('message', 'context', source) as (
          message: unknown,
          context: unknown,
        ) => unknown);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new InvalidHandlerError(`custom handler does not compile: ${reason}`);
  }
  const sandboxContext = Object.freeze({ workerId: context.workerId, sleep: context.sleep });
  const toResult = (value: unknown): HandlerResult =>
    value === undefined ? {} : { output: truncate(summarize(value), TEXT_LENGTH) };
  // the message as it came: each delivery is its own object, and the runtime has read the
  // tag it answers before the handler runs, so what the code does to it changes nothing
  return (message) => {
    const value = fn(message, sandboxContext);
    return value instanceof Promise ? value.then(toResult) : toResult(value);
  };
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function pickString(body: unknown, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = field(body, key);
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function summarize(value: unknown): string {
  if (typeof value === 'string') return value;
  // what JSON.stringify would give, without its call
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // a cycle or a BigInt
    return String(value);
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
