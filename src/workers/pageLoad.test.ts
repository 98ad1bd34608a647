import { describe, expect, it } from 'vitest';
import { PageLoad } from './pageLoad';

/** A PageLoad on a hand-moved clock, and spans of `busy` ms every `every` ms for `ms` ms. */
function meter() {
  let t = 0;
  const load = new PageLoad(() => t);
  const spans = (ms: number, every: number, busy: number) => {
    for (const end = t + ms; t < end; ) {
      load.begin();
      t += busy;
      load.end();
      t += every - busy;
    }
  };
  const wait = (ms: number) => {
    t += ms;
  };
  return { load, spans, wait };
}

describe('PageLoad', () => {
  it('knows nothing and has no room before a window has passed', () => {
    const m = meter();
    m.spans(9, 0.5, 0.05);
    expect(m.load.load).toBeUndefined();
    expect(m.load.hasRoom).toBe(false);
  });

  it('measures the share of the time spent inside spans', () => {
    const m = meter();
    m.spans(10.5, 0.5, 0.1);
    expect(m.load.load).toBeCloseTo(0.2, 1);
    expect(m.load.hasRoom).toBe(true);
  });

  it('keeps its answer between the two thresholds, so pipelining cannot make it flap', () => {
    const m = meter();
    // 0.2: room
    m.spans(40, 0.5, 0.1);
    expect(m.load.hasRoom).toBe(true);
    // 0.6 (pipelining's own posts): still room
    m.spans(100, 0.5, 0.3);
    expect(m.load.load).toBeCloseTo(0.6, 1);
    expect(m.load.hasRoom).toBe(true);
    // 0.9: none
    m.spans(100, 0.5, 0.45);
    expect(m.load.hasRoom).toBe(false);
    // 0.6 again: still none
    m.spans(100, 0.5, 0.3);
    expect(m.load.load).toBeCloseTo(0.6, 1);
    expect(m.load.hasRoom).toBe(false);
  });

  it('counts a span inside a span once', () => {
    const m = meter();
    for (let i = 0; i < 30; i++) {
      m.load.begin();
      m.load.begin();
      m.wait(0.1);
      m.load.end();
      m.wait(0.1);
      m.load.end();
      m.wait(0.3);
    }
    // 0.2 busy of every 0.5, not 0.3
    expect(m.load.load).toBeCloseTo(0.4, 1);
  });

  it('does not count pauses with nothing flowing as room', () => {
    const m = meter();
    for (let i = 0; i < 30; i++) {
      m.spans(1, 0.5, 0.4);
      // nothing between bursts
      m.wait(50);
    }
    expect(m.load.load).toBeGreaterThan(0.7);
    expect(m.load.hasRoom).toBe(false);
  });

  it('ignores an end without a begin', () => {
    const m = meter();
    m.load.end();
    m.spans(10.5, 0.5, 0.1);
    expect(m.load.load).toBeCloseTo(0.2, 1);
  });
});
