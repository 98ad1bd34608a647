/**
 * Samples of several series on one time axis, the last `capacity` of them: what a chart of
 * queue depth over the last minute draws. Fixed memory (one Float64Array a series), oldest
 * overwritten first.
 */
export class SampleRing {
  readonly #times: Float64Array;
  readonly #values: Map<string, Float64Array>;
  #next = 0;
  #size = 0;

  constructor(
    readonly capacity: number,
    readonly keys: readonly string[],
  ) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) {
      throw new RangeError(`capacity must be a whole number >= 1, got ${capacity}`);
    }
    this.#times = new Float64Array(capacity);
    this.#values = new Map(keys.map((k) => [k, new Float64Array(capacity)]));
  }

  get size(): number {
    return this.#size;
  }

  get bytes(): number {
    return this.#times.byteLength * (1 + this.#values.size);
  }

  /** One sample of every series at time `at`; a series missing from `read` is 0. */
  push(at: number, read: (key: string) => number): void {
    this.#times[this.#next] = at;
    for (const [key, values] of this.#values) values[this.#next] = read(key);
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  /** The sample times, oldest first. */
  times(): number[] {
    return this.#ordered(this.#times);
  }

  /** One series' values, oldest first, aligned with times(). */
  values(key: string): number[] {
    const values = this.#values.get(key);
    return values === undefined ? [] : this.#ordered(values);
  }

  #ordered(ring: Float64Array): number[] {
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    const out = new Array<number>(this.#size);
    for (let i = 0; i < this.#size; i++) out[i] = ring[(start + i) % this.capacity] as number;
    return out;
  }
}
