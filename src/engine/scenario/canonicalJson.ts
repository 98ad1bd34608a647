/**
 * JSON with a stable key order, so that the same scenario always gives the same file (and
 * the same link): a diff shows what changed, not how it was built. `lead` keys come first
 * at the root (`format`, `version`: a reader sees what the file is on its first lines), every
 * other key in code-unit order. Takes plain JSON whose depth was checked (hostile.ts).
 */
export function canonicalJson(value: unknown, indent = 0, lead: readonly string[] = []): string {
  return JSON.stringify(sorted(value, lead), null, indent);
}

function sorted(value: unknown, lead: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => sorted(item, []));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source).sort();
  const first = lead.filter((key) => Object.hasOwn(source, key));
  // no prototype: a key named like an Object.prototype member is just a key
  const out: Record<string, unknown> = Object.create(null);
  for (const key of [...first, ...keys.filter((k) => !first.includes(k))]) {
    out[key] = sorted(source[key], []);
  }
  return out;
}
