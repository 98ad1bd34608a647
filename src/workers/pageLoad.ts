/**
 * How busy the page thread is with the worker pools' own work: handling results (the acks,
 * the broker's dispatch that follows) and packing and posting batches, measured span by span
 * with a fine clock (`performance.now` in the page). Pools that share one meter see their
 * combined load.
 *
 * Why a pool asks: a second batch in flight hides a worker's round trip (the thread
 * wake-ups, tens of µs each on a VM), but costs the page one more post per batch. While the
 * page has room (one worker, its thread waiting for each answer), pipelining is faster; once
 * the page is the thread every message waits for (two workers on two cores), it is slower.
 * Measured in bench/RESULTS.md: with a trivial handler at prefetch 100, splitting raised one
 * worker from 0.50 to 0.65 M messages a second and lowered two from 0.91 to 0.82 M.
 */
export class PageLoad {
  readonly #now: () => number;
  // spans nest: a flush inside the handling of a results message counts once
  #depth = 0;
  #spanStart = 0;
  #busy = 0;
  #windowStart: number | undefined;
  #lastEnd = 0;
  #load: number | undefined;
  #room = false;

  /** `now`: a monotonic ms counter fine enough for spans of µs (`performance.now`). */
  constructor(now: () => number) {
    this.#now = now;
  }

  /** The pools' share of the page's time while messages flow (a moving average); unknown at first. */
  get load(): number | undefined {
    return this.#load;
  }

  /**
   * Whether the page has room for more posts: becomes true when the load falls below
   * ROOMY and false when it rises above BUSY. The gap between the two keeps it from
   * flapping, since pipelining itself raises the load it is decided by.
   */
  get hasRoom(): boolean {
    return this.#room;
  }

  begin(): void {
    if (this.#depth++ > 0) return;
    const t = this.#now();
    if (this.#windowStart === undefined) this.#windowStart = t;
    else if (t - this.#lastEnd > IDLE_GAP_MS) {
      // nothing flowed: time without traffic is not time the page had room in
      this.#windowStart += t - this.#lastEnd;
    }
    this.#spanStart = t;
  }

  end(): void {
    if (this.#depth === 0 || --this.#depth > 0) return;
    const t = this.#now();
    this.#busy += t - this.#spanStart;
    this.#lastEnd = t;
    const start = this.#windowStart ?? t;
    if (t - start < WINDOW_MS) return;
    const share = this.#busy / (t - start);
    const before = this.#load;
    const load = before === undefined ? share : before + WEIGHT * (share - before);
    this.#load = load;
    this.#busy = 0;
    this.#windowStart = t;
    if (load < ROOMY) this.#room = true;
    else if (load > BUSY) this.#room = false;
  }
}

// a window of a few dozen batches at full speed
const WINDOW_MS = 10;
// the weight of the newest window in the moving average
const WEIGHT = 0.3;
// a pause this long means no messages were flowing (a round trip takes a fraction of it)
const IDLE_GAP_MS = 1;
// one worker at prefetch 100 measured 0.4 unsplit and 0.6-0.7 split; two workers 0.75
// unsplit and 0.8 split (bench/RESULTS.md)
const ROOMY = 0.45;
const BUSY = 0.7;
