import { describe, expect, it } from 'vitest';
import { shareEntries, shareSnapshot } from './shareSnapshot';

describe('structural sharing of snapshots', () => {
  it('keeps an unchanged entry as the same object and a changed one new', () => {
    const prev = {
      q1: { ready: 1, workers: [{ id: 'w1', state: 'idle' }] },
      q2: { ready: 0, workers: [] },
    };
    const next = shareEntries(prev, {
      q1: { ready: 1, workers: [{ id: 'w1', state: 'idle' }] },
      q2: { ready: 3, workers: [] },
    });
    expect(next.q1).toBe(prev.q1);
    expect(next.q2).not.toBe(prev.q2);
    expect(next.q2).toEqual({ ready: 3, workers: [] });
  });

  it('gives back the whole previous record when nothing changed, and never when an entry came or went', () => {
    const prev = { a: { n: 1 } };
    expect(shareEntries(prev, { a: { n: 1 } })).toBe(prev);
    expect(shareEntries(prev, { a: { n: 1 }, b: { n: 2 } })).not.toBe(prev);
    expect(shareEntries({ a: { n: 1 }, b: { n: 2 } }, { a: { n: 1 } })).toEqual({ a: { n: 1 } });
  });

  it('shares every record field of a snapshot and leaves the scalars as they are', () => {
    const prev = {
      version: 1,
      inFlight: 0,
      queues: { q: { ready: 1 } },
      listeners: { l: { received: 1 } },
    };
    const next = shareSnapshot(prev, {
      version: 2,
      inFlight: 3,
      queues: { q: { ready: 1 } },
      listeners: { l: { received: 2 } },
    });
    expect(next.version).toBe(2);
    expect(next.inFlight).toBe(3);
    expect(next.queues).toBe(prev.queues);
    expect(next.listeners.l).toEqual({ received: 2 });
  });
});
