import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { depthProblem, forbiddenKeyProblem, readJsonSafely, utf8Bytes } from './hostile';
import { MAX_SCENARIO_DEPTH } from './limits';
import { scenarioSchema } from './schema';
import { nestedArrays } from './testing';

describe('utf8Bytes', () => {
  it.each([
    ['', 0],
    ['plain ascii', 11],
    ['ї та é', 10],
    ['€', 3],
    ['😀 emoji', 10],
    ['lone \uD800 surrogate', 18],
  ])('%j is as long as TextEncoder says', (text, bytes) => {
    expect(utf8Bytes(text)).toBe(bytes);
    expect(utf8Bytes(text)).toBe(new TextEncoder().encode(text).length);
  });

  it('stops counting once past the limit', () => {
    expect(utf8Bytes('x'.repeat(1000), 10)).toBe(11);
  });
});

describe('depthProblem', () => {
  it('allows the limit and refuses one more', () => {
    expect(depthProblem(nestedArrays(MAX_SCENARIO_DEPTH))).toBeUndefined();
    expect(depthProblem(nestedArrays(MAX_SCENARIO_DEPTH + 1))).toMatchObject({
      ok: false,
      error: { kind: 'too-deep', limit: MAX_SCENARIO_DEPTH, line: 1, column: 33 },
    });
  });

  it('counts objects and arrays alike, and tells the line and column', () => {
    expect(depthProblem('{"a":\n  [{"b": [1]}]}', 3)).toMatchObject({
      ok: false,
      error: { line: 2, column: 10 },
    });
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(depthProblem(`["${'[{'.repeat(100)}", "\\"[[[[[", "\\\\"]`, 2)).toBeUndefined();
    expect(depthProblem('["\\\\", [[]]]', 2)).toMatchObject({ ok: false });
  });

  it('walks ten million brackets without a stack', () => {
    expect(depthProblem(nestedArrays(5_000_000))).toMatchObject({ ok: false });
  });
});

describe('forbiddenKeyProblem', () => {
  it('sees the own __proto__ property that JSON.parse makes', () => {
    const parsed = JSON.parse('{"a": {"__proto__": {"x": 1}}}');
    expect(Object.getPrototypeOf(parsed.a)).toBe(Object.prototype);
    expect(forbiddenKeyProblem(parsed)).toMatchObject({
      ok: false,
      error: { key: '__proto__', path: 'a.__proto__' },
    });
  });

  it('writes paths as the schema does, quoting keys that are not plain names', () => {
    const parsed = JSON.parse('{"x": [0, {"a b": [{"constructor": 1}]}]}');
    expect(forbiddenKeyProblem(parsed)).toMatchObject({
      error: { key: 'constructor', path: 'x[1]["a b"][0].constructor' },
    });
  });

  it('reports the first in document order', () => {
    const parsed = JSON.parse('[{"ok": {"prototype": 1}}, {"constructor": 1}]');
    expect(forbiddenKeyProblem(parsed)).toMatchObject({ error: { path: '[0].ok.prototype' } });
  });

  it('allows the words as values and inside longer keys', () => {
    const parsed = JSON.parse('{"constructorName": "__proto__", "list": ["prototype"]}');
    expect(forbiddenKeyProblem(parsed)).toBeUndefined();
  });

  it('walks a wide array without spreading it onto the stack', () => {
    const wide = JSON.parse(`[${'0,'.repeat(1_000_000)}{"__proto__": 1}]`);
    expect(forbiddenKeyProblem(wide)).toMatchObject({ error: { path: '[1000000].__proto__' } });
  });
});

describe('readJsonSafely', () => {
  it('parses JSON that passes every check', () => {
    expect(readJsonSafely('{"a": [1, "x"]}')).toEqual({ ok: true, value: { a: [1, 'x'] } });
  });

  it('says why text is not JSON', () => {
    expect(readJsonSafely('')).toMatchObject({ ok: false, error: { kind: 'not-json' } });
    expect(readJsonSafely('{"a": }')).toMatchObject({
      ok: false,
      error: { kind: 'not-json', message: expect.stringMatching(/^This is not JSON: .+\.$/) },
    });
  });
});

/** How deep the schema's own structure goes (root object = 1), free-form `data` left out. */
function schemaDepth(schema: unknown): number {
  if (typeof schema !== 'object' || schema === null) return 0;
  const s = schema as Record<string, unknown>;
  const values = (v: unknown) => (typeof v === 'object' && v !== null ? Object.values(v) : []);
  if (s.type === 'object') {
    const inner = [...values(s.properties), s.additionalProperties].map(schemaDepth);
    return 1 + Math.max(0, ...inner);
  }
  if (s.type === 'array') return 1 + schemaDepth(s.items);
  const branches = [s.anyOf, s.oneOf, s.allOf].flatMap((b) => (Array.isArray(b) ? b : []));
  return Math.max(0, ...branches.map(schemaDepth));
}

describe('the nesting limit', () => {
  it('leaves an emit payload at least 16 levels past the deepest part of the schema', () => {
    // a new node kind that nests deeper makes this fail: raise MAX_SCENARIO_DEPTH with it
    const depth = schemaDepth(
      z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }),
    );
    expect(depth).toBeGreaterThanOrEqual(8);
    expect(depth + 16).toBeLessThanOrEqual(MAX_SCENARIO_DEPTH);
  });
});
