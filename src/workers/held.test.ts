import { describe, expect, it } from 'vitest';
import { HeldDeliveries } from './held';

function heldIds(held: HeldDeliveries, tags: readonly number[]): (string | undefined)[] {
  return tags.map((t) => held.get(t));
}

describe('the deliveries a worker holds', () => {
  it('answers oldest first, out of order, and not twice; the oldest is the first still held', () => {
    const held = new HeldDeliveries();
    for (const tag of [3, 5, 8, 13, 21]) held.set(tag, `m${tag}`);
    expect(held.size).toBe(5);
    expect(held.oldest()).toBe(3);
    expect(held.delete(8)).toBe(true);
    expect(held.delete(8)).toBe(false);
    expect(held.delete(4)).toBe(false);
    expect(held.get(8)).toBeUndefined();
    expect(held.oldest()).toBe(3);
    expect(held.delete(3)).toBe(true);
    expect(held.oldest()).toBe(5);
    expect(heldIds(held, [5, 13, 21])).toEqual(['m5', 'm13', 'm21']);
    for (const tag of [5, 13, 21]) expect(held.delete(tag)).toBe(true);
    expect(held.size).toBe(0);
    expect(held.oldest()).toBeUndefined();
    held.set(2, 'again');
    expect(held.oldest()).toBe(2);
  });

  it('stays bounded behind one held for ever', () => {
    const held = new HeldDeliveries();
    held.set(1, 'stuck');
    for (let tag = 2; tag <= 10_000; tag++) {
      held.set(tag, `m${tag}`);
      // every three answered newest first
      if ((tag - 1) % 3 === 0)
        for (const t of [tag, tag - 1, tag - 2]) expect(held.delete(t)).toBe(true);
      expect(held.stored).toBeLessThanOrEqual(held.size + Math.max(64, held.size));
    }
    expect(held.oldest()).toBe(1);
    expect(held.get(1)).toBe('stuck');
  });

  it('a tag below one held turns it into a Map, in the order they came', () => {
    const held = new HeldDeliveries();
    for (const tag of [10, 11, 12]) held.set(tag, `m${tag}`);
    held.delete(10);
    expect(held.inTagOrder).toBe(true);
    held.set(7, 'm7');
    expect(held.inTagOrder).toBe(false);
    expect(held.size).toBe(3);
    expect(held.oldest()).toBe(11);
    expect(heldIds(held, [11, 12, 7])).toEqual(['m11', 'm12', 'm7']);
    held.delete(11);
    held.delete(12);
    expect(held.oldest()).toBe(7);
    held.clear();
    expect(held.size).toBe(0);
    expect(held.oldest()).toBeUndefined();
    expect(held.inTagOrder).toBe(true);
  });
});
