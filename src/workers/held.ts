/**
 * What one worker holds unanswered: delivery tag -> message id, in the order the deliveries
 * came. They come in tag order and are mostly answered oldest first, so this is a FIFO of
 * two columns whose answered entries drop off the front, found by binary search: a Map,
 * which this replaces, paid a hash insert and delete per message on the page's hot path. A
 * delivery that comes below a tag already held (a redelivery overtaking, in the labs) turns
 * it into a Map for good, as before.
 */
export class HeldDeliveries {
  #tags: number[] = [];
  /** undefined once answered */
  #ids: (string | undefined)[] = [];
  #head = 0;
  #size = 0;
  #map: Map<number, string> | undefined;

  get size(): number {
    return this.#map?.size ?? this.#size;
  }

  /** false once a delivery came below a held tag (it is a Map from then on) */
  get inTagOrder(): boolean {
    return this.#map === undefined;
  }

  /** Holds a delivery (a tag not held yet). */
  set(tag: number, messageId: string): void {
    if (this.#map !== undefined) {
      this.#map.set(tag, messageId);
      return;
    }
    const last = this.#tags.length > this.#head ? this.#tags.at(-1) : undefined;
    if (last !== undefined && tag <= last) {
      this.#toMap().set(tag, messageId);
      return;
    }
    this.#tags.push(tag);
    this.#ids.push(messageId);
    this.#size++;
  }

  /** The message id of a held delivery, or undefined. */
  get(tag: number): string | undefined {
    if (this.#map !== undefined) return this.#map.get(tag);
    const i = this.#find(tag);
    return i < 0 ? undefined : this.#ids[i];
  }

  /** Answers a held delivery; false when it was not held. */
  delete(tag: number): boolean {
    if (this.#map !== undefined) return this.#map.delete(tag);
    const i = this.#find(tag);
    if (i < 0) return false;
    this.#ids[i] = undefined;
    this.#size--;
    this.#trim();
    return true;
  }

  /** The oldest delivery still held (the first that came), or undefined. */
  oldest(): number | undefined {
    if (this.#map !== undefined) {
      for (const tag of this.#map.keys()) return tag;
      return undefined;
    }
    return this.#size > 0 ? this.#tags[this.#head] : undefined;
  }

  clear(): void {
    this.#tags = [];
    this.#ids = [];
    this.#head = 0;
    this.#size = 0;
    this.#map = undefined;
  }

  /** The index of a held tag, or -1: the head first (the usual answer), then a binary search. */
  #find(tag: number): number {
    const tags = this.#tags;
    let lo = this.#head;
    if (tags[lo] === tag) return this.#ids[lo] === undefined ? -1 : lo;
    let hi = tags.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = tags[mid] as number;
      if (at === tag) return this.#ids[mid] === undefined ? -1 : mid;
      if (at < tag) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * Drops answered entries at the front; rebuilds the columns once answered entries (behind a
   * delivery held long, say) outnumber the held ones, so they stay bounded.
   */
  #trim(): void {
    const ids = this.#ids;
    while (this.#head < ids.length && ids[this.#head] === undefined) this.#head++;
    const dead = ids.length - this.#size;
    if (this.#size === 0) {
      this.#tags.length = 0;
      ids.length = 0;
      this.#head = 0;
    } else if (dead >= 64 && dead >= this.#size) {
      const tags: number[] = [];
      const kept: string[] = [];
      for (let i = this.#head; i < ids.length; i++) {
        const id = ids[i];
        if (id === undefined) continue;
        tags.push(this.#tags[i] as number);
        kept.push(id);
      }
      this.#tags = tags;
      this.#ids = kept;
      this.#head = 0;
    }
  }

  /** Columns kept, answered entries not yet dropped included (for tests of the bound). */
  get stored(): number {
    return this.#ids.length;
  }

  #toMap(): Map<number, string> {
    const map = new Map<number, string>();
    for (let i = this.#head; i < this.#tags.length; i++) {
      const id = this.#ids[i];
      if (id !== undefined) map.set(this.#tags[i] as number, id);
    }
    this.#map = map;
    this.#tags = [];
    this.#ids = [];
    this.#head = 0;
    this.#size = 0;
    return map;
  }
}
