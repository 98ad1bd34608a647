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

/** murmur3's 32-bit finalizer: a bijection that spreads every input bit over the output. */
function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35);
  return (h ^ (h >>> 16)) | 0;
}

export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`Seed must be an integer, got ${seed}`);
  // xoroshiro128plus(seed) keeps only the low 32 bits (seeds 1 and 2^32 + 1 gave the same
  // run) and its first outputs barely depend on a small seed (the first next() was 0.5 for
  // every small seed), so the whole seed is mixed first: nearby seeds give unrelated runs
  const high = Math.floor(seed / TWO_POW_32);
  const generator = xoroshiro128plus(mix32(seed ^ mix32(high ^ 0x9e37_79b9)));
  // generator.next() yields a signed 32-bit integer; shift it into [0, 2^32) and scale
  const next = () => (generator.next() + 0x8000_0000) / TWO_POW_32;
  return {
    seed,
    next,
    int: (min, max) => {
      // uniformInt silently returns values outside [min, max] when min > max or either is
      // not an integer
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
        throw new RangeError(`int(min, max) needs integers with min <= max, got ${min}, ${max}`);
      }
      return uniformInt(generator, min, max);
    },
    // not this.next(): `const { chance } = rng` must work too
    chance: (p) => next() < p,
  };
}
