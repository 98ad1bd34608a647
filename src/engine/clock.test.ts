import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_SPEED, MIN_SPEED, RealClock, SimulatedClock } from './clock';

/** A timer's firing as seen from inside its callback. */
interface Firing {
  readonly label: string;
  readonly at: number;
}

/** Sets a timer that records its label and the clock's time when it fires. */
function recordAt(clock: SimulatedClock, fired: Firing[], label: string, delayMs: number) {
  return clock.setTimeout(() => fired.push({ label, at: clock.now() }), delayMs);
}

describe('SimulatedClock: construction', () => {
  it('starts at 0 with speed 1 by default', () => {
    const clock = new SimulatedClock();
    expect(clock.now()).toBe(0);
    expect(clock.speed).toBe(1);
    expect(clock.pending).toBe(0);
    expect(clock.nextDue()).toBeUndefined();
  });

  it('starts at the given time and speed', () => {
    const clock = new SimulatedClock(1_700_000_000_000, 2);
    expect(clock.now()).toBe(1_700_000_000_000);
    expect(clock.speed).toBe(2);
  });

  it('does not move by itself', () => {
    const clock = new SimulatedClock(5);
    clock.setTimeout(() => {}, 0);
    expect(clock.now()).toBe(5);
    expect(clock.pending).toBe(1);
  });
});

describe('SimulatedClock: firing order', () => {
  it.each([
    { name: 'set in due order', delays: [10, 20, 30], expected: ['10', '20', '30'] },
    { name: 'set in reverse', delays: [30, 20, 10], expected: ['10', '20', '30'] },
    { name: 'set shuffled', delays: [20, 5, 30, 10, 0], expected: ['0', '5', '10', '20', '30'] },
  ])('fires timers in due order when $name', ({ delays, expected }) => {
    const clock = new SimulatedClock();
    const fired: Firing[] = [];
    for (const d of delays) recordAt(clock, fired, String(d), d);
    clock.advance(100);
    expect(fired.map((f) => f.label)).toEqual(expected);
  });

  it('fires timers due at the same time in the order they were set', () => {
    const clock = new SimulatedClock();
    const fired: Firing[] = [];
    // interleave two due times so heap order alone would not give insertion order
    const labels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    labels.forEach((label, i) => {
      recordAt(clock, fired, label, i % 2 === 0 ? 10 : 20);
    });
    clock.advance(20);
    expect(fired.map((f) => f.label)).toEqual(['a', 'c', 'e', 'g', 'b', 'd', 'f', 'h']);
  });

  it('runs each callback with now() equal to its due time, not the advance target', () => {
    const clock = new SimulatedClock(1000);
    const fired: Firing[] = [];
    recordAt(clock, fired, 'x', 7);
    recordAt(clock, fired, 'y', 250);
    recordAt(clock, fired, 'z', 999);
    clock.advance(5000);
    expect(fired).toEqual([
      { label: 'x', at: 1007 },
      { label: 'y', at: 1250 },
      { label: 'z', at: 1999 },
    ]);
    expect(clock.now()).toBe(6000);
  });

  it('fires a timer due exactly at the target, not one due just after it', () => {
    const clock = new SimulatedClock();
    const fired: Firing[] = [];
    recordAt(clock, fired, 'on-target', 100);
    recordAt(clock, fired, 'after', 101);
    clock.advance(100);
    expect(fired.map((f) => f.label)).toEqual(['on-target']);
    expect(clock.pending).toBe(1);
    clock.advance(1);
    expect(fired.map((f) => f.label)).toEqual(['on-target', 'after']);
  });

  it.each([
    { delay: -50, label: 'negative' },
    { delay: Number.NaN, label: 'NaN' },
    { delay: Number.POSITIVE_INFINITY, label: 'Infinity' },
  ])('treats a $label delay as 0, as the browser does', ({ delay }) => {
    const clock = new SimulatedClock(100);
    const fired: Firing[] = [];
    recordAt(clock, fired, 'odd', delay);
    recordAt(clock, fired, 'later', 5);
    expect(clock.nextDue()).toBe(100);
    clock.advance(10);
    expect(fired).toEqual([
      { label: 'odd', at: 100 },
      { label: 'later', at: 105 },
    ]);
    expect(clock.now()).toBe(110);
  });
});

/**
 * A scenario with plain timers, a tie, a timer that sets another one, a zero-delay timer set
 * from a callback and a cancellation from a callback: the firing sequence must not depend on
 * how the advance is sliced.
 */
function runScenario(drive: (clock: SimulatedClock) => void): Firing[] {
  const clock = new SimulatedClock(0);
  const fired: Firing[] = [];
  recordAt(clock, fired, 'a@40', 40);
  recordAt(clock, fired, 'b@10', 10);
  recordAt(clock, fired, 'c@10', 10);
  clock.setTimeout(() => {
    fired.push({ label: 'd@25', at: clock.now() });
    recordAt(clock, fired, 'e@25+0', 0);
    recordAt(clock, fired, 'f@25+30', 30);
  }, 25);
  const doomed = recordAt(clock, fired, 'never@70', 70);
  clock.setTimeout(() => {
    fired.push({ label: 'g@60', at: clock.now() });
    clock.clearTimeout(doomed);
  }, 60);
  recordAt(clock, fired, 'h@99', 99);
  drive(clock);
  expect(clock.now()).toBe(100);
  return fired;
}

const EXPECTED_SCENARIO: Firing[] = [
  { label: 'b@10', at: 10 },
  { label: 'c@10', at: 10 },
  { label: 'd@25', at: 25 },
  { label: 'e@25+0', at: 25 },
  { label: 'a@40', at: 40 },
  { label: 'f@25+30', at: 55 },
  { label: 'g@60', at: 60 },
  { label: 'h@99', at: 99 },
];

describe('SimulatedClock: the run does not depend on how the advance is sliced', () => {
  it.each<{ name: string; drive: (clock: SimulatedClock) => void }>([
    { name: 'one big step', drive: (c) => c.advance(100) },
    { name: 'advanceTo the end', drive: (c) => c.advanceTo(100) },
    {
      name: '100 steps of 1 ms',
      drive: (c) => {
        for (let i = 0; i < 100; i++) c.advance(1);
      },
    },
    {
      name: '400 steps of 0.25 ms',
      drive: (c) => {
        for (let i = 0; i < 400; i++) c.advance(0.25);
      },
    },
    {
      name: 'uneven steps that land on and between due times',
      drive: (c) => {
        for (const step of [3, 7, 15, 0, 1, 14, 15, 5, 39, 1]) c.advance(step);
      },
    },
    {
      name: 'runNext until empty, then to the end',
      drive: (c) => {
        // bounded, so a runNext that fired nothing would fail rather than loop forever
        for (let i = 0; i < 100 && c.runNext(); i++) {
          /* keep going */
        }
        c.advanceTo(100);
      },
    },
    {
      name: 'tick at speed 4',
      drive: (c) => {
        c.speed = 4;
        for (let i = 0; i < 25; i++) c.tick(1);
      },
    },
  ])('$name gives the same firing sequence', ({ drive }) => {
    expect(runScenario(drive)).toEqual(EXPECTED_SCENARIO);
  });
});

describe('SimulatedClock: timers set from callbacks', () => {
  it('fires a zero-delay timer set inside a callback within the same advance', () => {
    const clock = new SimulatedClock();
    const fired: Firing[] = [];
    clock.setTimeout(() => {
      fired.push({ label: 'outer', at: clock.now() });
      recordAt(clock, fired, 'inner', 0);
    }, 10);
    recordAt(clock, fired, 'tie', 10);
    clock.advance(10);
    // the inner timer is due at 10 like 'tie' but was set later, so it fires after it
    expect(fired).toEqual([
      { label: 'outer', at: 10 },
      { label: 'tie', at: 10 },
      { label: 'inner', at: 10 },
    ]);
    expect(clock.pending).toBe(0);
  });

  it('fires a timer set inside a callback in the same advance when due <= target', () => {
    const clock = new SimulatedClock();
    const fired: Firing[] = [];
    clock.setTimeout(() => {
      recordAt(clock, fired, 'in-range', 40);
      recordAt(clock, fired, 'beyond', 41);
    }, 10);
    clock.advance(50);
    expect(fired).toEqual([{ label: 'in-range', at: 50 }]);
    expect(clock.pending).toBe(1);
    expect(clock.nextDue()).toBe(51);
    clock.advance(1);
    expect(fired.at(-1)).toEqual({ label: 'beyond', at: 51 });
  });

  it('lets a repeating timer fire once per period', () => {
    const clock = new SimulatedClock();
    const at: number[] = [];
    const every = (ms: number) => {
      clock.setTimeout(() => {
        at.push(clock.now());
        // bounded, so a clock that failed to move would fail here rather than loop forever
        if (at.length < 10) every(ms);
      }, ms);
    };
    every(30);
    clock.advance(100);
    expect(at).toEqual([30, 60, 90]);
    expect(clock.pending).toBe(1);
  });

  it('stops an advance at a callback that throws, keeping the later timers', () => {
    const clock = new SimulatedClock();
    const fired: Firing[] = [];
    recordAt(clock, fired, 'before', 5);
    clock.setTimeout(() => {
      throw new Error('timer failed');
    }, 10);
    recordAt(clock, fired, 'after', 20);
    expect(() => clock.advance(50)).toThrow('timer failed');
    expect(clock.now()).toBe(10);
    expect(clock.pending).toBe(1);
    clock.advance(40);
    expect(fired).toEqual([
      { label: 'before', at: 5 },
      { label: 'after', at: 20 },
    ]);
  });
});

describe('SimulatedClock: clearTimeout', () => {
  it('cancels a pending timer', () => {
    const clock = new SimulatedClock();
    const fired: Firing[] = [];
    const id = recordAt(clock, fired, 'cancelled', 10);
    recordAt(clock, fired, 'kept', 20);
    expect(clock.pending).toBe(2);
    clock.clearTimeout(id);
    expect(clock.pending).toBe(1);
    clock.advance(100);
    expect(fired.map((f) => f.label)).toEqual(['kept']);
  });

  it('cancels a timer due at the same instant from an earlier callback', () => {
    const clock = new SimulatedClock();
    const fired: Firing[] = [];
    let second = 0;
    clock.setTimeout(() => clock.clearTimeout(second), 10);
    second = recordAt(clock, fired, 'second', 10);
    clock.advance(10);
    expect(fired).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it.each([
    { name: 'an id never issued', id: 12345 },
    { name: 'id 0', id: 0 },
  ])('ignores $name', ({ id }) => {
    const clock = new SimulatedClock();
    const fired: Firing[] = [];
    recordAt(clock, fired, 'x', 1);
    clock.clearTimeout(id);
    expect(clock.pending).toBe(1);
    clock.advance(1);
    expect(fired).toHaveLength(1);
  });

  it('ignores an id that already fired or was already cleared', () => {
    const clock = new SimulatedClock();
    const fired: Firing[] = [];
    const a = recordAt(clock, fired, 'a', 1);
    const b = recordAt(clock, fired, 'b', 2);
    recordAt(clock, fired, 'c', 3);
    clock.advance(1);
    clock.clearTimeout(a);
    clock.clearTimeout(b);
    clock.clearTimeout(b);
    expect(clock.pending).toBe(1);
    clock.advance(5);
    expect(fired.map((f) => f.label)).toEqual(['a', 'c']);
  });

  it('issues a new id for every timer', () => {
    const clock = new SimulatedClock();
    const ids = Array.from({ length: 50 }, () => clock.setTimeout(() => {}, 1));
    expect(new Set(ids).size).toBe(50);
  });
});

describe('SimulatedClock: nextDue, runNext, pending', () => {
  it('nextDue is the earliest live due time and skips cancelled ones', () => {
    const clock = new SimulatedClock(100);
    expect(clock.nextDue()).toBeUndefined();
    const first = clock.setTimeout(() => {}, 5);
    clock.setTimeout(() => {}, 30);
    clock.setTimeout(() => {}, 10);
    expect(clock.nextDue()).toBe(105);
    clock.clearTimeout(first);
    expect(clock.nextDue()).toBe(110);
    // nextDue does not move time
    expect(clock.now()).toBe(100);
  });

  it('runNext returns false and does not move time when nothing is pending', () => {
    const clock = new SimulatedClock(42);
    expect(clock.runNext()).toBe(false);
    expect(clock.now()).toBe(42);
  });

  it('runNext jumps to the next timer and fires it and any due at the same instant', () => {
    const clock = new SimulatedClock();
    const fired: Firing[] = [];
    recordAt(clock, fired, 'x', 20);
    recordAt(clock, fired, 'y', 20);
    recordAt(clock, fired, 'z', 35);
    expect(clock.runNext()).toBe(true);
    expect(clock.now()).toBe(20);
    expect(fired.map((f) => f.label)).toEqual(['x', 'y']);
    expect(clock.pending).toBe(1);
    expect(clock.runNext()).toBe(true);
    expect(clock.now()).toBe(35);
    expect(clock.runNext()).toBe(false);
    expect(fired.map((f) => f.label)).toEqual(['x', 'y', 'z']);
  });

  it('runNext skips a cancelled head timer', () => {
    const clock = new SimulatedClock();
    const fired: Firing[] = [];
    const head = recordAt(clock, fired, 'head', 5);
    recordAt(clock, fired, 'next', 9);
    clock.clearTimeout(head);
    expect(clock.runNext()).toBe(true);
    expect(clock.now()).toBe(9);
    expect(fired).toEqual([{ label: 'next', at: 9 }]);
  });

  it('pending counts timers set and neither fired nor cleared', () => {
    const clock = new SimulatedClock();
    const ids = [1, 2, 3, 4].map((d) => clock.setTimeout(() => {}, d * 10));
    expect(clock.pending).toBe(4);
    clock.advance(15);
    expect(clock.pending).toBe(3);
    clock.clearTimeout(ids[3] ?? -1);
    expect(clock.pending).toBe(2);
    clock.advance(100);
    expect(clock.pending).toBe(0);
  });
});

describe('SimulatedClock: moving time', () => {
  it.each([
    { speed: 0.25, realMs: 100, expected: 25 },
    { speed: 0.5, realMs: 100, expected: 50 },
    { speed: 1, realMs: 100, expected: 100 },
    { speed: 2, realMs: 100, expected: 200 },
    { speed: 4, realMs: 100, expected: 400 },
    { speed: 3, realMs: 0, expected: 0 },
  ])('tick($realMs) at speed $speed moves $expected ms', ({ speed, realMs, expected }) => {
    const clock = new SimulatedClock(1000, speed);
    clock.tick(realMs);
    expect(clock.now()).toBe(1000 + expected);
  });

  it('tick fires timers that fall due in the scaled time only', () => {
    const clock = new SimulatedClock(0, 2);
    const fired: Firing[] = [];
    recordAt(clock, fired, 'in', 200);
    recordAt(clock, fired, 'out', 201);
    clock.tick(100);
    expect(fired).toEqual([{ label: 'in', at: 200 }]);
  });

  it('follows a speed change between ticks', () => {
    const clock = new SimulatedClock();
    clock.tick(100);
    clock.speed = 0.25;
    clock.tick(100);
    clock.speed = MAX_SPEED;
    clock.tick(100);
    expect(clock.now()).toBe(100 + 25 + 400);
  });

  it.each([MIN_SPEED, 1, MAX_SPEED])('accepts speed %s', (speed) => {
    const clock = new SimulatedClock();
    clock.speed = speed;
    expect(clock.speed).toBe(speed);
  });

  it.each([0, 0.24, -1, 4.01, 10, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses speed %s with a RangeError and keeps the old speed',
    (speed) => {
      const clock = new SimulatedClock(0, 2);
      expect(() => {
        clock.speed = speed;
      }).toThrow(RangeError);
      expect(() => {
        clock.speed = speed;
      }).toThrow(/Speed must be between 0.25x and 4x/);
      expect(clock.speed).toBe(2);
      expect(() => new SimulatedClock(0, speed)).toThrow(RangeError);
    },
  );

  it.each([-1, -0.001, Number.NEGATIVE_INFINITY, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses to advance by %s and leaves time and timers alone',
    (ms) => {
      const clock = new SimulatedClock(500);
      const fired: Firing[] = [];
      recordAt(clock, fired, 'x', 10);
      expect(() => clock.advance(ms)).toThrow(RangeError);
      expect(() => clock.advance(ms)).toThrow(/Cannot advance by/);
      expect(clock.now()).toBe(500);
      expect(fired).toEqual([]);
      expect(clock.pending).toBe(1);
    },
  );

  it.each([-1, -100])('refuses to tick by %s real ms', (realMs) => {
    const clock = new SimulatedClock(500);
    expect(() => clock.tick(realMs)).toThrow(RangeError);
    expect(clock.now()).toBe(500);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'refuses to advanceTo %s and leaves time and timers alone',
    (target) => {
      const clock = new SimulatedClock(500);
      const fired: Firing[] = [];
      recordAt(clock, fired, 'x', 10);
      expect(() => clock.advanceTo(target)).toThrow(RangeError);
      expect(clock.now()).toBe(500);
      expect(fired).toEqual([]);
    },
  );

  it('advanceTo a time in the past neither moves time back nor fires anything', () => {
    const clock = new SimulatedClock(500);
    const fired: Firing[] = [];
    recordAt(clock, fired, 'x', 0);
    clock.advanceTo(100);
    expect(clock.now()).toBe(500);
    // the zero-delay timer is due at 500, after the target
    expect(fired).toEqual([]);
  });

  it('advance(0) fires the timers due now', () => {
    const clock = new SimulatedClock(7);
    const fired: Firing[] = [];
    recordAt(clock, fired, 'now', 0);
    clock.advance(0);
    expect(fired).toEqual([{ label: 'now', at: 7 }]);
  });
});

describe('RealClock (checked under fake timers, never real time)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads Date.now and schedules with the global timers', () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2024, 0, 1));
    const clock = new RealClock();
    expect(clock.now()).toBe(Date.UTC(2024, 0, 1));
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('kept'), 100);
    const id = clock.setTimeout(() => fired.push('cleared'), 50);
    clock.clearTimeout(id);
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['kept']);
    expect(clock.now()).toBe(Date.UTC(2024, 0, 1) + 100);
  });
});

describe('background timers (housekeeping the step mode steps over)', () => {
  it('fire as usual, but nextDue and fireNext with foreground skip to the next event', () => {
    const clock = new SimulatedClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('watchdog@10'), 10, { background: true });
    clock.setTimeout(() => fired.push('event@50'), 50);
    clock.setTimeout(() => fired.push('watchdog@60'), 60, { background: true });
    expect(clock.nextDue()).toBe(10);
    expect(clock.nextDue({ foreground: true })).toBe(50);

    expect(clock.fireNext({ foreground: true })).toBe(true);
    // the housekeeping due before the event fired first, in order; the later one waits
    expect(fired).toEqual(['watchdog@10', 'event@50']);
    expect(clock.now()).toBe(50);
    expect(clock.nextDue({ foreground: true })).toBeUndefined();
    expect(clock.fireNext({ foreground: true })).toBe(false);
    clock.advance(100);
    expect(fired).toEqual(['watchdog@10', 'event@50', 'watchdog@60']);
  });

  it('a cleared background timer is forgotten', () => {
    const clock = new SimulatedClock(0);
    const id = clock.setTimeout(() => {}, 5, { background: true });
    clock.clearTimeout(id);
    expect(clock.pending).toBe(0);
    expect(clock.nextDue()).toBeUndefined();
  });
});
