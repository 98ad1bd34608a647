import { describe, expect, it } from 'vitest';
import { eventBusLab } from '../../labs/eventBus';
import { SimulatedClock } from '../clock';
import { Playback, SPEEDS } from './Playback';
import { Simulation } from './Simulation';

const START = Date.UTC(2024, 0, 1, 12, 0, 0);
const HOP = eventBusLab.settings.hopMs;

function setup() {
  const sim = new Simulation(eventBusLab, { startMs: START });
  const playback = new Playback(sim.clock, () => sim.busyUntil);
  const elapsed = () => sim.clock.now() - START;
  const emitted = () =>
    sim.traceEvents().flatMap((e) => (e.type === 'bus.emitted' ? [e.at - START] : []));
  return { sim, playback, elapsed, emitted };
}

/**
 * Runs frames of `frameMs` until the step ends. Returns the clock (relative to START) after
 * each frame; fails if the step never ends.
 */
function runStep(playback: Playback, clock: SimulatedClock, frameMs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < 10_000 && playback.state.stepping; i++) {
    playback.frame(frameMs);
    times.push(clock.now() - START);
  }
  expect(playback.state.stepping).toBe(false);
  return times;
}

describe('pause and resume', () => {
  it('starts running at the scenario speed', () => {
    const { playback } = setup();
    expect(playback.state).toEqual({ paused: false, speed: 1, stepping: false });
  });

  it('a paused clock does not move on frame, and nothing fires', () => {
    const { sim, playback, elapsed } = setup();
    sim.send('app', 'user.registered', {});
    playback.pause();
    expect(playback.state.paused).toBe(true);
    for (let i = 0; i < 50; i++) expect(playback.frame(100)).toBe(0);
    expect(elapsed()).toBe(0);
    expect(sim.getSnapshot().inFlight).toBe(1);
    expect(sim.getSnapshot().buses.bus?.log).toEqual([]);
  });

  it('resume moves the clock again and the held message arrives', () => {
    const { sim, playback, elapsed } = setup();
    sim.send('app', 'user.registered', {});
    playback.pause();
    playback.frame(1000);
    playback.resume();
    expect(playback.state.paused).toBe(false);
    expect(playback.frame(HOP)).toBe(HOP);
    expect(elapsed()).toBe(HOP);
    expect(sim.getSnapshot().buses.bus?.log).toHaveLength(1);
  });

  it.each(SPEEDS)('at speed %s a frame moves the clock by elapsed × speed', (speed) => {
    const { playback, elapsed } = setup();
    playback.setSpeed(speed);
    expect(playback.state.speed).toBe(speed);
    expect(playback.frame(100)).toBe(100 * speed);
    expect(playback.frame(40)).toBe(40 * speed);
    expect(elapsed()).toBe(140 * speed);
  });

  it.each([0, 0.2, 4.01, 8, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'speed %s is refused and the speed stays',
    (speed) => {
      const { playback } = setup();
      playback.setSpeed(2);
      expect(() => playback.setSpeed(speed)).toThrow(RangeError);
      expect(playback.state.speed).toBe(2);
    },
  );
});

describe('step', () => {
  it('does nothing while running', () => {
    const { sim, playback } = setup();
    sim.send('app', 'user.registered', {});
    expect(playback.canStep()).toBe(true);
    expect(playback.step()).toBe(false);
    expect(playback.state.stepping).toBe(false);
  });

  it('with nothing pending, there is nothing to step to', () => {
    const { playback, elapsed } = setup();
    playback.pause();
    expect(playback.canStep()).toBe(false);
    expect(playback.step()).toBe(false);
    expect(playback.state).toEqual({ paused: true, speed: 1, stepping: false });
    playback.frame(100);
    expect(elapsed()).toBe(0);
  });

  it.each([
    { frameMs: 16, speed: 1 },
    { frameMs: 50, speed: 1 },
    { frameMs: 33, speed: 2 },
    { frameMs: 10, speed: 0.25 },
  ])(
    'runs a pending send to the bus emit, then until its deliveries land, then pauses (frames of $frameMs ms at $speed×)',
    ({ frameMs, speed }) => {
      const { sim, playback, elapsed, emitted } = setup();
      playback.setSpeed(speed);
      playback.pause();
      sim.send('app', 'user.registered', {});
      expect(playback.canStep()).toBe(true);
      expect(playback.step()).toBe(true);
      expect(playback.state).toEqual({ paused: true, speed, stepping: true });

      // to the emit
      let frames = 0;
      while (emitted().length === 0) {
        expect(playback.frame(frameMs)).toBeLessThanOrEqual(frameMs * speed);
        frames++;
        expect(frames).toBeLessThan(10_000);
      }
      expect(emitted()).toEqual([HOP]);
      expect(sim.getSnapshot().buses.bus?.log).toHaveLength(1);
      expect(frames).toBeGreaterThan(1);
      // still stepping: the deliveries are on their way
      expect(playback.state.stepping).toBe(true);
      expect(sim.busyUntil).toBe(START + 2 * HOP);

      // to the landing, a small frame at a time
      const times = runStep(playback, sim.clock, frameMs);
      expect(times.length).toBeGreaterThan(1);
      expect(times.at(-1)).toBe(2 * HOP);
      expect(playback.state).toEqual({ paused: true, speed, stepping: false });
      expect(playback.canStep()).toBe(false);

      // paused again: further frames do not move time
      playback.frame(frameMs);
      expect(elapsed()).toBe(2 * HOP);
    },
  );

  it('no frame of a step moves the clock by more than elapsed × speed', () => {
    const { sim, playback } = setup();
    playback.pause();
    sim.send('app', 'user.registered', {});
    playback.step();
    // 30 does not divide 700: the emit falls inside a frame
    let last = sim.clock.now();
    while (playback.state.stepping) {
      playback.frame(30);
      expect(sim.clock.now() - last).toBeLessThanOrEqual(30);
      last = sim.clock.now();
    }
    expect(last - START).toBe(2 * HOP);
  });

  it('two sends queued while paused take two steps, one event each', () => {
    const { sim, playback, emitted } = setup();
    playback.pause();
    sim.send('app', 'user.registered', {});
    sim.send('app', 'order.created', {});

    expect(playback.step()).toBe(true);
    runStep(playback, sim.clock, 50);
    expect(sim.getSnapshot().buses.bus?.log.map((e) => e.event)).toEqual(['user.registered']);
    expect(emitted()).toEqual([HOP]);
    expect(playback.canStep()).toBe(true);

    expect(playback.step()).toBe(true);
    const times = runStep(playback, sim.clock, 50);
    expect(sim.getSnapshot().buses.bus?.log.map((e) => e.event)).toEqual([
      'user.registered',
      'order.created',
    ]);
    expect(emitted()).toHaveLength(2);
    // the second event's deliveries have landed too
    expect(times.at(-1)).toBe(sim.busyUntil - START);
    expect(playback.canStep()).toBe(false);
    expect(playback.step()).toBe(false);
  });

  it('a step with only deliveries still moving runs until they land', () => {
    const { sim, playback, elapsed } = setup();
    sim.send('app', 'user.registered', {});
    playback.frame(HOP + 100);
    playback.pause();
    expect(sim.clock.nextDue()).toBeUndefined();
    expect(playback.canStep()).toBe(true);
    expect(playback.step()).toBe(true);
    runStep(playback, sim.clock, 50);
    expect(elapsed()).toBe(2 * HOP);
    expect(playback.canStep()).toBe(false);
  });

  it('pause and resume end a step', () => {
    const { sim, playback, elapsed } = setup();
    playback.pause();
    sim.send('app', 'user.registered', {});
    playback.step();
    playback.frame(100);
    playback.pause();
    expect(playback.state.stepping).toBe(false);
    playback.frame(100);
    expect(elapsed()).toBe(100);
    playback.step();
    playback.resume();
    expect(playback.state).toEqual({ paused: false, speed: 1, stepping: false });
    playback.frame(100);
    expect(elapsed()).toBe(200);
  });
});

describe('step over housekeeping timers', () => {
  it('a background timer alone gives nothing to step to', () => {
    const clock = new SimulatedClock(0);
    const playback = new Playback(clock, () => clock.now());
    clock.setTimeout(() => {}, 100, { background: true });
    playback.pause();
    expect(playback.canStep()).toBe(false);
    expect(playback.step()).toBe(false);
  });

  it('a step goes to the next event, firing the housekeeping due before it', () => {
    const clock = new SimulatedClock(0);
    const fired: string[] = [];
    const playback = new Playback(clock, () => clock.now());
    clock.setTimeout(() => fired.push('watchdog'), 100, { background: true });
    clock.setTimeout(() => fired.push('event'), 300);
    playback.pause();
    expect(playback.step()).toBe(true);
    for (let i = 0; i < 40 && playback.state.stepping; i++) playback.frame(16);
    expect(fired).toEqual(['watchdog', 'event']);
    expect(playback.state.stepping).toBe(false);
  });
});
