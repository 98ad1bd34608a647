import { describe, expect, it } from 'vitest';
import { Simulation } from '../engine/sim';
import type { TraceEvent } from '../engine/trace';
import { eventBusLab } from '../labs/eventBus';
import { createLandings } from './landings';

const HOP = 700;
let seq = 0;

function delivered(listener: string, at: number): TraceEvent {
  return {
    type: 'bus.delivered',
    bus: 'bus',
    event: 'user.registered',
    emitSeq: 1,
    listener,
    pattern: '*',
    match: 'all',
    seq: ++seq,
    at,
  };
}

function failed(listener: string, at: number, error: string): TraceEvent {
  return {
    type: 'bus.listener-failed',
    bus: 'bus',
    event: 'user.registered',
    emitSeq: 1,
    listener,
    pattern: '*',
    match: 'all',
    error,
    seq: ++seq,
    at,
  };
}

describe('landings', () => {
  it.each([
    { case: 'a delivery', event: delivered('logger', 1000), failures: 0 },
    { case: 'a failed delivery', event: failed('logger', 1000, 'disk full'), failures: 1 },
  ])('$case lands exactly hopMs after its trace event', ({ event, failures }) => {
    const landings = createLandings(HOP);
    landings.observe(event);
    expect(landings.advance(1000)).toBe(false);
    expect(landings.advance(1000 + HOP - 1)).toBe(false);
    expect(landings.current).toEqual({});
    expect(landings.advance(1000 + HOP)).toBe(true);
    expect(landings.current.logger).toMatchObject({ received: 1, failed: failures, pulse: 1 });
    // landed once only
    expect(landings.advance(1000 + 10 * HOP)).toBe(false);
    expect(landings.current.logger?.received).toBe(1);
  });

  it('a failed delivery counts in received and failed, with its error', () => {
    const landings = createLandings(HOP);
    landings.observe(delivered('email_sender', 0));
    landings.observe(failed('email_sender', 10, 'SMTP refused'));
    landings.observe(delivered('email_sender', 20));
    landings.advance(10 + HOP);
    expect(landings.current.email_sender).toEqual({
      received: 2,
      failed: 1,
      lastError: 'SMTP refused',
      pulse: 2,
    });
    // a later success keeps the last error on show
    landings.advance(20 + HOP);
    expect(landings.current.email_sender).toEqual({
      received: 3,
      failed: 1,
      lastError: 'SMTP refused',
      pulse: 3,
    });
  });

  it('the last error is the latest failure that has landed', () => {
    const landings = createLandings(HOP);
    landings.observe(failed('a', 0, 'first'));
    landings.observe(failed('a', 5, 'second'));
    landings.advance(HOP);
    expect(landings.current.a?.lastError).toBe('first');
    landings.advance(HOP + 5);
    expect(landings.current.a?.lastError).toBe('second');
  });

  it('pulse grows on every landing, one listener at a time', () => {
    const landings = createLandings(HOP);
    const pulses: number[] = [];
    for (let i = 0; i < 5; i++) landings.observe(delivered('a', i * 100));
    landings.observe(delivered('b', 150));
    for (let t = HOP; t <= HOP + 400; t += 100) {
      landings.advance(t);
      pulses.push(landings.current.a?.pulse ?? 0);
    }
    expect(pulses).toEqual([1, 2, 3, 4, 5]);
    expect(landings.current.b).toEqual({
      received: 1,
      failed: 0,
      lastError: undefined,
      pulse: 1,
    });
  });

  it('ignores trace events that are not deliveries', () => {
    const landings = createLandings(HOP);
    const others: TraceEvent[] = [
      { type: 'bus.emitted', bus: 'bus', event: 'x', data: 1, deliveries: 0, seq: 1, at: 0 },
      {
        type: 'message.sent',
        messageId: 'm1',
        from: 'app',
        to: 'bus',
        event: 'x',
        data: 1,
        arrivesAt: HOP,
        seq: 2,
        at: 0,
      },
      { type: 'bus.subscribed', bus: 'bus', listener: 'a', pattern: '*', seq: 3, at: 0 },
      { type: 'listener.mode-changed', listener: 'a', failing: true, seq: 4, at: 0 },
    ];
    for (const e of others) landings.observe(e);
    expect(landings.advance(10 * HOP)).toBe(false);
    expect(landings.current).toEqual({});
  });

  it('current is a new object when something landed and the same one otherwise', () => {
    const landings = createLandings(HOP);
    const empty = landings.current;
    landings.advance(5000);
    expect(landings.current).toBe(empty);
    landings.observe(delivered('a', 0));
    landings.advance(HOP);
    const after = landings.current;
    expect(after).not.toBe(empty);
    expect(empty).toEqual({});
    landings.advance(HOP + 1);
    expect(landings.current).toBe(after);
  });

  it('lands what a Simulation delivers, one hop after the bus emits', () => {
    const START = 1_000_000;
    const sim = new Simulation(eventBusLab, { startMs: START });
    const landings = createLandings(sim.hopMs);
    sim.trace.subscribe((e) => landings.observe(e));
    sim.setFailing('analytics', true);
    sim.send('app', 'user.registered', {});
    sim.clock.advance(sim.hopMs);
    expect(landings.advance(sim.clock.now())).toBe(false);
    sim.clock.advance(sim.hopMs - 1);
    expect(landings.advance(sim.clock.now())).toBe(false);
    sim.clock.advance(1);
    expect(landings.advance(sim.clock.now())).toBe(true);
    expect(landings.current).toEqual({
      email_sender: { received: 1, failed: 0, lastError: undefined, pulse: 1 },
      analytics: {
        received: 1,
        failed: 1,
        lastError: 'analytics service timed out',
        pulse: 1,
      },
      logger: { received: 1, failed: 0, lastError: undefined, pulse: 1 },
    });
    expect(sim.busyUntil).toBe(sim.clock.now());
  });
});
