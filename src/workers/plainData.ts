// the wire sends plain data as JSON text, which structured clone copies far faster than the
// object graph; anything JSON would alter goes as a structured clone instead
const MAX_DEPTH = 32;

/**
 * Whether JSON carries the value exactly as a structured clone would: strings, booleans, null,
 * finite numbers other than -0, and arrays and plain objects of them (no undefined, no holes,
 * no cycles: nesting deeper than MAX_DEPTH counts as no).
 */
export function isPlainData(value: unknown, depth = 0): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || !isPlainData(value[i], depth + 1)) return false;
        }
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (!isPlainData((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}
