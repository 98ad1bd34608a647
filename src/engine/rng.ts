import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * Every random choice in the simulator goes through a seeded Rng, so a run can be repeated
 * exactly and a failing seed kept as a regression case.
 */
export interface Rng {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
}

const TWO_POW_32 = 2 ** 32;

export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`Seed must be an integer, got ${seed}`);
  const generator = xoroshiro128plus(seed);
  return {
    seed,
    // next() yields a signed 32-bit integer; shift it into [0, 2^32) and scale
    next: () => (generator.next() + 0x8000_0000) / TWO_POW_32,
    int: (min, max) => uniformInt(generator, min, max),
    chance(p) {
      return this.next() < p;
    },
  };
}
