import { motion } from 'motion/react';
import { type RefObject, useCallback, useRef, useState } from 'react';

export type FlightTone = 'deposit' | 'withdraw' | 'read';

interface Flight {
  readonly id: number;
  readonly from: { x: number; y: number };
  readonly to: { x: number; y: number };
  readonly label: string;
  readonly tone: FlightTone;
}

/** Flights at once; more would be noise at full replay speed (a sample is drawn). */
const MAX_FLIGHTS = 6;
/** A new flight waits this long after the last one: full speed shows a sample, not a blur. */
const MIN_GAP_MS = 90;

const centre = (el: Element, base: DOMRect) => {
  const r = el.getBoundingClientRect();
  return { x: r.left - base.left + r.width / 2, y: r.top - base.top + r.height / 2 };
};

/**
 * Chips that fly from one element to another across the lab (an event going into the log,
 * or read out of it into an account). Positions come from the elements on screen, so the
 * layout stays CSS's business.
 */
export function useFlights() {
  const layerRef = useRef<HTMLDivElement>(null);
  const [flights, setFlights] = useState<readonly Flight[]>([]);
  const next = useRef(0);
  const last = useRef(0);
  const fly = useCallback(
    (from: Element | null, to: Element | null, label: string, tone: FlightTone) => {
      const layer = layerRef.current;
      if (!layer || !from || !to) return;
      const now = performance.now();
      if (now - last.current < MIN_GAP_MS) return;
      last.current = now;
      const base = layer.getBoundingClientRect();
      const flight = {
        id: next.current++,
        from: centre(from, base),
        to: centre(to, base),
        label,
        tone,
      };
      setFlights((all) => [...all.slice(-(MAX_FLIGHTS - 1)), flight]);
    },
    [],
  );
  const land = useCallback((id: number) => {
    setFlights((all) => all.filter((f) => f.id !== id));
  }, []);
  return { layerRef, flights, fly, land };
}

export function FlightLayer({
  layerRef,
  flights,
  land,
}: {
  layerRef: RefObject<HTMLDivElement | null>;
  flights: readonly Flight[];
  land: (id: number) => void;
}) {
  return (
    <div className="flight-layer" ref={layerRef} aria-hidden="true">
      {flights.map((f) => (
        <motion.div
          key={f.id}
          className={`flight is-${f.tone}`}
          initial={{ x: f.from.x, y: f.from.y, opacity: 0, scale: 0.7 }}
          animate={{ x: f.to.x, y: f.to.y, opacity: [0, 1, 1, 0.6], scale: 1 }}
          transition={{ duration: 0.6, ease: 'easeInOut' }}
          onAnimationComplete={() => land(f.id)}
        >
          {f.label}
        </motion.div>
      ))}
    </div>
  );
}
