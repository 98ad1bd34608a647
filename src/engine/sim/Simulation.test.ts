import { describe, expect, it } from 'vitest';
import { eventBusLab } from '../../labs/eventBus';
import { InvalidNameError } from '../bus/names';
import { Simulation } from './Simulation';

const START = Date.UTC(2024, 0, 1, 12, 0, 0);
const HOP = eventBusLab.settings.hopMs;

function lab1() {
  return new Simulation(eventBusLab, { startMs: START });
}

/** Deliveries in trace order, as `listener (pattern, match)`, failed ones marked. */
function deliveries(sim: Simulation): string[] {
  return sim.traceEvents().flatMap((e) => {
    if (e.type === 'bus.delivered') return [`${e.listener} (${e.pattern}, ${e.match})`];
    if (e.type === 'bus.listener-failed')
      return [`${e.listener} (${e.pattern}, ${e.match}) failed`];
    return [];
  });
}

function received(sim: Simulation): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, l] of Object.entries(sim.getSnapshot().listeners)) out[id] = l.received;
  return out;
}

describe('setup', () => {
  it('subscribes the active subscriptions of the scenario', () => {
    const sim = lab1();
    expect(sim.bus('bus').subscriptions()).toEqual([
      { pattern: 'user.registered', name: 'email_sender' },
      { pattern: '*', name: 'logger' },
      { pattern: 'user.*', name: 'analytics' },
      { pattern: 'order.created', name: 'analytics' },
    ]);
    expect(sim.traceEvents().map((e) => e.type)).toEqual([
      'bus.subscribed',
      'bus.subscribed',
      'bus.subscribed',
      'bus.subscribed',
    ]);
    const snapshot = sim.getSnapshot();
    expect(snapshot.inFlight).toBe(0);
    expect(snapshot.buses.bus).toEqual({ log: [], appended: 0, dropped: 0 });
    expect(snapshot.subscriptions).toEqual({
      'email-user-registered': { active: true },
      'logger-all': { active: true },
      'analytics-user': { active: true },
      'analytics-order-created': { active: true },
    });
    expect(received(sim)).toEqual({ email_sender: 0, logger: 0, analytics: 0 });
  });

  it('leaves an inactive subscription unsubscribed and a failing listener failing', () => {
    const scenario = {
      ...eventBusLab,
      nodes: eventBusLab.nodes.map((n) => (n.id === 'logger' ? { ...n, failing: true } : n)),
      subscriptions: eventBusLab.subscriptions.map((s) =>
        s.id === 'analytics-user' ? { ...s, active: false } : s,
      ),
    };
    const sim = new Simulation(scenario, { startMs: START });
    expect(sim.getSnapshot().subscriptions['analytics-user']).toEqual({ active: false });
    expect(sim.getSnapshot().listeners.logger?.failing).toBe(true);
    sim.send('app', 'user.deleted', {});
    sim.clock.advance(HOP);
    expect(deliveries(sim)).toEqual(['logger (*, all) failed']);
  });
});

describe('sending an event', () => {
  it('travels the edge for hopMs, then the bus logs and delivers it', () => {
    const sim = lab1();
    const data = { user_id: 1 };
    const id = sim.send('app', 'user.registered', data);

    const sent = sim.traceEvents().filter((e) => e.type === 'message.sent');
    expect(sent).toEqual([
      {
        type: 'message.sent',
        messageId: id,
        from: 'app',
        to: 'bus',
        event: 'user.registered',
        data,
        arrivesAt: START + HOP,
        seq: 5,
        at: START,
      },
    ]);
    expect(sim.getSnapshot().inFlight).toBe(1);
    expect(sim.getSnapshot().buses.bus?.log).toEqual([]);

    sim.clock.advance(HOP - 1);
    expect(sim.getSnapshot().inFlight).toBe(1);
    expect(sim.getSnapshot().buses.bus?.log).toEqual([]);
    expect(received(sim)).toEqual({ email_sender: 0, logger: 0, analytics: 0 });

    sim.clock.advance(1);
    const snapshot = sim.getSnapshot();
    expect(snapshot.inFlight).toBe(0);
    expect(snapshot.buses.bus).toEqual({
      log: [{ timestamp: '2024-01-01T12:00:00.700Z', event: 'user.registered', data }],
      appended: 1,
      dropped: 0,
    });
    expect(received(sim)).toEqual({ email_sender: 1, logger: 1, analytics: 1 });
    expect(deliveries(sim)).toEqual([
      'email_sender (user.registered, exact)',
      'analytics (user.*, prefix)',
      'logger (*, all)',
    ]);
    const emitted = sim.traceEvents().filter((e) => e.type === 'bus.emitted');
    expect(emitted.map((e) => e.at)).toEqual([START + HOP]);
  });

  it('gives every message its own id', () => {
    const sim = lab1();
    expect([sim.send('app', 'a', 1), sim.send('app', 'b', 2), sim.send('app', 'c', 3)]).toEqual([
      'm1',
      'm2',
      'm3',
    ]);
    expect(sim.getSnapshot().inFlight).toBe(3);
  });

  it.each([
    {
      event: 'user.registered',
      route: [
        'email_sender (user.registered, exact)',
        'analytics (user.*, prefix)',
        'logger (*, all)',
      ],
      counts: { email_sender: 1, analytics: 1, logger: 1 },
    },
    {
      event: 'user.deleted',
      route: ['analytics (user.*, prefix)', 'logger (*, all)'],
      counts: { email_sender: 0, analytics: 1, logger: 1 },
    },
    {
      event: 'order.created',
      route: ['analytics (order.created, exact)', 'logger (*, all)'],
      counts: { email_sender: 0, analytics: 1, logger: 1 },
    },
    {
      event: 'user.profile.updated',
      route: ['analytics (user.*, prefix)', 'logger (*, all)'],
      counts: { email_sender: 0, analytics: 1, logger: 1 },
    },
    {
      event: 'username.changed',
      route: ['logger (*, all)'],
      counts: { email_sender: 0, analytics: 0, logger: 1 },
    },
  ])('$event reaches exactly $route', ({ event, route, counts }) => {
    const sim = lab1();
    sim.send('app', event, { n: 1 });
    sim.clock.advance(HOP);
    expect(deliveries(sim)).toEqual(route);
    expect(received(sim)).toEqual(counts);
    expect(sim.getSnapshot().buses.bus?.log.map((e) => e.event)).toEqual([event]);
  });

  it.each(['', 'user..x', 'us*er', '*', 'user registered', '.user', 'user.'])(
    'the invalid event name %j throws InvalidNameError and sends nothing',
    (name) => {
      const sim = lab1();
      const before = sim.getSnapshot();
      const traced = sim.traceEvents().length;
      expect(() => sim.send('app', name, {})).toThrow(InvalidNameError);
      expect(sim.getSnapshot()).toBe(before);
      expect(sim.traceEvents()).toHaveLength(traced);
      expect(sim.clock.pending).toBe(0);
      expect(sim.busyUntil).toBe(START);
    },
  );

  it.each([
    { from: 'nobody', error: 'No producer "nobody" in this scenario' },
    { from: 'bus', error: 'No producer "bus" in this scenario' },
    { from: 'logger', error: 'No producer "logger" in this scenario' },
  ])('sending from $from throws and sends nothing', ({ from, error }) => {
    const sim = lab1();
    expect(() => sim.send(from, 'user.registered', {})).toThrow(error);
    expect(sim.getSnapshot().inFlight).toBe(0);
    expect(sim.clock.pending).toBe(0);
  });
});

describe('subscriptions', () => {
  it('unsubscribing analytics-user stops user.* for analytics; re-subscribing restores it', () => {
    const sim = lab1();
    sim.setSubscriptionActive('analytics-user', false);
    expect(sim.getSnapshot().subscriptions['analytics-user']).toEqual({ active: false });
    sim.send('app', 'user.registered', {});
    sim.send('app', 'order.created', {});
    sim.clock.advance(HOP);
    expect(received(sim)).toEqual({ email_sender: 1, logger: 2, analytics: 1 });
    expect(deliveries(sim)).toEqual([
      'email_sender (user.registered, exact)',
      'logger (*, all)',
      'analytics (order.created, exact)',
      'logger (*, all)',
    ]);

    sim.setSubscriptionActive('analytics-user', true);
    expect(sim.getSnapshot().subscriptions['analytics-user']).toEqual({ active: true });
    sim.send('app', 'user.deleted', {});
    sim.clock.advance(HOP);
    expect(received(sim)).toEqual({ email_sender: 1, logger: 3, analytics: 2 });
    expect(deliveries(sim).slice(-2)).toEqual(['analytics (user.*, prefix)', 'logger (*, all)']);
  });

  it('traces the unsubscribe and the subscribe', () => {
    const sim = lab1();
    sim.setSubscriptionActive('analytics-user', false);
    sim.setSubscriptionActive('analytics-user', true);
    const body = sim
      .traceEvents()
      .slice(-2)
      .map(({ seq: _s, at: _a, ...rest }) => rest);
    expect(body).toEqual([
      { type: 'bus.unsubscribed', bus: 'bus', listener: 'analytics', pattern: 'user.*' },
      { type: 'bus.subscribed', bus: 'bus', listener: 'analytics', pattern: 'user.*' },
    ]);
  });

  it('setting the state a subscription already has changes nothing', () => {
    const sim = lab1();
    const before = sim.getSnapshot();
    const traced = sim.traceEvents().length;
    sim.setSubscriptionActive('logger-all', true);
    expect(sim.getSnapshot()).toBe(before);
    expect(sim.traceEvents()).toHaveLength(traced);
  });

  it('an unknown subscription throws', () => {
    expect(() => lab1().setSubscriptionActive('nope', false)).toThrow('No subscription "nope"');
  });

  it('a message in flight goes to the subscriptions at the time it arrives', () => {
    const sim = lab1();
    sim.send('app', 'user.registered', {});
    sim.setSubscriptionActive('email-user-registered', false);
    sim.clock.advance(HOP);
    expect(received(sim).email_sender).toBe(0);
  });
});

describe('a failing listener', () => {
  it.each([
    { listener: 'email_sender', message: 'SMTP server refused the connection' },
    { listener: 'analytics', message: 'analytics service timed out' },
    { listener: 'logger', message: 'disk full: cannot write the log line' },
  ])('$listener throws its failureMessage; the others still receive', ({ listener, message }) => {
    const sim = lab1();
    sim.setFailing(listener, true);
    expect(sim.getSnapshot().listeners[listener]).toEqual({
      received: 0,
      failed: 0,
      failing: true,
      lastError: undefined,
      service: { kind: 'record' },
    });
    sim.send('app', 'user.registered', { user_id: 1 });
    sim.clock.advance(HOP);

    const snapshot = sim.getSnapshot();
    expect(snapshot.listeners[listener]).toEqual({
      received: 1,
      failed: 1,
      failing: true,
      lastError: message,
      service: { kind: 'record' },
    });
    for (const [id, state] of Object.entries(snapshot.listeners)) {
      if (id !== listener) expect(state).toMatchObject({ received: 1, failed: 0 });
    }
    const failures = sim.traceEvents().filter((e) => e.type === 'bus.listener-failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ listener, error: message, event: 'user.registered' });
    expect(
      sim
        .traceEvents()
        .filter((e) => e.type === 'bus.delivered')
        .map((e) => (e.type === 'bus.delivered' ? e.listener : '')),
    ).toEqual(['email_sender', 'analytics', 'logger'].filter((l) => l !== listener));
    // the event is still logged
    expect(snapshot.buses.bus?.appended).toBe(1);
  });

  it('the bus reports what the listener threw', () => {
    const sim = lab1();
    sim.setFailing('email_sender', true);
    expect(sim.bus('bus').emit('user.registered', {}).failures).toEqual([
      {
        listener: 'email_sender',
        pattern: 'user.registered',
        error: 'SMTP server refused the connection',
      },
    ]);
  });

  it('traces the mode change and recovers, keeping its counts and last error', () => {
    const sim = lab1();
    sim.setFailing('analytics', true);
    sim.send('app', 'order.created', {});
    sim.clock.advance(HOP);
    sim.setFailing('analytics', false);
    sim.send('app', 'order.created', {});
    sim.clock.advance(HOP);
    expect(sim.getSnapshot().listeners.analytics).toEqual({
      received: 2,
      failed: 1,
      failing: false,
      lastError: 'analytics service timed out',
      service: { kind: 'record' },
    });
    expect(
      sim
        .traceEvents()
        .filter((e) => e.type === 'listener.mode-changed')
        .map(({ seq: _s, at: _a, ...rest }) => rest),
    ).toEqual([
      { type: 'listener.mode-changed', listener: 'analytics', failing: true },
      { type: 'listener.mode-changed', listener: 'analytics', failing: false },
    ]);
  });

  it('setting the mode it already has changes nothing; an unknown listener throws', () => {
    const sim = lab1();
    const before = sim.getSnapshot();
    sim.setFailing('logger', false);
    expect(sim.getSnapshot()).toBe(before);
    expect(() => sim.setFailing('nobody', true)).toThrow('No listener "nobody"');
  });
});

describe('the log', () => {
  it('clearLog empties the log and traces how many entries went', () => {
    const sim = lab1();
    sim.send('app', 'user.registered', {});
    sim.send('app', 'order.created', {});
    sim.clock.advance(HOP);
    expect(sim.getSnapshot().buses.bus?.log).toHaveLength(2);
    sim.clearLog('bus');
    expect(sim.getSnapshot().buses.bus).toEqual({ log: [], appended: 0, dropped: 0 });
    expect(sim.traceEvents().at(-1)).toMatchObject({ type: 'bus.log-cleared', entries: 2 });
    // the bus keeps working
    sim.send('app', 'user.deleted', {});
    sim.clock.advance(HOP);
    expect(sim.getSnapshot().buses.bus?.log.map((e) => e.event)).toEqual(['user.deleted']);
  });

  it('clearLog on an unknown bus throws', () => {
    expect(() => lab1().clearLog('nope')).toThrow('No bus "nope"');
  });
});

describe('snapshots', () => {
  it('is referentially stable while nothing changes', () => {
    const sim = lab1();
    const first = sim.getSnapshot();
    expect(sim.getSnapshot()).toBe(first);
    sim.clock.advance(10_000);
    expect(sim.getSnapshot()).toBe(first);
  });

  it.each<{ change: string; run: (sim: Simulation) => void }>([
    { change: 'send', run: (sim) => sim.send('app', 'user.registered', {}) },
    { change: 'setFailing', run: (sim) => sim.setFailing('logger', true) },
    {
      change: 'setSubscriptionActive',
      run: (sim) => sim.setSubscriptionActive('logger-all', false),
    },
    { change: 'clearLog', run: (sim) => sim.clearLog('bus') },
  ])('$change gives a new snapshot with a higher version and notifies', ({ run }) => {
    const sim = lab1();
    const before = sim.getSnapshot();
    let notified = 0;
    sim.subscribe(() => notified++);
    run(sim);
    const after = sim.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.version).toBeGreaterThan(before.version);
    expect(notified).toBe(1);
    expect(sim.getSnapshot()).toBe(after);
  });

  it('the arrival of a message is a change too', () => {
    const sim = lab1();
    sim.send('app', 'user.registered', {});
    const sent = sim.getSnapshot();
    let notified = 0;
    const off = sim.subscribe(() => notified++);
    sim.clock.advance(HOP);
    expect(sim.getSnapshot()).not.toBe(sent);
    expect(sim.getSnapshot().version).toBeGreaterThan(sent.version);
    expect(notified).toBe(1);
    off();
    sim.send('app', 'user.registered', {});
    expect(notified).toBe(1);
  });
});

describe('busyUntil', () => {
  it('is now while nothing moves', () => {
    const sim = lab1();
    expect(sim.busyUntil).toBe(START);
    sim.clock.advance(123);
    expect(sim.busyUntil).toBe(START + 123);
  });

  it.each([
    { case: 'a delivered event', failing: false },
    { case: 'a failed delivery', failing: true },
  ])('covers the message in flight, then the landing of $case', ({ failing }) => {
    const sim = lab1();
    if (failing) sim.setFailing('logger', true);
    sim.clock.advance(50);
    sim.send('app', 'order.created', {});
    expect(sim.busyUntil).toBe(START + 50 + HOP);
    sim.clock.advance(HOP);
    // emitted at START + 50 + HOP; its deliveries land one hop later
    expect(sim.busyUntil).toBe(START + 50 + 2 * HOP);
    sim.clock.advance(HOP + 10);
    expect(sim.busyUntil).toBe(START + 60 + 2 * HOP);
  });

  it('ends at the arrival when the event has no listeners', () => {
    const scenario = { ...eventBusLab, subscriptions: [] };
    const sim = new Simulation(scenario, { startMs: START });
    sim.send('app', 'user.registered', {});
    sim.clock.advance(HOP);
    expect(sim.busyUntil).toBe(START + HOP);
  });

  it('takes the latest of several messages', () => {
    const sim = lab1();
    sim.send('app', 'user.registered', {});
    sim.clock.advance(300);
    sim.send('app', 'order.created', {});
    sim.clock.advance(HOP);
    expect(sim.busyUntil).toBe(START + 300 + 2 * HOP);
  });
});

describe('determinism', () => {
  /** The same commands, with the clock advanced in the given slices. */
  function run(slices: readonly number[]) {
    const sim = lab1();
    sim.send('app', 'user.registered', { user_id: 1 });
    sim.clock.advance(slices[0] ?? 0);
    sim.setFailing('analytics', true);
    sim.send('app', 'order.created', { order_id: 'A-100' });
    sim.send('app', 'user.profile.updated', { user_id: 1 });
    sim.setSubscriptionActive('email-user-registered', false);
    for (const ms of slices.slice(1)) sim.clock.advance(ms);
    sim.send('app', 'user.deleted', { user_id: 2 });
    sim.clock.advance(2 * HOP);
    return { trace: sim.traceEvents(), snapshot: sim.getSnapshot() };
  }

  it('same seed and same commands give an identical trace, seq and at included', () => {
    const a = run([400, 1000]);
    const b = run([400, 1000]);
    expect(a.trace.length).toBeGreaterThan(20);
    expect(b.trace).toEqual(a.trace);
    expect(b.snapshot).toEqual(a.snapshot);
    expect(a.trace.map((e) => e.seq)).toEqual(a.trace.map((_, i) => i + 1));
  });

  it('slicing the same time differently gives the same trace', () => {
    const a = run([400, 1000]);
    const b = run([400, ...Array.from({ length: 100 }, () => 10)]);
    expect(b.trace).toEqual(a.trace);
  });
});
