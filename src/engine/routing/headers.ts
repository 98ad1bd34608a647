import type { HeaderValues, RoutingTable } from './table';

/** How a headers binding combines its header conditions (RabbitMQ's `x-match`). */
export type XMatch = 'all' | 'any' | 'all-with-x' | 'any-with-x';

const X_MATCH: readonly XMatch[] = ['all', 'any', 'all-with-x', 'any-with-x'];

/** Why `args` cannot bind to a headers exchange, or undefined when they can. */
export function xMatchProblem(args: HeaderValues | undefined): string | undefined {
  const mode = args?.['x-match'];
  if (mode === undefined || X_MATCH.includes(mode as XMatch)) return undefined;
  return `x-match must be one of ${X_MATCH.join(', ')}; got ${JSON.stringify(mode) ?? String(mode)}`;
}

/** One header condition of a binding, checked against a message's headers. */
export interface HeaderCheck {
  readonly header: string;
  /** the value the binding asks for; undefined when only the header's presence counts */
  readonly expected: unknown;
  readonly present: boolean;
  readonly actual: unknown;
  readonly ok: boolean;
}

export interface HeadersExplanation {
  readonly xMatch: XMatch;
  readonly checks: readonly HeaderCheck[];
  readonly matched: boolean;
}

interface Compiled {
  readonly any: boolean;
  /** [header, expected value or undefined for presence] */
  readonly conditions: readonly (readonly [string, unknown])[];
}

/**
 * A binding's conditions, as RabbitMQ reads them: `x-match` itself never counts; other `x-`
 * arguments count only in the `-with-x` modes; an argument without a value (null or
 * undefined: AMQP's void) asks only that the header be present.
 */
function compile(args: HeaderValues | undefined): Compiled {
  const mode = (args?.['x-match'] as XMatch | undefined) ?? 'all';
  const withX = mode.endsWith('-with-x');
  const conditions: (readonly [string, unknown])[] = [];
  for (const [header, value] of Object.entries(args ?? {})) {
    if (header === 'x-match' || (!withX && header.startsWith('x-'))) continue;
    conditions.push([header, value ?? undefined]);
  }
  return { any: mode.startsWith('any'), conditions };
}

function check(headers: HeaderValues, header: string, expected: unknown): boolean {
  const actual = headers[header];
  if (actual === undefined || !Object.hasOwn(headers, header)) return false;
  return expected === undefined || sameValue(expected, actual);
}

/** Equal as AMQP field values: primitives by value, tables and arrays by content. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function matches(compiled: Compiled, headers: HeaderValues): boolean {
  const { any, conditions } = compiled;
  // `all` with no conditions matches everything, `any` with none matches nothing
  for (const [header, expected] of conditions) {
    if (check(headers, header, expected) === any) return any;
  }
  return !any;
}

/** Whether a headers binding with `args` matches a message with `headers`. */
export function headersMatch(args: HeaderValues | undefined, headers: HeaderValues): boolean {
  return matches(compile(args), headers);
}

/** Each condition of the binding, met or not, and the verdict. */
export function explainHeaders(
  args: HeaderValues | undefined,
  headers: HeaderValues,
): HeadersExplanation {
  const compiled = compile(args);
  const checks = compiled.conditions.map(([header, expected]): HeaderCheck => {
    const present = headers[header] !== undefined && Object.hasOwn(headers, header);
    return {
      header,
      expected,
      present,
      actual: present ? headers[header] : undefined,
      ok: check(headers, header, expected),
    };
  });
  const xMatch = (args?.['x-match'] as XMatch | undefined) ?? 'all';
  return { xMatch, checks, matched: matches(compiled, headers) };
}

interface Entry<V> {
  readonly bindingKey: string;
  readonly value: V;
  readonly compiled: Compiled;
}

/**
 * Headers exchange: each binding's conditions are tested against the message's headers.
 * RabbitMQ also tests every binding of a headers exchange; the arguments are compiled once
 * at bind time, not per message.
 */
export class HeadersTable<V> implements RoutingTable<V> {
  // replaced, never changed, so a match in progress is not disturbed by a bind
  #entries: readonly Entry<V>[] = [];

  get size(): number {
    return this.#entries.length;
  }

  add(bindingKey: string, value: V, args?: HeaderValues): boolean {
    if (this.#entries.some((e) => e.bindingKey === bindingKey && e.value === value)) return false;
    this.#entries = [...this.#entries, { bindingKey, value, compiled: compile(args) }];
    return true;
  }

  remove(bindingKey: string, value: V): boolean {
    const rest = this.#entries.filter((e) => e.bindingKey !== bindingKey || e.value !== value);
    if (rest.length === this.#entries.length) return false;
    this.#entries = rest;
    return true;
  }

  match(_routingKey: string, headers: HeaderValues): readonly V[] {
    const out = new Set<V>();
    for (const entry of this.#entries) {
      if (matches(entry.compiled, headers)) out.add(entry.value);
    }
    return [...out];
  }
}
