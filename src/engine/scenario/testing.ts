import type { EditResult } from './edit';
import type { ScenarioFileErrorKind } from './fileErrors';
import { MAX_SCENARIO_BYTES } from './limits';
import type { Scenario } from './schema';

/** The scenario an edit made; a refused edit fails the test with its reason (and field). */
export function accepted(result: EditResult): Scenario {
  if (!result.ok)
    throw new Error(`refused${result.field ? ` (${result.field})` : ''}: ${result.reason}`);
  return result.scenario;
}

export interface HostileFile {
  readonly case: string;
  readonly text: string;
  readonly kind: ScenarioFileErrorKind;
  /** what the message must say, in part */
  readonly says: readonly string[];
}

// biome-ignore lint/suspicious/noExplicitAny: a file to spoil is deliberately untyped JSON
type Json = any;

const MARK = '"<data>"';

/** `base` with `raw` (JSON text) put in place of its first node's first emit's data. */
function withData(base: Json, raw: string): string {
  const copy = structuredClone(base);
  copy.nodes[0].emits[0].data = JSON.parse(MARK);
  return JSON.stringify(copy).replace(MARK, raw);
}

function changed(base: Json, change: (copy: Json) => void): string {
  const copy = structuredClone(base);
  change(copy);
  return JSON.stringify(copy);
}

/** Arrays nested `depth` deep, as JSON text. */
export function nestedArrays(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/**
 * The hostile files of issue 7, made from `base` (a valid scenario as JSON whose first node
 * is a producer with an emit), each with the error it must get. Written as text, because a
 * `__proto__` key cannot be made by an object literal (it would set the prototype).
 */
export function hostileFiles(base: Json): HostileFile[] {
  const text = JSON.stringify(base);
  const huge = withData(base, JSON.stringify({ filler: 'x'.repeat(MAX_SCENARIO_BYTES) }));
  return [
    {
      case: '__proto__ at the root',
      text: `{"__proto__":{"polluted":true},${text.slice(1)}`,
      kind: 'forbidden-key',
      says: ['"__proto__"', 'at __proto__'],
    },
    {
      case: '__proto__ in a node',
      text: text.replace('"nodes":[{', '"nodes":[{"__proto__":{"polluted":true},'),
      kind: 'forbidden-key',
      says: ['"__proto__"', 'at nodes[0].__proto__'],
    },
    {
      case: 'constructor deep in an emit payload',
      text: withData(base, '{"a":[{"b":{"constructor":{"prototype":{"polluted":true}}}}]}'),
      kind: 'forbidden-key',
      says: ['"constructor"', 'at nodes[0].emits[0].data.a[0].b.constructor'],
    },
    {
      case: 'prototype in the guide',
      text: text.replace('"guide":{', '"guide":{"prototype":1,'),
      kind: 'forbidden-key',
      says: ['"prototype"', 'at guide.prototype'],
    },
    {
      case: 'over 5 MB',
      text: huge,
      kind: 'too-large',
      says: ['more than 5 MB', 'the most EventLab reads is 5 MB'],
    },
    {
      case: 'nested deeper than the schema allows (a payload 40 deep)',
      text: withData(base, nestedArrays(40)),
      kind: 'too-deep',
      says: ['more than 32 levels deep', 'line 1'],
    },
    {
      case: 'a million nested arrays',
      text: nestedArrays(1_000_000),
      kind: 'too-deep',
      says: ['more than 32 levels deep', 'line 1, column 33'],
    },
    {
      case: 'a wrong field',
      text: changed(base, (s) => {
        s.nodes[1].kind = 'robot';
      }),
      kind: 'invalid',
      says: ['nodes[1].kind: unknown node kind'],
    },
    {
      case: 'not JSON',
      text: text.slice(0, -10),
      kind: 'not-json',
      says: ['This is not JSON'],
    },
    {
      case: 'a newer version',
      text: changed(base, (s) => {
        s.version = 2;
      }),
      kind: 'unsupported-version',
      says: ['version 2, from a newer EventLab'],
    },
    {
      case: 'an older version with no migration',
      text: changed(base, (s) => {
        s.version = 0;
      }),
      kind: 'unsupported-version',
      says: ['version 0', 'no way to upgrade'],
    },
  ];
}
