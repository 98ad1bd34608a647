/**
 * Group commit: writes that arrive while a transaction is in flight wait and go together in
 * the next one. IndexedDB pays per transaction (and per strict flush), so a few large
 * transactions beat many small ones; one in flight at a time also keeps offsets simple:
 * each batch is built from the state the previous one left.
 *
 * A write that finds nothing in flight starts its batch at once, in the call: a producer that
 * awaits each write does not wait a turn for nothing, and the batch can be built while its
 * caller's data is still as given (see `lazyLines`). Writes issued after it in the same tick
 * share the next batch.
 */
export interface Pending<Op, Result> {
  readonly op: Op;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/** Runs one batch; returns one result per op, in order, or throws to reject them all. */
export type RunBatch<Op, Result> = (ops: readonly Op[]) => Promise<readonly Result[]>;

export class GroupCommit<Op, Result> {
  #queue: Pending<Op, Result>[] = [];
  #running = false;
  /** the last write submitted: batches run in order, so when it settles all before it have */
  #last: Promise<unknown> = Promise.resolve();
  #batches = 0;

  constructor(readonly run: RunBatch<Op, Result>) {}

  /** true when nothing is queued or in flight: a write submitted now runs alone, at once */
  get idle(): boolean {
    return !this.#running;
  }

  /** batches run so far */
  get batches(): number {
    return this.#batches;
  }

  submit(op: Op): Promise<Result> {
    const result = new Promise<Result>((resolve, reject) => {
      this.#queue.push({ op, resolve, reject });
    });
    this.#last = result.catch(() => undefined);
    if (!this.#running) {
      this.#running = true;
      void this.#drain();
    }
    return result;
  }

  /**
   * Resolves once every write submitted so far has settled; writes submitted later do not
   * hold it up, so a steady stream of appends cannot starve a read that waits on it.
   */
  async settled(): Promise<void> {
    await this.#last;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      this.#batches++;
      try {
        const results = await this.run(batch.map((p) => p.op));
        for (const [i, p] of batch.entries()) p.resolve(results[i] as Result);
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.#running = false;
  }
}
