import { describe, expect, it } from 'vitest';
import {
  isFromWorker,
  packBatch,
  packResults,
  ResultsWriter,
  readResults,
  SEPARATOR,
  unpackBatch,
  type WireBatch,
  type WireResult,
  type WireResults,
} from './protocol';
import { brokerDelivery, wireDelivery } from './testing/harness';
import type { WireDelivery } from './types';

const roundTrip = <T>(value: T): T => structuredClone(value);

describe('the wire format', () => {
  it('plain-data bodies cross as one JSON text, the message ids as one string, and arrive as they were', () => {
    const bodies = [{ id: 1, tags: ['a', 'b'], nested: { ok: true, none: null } }, 'text', 3.5];
    const deliveries = bodies.map((body, i) =>
      wireDelivery(i + 1, body, {
        headers: i === 1 ? { 'x-retry': 2 } : {},
        redelivered: i === 2,
        deliveryCount: i + 1,
        messageId: `m\u{1F600}${i}\ud800`,
      }),
    );
    const batch = pack(deliveries);
    expect(batch.bodies).toBeNull();
    expect(typeof batch.ids).toBe('string');
    expect(batch.numbers).toBeInstanceOf(Float64Array);
    expect(batch.headers).toEqual([[1, { 'x-retry': 2 }]]);
    expect(batch.exchanges).toBe('shop');
    expect(unpack(batch)).toEqual(deliveries);
  });

  it('bodies JSON would change cross as structured clones', () => {
    for (const body of [{ at: new Date(0) }, { gone: undefined }, -0, holey(), Number.NaN]) {
      const deliveries = [wireDelivery(1, { id: 1 }), wireDelivery(2, body, { routingKey: 'x' })];
      const batch = pack(deliveries);
      expect(Array.isArray(batch.bodies)).toBe(true);
      expect(unpack(batch)).toEqual(deliveries);
      if (Object.is(body, -0)) expect(Object.is(unpack(batch)[1]?.body, -0)).toBe(true);
    }
  });

  it('exchanges, queues and routing keys that differ within a batch cross one per delivery', () => {
    const deliveries = [
      wireDelivery(1, 1, { exchange: 'a', queue: 'q1', routingKey: 'k1' }),
      wireDelivery(2, 2, { exchange: 'b', queue: 'q2', routingKey: 'k2' }),
    ];
    const batch = pack(deliveries);
    expect(batch.exchanges).toEqual(['a', 'b']);
    expect(unpack(batch)).toEqual(deliveries);
    expect(unpack(pack([]))).toEqual([]);
  });

  it('message ids cross as they were: empty ones, and ones holding the separator', () => {
    const ids = ['', 'a', '', `x${SEPARATOR}y`, SEPARATOR, 'z'];
    const deliveries = ids.map((messageId, i) => wireDelivery(i + 1, i, { messageId }));
    const batch = pack(deliveries);
    expect(Array.isArray(batch.ids)).toBe(true);
    expect(unpack(batch)).toEqual(deliveries);
    for (const some of [[''], ['', ''], ['a', '', 'b']]) {
      const plain = some.map((messageId, i) => wireDelivery(i + 1, i, { messageId }));
      expect(typeof pack(plain).ids).toBe('string');
      expect(unpack(pack(plain))).toEqual(plain);
    }
  });

  it('results cross as tags and codes in a Float64Array and come back the same', () => {
    const results: WireResult[] = [
      { deliveryTag: 1, ok: true },
      { deliveryTag: 2, ok: true, output: 'one', effect: { kind: 'log', line: 'l' } },
      { deliveryTag: 3, ok: false, error: 'bad', requeue: true },
      { deliveryTag: 4, ok: true, effect: { kind: 'sms', to: 't', text: 'x' } },
      { deliveryTag: 5, ok: false, error: 'worse', requeue: false },
      { deliveryTag: 6, ok: true, output: 'two' },
    ];
    const packed = packResults(results);
    expect(packed.numbers).toBeInstanceOf(Float64Array);
    expect(packed.strings).toBe(['one', 'bad', 'worse', 'two'].join(SEPARATOR));
    expect(packed.payloads).toBeNull();
    expect(readResults(roundTrip(packed))).toEqual(results);
    expect(readResults(roundTrip(packResults([])))).toEqual([]);
  });

  it('outputs and error texts that hold the separator, or are empty, cross as they were', () => {
    const results: WireResult[] = [
      { deliveryTag: 1, ok: true, output: '' },
      { deliveryTag: 2, ok: false, error: `a${SEPARATOR}b`, requeue: false },
      { deliveryTag: 3, ok: true, output: SEPARATOR },
    ];
    const packed = packResults(results);
    expect(Array.isArray(packed.strings)).toBe(true);
    expect(readResults(roundTrip(packed))).toEqual(results);
    const empty: WireResult[] = [{ deliveryTag: 1, ok: true, output: '' }];
    expect(readResults(roundTrip(packResults(empty)))).toEqual(empty);
  });

  it('an effect JSON would change crosses as a structured clone', () => {
    const effect = {
      kind: 'analytics',
      key: 'k',
      amount: 1,
      counts: { k: 1 },
      revenue: Number.POSITIVE_INFINITY,
    } as const;
    const writer = new ResultsWriter();
    writer.ok(1, { output: 'o', effect });
    writer.failed(2, 'e', true);
    const packed = writer.take();
    expect(packed.payloads).not.toBeNull();
    expect(readResults(roundTrip(packed))).toEqual([
      { deliveryTag: 1, ok: true, output: 'o', effect },
      { deliveryTag: 2, ok: false, error: 'e', requeue: true },
    ]);
    // the writer starts over empty, and plain again
    expect(writer.size).toBe(0);
    writer.ok(3, { effect: { kind: 'log', line: 'x' } });
    expect(writer.take().payloads).toBeNull();
  });

  it('what a worker posts is checked before it is read', () => {
    const numbers = new Float64Array([1, 0]);
    const ok = { type: 'results', numbers, strings: '', text: '', payloads: null, elapsed: 0.5 };
    expect(isFromWorker(ok)).toBe(true);
    expect(isFromWorker({ ...ok, strings: ['x'] })).toBe(true);
    for (const bad of [
      null,
      'results',
      { type: 'nonsense' },
      { ...ok, numbers: [1, 0] },
      { ...ok, numbers: new Float64Array(3) },
      { ...ok, text: 7 },
      { ...ok, payloads: 'x' },
      { ...ok, strings: undefined },
      { ...ok, strings: 7 },
      { ...ok, elapsed: undefined },
      { ...ok, elapsed: -1 },
      { ...ok, elapsed: Number.NaN },
    ]) {
      expect(isFromWorker(bad)).toBe(false);
    }
    // well shaped, wrong inside: no throw, and only the sound results are read
    const message = (text: string, codes: number[], strings: unknown[] = []): WireResults => ({
      type: 'results',
      numbers: new Float64Array([...codes.map((_, i) => i + 1), ...codes]),
      strings,
      text,
      payloads: null,
      elapsed: 0,
    });
    expect(readResults(message('{not json', [8]))).toEqual([]);
    expect(readResults(message('{"a":1}', [8]))).toEqual([]);
    // an effect that is not an object is left out, the next result is still read
    expect(readResults(message('[5]', [8, 0]))).toEqual([{ deliveryTag: 2, ok: true }]);
    expect(readResults(message('', [4, 0, 1, 99], [5, 'bad']))).toEqual([
      { deliveryTag: 2, ok: true },
      { deliveryTag: 3, ok: false, error: 'bad', requeue: true },
    ]);
  });
});

/** As the pool packs it: from the broker's deliveries. */
function pack(deliveries: readonly WireDelivery[]): WireBatch {
  return packBatch(deliveries.map(brokerDelivery));
}

/** As the worker gets it: cloned across, then turned back into deliveries. */
function unpack(batch: WireBatch) {
  return unpackBatch(roundTrip(batch));
}

/** [1, <hole>, 2] */
function holey(): number[] {
  const a = [1, 2, 2];
  delete a[1];
  return a;
}
