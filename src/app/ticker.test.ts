import { describe, expect, it } from 'vitest';
import { createTicker } from './ticker';

/** requestAnimationFrame by hand: `frame(time)` runs the callbacks requested so far. */
function fakeRaf() {
  let nextId = 1;
  const requested = new Map<number, FrameRequestCallback>();
  const cancelled: number[] = [];
  return {
    raf: (cb: FrameRequestCallback) => {
      const id = nextId++;
      requested.set(id, cb);
      return id;
    },
    caf: (id: number) => {
      cancelled.push(id);
      requested.delete(id);
    },
    frame(time: number) {
      const due = [...requested.values()];
      requested.clear();
      for (const cb of due) cb(time);
    },
    get pending() {
      return requested.size;
    },
    cancelled,
  };
}

function setup() {
  const raf = fakeRaf();
  const ticker = createTicker(raf.raf, raf.caf);
  const elapsed: number[] = [];
  const remove = ticker.add((ms) => elapsed.push(ms));
  return { raf, ticker, elapsed, remove };
}

describe('createTicker', () => {
  it('requests nothing until started', () => {
    const { raf, elapsed } = setup();
    expect(raf.pending).toBe(0);
    raf.frame(16);
    expect(elapsed).toEqual([]);
  });

  it.each([
    { case: 'steady 60 fps', times: [1000, 1016, 1032, 1048], expected: [0, 16, 16, 16] },
    { case: 'uneven frames', times: [0, 5, 50, 149], expected: [0, 5, 45, 99] },
    { case: 'exactly the cap', times: [0, 100, 200], expected: [0, 100, 100] },
    { case: 'a long gap (a background tab)', times: [0, 16, 60_016], expected: [0, 16, 100] },
    { case: 'time going backwards', times: [500, 400, 416], expected: [0, 0, 16] },
  ])('$case: first frame 0, then elapsed ms capped at 100', ({ times, expected }) => {
    const { raf, ticker, elapsed } = setup();
    ticker.start();
    for (const t of times) raf.frame(t);
    expect(elapsed).toEqual(expected);
    expect(raf.pending).toBe(1);
  });

  it('calls every callback each frame, and a removed one no more', () => {
    const { raf, ticker, elapsed, remove } = setup();
    const other: number[] = [];
    ticker.add((ms) => other.push(ms));
    ticker.start();
    raf.frame(0);
    raf.frame(10);
    remove();
    raf.frame(30);
    expect(elapsed).toEqual([0, 10]);
    expect(other).toEqual([0, 10, 20]);
  });

  it('starting twice runs one loop', () => {
    const { raf, ticker, elapsed } = setup();
    ticker.start();
    ticker.start();
    expect(raf.pending).toBe(1);
    raf.frame(0);
    ticker.start();
    raf.frame(20);
    expect(elapsed).toEqual([0, 20]);
  });

  it('stop cancels the requested frame', () => {
    const { raf, ticker, elapsed } = setup();
    ticker.start();
    raf.frame(0);
    ticker.stop();
    expect(raf.cancelled).toHaveLength(1);
    expect(raf.pending).toBe(0);
    raf.frame(16);
    expect(elapsed).toEqual([0]);
    // stopping again is harmless
    ticker.stop();
    expect(raf.cancelled).toHaveLength(1);
  });

  it('after stop and start the first frame counts 0 again', () => {
    const { raf, ticker, elapsed } = setup();
    ticker.start();
    raf.frame(0);
    raf.frame(16);
    ticker.stop();
    ticker.start();
    raf.frame(5000);
    raf.frame(5010);
    expect(elapsed).toEqual([0, 16, 0, 10]);
  });

  it('stop from inside a frame callback stops the loop', () => {
    const { raf, ticker, elapsed } = setup();
    ticker.add(() => ticker.stop());
    ticker.start();
    raf.frame(0);
    expect(raf.pending).toBe(0);
    raf.frame(16);
    expect(elapsed).toEqual([0]);
  });

  it('stop and start from inside a frame callback leave one loop', () => {
    const { raf, ticker, elapsed } = setup();
    let restarted = false;
    ticker.add(() => {
      if (restarted) return;
      restarted = true;
      ticker.stop();
      ticker.start();
    });
    ticker.start();
    raf.frame(0);
    expect(raf.pending).toBe(1);
    raf.frame(40);
    raf.frame(60);
    // the restart begins counting afresh
    expect(elapsed).toEqual([0, 0, 20]);
  });

  it('a callback that throws does not stop later frames', () => {
    const { raf, ticker, elapsed } = setup();
    let throws = true;
    ticker.add(() => {
      if (throws) throw new Error('bad frame');
    });
    ticker.start();
    expect(() => raf.frame(0)).toThrow('bad frame');
    expect(raf.pending).toBe(1);
    throws = false;
    raf.frame(16);
    expect(elapsed).toEqual([0, 16]);
  });
});
