import { describe, expect, it } from 'vitest';
import { fnv1a } from '../engine/hash';
import { fnv1aRange } from './checksum';

describe('fnv1aRange', () => {
  it('is fnv1a of the slice, from the basis or going on from a hash', () => {
    const text = '[{"a":1},{"b":"\u20ac\ud83d\ude00"}]';
    for (const [start, end] of [
      [0, text.length],
      [1, text.length - 1],
      [3, 3],
      [5, 9],
    ] as const) {
      expect(fnv1aRange(text, start, end)).toBe(fnv1a(text.slice(start, end)));
      const on = fnv1a('earlier,');
      expect(fnv1aRange(text, start, end, on)).toBe(fnv1a(text.slice(start, end), on));
    }
  });
});
