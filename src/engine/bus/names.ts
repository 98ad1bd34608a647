/**
 * Event names and subscription patterns.
 *
 * An event name is dot-separated segments of letters (any script), digits, `_`, `-` or `:`:
 * `user.registered`, `order.created`, `user.profile.updated`.
 *
 * A pattern is an event name (exact match), a name followed by `.*` (every event that begins
 * with that name and a dot: `user.*` gets `user.registered` and `user.profile.updated`, the
 * course's first-segment rule generalised to any depth), or `*` alone (every event).
 * Note how this differs from an AMQP topic exchange, where `*` is exactly one word.
 */

export class InvalidNameError extends Error {
  override readonly name = 'InvalidNameError';
  constructor(
    readonly kind: 'event name' | 'pattern',
    readonly input: string,
    readonly reason: string,
  ) {
    super(`Invalid ${kind} ${JSON.stringify(input)}: ${reason}`);
  }
}

// \p{M}: combining marks are part of letters in many scripts (Hindi बनाया, Thai, decomposed é)
const SEGMENT = /^[\p{L}\p{M}\p{N}_\-:]+$/u;

/** Why `name` is not a valid event name, or undefined when it is one. */
export function eventNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `it must be a string, not ${typeof name}`;
  if (name.length === 0) return 'it is empty';
  if (name.length > 200) return 'it is longer than 200 characters';
  if (/\s/u.test(name))
    return 'it contains whitespace; use dots between words, e.g. user.registered';
  if (name.includes('*')) return "'*' is only for subscription patterns, not for event names";
  if (name.startsWith('.')) return 'it starts with a dot';
  if (name.endsWith('.')) return 'it ends with a dot';
  if (name.includes('..')) return "it has an empty segment ('..')";
  for (const segment of name.split('.')) {
    if (!SEGMENT.test(segment)) {
      const bad = [...segment].find((ch) => !SEGMENT.test(ch)) ?? segment;
      return `it contains ${JSON.stringify(bad)}; use letters, digits, '_', '-' or ':' between dots`;
    }
  }
  return undefined;
}

/** Why `pattern` is not a valid pattern, or undefined when it is one. */
export function patternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string') return `it must be a string, not ${typeof pattern}`;
  if (pattern === '*') return undefined;
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -2);
    if (prefix.includes('*')) {
      return "'*' may appear once, as the whole last segment (e.g. user.*)";
    }
    return eventNameProblem(prefix);
  }
  if (pattern.includes('*')) {
    return "'*' may only be the whole last segment (user.*) or the whole pattern (*), not part of a word";
  }
  return eventNameProblem(pattern);
}

export function assertEventName(name: string): void {
  const problem = eventNameProblem(name);
  if (problem !== undefined) throw new InvalidNameError('event name', name, problem);
}

export function assertPattern(pattern: string): void {
  const problem = patternProblem(pattern);
  if (problem !== undefined) throw new InvalidNameError('pattern', pattern, problem);
}

/** The kind of a valid pattern. */
export function patternKind(pattern: string): 'exact' | 'prefix' | 'all' {
  if (pattern === '*') return 'all';
  return pattern.endsWith('.*') ? 'prefix' : 'exact';
}

/**
 * Whether a valid pattern matches a valid event name. The bus does not call this per emit
 * (it caches each event's delivery list); it is the rule, stated once, for tests and the UI.
 */
export function patternMatches(pattern: string, event: string): boolean {
  switch (patternKind(pattern)) {
    case 'all':
      return true;
    case 'prefix':
      // keep the dot: `user.*` must not match `username.changed`
      return event.startsWith(pattern.slice(0, -1));
    case 'exact':
      return pattern === event;
  }
}
