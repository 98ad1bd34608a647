import TinyQueue from 'tinyqueue';

/**
 * Time is injected: the engine never calls Date.now(), setTimeout or performance.now()
 * itself. It asks a Clock, so tests (and the step mode of the UI) control time exactly.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, as the simulation sees it. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number, options?: TimerOptions): TimerId;
  clearTimeout(id: TimerId): void;
}

export interface TimerOptions {
  /**
   * Housekeeping (a heartbeat watchdog) rather than an event of the simulation: it fires as
   * usual, but the step mode steps over it to the next real event.
   */
  readonly background?: boolean;
}

export type TimerId = number;

/** Wall-clock time, for code that must follow the real world (the webhook server, say). */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }
  setTimeout(callback: () => void, delayMs: number, _options?: TimerOptions): TimerId {
    return globalThis.setTimeout(callback, delayMs) as unknown as TimerId;
  }
  clearTimeout(id: TimerId): void {
    globalThis.clearTimeout(id);
  }
}

interface Timer {
  readonly id: TimerId;
  readonly due: number;
  readonly callback: () => void;
}

export const MIN_SPEED = 0.25;
export const MAX_SPEED = 4;

/**
 * A clock that moves only when told to. `advance(ms)` moves it by hand (tests, step mode);
 * `tick(realMs)` moves it by real elapsed time times `speed` (the UI's playback speed).
 * Timers fire in due order, ties in the order they were set, each with `now()` equal to its
 * due time, so a run is the same however the advance is sliced.
 */
export class SimulatedClock implements Clock {
  #now: number;
  #speed = 1;
  #nextId = 1;
  // ordered by due time, then by id: ids grow, so equal due times keep insertion order
  readonly #timers = new TinyQueue<Timer>([], (a, b) => a.due - b.due || a.id - b.id);
  // ids of timers set and neither fired nor cleared; a cleared timer stays in the heap
  // until it reaches the head, where it is dropped
  readonly #live = new Set<TimerId>();
  /** live timers set with `background: true` */
  readonly #background = new Set<TimerId>();

  constructor(startMs = 0, speed = 1) {
    this.#now = startMs;
    this.speed = speed;
  }

  now(): number {
    return this.#now;
  }

  get speed(): number {
    return this.#speed;
  }

  set speed(value: number) {
    if (!Number.isFinite(value) || value < MIN_SPEED || value > MAX_SPEED) {
      throw new RangeError(`Speed must be between ${MIN_SPEED}x and ${MAX_SPEED}x, got ${value}`);
    }
    this.#speed = value;
  }

  setTimeout(callback: () => void, delayMs: number, options?: TimerOptions): TimerId {
    const id = this.#nextId++;
    if (options?.background) this.#background.add(id);
    // as in the browser, a negative, NaN or infinite delay means 0 (a NaN due time would
    // break the heap order and set now() to NaN when it fired)
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    this.#timers.push({ id, due: this.#now + delay, callback });
    this.#live.add(id);
    return id;
  }

  clearTimeout(id: TimerId): void {
    this.#live.delete(id);
    this.#background.delete(id);
  }

  /** Due time of the next live timer, or undefined when none is pending. */
  nextDue(options: { readonly foreground?: boolean } = {}): number | undefined {
    this.#dropCancelled();
    if (!options.foreground) return this.#timers.peek()?.due;
    // the earliest timer that is an event; housekeeping timers are few, events many, so the
    // scan is short in practice (the heap's head is usually an event)
    let due: number | undefined;
    for (const t of this.#timers.data) {
      if (this.#live.has(t.id) && !this.#background.has(t.id) && (due === undefined || t.due < due))
        due = t.due;
    }
    return due;
  }

  get pending(): number {
    return this.#live.size;
  }

  /** Moves time forward by `ms` of simulated time, firing every timer that falls due. */
  advance(ms: number): void {
    if (!(ms >= 0 && Number.isFinite(ms))) throw new RangeError(`Cannot advance by ${ms} ms`);
    this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `target`, firing every timer due at or before it. */
  advanceTo(target: number): void {
    // NaN would fire every timer and leave now() at NaN; Infinity would fire them all too
    if (!Number.isFinite(target)) throw new RangeError(`Cannot advance to ${target}`);
    for (;;) {
      this.#dropCancelled();
      const next = this.#timers.peek();
      if (next === undefined || next.due > target) break;
      this.#timers.pop();
      this.#live.delete(next.id);
      this.#background.delete(next.id);
      this.#now = Math.max(this.#now, next.due);
      next.callback();
    }
    this.#now = Math.max(this.#now, target);
  }

  /** Moves time by real elapsed milliseconds scaled by the playback speed. */
  tick(realMs: number): void {
    this.advance(realMs * this.#speed);
  }

  /** Jumps to the next timer and fires it (and any due at the same instant). */
  runNext(): boolean {
    const due = this.nextDue();
    if (due === undefined) return false;
    this.advanceTo(due);
    return true;
  }

  /**
   * Moves time to `target` without firing anything: timers that fall due wait, overdue, for
   * the next advance or fireNext. Only the step mode uses it, to let one event's messages
   * land before the next event may fire.
   */
  holdTo(target: number): void {
    if (!Number.isFinite(target)) throw new RangeError(`Cannot move to ${target}`);
    this.#now = Math.max(this.#now, target);
  }

  /**
   * Jumps to the next timer and fires it alone, even when others are due at the same
   * instant: the step button plays one engine event at a time.
   */
  fireNext(options: { readonly foreground?: boolean } = {}): boolean {
    this.#dropCancelled();
    if (options.foreground) {
      // housekeeping due before the next event fires first, in order, as it would have
      const due = this.nextDue({ foreground: true });
      if (due === undefined) return false;
      for (;;) {
        this.#dropCancelled();
        const head = this.#timers.peek();
        if (head === undefined || !this.#background.has(head.id) || head.due > due) break;
        this.fireNext();
      }
    }
    const next = this.#timers.pop();
    if (next === undefined) return false;
    this.#background.delete(next.id);
    this.#live.delete(next.id);
    this.#now = Math.max(this.#now, next.due);
    next.callback();
    return true;
  }

  #dropCancelled(): void {
    for (;;) {
      const head = this.#timers.peek();
      if (head === undefined || this.#live.has(head.id)) return;
      this.#timers.pop();
    }
  }
}
