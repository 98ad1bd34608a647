import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { RING_S, usePulse } from './usePulse';

type Scope = ReturnType<typeof usePulse>;

function Ring({ pulse, seen }: { pulse: number; seen: (scope: Scope) => void }) {
  const scope = usePulse(pulse);
  seen(scope);
  return createElement('span', { ref: scope });
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('usePulse', () => {
  it('rings a busy node and keeps no animation once its ring is over', async () => {
    // a busy node: its counters change more often than a ring lasts
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    let scope: Scope | undefined;
    const seen = (s: Scope) => {
      scope = s;
    };
    let rang = 0;
    try {
      for (let pulse = 1; pulse <= 8; pulse++) {
        await act(async () => root.render(createElement(Ring, { pulse, seen })));
        if ((scope?.animations.length ?? 0) > 0) rang++;
        await wait(RING_S * 750);
      }
      // a ring at every other change or so; motion's scope holds each one until it settles
      expect(rang).toBeGreaterThanOrEqual(3);
      expect(scope?.animations.length).toBeLessThanOrEqual(1);
      await wait(1000);
      expect(scope?.animations).toHaveLength(0);
    } finally {
      act(() => root.unmount());
      host.remove();
    }
  });
});
