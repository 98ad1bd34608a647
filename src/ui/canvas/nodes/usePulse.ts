import { useAnimate, useReducedMotion } from 'motion/react';
import { useEffect, useRef } from 'react';

// under load a node's counters change every frame; one ring at a time, not one per change
export const PULSE_GAP_MS = 450;
const PULSE_S = 0.6;

/**
 * A ring that flashes when `pulse` changes, driven by one animation on one element (no React
 * remount per arrival), at most once per PULSE_GAP_MS and never over a ring still running;
 * with reduced motion it only fades. Not over a running one: a ring cut short by the next
 * never settles (neither stopped nor completed), and useAnimate's scope keeps every unsettled
 * animation until unmount (motion 14): two rings a second per busy node, for as long as the
 * lab ran.
 */
export function usePulse(pulse: number) {
  const [scope, animate] = useAnimate<HTMLSpanElement>();
  const reduced = useReducedMotion() ?? false;
  const last = useRef(Number.NEGATIVE_INFINITY);
  const ringing = useRef(false);
  useEffect(() => {
    if (pulse === 0 || scope.current === null || ringing.current) return;
    const now = performance.now();
    if (now - last.current < PULSE_GAP_MS) return;
    last.current = now;
    ringing.current = true;
    void animate(
      scope.current,
      reduced ? { opacity: [0.6, 0] } : { opacity: [0.75, 0], scale: [1, 1.12] },
      { duration: PULSE_S, ease: 'easeOut' },
    ).then(() => {
      ringing.current = false;
    });
  }, [pulse, animate, scope, reduced]);
  return scope;
}
