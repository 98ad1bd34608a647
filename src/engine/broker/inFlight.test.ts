import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import type { InFlight } from './Consumer';
import { InFlightTable } from './inFlight';
import { collect, setup } from './testing';

const inFlight = (deliveryTag: number) =>
  ({ delivery: { deliveryTag }, settled: false }) as InFlight;

function shuffled(values: number[], seed: number): number[] {
  const rng = createRng(seed);
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

describe('the unacked deliveries by tag', () => {
  it('finds held ones, not settled or unknown ones, and keeps the window bounded behind a held one', () => {
    const table = new InFlightTable();
    const all = Array.from({ length: 20_000 }, (_, i) => inFlight(i + 1));
    for (const f of all) table.add(f);
    expect(table.windowLength).toBeLessThanOrEqual(4096);
    const held = new Set([1, 2, 9000, 20_000]);
    for (const f of all) {
      if (held.has(f.delivery.deliveryTag)) continue;
      table.delete(f);
      expect(table.windowLength).toBeLessThanOrEqual(4096);
    }
    expect(table.values().map((f) => f.delivery.deliveryTag)).toEqual([1, 2, 9000, 20_000]);
    for (const tag of [1, 2, 9000, 20_000]) expect(table.get(tag)).toBe(all[tag - 1]);
    for (const tag of [0, 3, 8999, 20_001, -1, 1.5]) expect(table.get(tag)).toBeUndefined();
    table.delete(all[8999] as InFlight);
    expect(table.get(9000)).toBeUndefined();
    expect(() => table.add(inFlight(20_005))).toThrow(/out of turn/);
  });

  it('a broker with deliveries held long acks, lists and returns them as ever', () => {
    const { broker } = setup();
    broker.declareQueue('q');
    const a = collect(broker, 'q');
    for (let i = 1; i <= 12_000; i++) broker.publish('', 'q', i);
    const tags = a.got.map((d) => d.deliveryTag);
    const keep = new Set([tags[0], tags[1], tags[6000], tags[11_999]]);
    for (const tag of shuffled(tags, 3)) if (!keep.has(tag)) expect(broker.ack(tag)).toBe(true);
    expect(broker.unacked('q').map((d) => d.message.body)).toEqual([1, 2, 6001, 12_000]);
    expect(broker.ack(tags[2] as number)).toBe(false);
    // a multiple ack across the gap takes only the held ones up to it
    expect(broker.ack(tags[6000] as number, true)).toBe(true);
    expect(broker.unacked('q').map((d) => d.message.body)).toEqual([12_000]);
    expect(broker.releaseConsumer(a.tag)).toBe(1);
    expect(broker.peek('q').map((m) => m.message.body)).toEqual([12_000]);
    expect(broker.queueStats('q')).toMatchObject({ acked: 11_999, unacked: 0, ready: 1 });
  });
});
