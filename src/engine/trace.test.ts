import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { SimulatedClock } from './clock';
import { recordTrace, Trace, type TraceEvent, type TraceEventBody, type TraceOf } from './trace';

const START = Date.UTC(2024, 0, 1);

function subscribed(listener: string): TraceEventBody {
  return { type: 'bus.subscribed', bus: 'bus', listener, pattern: '*' };
}

describe('Trace: nothing recorded while no one listens', () => {
  it('record returns undefined, uses no seq and does not read the clock', () => {
    const clock = new SimulatedClock(START);
    const now = vi.spyOn(clock, 'now');
    const trace = new Trace(clock);
    expect(trace.active).toBe(false);
    expect(trace.record(subscribed('a'))).toBeUndefined();
    expect(trace.record(subscribed('b'))).toBeUndefined();
    expect(trace.nextSeq).toBe(1);
    expect(now).not.toHaveBeenCalled();
  });

  it('numbers the first recorded event 1 even after unrecorded calls', () => {
    const trace = new Trace(new SimulatedClock(START));
    trace.record(subscribed('ignored'));
    const rec = recordTrace(trace);
    trace.record(subscribed('kept'));
    expect(rec.events().map((e) => e.seq)).toEqual([1]);
  });
});

describe('Trace: seq and at', () => {
  it('gives strictly increasing, gapless seq and the clock time', () => {
    const clock = new SimulatedClock(START);
    const trace = new Trace(clock);
    const rec = recordTrace(trace);
    const steps = [0, 5, 0, 120, 1];
    steps.forEach((ms, i) => {
      clock.advance(ms);
      trace.record(subscribed(`l${i}`));
    });
    expect(rec.events().map((e) => [e.seq, e.at])).toEqual([
      [1, START],
      [2, START + 5],
      [3, START + 5],
      [4, START + 125],
      [5, START + 126],
    ]);
  });

  it('returns the recorded event, body plus seq and at', () => {
    const clock = new SimulatedClock(START + 42);
    const trace = new Trace(clock);
    trace.subscribe(() => {});
    expect(trace.nextSeq).toBe(1);
    const event = trace.record({ type: 'bus.log-cleared', bus: 'b', entries: 3 });
    expect(event).toEqual({
      type: 'bus.log-cleared',
      bus: 'b',
      entries: 3,
      seq: 1,
      at: START + 42,
    });
    expect(trace.nextSeq).toBe(2);
  });

  it('keeps seq gapless across a pause with no sinks', () => {
    const trace = new Trace(new SimulatedClock(START));
    const rec = recordTrace(trace);
    trace.record(subscribed('a'));
    rec.stop();
    trace.record(subscribed('lost'));
    const rec2 = recordTrace(trace);
    trace.record(subscribed('b'));
    expect(rec.events().map((e) => e.seq)).toEqual([1]);
    expect(rec2.events().map((e) => e.seq)).toEqual([2]);
  });
});

describe('Trace: sinks', () => {
  it('gives every sink the same event, in subscription order', () => {
    const trace = new Trace(new SimulatedClock(START));
    const calls: [string, TraceEvent][] = [];
    trace.subscribe((e) => calls.push(['first', e]));
    trace.subscribe((e) => calls.push(['second', e]));
    const event = trace.record(subscribed('x'));
    expect(calls.map(([who]) => who)).toEqual(['first', 'second']);
    expect(calls[0]?.[1]).toBe(event);
    expect(calls[1]?.[1]).toBe(event);
  });

  it('stops calling a sink once it unsubscribes, and goes inactive with none left', () => {
    const trace = new Trace(new SimulatedClock(START));
    const a: number[] = [];
    const b: number[] = [];
    const stopA = trace.subscribe((e) => a.push(e.seq));
    const stopB = trace.subscribe((e) => b.push(e.seq));
    trace.record(subscribed('1'));
    stopA();
    trace.record(subscribed('2'));
    stopB();
    expect(trace.active).toBe(false);
    expect(trace.record(subscribed('3'))).toBeUndefined();
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
  });

  it('does not call a sink added while an event is being recorded for that event', () => {
    const trace = new Trace(new SimulatedClock(START));
    const late: number[] = [];
    let added = false;
    trace.subscribe(() => {
      if (!added) {
        added = true;
        trace.subscribe((e) => late.push(e.seq));
      }
    });
    trace.record(subscribed('1'));
    trace.record(subscribed('2'));
    expect(late).toEqual([2]);
  });
});

describe('recordTrace', () => {
  it('keeps events oldest first and filters by type', () => {
    const trace = new Trace(new SimulatedClock(START));
    const rec = recordTrace(trace);
    trace.record(subscribed('a'));
    trace.record({ type: 'bus.log-cleared', bus: 'bus', entries: 2 });
    trace.record(subscribed('b'));
    expect(rec.events().map((e) => e.type)).toEqual([
      'bus.subscribed',
      'bus.log-cleared',
      'bus.subscribed',
    ]);
    const subs = rec.ofType('bus.subscribed');
    expectTypeOf(subs).toEqualTypeOf<TraceOf<'bus.subscribed'>[]>();
    expect(subs.map((e) => e.listener)).toEqual(['a', 'b']);
    expect(rec.ofType('bus.log-cleared').map((e) => e.entries)).toEqual([2]);
    expect(rec.ofType('bus.delivered')).toEqual([]);
  });

  it.each([
    { capacity: 1, recorded: 5, kept: [5] },
    { capacity: 3, recorded: 2, kept: [1, 2] },
    { capacity: 3, recorded: 3, kept: [1, 2, 3] },
    { capacity: 3, recorded: 7, kept: [5, 6, 7] },
  ])(
    'with capacity $capacity after $recorded events keeps seq $kept',
    ({ capacity, recorded, kept }) => {
      const trace = new Trace(new SimulatedClock(START));
      const rec = recordTrace(trace, capacity);
      for (let i = 0; i < recorded; i++) trace.record(subscribed(String(i)));
      expect(rec.events().map((e) => e.seq)).toEqual(kept);
    },
  );

  it('clear empties it and recording goes on; stop ends recording', () => {
    const trace = new Trace(new SimulatedClock(START));
    const rec = recordTrace(trace);
    trace.record(subscribed('a'));
    rec.clear();
    expect(rec.events()).toEqual([]);
    trace.record(subscribed('b'));
    expect(rec.events().map((e) => e.seq)).toEqual([2]);
    rec.stop();
    expect(trace.active).toBe(false);
    trace.record(subscribed('c'));
    expect(rec.events().map((e) => e.seq)).toEqual([2]);
  });

  it('returns a copy: changing it does not change the record', () => {
    const trace = new Trace(new SimulatedClock(START));
    const rec = recordTrace(trace);
    trace.record(subscribed('a'));
    rec.events().pop();
    expect(rec.events()).toHaveLength(1);
  });
});
