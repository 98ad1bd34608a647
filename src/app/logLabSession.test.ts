import { describe, expect, it } from 'vitest';
import { ReplayLab, type ReplayLabSnapshot } from '../engine/replay/ReplayLab';
import { MemoryLogStore } from '../storage/memoryStore';
import { openLogLabSession } from './logLabSession';
import { fakeTicker } from './testing/fakeTicker';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('log lab session', () => {
  it('samples the lab once a frame, at most ten times a second while it keeps changing', async () => {
    const frames = fakeTicker();
    const store = new MemoryLogStore();
    const session = await openLogLabSession<ReplayLab, ReplayLabSnapshot>(
      'test',
      (deps) => ReplayLab.open(deps),
      {
        ticker: frames.ticker,
        store,
      },
    );
    expect(frames.running).toBe(true);
    const seen = () => session.store.getState().snapshot.live.balance;
    await session.lab.deposit(10);
    // the engine has it; the page sees it on the next frame
    expect(session.lab.snapshot.live.balance).toBe(1010);
    expect(seen()).toBe(1000);
    frames.frame(16);
    expect(seen()).toBe(1010);
    // a second change within 100 ms of frame time waits for the interval
    await session.lab.deposit(10);
    frames.frame(16);
    expect(seen()).toBe(1010);
    frames.frames(100, 16);
    expect(seen()).toBe(1020);
    await session.dispose();
    expect(frames.running).toBe(false);
    await expect(store.range('account', 0)).rejects.toThrow(/closed/);
  });

  it('pauses, steps and sets the speed of its clock', async () => {
    const frames = fakeTicker();
    const session = await openLogLabSession<ReplayLab, ReplayLabSnapshot>(
      'test',
      (deps) => ReplayLab.open(deps),
      {
        ticker: frames.ticker,
        store: new MemoryLogStore(),
      },
    );
    const t0 = session.clock.now();
    session.togglePause();
    frames.frames(500);
    expect(session.clock.now()).toBe(t0);
    expect(session.store.getState().playback.paused).toBe(true);
    session.resume();
    session.setSpeed(2);
    frames.frames(500);
    expect(session.clock.now()).toBe(t0 + 1000);
    await settle();
    await session.dispose();
  });
});
