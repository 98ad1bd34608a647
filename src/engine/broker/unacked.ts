import Denque from 'denque';
import type { InFlight } from './Consumer';

// settled entries kept behind an unsettled head before the list is rebuilt without them
const MIN_GARBAGE = 32;

/**
 * A consumer's unacked deliveries in delivery (tag) order. Acks come mostly oldest first, so
 * this is a FIFO whose settled entries are marked and dropped when they reach the head; a Map
 * keyed by tag, which this replaces, paid a hash insert and delete per delivery and rehashed
 * as the window slid. An entry settled behind a held one waits as garbage, and the list is
 * rebuilt once garbage outnumbers the live entries, so memory stays bounded.
 */
export class Unacked {
  #list = new Denque<InFlight>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Entries kept, settled ones not yet dropped included (for tests of the bound). */
  get stored(): number {
    return this.#list.length;
  }

  add(f: InFlight): void {
    this.#list.push(f);
    this.#size++;
  }

  /** Settles one delivery (that this list holds, unsettled). */
  remove(f: InFlight): void {
    f.settled = true;
    this.#size--;
    this.#trim();
  }

  /** Settles every delivery up to `deliveryTag` (oldest first) and appends them to `out`. */
  takeUpTo(deliveryTag: number, out: InFlight[]): void {
    const list = this.#list;
    for (let f = list.peekFront(); f !== undefined; f = list.peekFront()) {
      if (f.delivery.deliveryTag > deliveryTag) break;
      list.shift();
      if (f.settled) continue;
      f.settled = true;
      this.#size--;
      out.push(f);
    }
  }

  /** The unsettled deliveries, oldest first. */
  toArray(): InFlight[] {
    return this.#list.toArray().filter((f) => !f.settled);
  }

  clear(): void {
    this.#list.clear();
    this.#size = 0;
  }

  #trim(): void {
    const list = this.#list;
    while (list.peekFront()?.settled === true) list.shift();
    const garbage = list.length - this.#size;
    if (garbage > MIN_GARBAGE && garbage > this.#size) this.#list = new Denque(this.toArray());
  }
}
