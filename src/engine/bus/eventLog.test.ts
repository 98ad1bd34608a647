import { describe, expect, it } from 'vitest';
import { EventLog } from './eventLog';

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

function fill(log: EventLog, count: number): void {
  for (let i = 1; i <= count; i++) log.append(T0 + i, `e${i}`, { i });
}

describe('EventLog', () => {
  it('keeps entries oldest first in the course format, with ISO timestamps', () => {
    const log = new EventLog(10);
    log.append(T0, 'user.registered', { id: 1 });
    log.append(T0 + 1500, 'order.created', { total: 99.5 });
    log.append(T0 + 1500, 'user.deleted', undefined);
    expect(log.entries()).toEqual([
      { timestamp: '2024-01-01T12:00:00.000Z', event: 'user.registered', data: { id: 1 } },
      { timestamp: '2024-01-01T12:00:01.500Z', event: 'order.created', data: { total: 99.5 } },
      { timestamp: '2024-01-01T12:00:01.500Z', event: 'user.deleted', data: undefined },
    ]);
  });

  it.each([
    { at: 0, iso: '1970-01-01T00:00:00.000Z' },
    { at: Date.UTC(2024, 1, 29, 23, 59, 59, 999), iso: '2024-02-29T23:59:59.999Z' },
    { at: Date.UTC(2030, 11, 31), iso: '2030-12-31T00:00:00.000Z' },
  ])('formats time $at as $iso', ({ at, iso }) => {
    const log = new EventLog(1);
    log.append(at, 'x', null);
    expect(log.entries()[0]?.timestamp).toBe(iso);
  });

  it('serialises to the course line format', () => {
    const log = new EventLog(1);
    log.append(T0, 'user.registered', { name: 'Olena' });
    expect(log.entries().map((e) => JSON.stringify(e))).toEqual([
      '{"timestamp":"2024-01-01T12:00:00.000Z","event":"user.registered","data":{"name":"Olena"}}',
    ]);
  });

  it.each([
    { capacity: 1, appended: 0, kept: [] as string[] },
    { capacity: 1, appended: 3, kept: ['e3'] },
    { capacity: 3, appended: 2, kept: ['e1', 'e2'] },
    { capacity: 3, appended: 3, kept: ['e1', 'e2', 'e3'] },
    { capacity: 3, appended: 4, kept: ['e2', 'e3', 'e4'] },
    { capacity: 3, appended: 10, kept: ['e8', 'e9', 'e10'] },
    { capacity: 0, appended: 5, kept: [] as string[] },
  ])('capacity $capacity after $appended appends keeps $kept', ({ capacity, appended, kept }) => {
    const log = new EventLog(capacity);
    fill(log, appended);
    expect(log.entries().map((e) => e.event)).toEqual(kept);
    expect(log.size).toBe(kept.length);
    expect(log.stats()).toEqual({
      kept: kept.length,
      appended,
      dropped: appended - kept.length,
      capacity,
    });
  });

  it('keeps the timestamps of the entries it keeps when full', () => {
    const log = new EventLog(2);
    fill(log, 5);
    expect(log.entries()).toEqual([
      { timestamp: new Date(T0 + 4).toISOString(), event: 'e4', data: { i: 4 } },
      { timestamp: new Date(T0 + 5).toISOString(), event: 'e5', data: { i: 5 } },
    ]);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -0.5])(
    'refuses capacity %s with a RangeError',
    (capacity) => {
      expect(() => new EventLog(capacity)).toThrow(RangeError);
      expect(() => new EventLog(capacity)).toThrow(/Log capacity must be a whole number >= 0/);
    },
  );

  it('clear empties it, returns how many it held and resets the counters', () => {
    const log = new EventLog(3);
    fill(log, 5);
    expect(log.clear()).toBe(3);
    expect(log.entries()).toEqual([]);
    expect(log.stats()).toEqual({ kept: 0, appended: 0, dropped: 0, capacity: 3 });
    log.append(T0, 'after', 1);
    expect(log.entries().map((e) => e.event)).toEqual(['after']);
    expect(log.stats()).toEqual({ kept: 1, appended: 1, dropped: 0, capacity: 3 });
  });

  it('clear on a log with logging off returns 0', () => {
    const log = new EventLog(0);
    fill(log, 2);
    expect(log.clear()).toBe(0);
    expect(log.stats().appended).toBe(0);
  });

  it('hands out copies: changing what entries() returned does not change the log', () => {
    const log = new EventLog(3);
    fill(log, 2);
    const first = log.entries();
    first.pop();
    (first[0] as { event: string }).event = 'changed';
    expect(log.entries().map((e) => e.event)).toEqual(['e1', 'e2']);
  });
});
