import Denque from 'denque';
import type { InFlight } from './Consumer';

// the most recent deliveries kept in the window; one held longer leaves it for the Map
const WINDOW = 4096;

/**
 * Every unacked delivery of the broker, by tag. Each delivery gets the next tag, and most are
 * settled soon and roughly in order, so the recent ones sit in a window indexed by
 * `tag - base` whose settled entries drop off the front: no hashing per delivery (a Map keyed
 * by tag, which this replaces, paid an insert and a delete per delivery and rehashed as the
 * tags slid). A delivery still held when the window has grown past WINDOW behind it moves to
 * a Map, so a message held for ever costs one Map entry, not a growing window.
 */
export class InFlightTable {
  readonly #window = new Denque<InFlight>();
  /** the tag of the window's front */
  #base = 0;
  /** held deliveries that left the window, oldest first */
  readonly #old = new Map<number, InFlight>();

  /** Adds a delivery: its tag is the one after the last added. */
  add(f: InFlight): void {
    const w = this.#window;
    const tag = f.delivery.deliveryTag;
    if (w.length === 0) this.#base = tag;
    else if (tag !== this.#base + w.length) throw new Error(`delivery tag ${tag} out of turn`);
    w.push(f);
    if (w.length > WINDOW) this.#trim();
  }

  /** The held delivery with this tag, or undefined (never given, or settled). */
  get(deliveryTag: number): InFlight | undefined {
    const i = deliveryTag - this.#base;
    if (i >= 0 && i < this.#window.length) {
      const f = this.#window.peekAt(i);
      return f === undefined || f.settled ? undefined : f;
    }
    return this.#old.get(deliveryTag);
  }

  /** Forgets a held delivery (acked, nacked, returned or dropped): it is settled from now on. */
  delete(f: InFlight): void {
    f.settled = true;
    if (this.#old.delete(f.delivery.deliveryTag)) return;
    this.#trim();
  }

  /** The held deliveries, oldest first. */
  values(): InFlight[] {
    const out = [...this.#old.values()];
    for (const f of this.#window.toArray()) if (!f.settled) out.push(f);
    return out;
  }

  /** Entries in the window, settled ones not yet dropped included (for tests of the bound). */
  get windowLength(): number {
    return this.#window.length;
  }

  #trim(): void {
    const w = this.#window;
    for (let front = w.peekFront(); front !== undefined; front = w.peekFront()) {
      if (!front.settled) {
        if (w.length <= WINDOW) return;
        this.#old.set(front.delivery.deliveryTag, front);
      }
      w.shift();
      this.#base++;
    }
  }
}
