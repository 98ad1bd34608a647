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
});
