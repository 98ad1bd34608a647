import type { Delivery, Headers } from '../engine/broker/types';
import { isPlainData } from './plainData';
import type { HandlerEffect, HandlerResult, HandlerSpec, WireDelivery } from './types';

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
      readonly output?: string | undefined;
      readonly effect?: HandlerEffect | undefined;
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
 * A batch of deliveries on the wire. Structured clone pays per object, per typed array and
 * per string it meets, and little per byte: so the numbers go as one Float64Array, the
 * message ids as one string and the bodies as one JSON text. The runtime turns it back into
 * WireDelivery objects (unpackBatch).
 */
export interface WireBatch {
  readonly type: 'batch';
  /** n delivery tags, then n delivery counts, then n redelivered flags (1 or 0) */
  readonly numbers: Float64Array;
  /**
   * the n message ids joined by SEPARATOR when none contains it (splitting that string is
   * several times cheaper for the worker than parsing the ids out of JSON), else the ids
   */
  readonly ids: string | readonly string[];
  /** JSON text of the n bodies when JSON carries every one exactly as a structured clone would */
  readonly text: string;
  /** the bodies themselves (structured-cloned) when JSON would change one; else null */
  readonly bodies: readonly unknown[] | null;
  /** these three are one string when every delivery of the batch has the same */
  readonly exchanges: Column;
  readonly queues: Column;
  readonly routingKeys: Column;
  /** [index, headers] of the deliveries whose headers are not empty; the rest have {} */
  readonly headers: readonly (readonly [number, Headers])[];
}

type Column = string | readonly string[];

/**
 * Joins a column of strings (a batch's message ids, the results' texts) into one string:
 * splitting it is several times cheaper than parsing the strings out of JSON. A column with
 * a string that holds it goes as an array instead.
 */
export const SEPARATOR = '\u0000';

/** One string of the strings joined by SEPARATOR, or the strings when one holds it. */
function joined(strings: string[], joinable: boolean): string | string[] {
  return joinable ? strings.join(SEPARATOR) : strings;
}

/**
 * The strings of a column sent by `joined` (no strings and one empty string both come back
 * as `['']`: the reader knows how many it reads).
 */
function split(column: string | readonly unknown[]): readonly unknown[] {
  return typeof column === 'string' ? column.split(SEPARATOR) : column;
}

/** A result's code on the wire: its outcome in the low bits, flags for what else it has. */
export const RESULT_OK = 0;
export const RESULT_REQUEUE = 1;
export const RESULT_DROP = 2;
const OUTCOME = 3;
/** it has an output, the next of the strings */
const HAS_OUTPUT = 4;
/** it has an effect, the next of the effects */
export const HAS_EFFECT = 8;

/**
 * Results on the wire: the tags and codes as one Float64Array; the outputs and error texts,
 * only for the results that have them, in order, as one string (see SEPARATOR); the effects
 * likewise as one JSON text (or, when one is not plain data, as an array cloned as is).
 * readResults turns it back into WireResults, checking each: a custom handler runs in the
 * worker's scope and may post anything.
 */
export interface WireResults {
  readonly type: 'results';
  /** n delivery tags, then n codes */
  readonly numbers: Float64Array;
  /** the outputs and error texts in result order, joined by SEPARATOR, or as an array */
  readonly strings: string | readonly unknown[];
  /** JSON text of the effects in result order; '' when none */
  readonly text: string;
  /** the effects themselves when JSON would change one; else null */
  readonly payloads: readonly unknown[] | null;
  /**
   * ms the worker spent on these results' deliveries, from the first one's start to this
   * message (waits of asynchronous handlers included): the pool pipelines batches for a
   * worker whose deliveries take long, and sends each turn's as one batch otherwise
   */
  readonly elapsed: number;
}

/** Packs the broker's deliveries as they are, so the pool copies nothing per message first. */
export function packBatch(deliveries: readonly Delivery[]): WireBatch {
  const n = deliveries.length;
  const numbers = new Float64Array(3 * n);
  const ids: string[] = new Array(n);
  const bodies: unknown[] = new Array(n);
  const headers: (readonly [number, Headers])[] = [];
  let json = true;
  let joinable = true;
  // whether every delivery has the first one's exchange, queue and routing key
  const first = deliveries[0];
  let sameExchange = true;
  let sameQueue = true;
  let sameKey = true;
  for (let i = 0; i < n; i++) {
    const d = deliveries[i] as Delivery;
    const { message } = d;
    if (first !== undefined) {
      if (sameExchange && message.exchange !== first.message.exchange) sameExchange = false;
      if (sameQueue && d.queue !== first.queue) sameQueue = false;
      if (sameKey && message.routingKey !== first.message.routingKey) sameKey = false;
    }
    numbers[i] = d.deliveryTag;
    numbers[n + i] = d.deliveryCount;
    numbers[2 * n + i] = d.redelivered ? 1 : 0;
    ids[i] = message.id;
    if (joinable && message.id.includes(SEPARATOR)) joinable = false;
    bodies[i] = message.body;
    if (json && !isPlainData(message.body)) json = false;
    if (!isEmpty(message.headers)) headers.push([i, message.headers]);
  }
  return {
    type: 'batch',
    numbers,
    ids: joined(ids, joinable),
    text: json ? JSON.stringify(bodies) : '',
    bodies: json ? null : bodies,
    exchanges: column(deliveries, first?.message.exchange, sameExchange, (d) => d.message.exchange),
    queues: column(deliveries, first?.queue, sameQueue, (d) => d.queue),
    routingKeys: column(
      deliveries,
      first?.message.routingKey,
      sameKey,
      (d) => d.message.routingKey,
    ),
    headers,
  };
}

export function unpackBatch(batch: WireBatch): WireDelivery[] {
  const { numbers, exchanges, queues, routingKeys } = batch;
  const n = numbers.length / 3;
  const ids = split(batch.ids);
  const bodies = batch.bodies ?? (JSON.parse(batch.text) as readonly unknown[]);
  const headers: Headers[] = new Array(n);
  for (const [i, h] of batch.headers) headers[i] = h;
  const deliveries: WireDelivery[] = new Array(n);
  for (let i = 0; i < n; i++) {
    deliveries[i] = {
      deliveryTag: numbers[i] as number,
      messageId: ids[i] as string,
      exchange: typeof exchanges === 'string' ? exchanges : (exchanges[i] as string),
      queue: typeof queues === 'string' ? queues : (queues[i] as string),
      routingKey: typeof routingKeys === 'string' ? routingKeys : (routingKeys[i] as string),
      body: bodies[i],
      headers: headers[i] ?? {},
      redelivered: numbers[2 * n + i] === 1,
      deliveryCount: numbers[n + i] as number,
    };
  }
  return deliveries;
}

/**
 * The worker's outbox: results are written straight into the wire's columns as handlers
 * finish, and `take` hands them over as one WireResults.
 */
export class ResultsWriter {
  #tags: number[] = [];
  #codes: number[] = [];
  #strings: string[] = [];
  #effects: unknown[] = [];
  #joinable = true;
  #plain = true;

  get size(): number {
    return this.#tags.length;
  }

  ok(deliveryTag: number, result: HandlerResult): void {
    let code = RESULT_OK;
    const { output, effect } = result;
    if (output !== undefined) {
      code |= HAS_OUTPUT;
      this.#string(output);
    }
    if (effect !== undefined) {
      code |= HAS_EFFECT;
      this.#effects.push(effect);
      if (this.#plain && !isPlainData(effect)) this.#plain = false;
    }
    this.#tags.push(deliveryTag);
    this.#codes.push(code);
  }

  failed(deliveryTag: number, error: string, requeue: boolean): void {
    this.#tags.push(deliveryTag);
    this.#codes.push(requeue ? RESULT_REQUEUE : RESULT_DROP);
    this.#string(error);
  }

  #string(text: string): void {
    this.#strings.push(text);
    if (this.#joinable && text.includes(SEPARATOR)) this.#joinable = false;
  }

  /** The results written so far, as a message; the writer starts empty again. */
  take(elapsed = 0): WireResults {
    const tags = this.#tags;
    const codes = this.#codes;
    const effects = this.#effects;
    const plain = this.#plain;
    const strings = joined(this.#strings, this.#joinable);
    this.#tags = [];
    this.#codes = [];
    this.#strings = [];
    this.#effects = [];
    this.#joinable = true;
    this.#plain = true;
    const n = tags.length;
    const numbers = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      numbers[i] = tags[i] as number;
      numbers[n + i] = codes[i] as number;
    }
    if (!plain) return { type: 'results', numbers, strings, text: '', payloads: effects, elapsed };
    return {
      type: 'results',
      numbers,
      strings,
      text: effects.length ? JSON.stringify(effects) : '',
      payloads: null,
      elapsed,
    };
  }
}

/** For tests and one-offs: WireResults of a list of results. */
export function packResults(results: readonly WireResult[]): WireResults {
  const writer = new ResultsWriter();
  for (const r of results) {
    if (r.ok) {
      writer.ok(r.deliveryTag, {
        ...(r.output !== undefined && { output: r.output }),
        ...(r.effect !== undefined && { effect: r.effect }),
      });
    } else writer.failed(r.deliveryTag, r.error, r.requeue);
  }
  return writer.take();
}

/**
 * The results of a message that passed isFromWorker, as WireResults. A result with an unknown
 * code, a failure without an error text, or an output or effect of the wrong type is left out
 * (as a malformed WireResult was); what follows it is still read in order. Effects that are
 * not JSON leave every result out.
 */
export function readResults(message: WireResults): WireResult[] {
  const { numbers } = message;
  const n = numbers.length / 2;
  const strings = split(message.strings);
  let effects: readonly unknown[];
  if (message.payloads !== null) effects = message.payloads;
  else if (message.text === '') effects = [];
  else {
    try {
      const parsed: unknown = JSON.parse(message.text);
      if (!Array.isArray(parsed)) return [];
      effects = parsed;
    } catch {
      return [];
    }
  }
  let s = 0;
  let e = 0;
  const results: WireResult[] = [];
  for (let i = 0; i < n; i++) {
    const deliveryTag = numbers[i] as number;
    const code = numbers[n + i] as number;
    const outcome = code & OUTCOME;
    if (outcome === RESULT_OK && (code & ~(HAS_OUTPUT | HAS_EFFECT)) === 0) {
      const output: unknown = code & HAS_OUTPUT ? strings[s++] : undefined;
      const effect: unknown = code & HAS_EFFECT ? effects[e++] : undefined;
      if (output !== undefined && typeof output !== 'string') continue;
      if (effect !== undefined && (typeof effect !== 'object' || effect === null)) continue;
      results.push({ deliveryTag, ok: true, output, effect: effect as HandlerEffect | undefined });
    } else if (code === RESULT_REQUEUE || code === RESULT_DROP) {
      const error: unknown = strings[s++];
      if (typeof error === 'string') {
        results.push({ deliveryTag, ok: false, error, requeue: code === RESULT_REQUEUE });
      }
    }
  }
  return results;
}

/** One string when every delivery has the same value (`same`, found while packing), else the values in order. */
function column(
  deliveries: readonly Delivery[],
  firstValue: string | undefined,
  same: boolean,
  of: (d: Delivery) => string,
): Column {
  if (firstValue === undefined) return [];
  return same ? firstValue : deliveries.map(of);
}

function isEmpty(headers: Headers): boolean {
  for (const _ in headers) return false;
  return true;
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
      r.numbers instanceof Float64Array &&
      r.numbers.length % 2 === 0 &&
      (typeof r.strings === 'string' || Array.isArray(r.strings)) &&
      typeof r.text === 'string' &&
      (r.payloads === null || Array.isArray(r.payloads)) &&
      typeof r.elapsed === 'number' &&
      r.elapsed >= 0
    );
  }
  return true;
}
