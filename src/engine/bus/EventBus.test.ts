import { describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from '../clock';
import { recordTrace, Trace } from '../trace';
import { type Delivery, EventBus, type Listener } from './EventBus';
import { eventNameProblem, InvalidNameError } from './names';

// A pass-through spy on the name check the bus runs when it resolves a name it has not cached:
// the only way to see from outside whether the delivery-list cache forgets old names.
vi.mock('./names', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./names')>();
  return { ...actual, eventNameProblem: vi.fn(actual.eventNameProblem) };
});

const START = Date.UTC(2024, 0, 1, 12, 0, 0);

function setup(options: { logCapacity?: number; id?: string } = {}) {
  const clock = new SimulatedClock(START);
  const trace = new Trace(clock);
  const rec = recordTrace(trace);
  const bus = new EventBus({ clock, trace, ...options });
  return { clock, trace, rec, bus };
}

/** A listener that appends `name` (or `name:event`) to `calls`. */
function tap(calls: string[], name: string, withEvent = false): Listener {
  return (_data, delivery) => {
    calls.push(withEvent ? `${name}:${delivery.event}` : name);
  };
}

/** The trace's deliveries as `event -> listener (pattern, match)`. */
function deliveries(rec: ReturnType<typeof recordTrace>): string[] {
  return rec
    .ofType('bus.delivered')
    .map((e) => `${e.event} -> ${e.listener} (${e.pattern}, ${e.match})`);
}

describe('subscribe and unsubscribe', () => {
  it('subscribe returns a function that unsubscribes', () => {
    const { bus } = setup();
    const calls: string[] = [];
    const off = bus.subscribe('user.registered', tap(calls, 'a'));
    bus.emit('user.registered');
    off();
    bus.emit('user.registered');
    expect(calls).toEqual(['a']);
    expect(bus.subscriptions()).toEqual([]);
    // calling it again is harmless
    expect(() => off()).not.toThrow();
  });

  it('unsubscribe removes the listener and says whether it was subscribed', () => {
    const { bus } = setup();
    const calls: string[] = [];
    const a = tap(calls, 'a');
    bus.subscribe('user.*', a);
    expect(bus.unsubscribe('user.*', a)).toBe(true);
    expect(bus.unsubscribe('user.*', a)).toBe(false);
    bus.emit('user.registered');
    expect(calls).toEqual([]);
  });

  it.each([
    { name: 'a pattern never used', pattern: 'order.*' },
    { name: 'the same pattern with another listener', pattern: 'user.*', other: true },
    { name: 'a pattern that only differs by the star', pattern: 'user' },
    { name: 'an invalid pattern', pattern: 'us*er' },
  ])('unsubscribe from $name returns false and removes nothing', ({ pattern, other }) => {
    const { bus, rec } = setup();
    const calls: string[] = [];
    const a = tap(calls, 'a');
    bus.subscribe('user.*', a, { name: 'a' });
    expect(bus.unsubscribe(pattern, other ? tap(calls, 'b') : a)).toBe(false);
    bus.emit('user.registered');
    expect(calls).toEqual(['a']);
    expect(rec.ofType('bus.unsubscribed')).toEqual([]);
  });

  it('creates the pattern when it is new and drops it with its last listener', () => {
    const { bus } = setup();
    const a = tap([], 'a');
    const b = tap([], 'b');
    expect(bus.subscriptions()).toEqual([]);
    bus.subscribe('user.*', a, { name: 'a' });
    bus.subscribe('order.created', b, { name: 'b' });
    bus.subscribe('user.*', b, { name: 'b' });
    expect(bus.subscriptions()).toEqual([
      { pattern: 'user.*', name: 'a' },
      { pattern: 'user.*', name: 'b' },
      { pattern: 'order.created', name: 'b' },
    ]);
    bus.unsubscribe('user.*', a);
    bus.unsubscribe('user.*', b);
    expect(bus.subscriptions()).toEqual([{ pattern: 'order.created', name: 'b' }]);
  });

  it.each(['user.registered', 'user.*', '*'])(
    'subscribing the same listener to %j twice is a no-op',
    (pattern) => {
      const { bus, rec } = setup();
      const calls: string[] = [];
      const a = tap(calls, 'a');
      const off1 = bus.subscribe(pattern, a, { name: 'first' });
      const off2 = bus.subscribe(pattern, a, { name: 'second' });
      const result = bus.emit('user.registered');
      expect(calls).toEqual(['a']);
      expect(result.delivered).toBe(1);
      expect(bus.subscriptions()).toEqual([{ pattern, name: 'first' }]);
      expect(rec.ofType('bus.subscribed')).toHaveLength(1);
      // either returned function removes the one subscription
      off2();
      expect(bus.subscriptions()).toEqual([]);
      off1();
      expect(rec.ofType('bus.unsubscribed')).toHaveLength(1);
    },
  );

  it('treats one listener on two matching patterns as two subscriptions', () => {
    const { bus } = setup();
    const calls: string[] = [];
    const a = tap(calls, 'a');
    bus.subscribe('user.*', a);
    bus.subscribe('*', a);
    expect(bus.emit('user.registered').delivered).toBe(2);
    expect(calls).toEqual(['a', 'a']);
  });

  it('delivers to two different listeners on the same pattern', () => {
    const { bus } = setup();
    const calls: string[] = [];
    bus.subscribe('user.*', tap(calls, 'a'));
    bus.subscribe('user.*', tap(calls, 'b'));
    bus.emit('user.deleted');
    expect(calls).toEqual(['a', 'b']);
  });

  it.each<{ case: string; listener: Listener; options: { name?: string }; expected: string }>([
    {
      case: 'the name option',
      listener: function named() {},
      options: { name: 'shown' },
      expected: 'shown',
    },
    {
      case: "the function's name",
      listener: function emailSender() {},
      options: {},
      expected: 'emailSender',
    },
    { case: 'anonymous', listener: (() => () => {})(), options: {}, expected: 'anonymous' },
  ])('names a subscription by $case', ({ listener, options, expected }) => {
    const { bus, rec } = setup();
    bus.subscribe('user.*', listener, options);
    bus.emit('user.x');
    expect(bus.subscriptions()).toEqual([{ pattern: 'user.*', name: expected }]);
    expect(rec.ofType('bus.delivered').map((e) => e.listener)).toEqual([expected]);
  });

  it('traces subscribing and unsubscribing with the bus id', () => {
    const { bus, rec } = setup({ id: 'shop' });
    const a = tap([], 'a');
    const off = bus.subscribe('order.*', a, { name: 'auditor' });
    off();
    expect(rec.events().map(({ seq: _s, at: _a, ...body }) => body)).toEqual([
      { type: 'bus.subscribed', bus: 'shop', listener: 'auditor', pattern: 'order.*' },
      { type: 'bus.unsubscribed', bus: 'shop', listener: 'auditor', pattern: 'order.*' },
    ]);
  });
});

describe('emit logs the event first, then delivers', () => {
  it.each(['user.registered', 'user.*', '*'])(
    'the log already holds the entry when the first listener (on %j) runs',
    (pattern) => {
      const { bus } = setup();
      const seen: unknown[] = [];
      bus.subscribe(pattern, () => {
        seen.push(bus.eventLog.at(-1));
        seen.push(bus.eventLog.length);
      });
      bus.emit('user.registered', { id: 1 });
      expect(seen).toEqual([
        { timestamp: '2024-01-01T12:00:00.000Z', event: 'user.registered', data: { id: 1 } },
        1,
      ]);
    },
  );

  it('stamps each entry with the clock time as an ISO string', () => {
    const { bus, clock } = setup();
    bus.emit('user.registered', { id: 1 });
    clock.advance(1500);
    bus.emit('order.created');
    clock.advance(60_000);
    bus.emit('user.deleted', null);
    expect(bus.eventLog).toEqual([
      { timestamp: '2024-01-01T12:00:00.000Z', event: 'user.registered', data: { id: 1 } },
      { timestamp: '2024-01-01T12:00:01.500Z', event: 'order.created', data: undefined },
      { timestamp: '2024-01-01T12:01:01.500Z', event: 'user.deleted', data: null },
    ]);
  });

  it('logs an event that no one listens to', () => {
    const { bus } = setup();
    const result = bus.emit('nobody.cares', 1);
    expect(result.delivered).toBe(0);
    expect(result.failures).toEqual([]);
    expect(bus.eventLog.map((e) => e.event)).toEqual(['nobody.cares']);
  });

  it('hands every listener the same data and a delivery with its own pattern', () => {
    const { bus, clock } = setup();
    clock.advance(250);
    const data = { id: 7 };
    const got: [unknown, Delivery][] = [];
    for (const pattern of ['user.registered', 'user.*', '*']) {
      bus.subscribe(pattern, (d, delivery) => {
        got.push([d, delivery]);
      });
    }
    bus.emit('user.registered', data);
    expect(got.map(([, d]) => d)).toEqual([
      { event: 'user.registered', timestamp: START + 250, pattern: 'user.registered' },
      { event: 'user.registered', timestamp: START + 250, pattern: 'user.*' },
      { event: 'user.registered', timestamp: START + 250, pattern: '*' },
    ]);
    for (const [d] of got) expect(d).toBe(data);
  });
});

describe('delivery order', () => {
  /** Subscribed deliberately out of order: the bus must sort by kind, not by arrival. */
  function scrambled() {
    const { bus, rec } = setup();
    const calls: string[] = [];
    bus.subscribe('*', tap(calls, 'all-1'), { name: 'all-1' });
    bus.subscribe('user.*', tap(calls, 'user-1'), { name: 'user-1' });
    bus.subscribe('user.profile.updated', tap(calls, 'exact-1'), { name: 'exact-1' });
    bus.subscribe('user.profile.*', tap(calls, 'profile-1'), { name: 'profile-1' });
    bus.subscribe('*', tap(calls, 'all-2'), { name: 'all-2' });
    bus.subscribe('user.profile.updated', tap(calls, 'exact-2'), { name: 'exact-2' });
    bus.subscribe('user.*', tap(calls, 'user-2'), { name: 'user-2' });
    bus.subscribe('user.profile.*', tap(calls, 'profile-2'), { name: 'profile-2' });
    bus.subscribe('user', tap(calls, 'bare-user'), { name: 'bare-user' });
    bus.subscribe('order.*', tap(calls, 'order'), { name: 'order' });
    return { bus, rec, calls };
  }

  it.each([
    {
      event: 'user.profile.updated',
      order: ['exact-1', 'exact-2', 'profile-1', 'profile-2', 'user-1', 'user-2', 'all-1', 'all-2'],
    },
    {
      event: 'user.profile.avatar.set',
      order: ['profile-1', 'profile-2', 'user-1', 'user-2', 'all-1', 'all-2'],
    },
    { event: 'user.profile', order: ['user-1', 'user-2', 'all-1', 'all-2'] },
    { event: 'user.registered', order: ['user-1', 'user-2', 'all-1', 'all-2'] },
    { event: 'user', order: ['bare-user', 'all-1', 'all-2'] },
    { event: 'username.changed', order: ['all-1', 'all-2'] },
    { event: 'order.created', order: ['order', 'all-1', 'all-2'] },
  ])('$event goes exact, longer prefix, shorter prefix, then *', ({ event, order }) => {
    const { bus, rec, calls } = scrambled();
    expect(bus.route(event).map((s) => s.name)).toEqual(order);
    const result = bus.emit(event);
    expect(calls).toEqual(order);
    expect(result.delivered).toBe(order.length);
    expect(rec.ofType('bus.delivered').map((e) => e.listener)).toEqual(order);
  });

  it('tags each delivery with the kind of match', () => {
    const { bus, rec } = scrambled();
    bus.emit('user.profile.updated');
    expect(
      rec.ofType('bus.delivered').map((e) => [e.listener, e.pattern, e.match] as const),
    ).toEqual([
      ['exact-1', 'user.profile.updated', 'exact'],
      ['exact-2', 'user.profile.updated', 'exact'],
      ['profile-1', 'user.profile.*', 'prefix'],
      ['profile-2', 'user.profile.*', 'prefix'],
      ['user-1', 'user.*', 'prefix'],
      ['user-2', 'user.*', 'prefix'],
      ['all-1', '*', 'all'],
      ['all-2', '*', 'all'],
    ]);
  });
});

describe('a listener that throws', () => {
  it.each([
    { kind: 'an Error', thrown: new Error('disk full'), message: 'disk full' },
    {
      kind: 'a TypeError',
      thrown: new TypeError('x is not a function'),
      message: 'x is not a function',
    },
    { kind: 'a string', thrown: 'boom', message: 'boom' },
    { kind: 'a number', thrown: 42, message: '42' },
    { kind: 'undefined', thrown: undefined, message: 'undefined' },
    {
      kind: 'a plain object',
      thrown: { code: 'E42', retry: false },
      message: '{"code":"E42","retry":false}',
    },
    { kind: 'an Error without a message', thrown: new RangeError(), message: 'RangeError' },
  ])('throwing $kind does not stop the others and is reported', ({ thrown, message }) => {
    const { bus, rec } = setup();
    const calls: string[] = [];
    bus.subscribe('order.created', tap(calls, 'before'), { name: 'before' });
    bus.subscribe(
      'order.*',
      () => {
        calls.push('failing');
        throw thrown;
      },
      { name: 'failing' },
    );
    bus.subscribe('*', tap(calls, 'after'), { name: 'after' });

    const result = bus.emit('order.created', { id: 1 });

    expect(calls).toEqual(['before', 'failing', 'after']);
    expect(result.delivered).toBe(3);
    expect(result.failures).toEqual([{ listener: 'failing', pattern: 'order.*', error: message }]);
    const emitted = rec.ofType('bus.emitted')[0];
    expect(rec.ofType('bus.listener-failed').map(({ seq: _s, at: _a, ...body }) => body)).toEqual([
      {
        type: 'bus.listener-failed',
        bus: 'bus',
        event: 'order.created',
        emitSeq: emitted?.seq,
        listener: 'failing',
        pattern: 'order.*',
        match: 'prefix',
        error: message,
      },
    ]);
    // the failed one is not also traced as delivered
    expect(rec.ofType('bus.delivered').map((e) => e.listener)).toEqual(['before', 'after']);
    // the bus goes on working
    expect(bus.emit('order.created').failures).toHaveLength(1);
  });

  it('reports every failure, in delivery order', () => {
    const { bus } = setup();
    const calls: string[] = [];
    bus.subscribe(
      '*',
      () => {
        throw new Error('second');
      },
      { name: 'b' },
    );
    bus.subscribe(
      'a.b',
      () => {
        throw new Error('first');
      },
      { name: 'a' },
    );
    bus.subscribe('a.*', tap(calls, 'ok'), { name: 'ok' });
    const result = bus.emit('a.b');
    expect(calls).toEqual(['ok']);
    expect(result.failures).toEqual([
      { listener: 'a', pattern: 'a.b', error: 'first' },
      { listener: 'b', pattern: '*', error: 'second' },
    ]);
  });

  it('is reported in the result even with no trace', () => {
    const bus = new EventBus({ clock: new SimulatedClock(START) });
    bus.subscribe(
      'x',
      () => {
        throw 'boom';
      },
      { name: 'f' },
    );
    expect(bus.emit('x')).toEqual({
      seq: 0,
      delivered: 1,
      failures: [{ listener: 'f', pattern: 'x', error: 'boom' }],
    });
  });
});

describe('changing subscriptions during an emit', () => {
  it.each(['user.registered', 'user.*', '*'])(
    'a listener added on %j during an emit is called from the next emit on',
    (pattern) => {
      const { bus } = setup();
      const calls: string[] = [];
      const late = tap(calls, 'late', true);
      bus.subscribe('user.registered', (_d, delivery) => {
        calls.push(`adder:${delivery.event}`);
        bus.subscribe(pattern, late);
      });
      bus.emit('user.registered');
      expect(calls).toEqual(['adder:user.registered']);
      bus.emit('user.registered');
      expect(calls).toEqual([
        'adder:user.registered',
        'adder:user.registered',
        'late:user.registered',
      ]);
    },
  );

  it.each(['user.registered', 'user.*', '*'])(
    'a later listener on %j removed during an emit is still called for it, not after',
    (pattern) => {
      const { bus } = setup();
      const calls: string[] = [];
      const victim = tap(calls, 'victim');
      bus.subscribe('user.registered', () => {
        calls.push('remover');
        bus.unsubscribe(pattern, victim);
      });
      bus.subscribe(pattern, victim);
      const first = bus.emit('user.registered');
      expect(calls).toEqual(['remover', 'victim']);
      expect(first.delivered).toBe(2);
      const second = bus.emit('user.registered');
      expect(calls).toEqual(['remover', 'victim', 'remover']);
      expect(second.delivered).toBe(1);
    },
  );

  it('a listener that unsubscribes itself runs once', () => {
    const { bus } = setup();
    const calls: string[] = [];
    const off = bus.subscribe('tick', () => {
      calls.push('once');
      off();
    });
    bus.subscribe('tick', tap(calls, 'always'));
    bus.emit('tick');
    bus.emit('tick');
    expect(calls).toEqual(['once', 'always', 'always']);
  });

  it('an emit from inside a listener is logged and delivered before the outer emit goes on', () => {
    const { bus, rec } = setup();
    const calls: string[] = [];
    bus.subscribe('order.created', () => {
      calls.push('creator');
      bus.emit('order.paid');
    });
    bus.subscribe('*', tap(calls, 'logger', true), { name: 'logger' });
    bus.emit('order.created');
    expect(calls).toEqual(['creator', 'logger:order.paid', 'logger:order.created']);
    expect(bus.eventLog.map((e) => e.event)).toEqual(['order.created', 'order.paid']);
    const [outer, inner] = rec.ofType('bus.emitted');
    expect(rec.ofType('bus.delivered').map((e) => [e.event, e.emitSeq])).toEqual([
      ['order.paid', inner?.seq],
      ['order.created', outer?.seq],
      ['order.created', outer?.seq],
    ]);
  });
});

describe('invalid names', () => {
  it.each([
    ['', 'empty'],
    ['user registered', 'whitespace'],
    [' user.registered', 'whitespace'],
    ['.user', 'starts with a dot'],
    ['user.', 'ends with a dot'],
    ['user..registered', "'..'"],
    ['user.*', "'*' is only for subscription patterns"],
    ['*', "'*' is only for subscription patterns"],
    ['us*er', "'*' is only for subscription patterns"],
  ])('emit(%j) is refused (%s): nothing logged, nothing delivered', (name, hint) => {
    const { bus, rec } = setup();
    const calls: string[] = [];
    bus.subscribe('*', tap(calls, 'all'));
    bus.subscribe('user.*', tap(calls, 'user'));
    bus.emit('ok');
    expect(() => bus.emit(name, { x: 1 })).toThrow(InvalidNameError);
    expect(() => bus.emit(name, { x: 1 })).toThrow(hint);
    expect(calls).toEqual(['all']);
    expect(bus.eventLog.map((e) => e.event)).toEqual(['ok']);
    expect(bus.logStats.appended).toBe(1);
    expect(rec.ofType('bus.emitted').map((e) => e.event)).toEqual(['ok']);
    const rejected = rec.ofType('bus.rejected');
    expect(rejected).toHaveLength(2);
    expect(rejected[0]?.input).toBe(name);
    expect(rejected[0]?.reason).toContain(hint);
    expect(() => bus.route(name)).toThrow(InvalidNameError);
  });

  it.each([
    ['', 'empty'],
    ['user registered', 'whitespace'],
    ['.user.*', 'starts with a dot'],
    ['user.', 'ends with a dot'],
    ['user..*', 'ends with a dot'],
    ['a..b', "'..'"],
    ['us*er', 'not part of a word'],
    ['user*', 'not part of a word'],
    ['*.created', 'not part of a word'],
    ['user.*.x', 'not part of a word'],
    ['*.*', 'once'],
  ])('subscribe(%j) is refused (%s) and adds nothing', (pattern, hint) => {
    const { bus, rec } = setup();
    const calls: string[] = [];
    const listener = tap(calls, 'l');
    expect(() => bus.subscribe(pattern, listener)).toThrow(InvalidNameError);
    expect(() => bus.subscribe(pattern, listener)).toThrow(hint);
    expect(bus.subscriptions()).toEqual([]);
    expect(rec.ofType('bus.subscribed')).toEqual([]);
    expect(rec.ofType('bus.rejected').map((e) => e.input)).toEqual([pattern, pattern]);
    for (const event of ['user.created', 'a.b', 'user', 'x.created']) bus.emit(event);
    expect(calls).toEqual([]);
  });

  it.each([
    'замовлення.створено',
    'order2.v3',
    'user_profile.updated',
    'order-item.added',
    'urn:shop:order',
  ])('accepts %j both as an event and as a pattern', (name) => {
    const { bus } = setup();
    const calls: string[] = [];
    bus.subscribe(name, tap(calls, 'exact'));
    bus.subscribe(`${name}.*`, tap(calls, 'prefix'));
    bus.emit(name);
    bus.emit(`${name}.sub`);
    expect(calls).toEqual(['exact', 'prefix']);
  });
});

describe('the event log', () => {
  it('is the history, oldest first', () => {
    const { bus } = setup();
    for (const name of ['a', 'b', 'c']) bus.emit(name, name.toUpperCase());
    expect(bus.eventLog.map((e) => [e.event, e.data])).toEqual([
      ['a', 'A'],
      ['b', 'B'],
      ['c', 'C'],
    ]);
  });

  it('keeps 10,000 entries by default', () => {
    const { bus } = setup();
    expect(bus.logStats.capacity).toBe(10_000);
  });

  it.each([
    { capacity: 1, emits: 4, kept: ['e4'] },
    { capacity: 3, emits: 2, kept: ['e1', 'e2'] },
    { capacity: 3, emits: 5, kept: ['e3', 'e4', 'e5'] },
    { capacity: 0, emits: 3, kept: [] as string[] },
  ])('with logCapacity $capacity after $emits emits keeps $kept', ({ capacity, emits, kept }) => {
    const { bus } = setup({ logCapacity: capacity });
    const calls: string[] = [];
    bus.subscribe('*', tap(calls, 'l'));
    for (let i = 1; i <= emits; i++) bus.emit(`e${i}`);
    expect(bus.eventLog.map((e) => e.event)).toEqual(kept);
    expect(bus.logStats).toEqual({
      kept: kept.length,
      appended: emits,
      dropped: emits - kept.length,
      capacity,
    });
    // logging off or full does not affect delivery
    expect(calls).toHaveLength(emits);
  });

  it.each([-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses logCapacity %s with a RangeError',
    (logCapacity) => {
      expect(() => new EventBus({ clock: new SimulatedClock(), logCapacity })).toThrow(RangeError);
    },
  );

  it('clearLog empties it and records bus.log-cleared with the count', () => {
    const { bus, rec, clock } = setup({ logCapacity: 2 });
    for (const name of ['a', 'b', 'c']) bus.emit(name);
    clock.advance(10);
    bus.clearLog();
    expect(bus.eventLog).toEqual([]);
    expect(bus.logStats).toEqual({ kept: 0, appended: 0, dropped: 0, capacity: 2 });
    const cleared = rec.ofType('bus.log-cleared');
    expect(cleared.map(({ seq: _s, ...rest }) => rest)).toEqual([
      { type: 'bus.log-cleared', bus: 'bus', entries: 2, at: START + 10 },
    ]);
    bus.emit('d');
    expect(bus.eventLog.map((e) => e.event)).toEqual(['d']);
  });

  it('returns a copy: changing it does not change the history', () => {
    const { bus } = setup();
    bus.emit('a');
    bus.eventLog.pop();
    expect(bus.eventLog).toHaveLength(1);
  });
});

describe('the trace', () => {
  it('numbers everything the bus does gaplessly and stamps it with the clock', () => {
    const { bus, rec, clock } = setup();
    bus.subscribe('user.*', tap([], 'a'), { name: 'a' });
    clock.advance(5);
    bus.emit('user.registered');
    clock.advance(7);
    bus.subscribe('*', tap([], 'b'), { name: 'b' });
    bus.emit('user.deleted');
    bus.clearLog();
    const events = rec.events();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => [e.type, e.at - START])).toEqual([
      ['bus.subscribed', 0],
      ['bus.emitted', 5],
      ['bus.delivered', 5],
      ['bus.subscribed', 12],
      ['bus.emitted', 12],
      ['bus.delivered', 12],
      ['bus.delivered', 12],
      ['bus.log-cleared', 12],
    ]);
  });

  it('records bus.emitted with the delivery count before its deliveries, which point back to it', () => {
    const { bus, rec } = setup({ id: 'main' });
    bus.subscribe('user.registered', tap([], 'exact'), { name: 'exact' });
    bus.subscribe('user.*', tap([], 'prefix'), { name: 'prefix' });
    bus.subscribe('*', tap([], 'all'), { name: 'all' });
    const data = { id: 3 };
    const result = bus.emit('user.registered', data);
    const emitted = rec.ofType('bus.emitted');
    expect(emitted).toHaveLength(1);
    const e = emitted[0];
    expect(e).toMatchObject({ bus: 'main', event: 'user.registered', deliveries: 3 });
    expect(e?.data).toBe(data);
    expect(result.seq).toBe(e?.seq);
    const delivered = rec.ofType('bus.delivered');
    expect(delivered.map((d) => d.seq)).toEqual([2, 3, 4].map((k) => (e?.seq ?? 0) + k - 1));
    for (const d of delivered) {
      expect(d.emitSeq).toBe(e?.seq);
      expect(d.bus).toBe('main');
      expect(d.event).toBe('user.registered');
    }
    expect(deliveries(rec)).toEqual([
      'user.registered -> exact (user.registered, exact)',
      'user.registered -> prefix (user.*, prefix)',
      'user.registered -> all (*, all)',
    ]);
  });

  it('records nothing and is not even called on emit while no sink listens', () => {
    const { bus, rec, trace } = setup();
    bus.subscribe('*', tap([], 'l'));
    rec.stop();
    const record = vi.spyOn(trace, 'record');
    const result = bus.emit('user.registered', { id: 1 });
    expect(result.seq).toBe(0);
    expect(result.delivered).toBe(1);
    expect(record).not.toHaveBeenCalled();
    expect(trace.nextSeq).toBe(2);
    // and the next recorded event follows on without a gap
    const rec2 = recordTrace(trace);
    bus.emit('user.registered');
    expect(rec2.events().map((e) => [e.seq, e.type])).toEqual([
      [2, 'bus.emitted'],
      [3, 'bus.delivered'],
    ]);
  });

  it('works without a trace at all', () => {
    const bus = new EventBus({ clock: new SimulatedClock(START), logCapacity: 5 });
    const calls: string[] = [];
    const off = bus.subscribe('a.*', tap(calls, 'l'));
    expect(bus.emit('a.b')).toEqual({ seq: 0, delivered: 1, failures: [] });
    off();
    bus.clearLog();
    expect(calls).toEqual(['l']);
  });
});

describe('the course demo', () => {
  it('delivers user.registered, user.deleted and order.created to exactly the right listeners', () => {
    const { bus, rec, clock } = setup();
    const inbox: Record<string, string[]> = { email_sender: [], logger: [], analytics: [] };
    const record =
      (who: string): Listener =>
      (_data, delivery) => {
        inbox[who]?.push(delivery.event);
      };
    const emailSender = record('email_sender');
    const logger = record('logger');
    const analytics = record('analytics');
    bus.subscribe('user.registered', emailSender, { name: 'email_sender' });
    bus.subscribe('*', logger, { name: 'logger' });
    bus.subscribe('user.*', analytics, { name: 'analytics' });
    bus.subscribe('order.created', analytics, { name: 'analytics' });

    bus.emit('user.registered', { user: 'olena@example.com' });
    clock.advance(1000);
    bus.emit('user.deleted', { user: 'taras@example.com' });
    clock.advance(1000);
    bus.emit('order.created', { order: 17, total: 1200 });

    expect(deliveries(rec)).toEqual([
      'user.registered -> email_sender (user.registered, exact)',
      'user.registered -> analytics (user.*, prefix)',
      'user.registered -> logger (*, all)',
      'user.deleted -> analytics (user.*, prefix)',
      'user.deleted -> logger (*, all)',
      'order.created -> analytics (order.created, exact)',
      'order.created -> logger (*, all)',
    ]);
    expect(rec.ofType('bus.emitted').map((e) => [e.event, e.deliveries])).toEqual([
      ['user.registered', 3],
      ['user.deleted', 2],
      ['order.created', 2],
    ]);
    for (const d of rec.ofType('bus.delivered')) {
      const emit = rec.events().find((e) => e.seq === d.emitSeq);
      expect(emit?.type).toBe('bus.emitted');
      expect(emit?.type === 'bus.emitted' ? emit.event : undefined).toBe(d.event);
    }
    expect(inbox).toEqual({
      email_sender: ['user.registered'],
      logger: ['user.registered', 'user.deleted', 'order.created'],
      analytics: ['user.registered', 'user.deleted', 'order.created'],
    });
    expect(bus.eventLog).toEqual([
      {
        timestamp: '2024-01-01T12:00:00.000Z',
        event: 'user.registered',
        data: { user: 'olena@example.com' },
      },
      {
        timestamp: '2024-01-01T12:00:01.000Z',
        event: 'user.deleted',
        data: { user: 'taras@example.com' },
      },
      {
        timestamp: '2024-01-01T12:00:02.000Z',
        event: 'order.created',
        data: { order: 17, total: 1200 },
      },
    ]);
    expect(rec.ofType('bus.listener-failed')).toEqual([]);
  });
});

describe('route and subscriptions', () => {
  it('route lists who would receive an event, in delivery order, without emitting', () => {
    const { bus, rec } = setup();
    bus.subscribe('*', tap([], 'logger'), { name: 'logger' });
    bus.subscribe('user.*', tap([], 'analytics'), { name: 'analytics' });
    bus.subscribe('user.registered', tap([], 'email_sender'), { name: 'email_sender' });
    expect(bus.route('user.registered')).toEqual([
      { pattern: 'user.registered', name: 'email_sender' },
      { pattern: 'user.*', name: 'analytics' },
      { pattern: '*', name: 'logger' },
    ]);
    expect(bus.route('order.created')).toEqual([{ pattern: '*', name: 'logger' }]);
    expect(bus.eventLog).toEqual([]);
    expect(rec.ofType('bus.emitted')).toEqual([]);
  });

  it('subscriptions lists every subscription, pattern by pattern, in subscription order', () => {
    const { bus } = setup();
    bus.subscribe('user.*', tap([], '1'), { name: 'one' });
    bus.subscribe('*', tap([], '2'), { name: 'two' });
    bus.subscribe('user.*', tap([], '3'), { name: 'three' });
    expect(bus.subscriptions()).toEqual([
      { pattern: 'user.*', name: 'one' },
      { pattern: 'user.*', name: 'three' },
      { pattern: '*', name: 'two' },
    ]);
  });
});

describe('the delivery-list cache', () => {
  it('delivers correctly across 10,000 distinct names', () => {
    const { bus } = setup({ logCapacity: 0 });
    const counts = { all: 0, user: 0, exact: 0 };
    bus.subscribe('*', () => {
      counts.all++;
    });
    bus.subscribe('user.*', () => {
      counts.user++;
    });
    bus.subscribe('user.n5000', () => {
      counts.exact++;
    });
    for (let i = 0; i < 10_000; i++) {
      expect(bus.emit(i % 2 === 0 ? `user.n${i}` : `order.n${i}`).delivered).toBe(
        i === 5000 ? 3 : i % 2 === 0 ? 2 : 1,
      );
    }
    expect(counts).toEqual({ all: 10_000, user: 5000, exact: 1 });
  });

  it.each(['user.n9999', 'user.*', '*'])(
    'a subscription on %j made after 10,000 names takes effect for a cached name',
    (pattern) => {
      const { bus } = setup({ logCapacity: 0 });
      for (let i = 0; i < 10_000; i++) bus.emit(`user.n${i}`);
      // emitted twice in a row: certainly cached now
      bus.emit('user.n9999');
      const calls: string[] = [];
      const listener = tap(calls, 'late');
      bus.subscribe(pattern, listener);
      expect(bus.emit('user.n9999').delivered).toBe(1);
      expect(calls).toEqual(['late']);
      bus.unsubscribe(pattern, listener);
      expect(bus.emit('user.n9999').delivered).toBe(0);
      expect(calls).toEqual(['late']);
    },
  );

  it('forgets old names instead of keeping every name ever emitted', () => {
    const checks = vi.mocked(eventNameProblem);
    const { bus } = setup({ logCapacity: 0 });
    bus.emit('n.first');
    checks.mockClear();
    bus.emit('n.first');
    // a cached name is not checked again
    expect(checks).not.toHaveBeenCalled();
    for (let i = 0; i < 10_000; i++) bus.emit(`n.${i}`);
    checks.mockClear();
    bus.emit('n.9999');
    expect(checks).not.toHaveBeenCalled();
    bus.emit('n.first');
    // 10,000 names later the first one had to be resolved again: the cache is bounded
    expect(checks).toHaveBeenCalledTimes(1);
    expect(checks).toHaveBeenCalledWith('n.first');
  });
});
