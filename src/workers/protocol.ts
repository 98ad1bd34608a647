import type { Headers } from '../engine/broker/types';
import type { HandlerEffect, HandlerSpec, WireDelivery } from './types';

/** Settings a worker gets once, when it starts. */
export interface WorkerConfig {
  readonly workerId: string;
  readonly handler: HandlerSpec;
  readonly seed: number;
  /** simulated ms per real ms: the playback speed; 0 = paused */
  readonly timeScale: number;
  /** simulated ms between heartbeats */
  readonly heartbeatMs: number;
  /** simulated ms a handler may take before its delivery is nacked */
  readonly handlerTimeoutMs: number;
  /** whether a failed delivery goes back to its queue (a handler's error may override it) */
  readonly requeueOnError: boolean;
}

/** Messages from the pool to a worker. */
export type ToWorker =
  | ({ readonly type: 'init' } & WorkerConfig)
  | WireBatch
  /** takes effect in order: deliveries already in the mailbox keep the old handler */
  | { readonly type: 'set-handler'; readonly handler: HandlerSpec }
  | { readonly type: 'time-scale'; readonly timeScale: number };

export type WireResult =
  | {
      readonly deliveryTag: number;
      readonly ok: true;
      readonly output?: string;
      readonly effect?: HandlerEffect;
    }
  | {
      readonly deliveryTag: number;
      readonly ok: false;
      readonly error: string;
      readonly requeue: boolean;
    };

/** Messages from a worker to the pool. Any of them also proves the worker is alive. */
export type FromWorker =
  | { readonly type: 'ready' }
  /** the handler spec did not compile (a custom handler's syntax error, a bad setting) */
  | { readonly type: 'handler-invalid'; readonly error: string }
  | WireResults
  | { readonly type: 'heartbeat' };

/**
 * A batch of deliveries on the wire, as parallel arrays: structured clone copies typed arrays,
 * flat arrays of strings and one long string far faster than one object graph per delivery.
 * The runtime turns it back into WireDelivery objects (unpackBatch).
 */
export interface WireBatch {
  readonly type: 'batch';
  readonly tags: Float64Array;
  readonly messageIds: readonly string[];
  /** these three are one string when every delivery of the batch has the same */
  readonly exchanges: Column;
  readonly queues: Column;
  readonly routingKeys: Column;
  /**
   * the bodies: one JSON text of their array when JSON carries every one of them exactly as a
   * structured clone would (plain data), else the array itself
   */
  readonly bodies: string | readonly unknown[];
  /** [index, headers] of the deliveries whose headers are not empty; the rest have {} */
  readonly headers: readonly (readonly [number, Headers])[];
  /** 1 = redelivered */
  readonly redelivered: Uint8Array;
  readonly deliveryCounts: Float64Array;
}

type Column = string | readonly string[];

/** A result's code on the wire: its outcome in the low bits, flags for what else it has. */
export const RESULT_OK = 0;
export const RESULT_REQUEUE = 1;
export const RESULT_DROP = 2;
const OUTCOME = 3;
/** it has an output, the next of `outputs` */
export const HAS_OUTPUT = 4;
/** it has an effect, the next of `effects` */
export const HAS_EFFECT = 8;

/**
 * Results on the wire: tags and codes as typed arrays; outputs, effects and error texts only
 * for the results that have them, in order (a failure always has an error text). readResults
 * turns it back into WireResults, checking each.
 */
export interface WireResults {
  readonly type: 'results';
  readonly tags: Float64Array;
  readonly codes: Uint8Array;
  readonly outputs: readonly string[];
  readonly effects: readonly HandlerEffect[];
  readonly errors: readonly string[];
}

export function packBatch(deliveries: readonly WireDelivery[]): WireBatch {
  const n = deliveries.length;
  const tags = new Float64Array(n);
  const messageIds: string[] = new Array(n);
  const exchanges: string[] = new Array(n);
  const queues: string[] = new Array(n);
  const routingKeys: string[] = new Array(n);
  const bodies: unknown[] = new Array(n);
  const headers: (readonly [number, Headers])[] = [];
  const redelivered = new Uint8Array(n);
  const deliveryCounts = new Float64Array(n);
  let json = true;
  for (let i = 0; i < n; i++) {
    const d = deliveries[i] as WireDelivery;
    tags[i] = d.deliveryTag;
    messageIds[i] = d.messageId;
    exchanges[i] = d.exchange;
    queues[i] = d.queue;
    routingKeys[i] = d.routingKey;
    bodies[i] = d.body;
    if (json && !isPlainData(d.body, 0)) json = false;
    if (!isEmpty(d.headers)) headers.push([i, d.headers]);
    redelivered[i] = d.redelivered ? 1 : 0;
    deliveryCounts[i] = d.deliveryCount;
  }
  return {
    type: 'batch',
    tags,
    messageIds,
    exchanges: column(exchanges),
    queues: column(queues),
    routingKeys: column(routingKeys),
    bodies: json ? JSON.stringify(bodies) : bodies,
    headers,
    redelivered,
    deliveryCounts,
  };
}

export function unpackBatch(batch: WireBatch): WireDelivery[] {
  const n = batch.tags.length;
  const bodies = (
    typeof batch.bodies === 'string' ? JSON.parse(batch.bodies) : batch.bodies
  ) as readonly unknown[];
  const headers: Headers[] = new Array(n);
  for (const [i, h] of batch.headers) headers[i] = h;
  const { exchanges, queues, routingKeys } = batch;
  const deliveries: WireDelivery[] = new Array(n);
  for (let i = 0; i < n; i++) {
    deliveries[i] = {
      deliveryTag: batch.tags[i] as number,
      messageId: batch.messageIds[i] as string,
      exchange: typeof exchanges === 'string' ? exchanges : (exchanges[i] as string),
      queue: typeof queues === 'string' ? queues : (queues[i] as string),
      routingKey: typeof routingKeys === 'string' ? routingKeys : (routingKeys[i] as string),
      body: bodies[i],
      headers: headers[i] ?? {},
      redelivered: batch.redelivered[i] === 1,
      deliveryCount: batch.deliveryCounts[i] as number,
    };
  }
  return deliveries;
}

export function packResults(results: readonly WireResult[]): WireResults {
  const n = results.length;
  const tags = new Float64Array(n);
  const codes = new Uint8Array(n);
  const outputs: string[] = [];
  const effects: HandlerEffect[] = [];
  const errors: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = results[i] as WireResult;
    tags[i] = r.deliveryTag;
    if (r.ok) {
      let code = RESULT_OK;
      if (r.output !== undefined) {
        code |= HAS_OUTPUT;
        outputs.push(r.output);
      }
      if (r.effect !== undefined) {
        code |= HAS_EFFECT;
        effects.push(r.effect);
      }
      codes[i] = code;
    } else {
      codes[i] = r.requeue ? RESULT_REQUEUE : RESULT_DROP;
      errors.push(r.error);
    }
  }
  return { type: 'results', tags, codes, outputs, effects, errors };
}

/**
 * The results of a message that passed isFromWorker, as WireResults. A result with an unknown
 * code, a failure without an error text, or an output or effect of the wrong type is left out
 * (as a malformed WireResult was); what follows it is still read in order.
 */
export function readResults(message: WireResults): WireResult[] {
  const { tags, codes, outputs, effects, errors } = message;
  let o = 0;
  let e = 0;
  let x = 0;
  const results: WireResult[] = [];
  for (let i = 0; i < tags.length; i++) {
    const deliveryTag = tags[i] as number;
    const code = codes[i] as number;
    const outcome = code & OUTCOME;
    if (outcome === RESULT_OK && (code & ~(HAS_OUTPUT | HAS_EFFECT)) === 0) {
      const output: unknown = code & HAS_OUTPUT ? outputs[o++] : undefined;
      const effect: unknown = code & HAS_EFFECT ? effects[e++] : undefined;
      if (output !== undefined && typeof output !== 'string') continue;
      if (effect !== undefined && (typeof effect !== 'object' || effect === null)) continue;
      results.push({
        deliveryTag,
        ok: true,
        ...(output !== undefined && { output }),
        ...(effect !== undefined && { effect: effect as HandlerEffect }),
      });
    } else if (code === RESULT_REQUEUE || code === RESULT_DROP) {
      const error: unknown = errors[x++];
      if (typeof error === 'string') {
        results.push({ deliveryTag, ok: false, error, requeue: code === RESULT_REQUEUE });
      }
    }
  }
  return results;
}

function column(values: readonly string[]): Column {
  const first = values[0];
  if (first === undefined) return values;
  for (const value of values) if (value !== first) return values;
  return first;
}

function isEmpty(headers: Headers): boolean {
  for (const _ in headers) return false;
  return true;
}

const MAX_DEPTH = 32;

/**
 * Whether JSON carries the value exactly as a structured clone would: strings, booleans, null,
 * finite numbers other than -0, and arrays and plain objects of them (no undefined, no holes,
 * no cycles: nesting deeper than MAX_DEPTH counts as no).
 */
function isPlainData(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || !isPlainData(value[i], depth + 1)) return false;
        }
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (!isPlainData((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

const FROM_WORKER_TYPES: ReadonlySet<string> = new Set([
  'ready',
  'handler-invalid',
  'results',
  'heartbeat',
]);

/**
 * A shape check of what arrives from a worker: a custom handler runs in the worker's global
 * scope and could post anything, so the pool trusts nothing it has not checked (readResults
 * checks each result).
 */
export function isFromWorker(data: unknown): data is FromWorker {
  if (typeof data !== 'object' || data === null) return false;
  const type = (data as { type?: unknown }).type;
  if (typeof type !== 'string' || !FROM_WORKER_TYPES.has(type)) return false;
  if (type === 'results') {
    const r = data as Partial<Record<keyof WireResults, unknown>>;
    return (
      r.tags instanceof Float64Array &&
      r.codes instanceof Uint8Array &&
      r.codes.length === r.tags.length &&
      Array.isArray(r.outputs) &&
      Array.isArray(r.effects) &&
      Array.isArray(r.errors)
    );
  }
  return true;
}
