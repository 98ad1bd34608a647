import { describe, expect, it } from 'vitest';
import { createSeenIds } from './seenIds';

describe('the accepted webhook-ids', () => {
  it('forgets an id after its time, and the oldest first when full', () => {
    let now = 0;
    const seen = createSeenIds({ capacity: 3, ttlMs: 1000, now: () => now });
    seen.add('a');
    now = 500;
    seen.add('b');
    expect(seen.has('a')).toBe(true);
    now = 1000;
    // a is 1000 ms old: gone; b is not
    expect(seen.has('a')).toBe(false);
    expect(seen.has('b')).toBe(true);
    seen.add('c');
    seen.add('d');
    seen.add('e');
    expect(seen.size).toBe(3);
    expect(seen.has('b')).toBe(false);
    expect(['c', 'd', 'e'].every((id) => seen.has(id))).toBe(true);
  });

  it('stays as fast when full as when empty', () => {
    const seen = createSeenIds({ capacity: 20_000 });
    const batch = (b: number) => {
      const started = performance.now();
      for (let i = 0; i < 20_000; i++) {
        const id = `msg_${b}_${i}`;
        if (!seen.has(id)) seen.add(id);
      }
      return performance.now() - started;
    };
    batch(0);
    const filling = batch(1);
    for (let b = 2; b < 8; b++) batch(b);
    // full and churning for 120,000 ids: within a few times the time of filling it
    expect(batch(8)).toBeLessThan(Math.max(5 * filling, 50));
    expect(seen.size).toBe(20_000);
  });
});
