/**
 * A readable message for whatever was thrown: an Error, a string, a plain object. One rule
 * for the whole engine, so a listener's failure reads the same in the trace, on its node and
 * in the UI.
 */
export function errorMessage(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === 'string') return thrown;
  if (typeof thrown === 'object' && thrown !== null) {
    try {
      return JSON.stringify(thrown);
    } catch {
      // a cycle: fall through to String()
    }
  }
  return String(thrown);
}
