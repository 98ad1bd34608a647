/**
 * Tracks the asynchronous work (durable appends, service calls) a saga runtime has started,
 * so a test (or a restart) can wait until everything settles before it moves the clock:
 * with the clock moved only when idle, a run is the same every time.
 */
export class PendingWork {
  readonly #inFlight = new Set<Promise<unknown>>();
  #error: unknown;
  #failed = false;

  /** `onError`: told of each failure at once (the lab traces it; nobody may call idle) */
  constructor(private readonly onError?: (error: unknown) => void) {}

  track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.then(
      (value) => {
        this.#inFlight.delete(tracked);
        return value;
      },
      (error: unknown) => {
        this.#inFlight.delete(tracked);
        this.onError?.(error);
        if (!this.#failed) {
          this.#failed = true;
          this.#error = error;
        }
        return undefined as T;
      },
    );
    this.#inFlight.add(tracked);
    return tracked;
  }

  get busy(): boolean {
    return this.#inFlight.size > 0;
  }

  /** Resolves when no tracked work is left (work started meanwhile included); rejects with
   * the first failure since the last call, which a runtime swallowed to keep going. */
  async idle(): Promise<void> {
    for (;;) {
      // work started from a microtask queued just before this call is seen too
      await Promise.resolve();
      if (this.#inFlight.size === 0) break;
      await Promise.all(this.#inFlight);
    }
    if (this.#failed) {
      this.#failed = false;
      throw this.#error;
    }
  }
}
