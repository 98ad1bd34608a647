import { LogHistogram } from './logHistogram';

/**
 * Percentiles over the last `windowMs` of clock time in fixed memory: the window is cut into
 * `slices` histograms in a ring; a value goes into the slice of its time, a slice whose time
 * has passed is cleared for reuse, and a reading merges the slices still inside the window.
 * The window moves a slice at a time, so it covers between windowMs - windowMs/slices and
 * windowMs.
 */
export class SlidingHistogram {
  readonly #sliceMs: number;
  readonly #ring: LogHistogram[];
  /** which slice of time (time / sliceMs) each ring slot holds */
  readonly #slotOf: Float64Array;
  readonly #merged: LogHistogram;

  constructor(
    readonly windowMs: number,
    slices: number,
    accuracy?: number,
  ) {
    if (!(Number.isInteger(slices) && slices >= 1)) throw new RangeError('slices must be >= 1');
    if (!(windowMs > 0)) throw new RangeError('windowMs must be > 0');
    this.#sliceMs = windowMs / slices;
    this.#ring = Array.from({ length: slices }, () => new LogHistogram(accuracy));
    this.#slotOf = new Float64Array(slices).fill(-1);
    this.#merged = new LogHistogram(accuracy);
  }

  get bytes(): number {
    return (this.#ring.length + 1) * this.#merged.bytes;
  }

  add(at: number, value: number): void {
    const slice = Math.floor(at / this.#sliceMs);
    const slot = slice % this.#ring.length;
    const histogram = this.#ring[slot] as LogHistogram;
    if (this.#slotOf[slot] !== slice) {
      histogram.clear();
      this.#slotOf[slot] = slice;
    }
    histogram.add(value);
  }

  /** The window ending at `now`, merged; the same object each call, valid until the next. */
  read(now: number): LogHistogram {
    const current = Math.floor(now / this.#sliceMs);
    this.#merged.clear();
    this.#ring.forEach((histogram, slot) => {
      const slice = this.#slotOf[slot] as number;
      if (slice > current - this.#ring.length && slice <= current) this.#merged.merge(histogram);
    });
    return this.#merged;
  }
}
