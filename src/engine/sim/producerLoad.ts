import type { Clock, TimerId } from '../clock';

/** The most often a rate timer fires; faster rates send several messages per tick. */
const MIN_TICK_MS = 20;
export const MAX_RATE = 20_000;

/**
 * A producer sending at a steady rate, in simulated time: the load behind "what happens at
 * 1,000 messages a second". At high rates it sends a batch per tick, carrying the fraction
 * over, so the average rate is exact and the timer heap stays small.
 */
export class ProducerLoad {
  #rate = 0;
  #timer: TimerId | undefined;
  #carry = 0;
  #next = 0;

  constructor(
    private readonly clock: Clock,
    private readonly sendOne: (index: number) => void,
  ) {}

  get rate(): number {
    return this.#rate;
  }

  /** Messages per second of simulated time; 0 stops. */
  setRate(perSecond: number): void {
    if (!Number.isFinite(perSecond) || perSecond < 0 || perSecond > MAX_RATE) {
      throw new RangeError(
        `Rate must be between 0 and ${MAX_RATE} messages a second, got ${perSecond}`,
      );
    }
    this.#rate = perSecond;
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#carry = 0;
    if (perSecond > 0) this.#schedule();
  }

  /** Sends `count` messages at once. */
  burst(count: number): void {
    for (let i = 0; i < count; i++) this.sendOne(this.#next++);
  }

  stop(): void {
    this.setRate(0);
  }

  #schedule(): void {
    const period = Math.max(MIN_TICK_MS, 1000 / this.#rate);
    this.#timer = this.clock.setTimeout(() => {
      this.#carry += (this.#rate * period) / 1000;
      const n = Math.floor(this.#carry);
      this.#carry -= n;
      this.burst(n);
      if (this.#rate > 0) this.#schedule();
    }, period);
  }
}
