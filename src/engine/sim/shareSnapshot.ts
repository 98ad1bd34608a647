/**
 * Structural sharing between two snapshots: an entry (one node's state) equal to the one in
 * the previous snapshot is that same object. The page reads one node's entry per node
 * component, so with 200 nodes and a handful of busy ones only the busy ones re-render.
 */

/** Equal values, comparing arrays and plain objects by content up to `depth` levels down. */
function same(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true;
  if (depth === 0 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i], depth - 1)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth - 1)) {
      return false;
    }
  }
  return true;
}

/** `next`'s entries, each replaced by `prev`'s when equal (4 levels down: workers' fields). */
export function shareEntries<T>(
  prev: Readonly<Record<string, T>> | undefined,
  next: Record<string, T>,
): Record<string, T> {
  if (prev === undefined) return next;
  let unchanged = Object.keys(prev).length === Object.keys(next).length;
  for (const id of Object.keys(next)) {
    const before = prev[id];
    if (before !== undefined && same(before, next[id], 4)) next[id] = before;
    else unchanged = false;
  }
  // nothing changed at all: the whole record is the old one, so its readers skip too
  return unchanged ? (prev as Record<string, T>) : next;
}

/** Shares every record-of-entries field of a snapshot with the previous one. */
export function shareSnapshot<S extends object>(prev: S | undefined, next: S): S {
  if (prev === undefined) return next;
  const out: Record<string, unknown> = { ...(next as Record<string, unknown>) };
  for (const [key, value] of Object.entries(next)) {
    const before = (prev as Record<string, unknown>)[key];
    if (isRecordOfEntries(value) && isRecordOfEntries(before)) {
      out[key] = shareEntries(before, { ...value });
    }
  }
  return out as S;
}

function isRecordOfEntries(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
