import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from './rng';

/** A mixed run of every kind of draw, so a change to any of them shows. */
function draws(rng: Rng, n = 200): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(rng.next(), rng.int(-1000, 1000), rng.chance(0.5) ? 1 : 0);
  }
  return out;
}

const SEEDS = [0, 1, -1, 42, 2 ** 31 - 1, -(2 ** 31), 2 ** 32, Number.MAX_SAFE_INTEGER];

describe('createRng: reproducible runs', () => {
  it.each(SEEDS)('seed %s gives the same sequence every time', (seed) => {
    const a = createRng(seed);
    const b = createRng(seed);
    expect(a.seed).toBe(seed);
    expect(draws(a)).toEqual(draws(b));
  });

  // Golden values: a stored seed must replay the same run after an upgrade. If the generator,
  // the seed mixing or a distribution changes, these fail and old saved runs no longer replay.
  it.each([
    { seed: 0, next: [0.8349860082380474, 0.655592868803069], dice: [2, 3], wide: -178 },
    { seed: 1, next: [0.0662359653506428, 0.9870154913514853], dice: [4, 2], wide: -994 },
    { seed: 42, next: [0.8724158389959484, 0.4263454789761454], dice: [2, 5], wide: 777 },
    { seed: -7, next: [0.1999716656282544, 0.08700005733408034], dice: [3, 4], wide: -319 },
  ])('seed $seed starts with the recorded draws', ({ seed, next, dice, wide }) => {
    const rng = createRng(seed);
    expect([rng.next(), rng.next()]).toEqual(next);
    expect([rng.int(1, 6), rng.int(1, 6)]).toEqual(dice);
    expect(rng.int(-1000, 1000)).toBe(wide);
  });

  it('generators with the same seed are independent of each other', () => {
    const a = createRng(7);
    const b = createRng(7);
    const first = a.next();
    a.next();
    a.next();
    expect(b.next()).toBe(first);
  });
});

describe('createRng: different seeds give different runs', () => {
  it.each([
    [0, 1],
    [1, 2],
    [42, 43],
    [-1, 1],
    // the generator keeps 32 bits of seed: the high bits must still count
    [1, 2 ** 32 + 1],
    [-1, 2 ** 32 - 1],
    [0, 2 ** 32],
  ])('seeds %s and %s differ', (s1, s2) => {
    expect(draws(createRng(s1), 20)).not.toEqual(draws(createRng(s2), 20));
  });

  it.each([0, 1, 2, 3, 4])('draw #%s is spread out across nearby seeds, not alike', (k) => {
    // with a raw xoroshiro128plus seed, the first draws of seeds 0..999 were all close to 0.5
    const values: number[] = [];
    for (let seed = 0; seed < 1000; seed++) {
      const rng = createRng(seed);
      for (let j = 0; j < k; j++) rng.next();
      values.push(rng.next());
    }
    const belowHalf = values.filter((v) => v < 0.5).length;
    expect(belowHalf).toBeGreaterThan(430);
    expect(belowHalf).toBeLessThan(570);
    const tenths = new Set(values.map((v) => Math.floor(v * 10)));
    expect(tenths.size).toBe(10);
  });

  it('the first coin flip does not simply follow the seed', () => {
    const flips = Array.from({ length: 40 }, (_, seed) => createRng(seed).int(0, 1)).join('');
    expect(flips).not.toMatch(/^(01)+$|^(10)+$/);
    expect(flips).toMatch(/0/);
    expect(flips).toMatch(/1/);
  });
});

describe('createRng: next()', () => {
  it.each([1, 2, 3])('stays in [0, 1) over 20,000 draws (seed %s)', (seed) => {
    const rng = createRng(seed);
    let min = 1;
    let max = 0;
    let sum = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const v = rng.next();
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // and it uses the range: close to both ends, mean near 1/2
    expect(min).toBeLessThan(0.001);
    expect(max).toBeGreaterThan(0.999);
    expect(sum / n).toBeGreaterThan(0.49);
    expect(sum / n).toBeLessThan(0.51);
  });
});

describe('createRng: int(min, max)', () => {
  it.each([
    { min: 0, max: 1 },
    { min: 1, max: 6 },
    { min: -3, max: 3 },
    { min: -10, max: -5 },
    { min: 5, max: 5 },
    { min: 0, max: 99 },
  ])('int($min, $max) stays in range and hits both ends', ({ min, max }) => {
    const rng = createRng(123);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const v = rng.int(min, max);
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(min);
      expect(v).toBeLessThanOrEqual(max);
      seen.add(v);
    }
    expect(seen.has(min)).toBe(true);
    expect(seen.has(max)).toBe(true);
    // small ranges: every value shows up
    expect(seen.size).toBe(max - min + 1);
  });

  it.each([
    { min: 0, max: 2 ** 32 },
    { min: -(2 ** 40), max: 2 ** 40 },
    { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
  ])('int($min, $max) stays in range for ranges wider than 32 bits', ({ min, max }) => {
    const rng = createRng(9);
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(min, max);
      expect(Number.isSafeInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(min);
      expect(v).toBeLessThanOrEqual(max);
    }
  });

  it('is roughly uniform: a die over 60,000 throws', () => {
    const rng = createRng(2024);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i++) {
      const face = rng.int(1, 6);
      counts[face - 1] = (counts[face - 1] ?? 0) + 1;
    }
    for (const c of counts) {
      expect(c).toBeGreaterThan(9_500);
      expect(c).toBeLessThan(10_500);
    }
  });

  it.each([
    { min: 6, max: 1, why: 'min > max' },
    { min: 0.5, max: 3, why: 'fractional min' },
    { min: 0, max: 2.5, why: 'fractional max' },
    { min: Number.NaN, max: 3, why: 'NaN' },
    { min: 0, max: Number.POSITIVE_INFINITY, why: 'infinite max' },
  ])('refuses $why with a RangeError', ({ min, max }) => {
    const rng = createRng(1);
    expect(() => rng.int(min, max)).toThrow(RangeError);
    expect(() => rng.int(min, max)).toThrow(/min <= max/);
  });
});

describe('createRng: chance(p)', () => {
  it.each([
    { p: 0, expected: 0 },
    { p: -1, expected: 0 },
    { p: 1, expected: 1000 },
    { p: 2, expected: 1000 },
  ])('chance($p) is true $expected times in 1000', ({ p, expected }) => {
    const rng = createRng(5);
    let hits = 0;
    for (let i = 0; i < 1000; i++) if (rng.chance(p)) hits++;
    expect(hits).toBe(expected);
  });

  it.each([0.1, 0.3, 0.5, 0.9])('chance(%s) is true about that often', (p) => {
    const rng = createRng(77);
    const n = 20_000;
    let hits = 0;
    for (let i = 0; i < n; i++) if (rng.chance(p)) hits++;
    expect(Math.abs(hits / n - p)).toBeLessThan(0.015);
  });

  it('works when taken off the object', () => {
    const { chance } = createRng(3);
    const reference = createRng(3);
    expect(Array.from({ length: 20 }, () => chance(0.5))).toEqual(
      Array.from({ length: 20 }, () => reference.next() < 0.5),
    );
  });
});

describe('createRng: seed validation', () => {
  it.each([1.5, -0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'refuses seed %s with a RangeError',
    (seed) => {
      expect(() => createRng(seed)).toThrow(RangeError);
      expect(() => createRng(seed)).toThrow(/Seed must be an integer/);
    },
  );
});
