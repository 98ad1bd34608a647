import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './partitioner';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('partitioner', () => {
  // the vectors of kafka-clients' UtilsTest.testMurmur2
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('murmur2(%s) is Kafka’s', (key, hash) => {
    expect(murmur2(bytes(key))).toBe(hash);
  });

  it('sends a key to the same partition every time, within range', () => {
    for (const key of ['account-1', 'account-2', 'ключ', '']) {
      const p = partitionForKey(key, 3);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(3);
      expect(partitionForKey(key, 3)).toBe(p);
    }
  });

  it('spreads many keys over the partitions', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4_000; i++) {
      const p = partitionForKey(`user-${i}`, 4);
      counts[p] = (counts[p] ?? 0) + 1;
    }
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
});
