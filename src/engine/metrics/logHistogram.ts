/**
 * Counts of values in logarithmic buckets (DDSketch's mapping): every bucket spans values
 * within `accuracy` of its middle, so any percentile read back is within `accuracy` of a true
 * value of that rank, at any scale, in a fixed array. A latency of 2 ms and one of 20 s are
 * both told to 1%, with about 900 buckets for 0.1 ms to an hour.
 *
 * Why not a package: @datadog/sketches-js requires protobufjs (an optional dependency it
 * loads lazily) in a way the Vite build cannot resolve, and hdr-histogram-js brings a
 * WebAssembly blob and pako into the page (~100 KB). The mapping itself is these few lines.
 */
export class LogHistogram {
  readonly accuracy: number;
  readonly #gamma: number;
  readonly #logGamma: number;
  readonly #min: number;
  readonly #counts: Float64Array;
  /** values at or below `min` (0 ms, say), read back as 0 */
  #low = 0;
  #count = 0;
  #max = 0;

  constructor(accuracy = 0.01, min = 0.1, max = 3_600_000) {
    if (!(accuracy > 0 && accuracy < 1)) throw new RangeError(`accuracy must be in (0, 1)`);
    if (!(min > 0 && max > min)) throw new RangeError(`need 0 < min < max`);
    this.accuracy = accuracy;
    this.#gamma = (1 + accuracy) / (1 - accuracy);
    this.#logGamma = Math.log(this.#gamma);
    this.#min = min;
    this.#counts = new Float64Array(this.#index(max) + 1);
  }

  get count(): number {
    return this.#count;
  }

  /** the largest value added, exactly */
  get max(): number {
    return this.#max;
  }

  /** bytes its counts take: fixed at construction */
  get bytes(): number {
    return this.#counts.byteLength;
  }

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    this.#count++;
    if (value > this.#max) this.#max = value;
    if (value <= this.#min) this.#low++;
    // past the top bucket: counted there, read back as at most `max`
    else {
      const i = Math.min(this.#index(value), this.#counts.length - 1);
      this.#counts[i] = (this.#counts[i] as number) + 1;
    }
  }

  /** The value at quantile q (0..1), within `accuracy`; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.#count === 0) return undefined;
    if (q >= 1) return this.#max;
    const rank = Math.min(Math.max(q, 0), 1) * (this.#count - 1);
    let seen = this.#low;
    if (rank < seen) return 0;
    const top = this.#counts.length - 1;
    for (let i = 0; i < top; i++) {
      seen += this.#counts[i] as number;
      if (rank < seen) return Math.min(this.#value(i), this.#max);
    }
    // the top bucket also holds what was past the range: the largest is what is known of it
    return this.#max;
  }

  /** Adds another histogram's counts (same accuracy and range) to this one. */
  merge(other: LogHistogram): void {
    if (other.#counts.length !== this.#counts.length || other.accuracy !== this.accuracy) {
      throw new Error('histograms of different accuracy or range cannot be merged');
    }
    for (let i = 0; i < this.#counts.length; i++) {
      this.#counts[i] = (this.#counts[i] as number) + (other.#counts[i] as number);
    }
    this.#low += other.#low;
    this.#count += other.#count;
    this.#max = Math.max(this.#max, other.#max);
  }

  clear(): void {
    this.#counts.fill(0);
    this.#low = 0;
    this.#count = 0;
    this.#max = 0;
  }

  // bucket i holds (min·γ^(i-1), min·γ^i]
  #index(value: number): number {
    return Math.max(0, Math.ceil(Math.log(value / this.#min) / this.#logGamma));
  }

  // the point within `accuracy` of both ends of bucket i
  #value(i: number): number {
    return (this.#min * 2 * this.#gamma ** i) / (this.#gamma + 1);
  }
}
