import { describe, expect, it } from 'vitest';
import { explainHeaders, HeadersTable, headersMatch, xMatchProblem } from './headers';
import type { HeaderValues } from './table';

// [case, binding args, message headers, matches], after RabbitMQ's headers exchange
const CASES: readonly (readonly [string, HeaderValues | undefined, HeaderValues, boolean])[] = [
  ['all (default) with every header equal', { a: 1, b: 'x' }, { a: 1, b: 'x', c: true }, true],
  ['all with one header different', { a: 1, b: 'x' }, { a: 1, b: 'y' }, false],
  ['all with one header missing', { 'x-match': 'all', a: 1, b: 'x' }, { a: 1 }, false],
  ['all with no conditions matches anything', { 'x-match': 'all' }, {}, true],
  ['no arguments at all matches anything', undefined, { a: 1 }, true],
  ['any with one header equal', { 'x-match': 'any', a: 1, b: 'x' }, { b: 'x' }, true],
  ['any with none equal', { 'x-match': 'any', a: 1, b: 'x' }, { a: 2, b: 'y' }, false],
  ['any with no conditions matches nothing', { 'x-match': 'any' }, { a: 1 }, false],
  ['a value is compared by type too', { a: 1 }, { a: '1' }, false],
  ['a void argument (null) asks for presence', { a: null }, { a: 'anything' }, true],
  ['a void argument (null) on a missing header', { a: null }, { b: 1 }, false],
  ['an undefined header is missing', { a: null }, { a: undefined }, false],
  ['a null header value is present', { a: null }, { a: null }, true],
  ['a null header does not equal a value', { a: 1 }, { a: null }, false],
  [
    'x- arguments are ignored with all',
    { 'x-match': 'all', 'x-tenant': 't1', a: 1 },
    { a: 1 },
    true,
  ],
  [
    'x- arguments are ignored with any',
    { 'x-match': 'any', 'x-tenant': 't1' },
    { 'x-tenant': 't1' },
    false,
  ],
  [
    'all-with-x counts x- arguments',
    { 'x-match': 'all-with-x', 'x-tenant': 't1', a: 1 },
    { a: 1 },
    false,
  ],
  [
    'all-with-x with the x- header',
    { 'x-match': 'all-with-x', 'x-tenant': 't1' },
    { 'x-tenant': 't1' },
    true,
  ],
  [
    'any-with-x on an x- header',
    { 'x-match': 'any-with-x', 'x-tenant': 't1', a: 1 },
    { 'x-tenant': 't1' },
    true,
  ],
  ['tables compare by content', { geo: { lat: 1, lon: 2 } }, { geo: { lat: 1, lon: 2 } }, true],
  ['arrays compare by content', { tags: ['a', 'b'] }, { tags: ['a', 'c'] }, false],
  ['header names are case sensitive', { Format: 'pdf' }, { format: 'pdf' }, false],
  ['an inherited property is not a header', { toString: null }, {}, false],
];

describe('headersMatch', () => {
  it.each(CASES)('%s', (_name, args, headers, expected) => {
    expect(headersMatch(args, headers)).toBe(expected);
    expect(explainHeaders(args, headers).matched).toBe(expected);
    const table = new HeadersTable<string>();
    table.add('', 'q', args);
    expect(table.match('ignored', headers)).toEqual(expected ? ['q'] : []);
  });
});

describe('explainHeaders', () => {
  it('lists each condition with what the message had', () => {
    expect(
      explainHeaders(
        { 'x-match': 'any', format: 'pdf', size: null, 'x-ignored': 1 },
        { format: 'zip' },
      ),
    ).toEqual({
      xMatch: 'any',
      matched: false,
      checks: [
        { header: 'format', expected: 'pdf', present: true, actual: 'zip', ok: false },
        { header: 'size', expected: undefined, present: false, actual: undefined, ok: false },
      ],
    });
  });
});

describe('xMatchProblem', () => {
  it.each([undefined, {}, { 'x-match': 'all' }, { 'x-match': 'any-with-x' }])(
    'accepts %j',
    (args) => {
      expect(xMatchProblem(args)).toBeUndefined();
    },
  );
  it.each([{ 'x-match': 'some' }, { 'x-match': 1 }, { 'x-match': 'ALL' }])('refuses %j', (args) => {
    expect(xMatchProblem(args)).toMatch(/x-match/);
  });
});

describe('HeadersTable', () => {
  it('routes to each matching value once and forgets removed bindings', () => {
    const table = new HeadersTable<string>();
    expect(table.add('k1', 'q1', { format: 'pdf' })).toBe(true);
    expect(table.add('k1', 'q1', { format: 'zip' })).toBe(false);
    table.add('k2', 'q1', { 'x-match': 'any', type: 'report' });
    table.add('k3', 'q2', { format: 'zip' });
    expect(table.size).toBe(3);
    expect(table.match('', { format: 'pdf', type: 'report' })).toEqual(['q1']);
    expect(table.remove('k1', 'q1')).toBe(true);
    expect(table.remove('k1', 'q1')).toBe(false);
    expect(table.match('', { format: 'pdf' })).toEqual([]);
    expect(table.match('', { format: 'zip', type: 'report' })).toEqual(['q1', 'q2']);
  });
});
