import { describe, expect, it } from 'vitest';
import {
  packBatch,
  packResults,
  readResults,
  unpackBatch,
  type WireBatch,
  type WireResult,
} from './protocol';
import { wireDelivery } from './testing/harness';

const roundTrip = <T>(value: T): T => structuredClone(value);

describe('the wire format', () => {
  it('plain-data bodies cross as one JSON text, and arrive as they were', () => {
    const bodies = [{ id: 1, tags: ['a', 'b'], nested: { ok: true, none: null } }, 'text', 3.5];
    const deliveries = bodies.map((body, i) =>
      wireDelivery(i + 1, body, { headers: i === 1 ? { 'x-retry': 2 } : {}, redelivered: i === 2 }),
    );
    const batch = packBatch(deliveries);
    expect(typeof batch.bodies).toBe('string');
    expect(batch.headers).toEqual([[1, { 'x-retry': 2 }]]);
    expect(unpack(batch)).toEqual(deliveries);
  });

  it('bodies JSON would change cross as structured clones', () => {
    for (const body of [{ at: new Date(0) }, { gone: undefined }, -0, holey(), Number.NaN]) {
      const deliveries = [wireDelivery(1, { id: 1 }), wireDelivery(2, body, { routingKey: 'x' })];
      const batch = packBatch(deliveries);
      expect(Array.isArray(batch.bodies)).toBe(true);
      expect(unpack(batch)).toEqual(deliveries);
      if (body === 0) expect(Object.is(unpack(batch)[1]?.body, -0)).toBe(true);
    }
  });

  it('results cross as typed arrays and come back the same', () => {
    const results: WireResult[] = [
      { deliveryTag: 1, ok: true },
      { deliveryTag: 2, ok: true, output: 'one', effect: { kind: 'log', line: 'l' } },
      { deliveryTag: 3, ok: false, error: 'bad', requeue: true },
      { deliveryTag: 4, ok: true, effect: { kind: 'sms', to: 't', text: 'x' } },
      { deliveryTag: 5, ok: false, error: 'worse', requeue: false },
      { deliveryTag: 6, ok: true, output: 'two' },
    ];
    expect(readResults(roundTrip(packResults(results)))).toEqual(results);
  });
});

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
