import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock';
import { EventBus } from './EventBus';
import {
  assertEventName,
  assertPattern,
  eventNameProblem,
  InvalidNameError,
  patternKind,
  patternMatches,
  patternProblem,
} from './names';

const VALID_NAMES = [
  'user',
  'user.registered',
  'user.profile.updated',
  'order.created',
  'замовлення.створено',
  'користувач.профіль.оновлено',
  'आदेश.बनाया', // Devanagari: vowel signs are combining marks
  'cafe\u0301.opened', // decomposed é
  '注文.作成',
  'order2.v3',
  '42',
  'user.42',
  'user_profile.updated',
  'order-item.added',
  'urn:shop:order.created',
  'A.B',
  'x'.repeat(200),
];

/** [input, a specific part of the reason] */
const INVALID_NAMES: [string, string][] = [
  ['', 'empty'],
  [' ', 'whitespace'],
  ['user registered', 'whitespace'],
  ['user.registered ', 'whitespace'],
  ['user.\tregistered', 'whitespace'],
  ['user\nregistered', 'whitespace'],
  ['user\u00a0registered', 'whitespace'],
  ['.user', 'starts with a dot'],
  ['.', 'starts with a dot'],
  ['user.', 'ends with a dot'],
  ['user..registered', "'..'"],
  ['a...b', "'..'"],
  ['*', "'*' is only for subscription patterns"],
  ['user.*', "'*' is only for subscription patterns"],
  ['us*er', "'*' is only for subscription patterns"],
  ['*.created', "'*' is only for subscription patterns"],
  ['user/registered', 'contains "/"'],
  ['user.registered!', 'contains "!"'],
  ['user.#', 'contains "#"'],
  ['order.€', 'contains "€"'],
  ['x'.repeat(201), 'longer than 200 characters'],
];

const VALID_PATTERNS = [
  '*',
  'user.*',
  'user.profile.*',
  'user.registered',
  'user',
  'замовлення.*',
  'замовлення.створено',
  'urn:shop.*',
  'a_b-c.*',
];

const INVALID_PATTERNS: [string, string][] = [
  ['', 'empty'],
  ['user registered', 'whitespace'],
  ['user .*', 'whitespace'],
  ['.user', 'starts with a dot'],
  ['.user.*', 'starts with a dot'],
  ['user.', 'ends with a dot'],
  ['user..*', 'ends with a dot'],
  ['user..registered', "'..'"],
  ['a..b.*', "'..'"],
  ['.*', 'empty'],
  ['us*er', 'not part of a word'],
  ['user*', 'not part of a word'],
  ['*user', 'not part of a word'],
  ['*.created', 'not part of a word'],
  ['user.*.x', 'not part of a word'],
  ['**', 'not part of a word'],
  ['user.**', 'not part of a word'],
  ['*.*', 'once, as the whole last segment'],
  ['user.*.*', 'once, as the whole last segment'],
  ['user/x.*', 'contains "/"'],
];

describe('event names', () => {
  it.each(VALID_NAMES)('accepts %j', (name) => {
    expect(eventNameProblem(name)).toBeUndefined();
    expect(() => assertEventName(name)).not.toThrow();
  });

  it.each(INVALID_NAMES)('refuses %j because %s', (name, hint) => {
    expect(eventNameProblem(name)).toContain(hint);
    expect(() => assertEventName(name)).toThrow(InvalidNameError);
    expect(() => assertEventName(name)).toThrow(hint);
  });

  it.each([
    [42, 'number'],
    [undefined, 'undefined'],
    [null, 'object'],
  ])('refuses the non-string %s', (input, type) => {
    expect(eventNameProblem(input)).toBe(`it must be a string, not ${type}`);
    expect(patternProblem(input)).toBe(`it must be a string, not ${type}`);
  });
});

describe('patterns', () => {
  it.each(VALID_PATTERNS)('accepts %j', (pattern) => {
    expect(patternProblem(pattern)).toBeUndefined();
    expect(() => assertPattern(pattern)).not.toThrow();
  });

  it.each(INVALID_PATTERNS)('refuses %j because %s', (pattern, hint) => {
    expect(patternProblem(pattern)).toContain(hint);
    expect(() => assertPattern(pattern)).toThrow(InvalidNameError);
    expect(() => assertPattern(pattern)).toThrow(hint);
  });

  it.each([
    ['*', 'all'],
    ['user.*', 'prefix'],
    ['user.profile.*', 'prefix'],
    ['user.registered', 'exact'],
    ['user', 'exact'],
  ] as const)('patternKind(%j) is %s', (pattern, kind) => {
    expect(patternKind(pattern)).toBe(kind);
  });
});

describe('InvalidNameError', () => {
  it('says what kind of input, which input and why', () => {
    let caught: unknown;
    try {
      assertPattern('user.*.x');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidNameError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as InvalidNameError;
    expect(error.name).toBe('InvalidNameError');
    expect(error.kind).toBe('pattern');
    expect(error.input).toBe('user.*.x');
    expect(error.reason).toBe(patternProblem('user.*.x'));
    expect(error.message).toBe(`Invalid pattern "user.*.x": ${error.reason}`);
  });

  it('names an event name as such', () => {
    expect(() => assertEventName('a b')).toThrow(
      /^Invalid event name "a b": it contains whitespace/,
    );
  });
});

/**
 * The matching rule, stated once: checked against patternMatches and, row for row, against a
 * real bus (delivery and route()), so the bus's cached resolution cannot drift from the rule.
 */
const MATCHES: [pattern: string, event: string, matches: boolean][] = [
  ['user.registered', 'user.registered', true],
  ['user.registered', 'user.deleted', false],
  ['user.registered', 'user', false],
  ['user.registered', 'user.registered.twice', false],
  ['user', 'user', true],
  ['user', 'user.registered', false],
  ['User.registered', 'user.registered', false],
  ['user.*', 'user.registered', true],
  ['user.*', 'user.deleted', true],
  ['user.*', 'user.profile.updated', true],
  ['user.*', 'user', false],
  ['user.*', 'username.changed', false],
  ['user.*', 'users.registered', false],
  ['user.*', 'order.created', false],
  ['user.*', 'a.user.registered', false],
  ['user.*', 'user:v2.created', false],
  ['user:v2.*', 'user:v2.created', true],
  ['user.profile.*', 'user.profile.updated', true],
  ['user.profile.*', 'user.profile.avatar.changed', true],
  ['user.profile.*', 'user.profile', false],
  ['user.profile.*', 'user.profiles.updated', false],
  ['user.profile.*', 'user.registered', false],
  ['a.b.*', 'a.b.c.d.e', true],
  ['a.b.*', 'a.bc.d', false],
  ['замовлення.*', 'замовлення.створено', true],
  ['замовлення.*', 'замовлення', false],
  ['*', 'user', true],
  ['*', 'user.registered', true],
  ['*', 'a.b.c.d', true],
  ['*', 'замовлення.створено', true],
];

describe('the matching rule', () => {
  it.each(MATCHES)('patternMatches(%j, %j) is %s', (pattern, event, matches) => {
    expect(patternMatches(pattern, event)).toBe(matches);
  });

  it.each(MATCHES)('a bus listener on %j receives %j: %s', (pattern, event, matches) => {
    const bus = new EventBus({ clock: new SimulatedClock() });
    const received: string[] = [];
    bus.subscribe(pattern, (_data, delivery) => received.push(delivery.event), { name: 'l' });
    expect(bus.route(event)).toEqual(matches ? [{ pattern, name: 'l' }] : []);
    const result = bus.emit(event);
    expect(received).toEqual(matches ? [event] : []);
    expect(result.delivered).toBe(matches ? 1 : 0);
  });
});
