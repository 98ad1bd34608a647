import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { LogHistogram } from './logHistogram';
import { SampleRing } from './sampleRing';
import { SlidingHistogram } from './slidingHistogram';

/** The exact value at quantile q, by the same rank rule: the sorted value at floor(q·(n-1)). */
function exact(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] as number;
}

describe('LogHistogram', () => {
  it('reads every percentile of a uniform distribution within 1%', () => {
    const h = new LogHistogram(0.01);
    const values = Array.from({ length: 100_000 }, (_, i) => i + 1);
    for (const v of values) h.add(v);
    for (const q of [0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999]) {
      const want = exact(values, q);
      expect(Math.abs((h.quantile(q) as number) - want) / want).toBeLessThanOrEqual(0.01);
    }
    expect(h.quantile(1)).toBe(100_000);
    expect(h.max).toBe(100_000);
  });

  it('reads a long-tailed (exponential) latency distribution within 1%, at the tail too', () => {
    const rng = createRng(42);
    const h = new LogHistogram(0.01);
    // mean 50 ms, plus a 2 ms floor: a queue's latency is never below its hops
    const values = Array.from({ length: 50_000 }, () => 2 - 50 * Math.log(1 - rng.next()));
    for (const v of values) h.add(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const want = exact(sorted, q);
      expect(Math.abs((h.quantile(q) as number) - want) / want).toBeLessThanOrEqual(0.01);
    }
    // and against the distribution itself: p50 = 2 + 50 ln 2, p99 = 2 + 50 ln 100
    expect(h.quantile(0.5)).toBeCloseTo(2 + 50 * Math.LN2, -1);
    expect(h.quantile(0.99)).toBeCloseTo(2 + 50 * Math.log(100), -1);
  });

  it('reads zeros as 0, is empty before the first value, and merges', () => {
    const a = new LogHistogram();
    expect(a.quantile(0.5)).toBeUndefined();
    a.add(0);
    a.add(0);
    a.add(100);
    expect(a.quantile(0.5)).toBe(0);
    const b = new LogHistogram();
    for (let i = 0; i < 7; i++) b.add(100);
    a.merge(b);
    expect(a.count).toBe(10);
    expect(a.quantile(0.5)).toBeCloseTo(100, -1);
    expect(() => a.merge(new LogHistogram(0.02))).toThrow('cannot be merged');
  });

  it('takes the same memory after a million values as before the first', () => {
    const h = new LogHistogram();
    const bytes = h.bytes;
    // about 870 buckets of 8 bytes for 0.1 ms to an hour at 1%
    expect(bytes).toBeLessThan(8 * 1000);
    for (let i = 0; i < 1_000_000; i++) h.add((i % 5000) + 0.5);
    expect(h.bytes).toBe(bytes);
    expect(h.count).toBe(1_000_000);
    // past its range a value counts in the top bucket and reads back as the max seen
    h.add(1e12);
    expect(h.quantile(1)).toBe(1e12);
  });
});

describe('SlidingHistogram', () => {
  it('covers the last window of clock time: older values drop out a slice at a time', () => {
    const w = new SlidingHistogram(10_000, 10);
    for (let t = 0; t < 10_000; t += 10) w.add(t, 100);
    expect(w.read(9_999).count).toBe(1000);
    for (let t = 10_000; t < 15_000; t += 10) w.add(t, 1000);
    const now = w.read(14_999);
    // 5 s of 100 ms and 5 s of 1000 ms
    expect(now.count).toBe(1000);
    expect(now.quantile(0.25)).toBeCloseTo(100, -1);
    expect(now.quantile(0.75)).toBeCloseTo(1000, -2);
    // nothing added for a whole window: empty
    expect(w.read(40_000).count).toBe(0);
  });

  it('keeps fixed memory however long it runs', () => {
    const w = new SlidingHistogram(10_000, 10);
    const bytes = w.bytes;
    for (let t = 0; t < 3_600_000; t += 7) w.add(t, t % 997);
    expect(w.bytes).toBe(bytes);
    expect(w.read(3_600_000).count).toBeGreaterThan(1000);
  });
});

describe('SampleRing', () => {
  it('keeps the last samples, oldest first, on one time axis', () => {
    const ring = new SampleRing(3, ['a', 'b']);
    for (let t = 1; t <= 5; t++) ring.push(t * 100, (key) => (key === 'a' ? t : -t));
    expect(ring.times()).toEqual([300, 400, 500]);
    expect(ring.values('a')).toEqual([3, 4, 5]);
    expect(ring.values('b')).toEqual([-3, -4, -5]);
    expect(ring.values('c')).toEqual([]);
    expect(() => new SampleRing(0, [])).toThrow(RangeError);
  });
});
