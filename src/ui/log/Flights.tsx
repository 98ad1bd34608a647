import { motion } from 'motion/react';
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';

export type FlightTone = 'deposit' | 'withdraw' | 'read';

interface Flight {
  readonly id: number;
  readonly from: { x: number; y: number };
  readonly to: { x: number; y: number };
  readonly label: string;
  readonly tone: FlightTone;
}

/** Flights at once; more would be noise at full replay speed (a sample is drawn). */
const MAX_FLIGHTS = 12;
/** A new flight waits this long after the last one: full speed shows a sample, not a blur. */
const MIN_GAP_MS = 90;
/** Queued flights (a sample of many events) that take off each frame: a stream, not a clump. */
const PER_FRAME = 1;
/** Queued flights kept at most: a queue that grows faster than it flies keeps the newest. */
const MAX_QUEUED = 24;

/** One chip to fly: where from, where to, what it says. */
export interface FlightSpec {
  readonly from: Element | null;
  /** where down `from` it starts, 0 (top) to 1 (bottom); its centre when not given */
  readonly fromHeight?: number;
  readonly to: Element | null;
  readonly label: string;
  readonly tone: FlightTone;
}

const centre = (el: Element, base: DOMRect) => at(el, base);

/** A point of `el` relative to `base`: its centre, or `height` (0-1) of the way down. */
function at(el: Element, base: DOMRect, height = 0.5) {
  const r = el.getBoundingClientRect();
  return { x: r.left - base.left + r.width / 2, y: r.top - base.top + r.height * height };
}

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

  // a sample of many events flies a few a frame, in order, not all at once
  const queue = useRef<Flight[]>([]);
  const frame = useRef(0);
  const takeOff = useCallback(() => {
    frame.current = 0;
    const ready = queue.current.splice(0, PER_FRAME);
    if (ready.length > 0) setFlights((all) => [...all, ...ready].slice(-MAX_FLIGHTS));
    if (queue.current.length > 0) frame.current = requestAnimationFrame(takeOff);
  }, []);
  const flyEach = useCallback(
    (specs: readonly FlightSpec[]) => {
      const layer = layerRef.current;
      if (!layer) return;
      // positions now, while these elements show these records
      const base = layer.getBoundingClientRect();
      for (const { from, fromHeight, to, label, tone } of specs) {
        if (!from || !to) continue;
        queue.current.push({
          id: next.current++,
          from: at(from, base, fromHeight),
          to: centre(to, base),
          label,
          tone,
        });
      }
      queue.current = queue.current.slice(-MAX_QUEUED);
      if (frame.current === 0 && queue.current.length > 0) {
        frame.current = requestAnimationFrame(takeOff);
      }
    },
    [takeOff],
  );
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  return { layerRef, flights, fly, flyEach, land };
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
