import { afterEach, describe, expect, it } from 'vitest';
import { eventBusLab } from '../labs/eventBus';
import { createLabSession, type LabSession } from './labSession';
import { fakeTicker } from './testing/fakeTicker';

const HOP = eventBusLab.settings.hopMs;

let open: LabSession[] = [];
afterEach(() => {
  for (const s of open) s.dispose();
  open = [];
});

function setup() {
  const fake = fakeTicker();
  const session = createLabSession(eventBusLab, fake.ticker);
  open.push(session);
  const start = session.sim.clock.now();
  const elapsed = () => session.sim.clock.now() - start;
  const state = () => session.store.getState();
  return { fake, session, elapsed, state };
}

describe('createLabSession', () => {
  it('starts the ticker and opens with the scenario state', () => {
    const { fake, state } = setup();
    expect(fake.running).toBe(true);
    expect(fake.callbacks).toBe(1);
    expect(state().playback).toEqual({ paused: false, speed: 1, stepping: false });
    expect(state().canStep).toBe(false);
    expect(state().landed).toEqual({});
    expect(state().snapshot.inFlight).toBe(0);
  });

  it('send: the log has the entry after frames totalling hopMs; landings one hop later', () => {
    const { fake, session, state, elapsed } = setup();
    session.send('app', 'user.registered', { user_id: 1 });
    // a command samples at once
    expect(state().snapshot.inFlight).toBe(1);
    // a running session has nothing to step; paused, the message in flight can be stepped
    expect(state().canStep).toBe(false);
    session.pause();
    expect(state().canStep).toBe(true);
    session.resume();

    fake.frames(HOP - 50);
    expect(state().snapshot.buses.bus?.log).toEqual([]);
    fake.frames(50);
    expect(elapsed()).toBe(HOP);
    expect(state().snapshot.inFlight).toBe(0);
    expect(state().snapshot.buses.bus?.log.map((e) => [e.event, e.data])).toEqual([
      ['user.registered', { user_id: 1 }],
    ]);
    // the engine has delivered, but the picture has not landed them yet
    expect(state().snapshot.listeners.email_sender?.received).toBe(1);
    expect(state().landed).toEqual({});

    fake.frames(HOP - 10);
    expect(state().landed).toEqual({});
    fake.frames(10);
    expect(elapsed()).toBe(2 * HOP);
    for (const id of ['email_sender', 'analytics', 'logger']) {
      expect(state().landed[id]).toMatchObject({ received: 1, failed: 0, pulse: 1 });
    }
    expect(state().canStep).toBe(false);
  });

  it('the store changes only when something changed', () => {
    const { fake, session } = setup();
    fake.frame(16);
    let changes = 0;
    session.store.subscribe(() => changes++);
    fake.frames(1000);
    expect(changes).toBe(0);
    session.send('app', 'order.created', {});
    expect(changes).toBe(1);
  });

  it('pause, step and setSpeed are reflected in the store', () => {
    const { fake, session, state, elapsed } = setup();
    session.setSpeed(2);
    expect(state().playback).toEqual({ paused: false, speed: 2, stepping: false });
    session.pause();
    expect(state().playback).toEqual({ paused: true, speed: 2, stepping: false });
    fake.frames(500);
    expect(elapsed()).toBe(0);

    session.send('app', 'user.registered', {});
    expect(state().canStep).toBe(true);
    session.step();
    expect(state().playback).toEqual({ paused: true, speed: 2, stepping: true });
    for (let i = 0; i < 1000 && state().playback.stepping; i++) fake.frame(20);
    expect(state().playback).toEqual({ paused: true, speed: 2, stepping: false });
    expect(elapsed()).toBe(2 * HOP);
    expect(state().snapshot.buses.bus?.log).toHaveLength(1);
    expect(state().landed.logger?.received).toBe(1);
    expect(state().canStep).toBe(false);

    session.togglePause();
    expect(state().playback.paused).toBe(false);
    session.togglePause();
    expect(state().playback.paused).toBe(true);
    session.resume();
    expect(state().playback.paused).toBe(false);
    fake.frame(50);
    expect(elapsed()).toBe(2 * HOP + 100);
  });

  it('an invalid speed throws and leaves the state', () => {
    const { session, state } = setup();
    expect(() => session.setSpeed(10)).toThrow(RangeError);
    expect(state().playback.speed).toBe(1);
  });

  it('subscription, failing and clearLog commands show in the snapshot at once', () => {
    const { fake, session, state } = setup();
    session.setSubscriptionActive('logger-all', false);
    expect(state().snapshot.subscriptions['logger-all']).toEqual({ active: false });
    session.setFailing('email_sender', true);
    expect(state().snapshot.listeners.email_sender?.failing).toBe(true);
    session.send('app', 'user.registered', {});
    fake.frames(2 * HOP);
    expect(state().landed.email_sender).toEqual({
      received: 1,
      failed: 1,
      lastError: 'SMTP server refused the connection',
      pulse: 1,
      service: { kind: 'record' },
    });
    expect(state().landed.logger).toBeUndefined();
    session.clearLog('bus');
    expect(state().snapshot.buses.bus?.log).toEqual([]);
  });

  it('activity is newest first and includes the subscriptions made at setup', () => {
    const { fake, session, state } = setup();
    // before any frame
    const setupActivity = state().activity;
    expect(setupActivity.map((e) => e.type)).toEqual([
      'bus.subscribed',
      'bus.subscribed',
      'bus.subscribed',
      'bus.subscribed',
    ]);
    expect(setupActivity.map((e) => e.seq)).toEqual([4, 3, 2, 1]);
    fake.frame(16);
    expect(state().activity).toBe(setupActivity);

    session.send('app', 'user.registered', {});
    expect(state().activity[0]).toMatchObject({ type: 'message.sent', event: 'user.registered' });
    fake.frames(HOP);
    const activity = state().activity;
    expect(activity.slice(0, 5).map((e) => e.type)).toEqual([
      'bus.delivered',
      'bus.delivered',
      'bus.delivered',
      'bus.emitted',
      'message.sent',
    ]);
    const seqs = activity.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(activity.at(-1)?.seq).toBe(1);
  });

  it('activity keeps the newest 200 events', () => {
    const { fake, session, state } = setup();
    for (let i = 0; i < 60; i++) session.send('app', 'user.registered', { i });
    fake.frames(HOP);
    // 4 subscriptions + 60 × (sent, emitted, 3 delivered)
    const total = 4 + 60 * 5;
    const activity = state().activity;
    expect(activity).toHaveLength(200);
    expect(activity[0]?.seq).toBe(total);
    expect(activity.at(-1)?.seq).toBe(total - 199);
  });

  it('onFrame runs after the clock has moved, until removed', () => {
    const { fake, session, elapsed } = setup();
    const seen: number[] = [];
    const off = session.onFrame(() => seen.push(elapsed()));
    fake.frame(10);
    fake.frame(20);
    off();
    fake.frame(30);
    expect(seen).toEqual([10, 30]);
  });

  it('dispose stops frames', () => {
    const { fake, session, state, elapsed } = setup();
    const seen: number[] = [];
    session.onFrame(() => seen.push(elapsed()));
    session.send('app', 'user.registered', {});
    fake.frame(100);
    session.dispose();
    expect(fake.running).toBe(false);
    expect(fake.callbacks).toBe(0);
    const before = state();
    fake.frame(100);
    // a ticker that runs on (one shared with something else) does not reach the session
    fake.ticker.start();
    fake.frames(2 * HOP);
    expect(elapsed()).toBe(100);
    expect(seen).toEqual([100]);
    expect(state()).toBe(before);
  });
});
