import { useAnimate, useReducedMotion } from 'motion/react';
import { useEffect, useRef } from 'react';

/** how long a ring lasts; under load a node's counters change every frame */
export const RING_S = 0.6;

/**
 * A ring that flashes when `pulse` changes, driven by one animation on one element (no React
 * remount per arrival), one ring at a time: a change while a ring runs is part of it. With
 * reduced motion it only fades. Never a ring over a running one: one cut short by the next
 * never settles (neither stopped nor completed), and useAnimate's scope keeps every
 * unsettled animation until unmount (motion 14): two a second per busy node, for as long as
 * the lab ran.
 */
export function usePulse(pulse: number) {
  const [scope, animate] = useAnimate<HTMLSpanElement>();
  const reduced = useReducedMotion() ?? false;
  const ringing = useRef(false);
  useEffect(() => {
    if (pulse === 0 || scope.current === null || ringing.current) return;
    ringing.current = true;
    void animate(
      scope.current,
      reduced ? { opacity: [0.6, 0] } : { opacity: [0.75, 0], scale: [1, 1.12] },
      { duration: RING_S, ease: 'easeOut' },
    ).then(() => {
      ringing.current = false;
    });
  }, [pulse, animate, scope, reduced]);
  return scope;
}
