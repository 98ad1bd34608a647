import { errorMessage } from '../errors';
import { fail, formatBytes, type ScenarioFileResult } from './fileErrors';
import { FORBIDDEN_KEYS, MAX_SCENARIO_BYTES, MAX_SCENARIO_DEPTH } from './limits';

/**
 * The checks a scenario's text passes before the schema sees it: size, nesting, JSON, keys.
 * Each is a loop, not a recursion, so no input can overflow the stack.
 */

/** UTF-8 length of `text`, counting no further than `stopAbove` (a 1 GB string costs 5 MB). */
export function utf8Bytes(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= stopAbove; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      // a surrogate pair is one 4-byte character; a lone surrogate is written as U+FFFD (3)
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** `counted`: the size was counted only until it passed the limit (see utf8Bytes). */
export function sizeProblem<T>(bytes: number, counted = false): ScenarioFileResult<T> | undefined {
  if (bytes <= MAX_SCENARIO_BYTES) return undefined;
  const limit = formatBytes(MAX_SCENARIO_BYTES);
  // a size that rounds to the limit ("5 MB; the most is 5 MB") reads as no reason at all
  const size = counted || formatBytes(bytes) === limit ? `more than ${limit}` : formatBytes(bytes);
  return fail({
    kind: 'too-large',
    bytes,
    limit: MAX_SCENARIO_BYTES,
    message: `This scenario is ${size}; the most EventLab reads is ${limit}.`,
  });
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const OPEN_ARRAY = 0x5b; // [
const OPEN_OBJECT = 0x7b; // {
const CLOSE_ARRAY = 0x5d; // ]
const CLOSE_OBJECT = 0x7d; // }

/**
 * Finds where arrays and objects nest deeper than `limit` in JSON text, before JSON.parse
 * builds (or a later walk recurses into) a million nested arrays. Brackets inside strings
 * do not count. Not a validator: JSON.parse still judges the text.
 */
export function depthProblem<T>(
  text: string,
  limit = MAX_SCENARIO_DEPTH,
): ScenarioFileResult<T> | undefined {
  let depth = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === NEWLINE) {
      line++;
      lineStart = i + 1;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
    else if ((c === OPEN_ARRAY || c === OPEN_OBJECT) && ++depth > limit) {
      const column = i - lineStart + 1;
      return fail({
        kind: 'too-deep',
        limit,
        line,
        column,
        message: `This scenario nests arrays and objects more than ${limit} levels deep (at line ${line}, column ${column}); a scenario needs far fewer.`,
      });
    }
  }
  return undefined;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A value still to visit, and how it was reached: the path is built only for a problem. */
interface Visit {
  readonly value: unknown;
  readonly parent: Visit | undefined;
  readonly key: string | number;
}

function pathOf(visit: Visit): string {
  const keys: (string | number)[] = [];
  for (let v: Visit | undefined = visit; v?.parent !== undefined; v = v.parent) keys.push(v.key);
  let path = '';
  for (const key of keys.reverse()) {
    if (typeof key === 'number') path += `[${key}]`;
    else {
      // a key from a file is shown cut short, and quoted when it is not a plain name
      const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
      if (!IDENTIFIER.test(key)) path += `[${JSON.stringify(shown)}]`;
      else path += path === '' ? shown : `.${shown}`;
    }
  }
  return path;
}

/**
 * Finds a `__proto__`, `constructor` or `prototype` key anywhere in parsed JSON. JSON.parse
 * makes `__proto__` an own property (it does not set the prototype), so Object.keys sees it;
 * refusing it here means no later spread or merge of this data can pollute a prototype.
 * The keys of an object are checked before anything inside it.
 */
export function forbiddenKeyProblem<T>(value: unknown): ScenarioFileResult<T> | undefined {
  const stack: Visit[] = [{ value, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const visit = stack.pop() as Visit;
    const current = visit.value;
    if (typeof current !== 'object' || current === null) continue;
    // pushed last to first, so they are visited in document order; a loop, as a spread of a
    // million-item array would overflow the stack
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) {
        stack.push({ value: current[i], parent: visit, key: i });
      }
      continue;
    }
    const keys = Object.keys(current);
    const key = keys.find((k) => FORBIDDEN_KEYS.includes(k));
    if (key !== undefined) {
      const path = pathOf({ value: undefined, parent: visit, key });
      return fail({
        kind: 'forbidden-key',
        key,
        path,
        message: `This scenario has a key named "${key}" (at ${path}); keys named ${FORBIDDEN_KEYS.join(', ')} are refused, so that nothing read from a file can reach an object's prototype.`,
      });
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i] as string;
      stack.push({ value: (current as Record<string, unknown>)[k], parent: visit, key: k });
    }
  }
  return undefined;
}

const BOM = '\uFEFF';

/**
 * Text to a JSON value, refusing what is too large, too deep, not JSON, or has a forbidden
 * key, in that order (each check costs more than the one before it).
 */
export function readJsonSafely(text: string): ScenarioFileResult<unknown> {
  const tooLarge = sizeProblem(utf8Bytes(text, MAX_SCENARIO_BYTES), true);
  if (tooLarge) return tooLarge;
  // editors on Windows start a UTF-8 file with a byte order mark, which JSON.parse refuses
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const tooDeep = depthProblem(body);
  if (tooDeep) return tooDeep;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const reason = errorMessage(error);
    return fail({ kind: 'not-json', message: `This is not JSON: ${reason}.` });
  }
  return forbiddenKeyProblem(value) ?? { ok: true, value };
}
