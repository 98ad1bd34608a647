/**
 * The webhook ids already accepted, for idempotency: a sender that retries gets "duplicate"
 * and no second event. Bounded in count and in time. With signatures on, a replay older than
 * the 5-minute tolerance is refused by its timestamp anyway, so ids are kept for twice that
 * (a timestamp may also be up to 5 minutes ahead); the count bound only bites above
 * `capacity` distinct ids in that window, and then forgets the oldest first.
 */
export interface SeenIdsOptions {
  readonly capacity?: number;
  readonly ttlMs?: number;
  readonly now?: () => number;
}

export function createSeenIds({
  capacity = 100_000,
  ttlMs = 10 * 60 * 1000,
  now = Date.now,
}: SeenIdsOptions = {}) {
  // a Map iterates in insertion order, which is time order here: the oldest come first
  const seen = new Map<string, number>();
  const expire = (at: number) => {
    for (const [id, time] of seen) {
      if (seen.size <= capacity && at - time < ttlMs) break;
      seen.delete(id);
    }
  };
  return {
    has(id: string): boolean {
      expire(now());
      return seen.has(id);
    },
    add(id: string): void {
      const at = now();
      seen.set(id, at);
      expire(at);
    },
    get size(): number {
      return seen.size;
    },
  };
}
