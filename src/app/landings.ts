import type { ServiceState } from '../engine/sim';
import type { TraceEvent } from '../engine/trace';

export interface Landed {
  readonly received: number;
  readonly failed: number;
  /** error of the latest failed delivery that has landed */
  readonly lastError: string | undefined;
  /** grows on each landing: the node pulses when it changes */
  readonly pulse: number;
  /** the listener's service state as the latest landed delivery left it */
  readonly service: ServiceState | undefined;
}

interface Pending {
  readonly listener: string;
  readonly landsAt: number;
  readonly error: string | undefined;
  readonly service: ServiceState | undefined;
}

const EMPTY: Landed = {
  received: 0,
  failed: 0,
  lastError: undefined,
  pulse: 0,
  service: undefined,
};

/**
 * What the picture shows on each listener. The bus calls listeners at once (the engine's
 * counters change then), but the picture draws the delivery travelling its edge for one hop;
 * the counter on the node goes up when the particle lands, so eye and number agree.
 */
export function createLandings(
  hopMs: number,
  /** the listener's service state right after the delivery, so totals land with the dot */
  serviceOf: (listener: string) => ServiceState | undefined = () => undefined,
) {
  const pending: Pending[] = [];
  let landed: Readonly<Record<string, Landed>> = {};

  return {
    observe(event: TraceEvent): void {
      if (event.type === 'bus.delivered') {
        const service = serviceOf(event.listener);
        pending.push({
          listener: event.listener,
          landsAt: event.at + hopMs,
          error: undefined,
          service,
        });
      } else if (event.type === 'listener.called') {
        // a call from a consumer's handler lands like a bus delivery
        pending.push({
          listener: event.listener,
          landsAt: event.at + hopMs,
          error: event.ok ? undefined : event.text,
          service: serviceOf(event.listener),
        });
      } else if (event.type === 'bus.listener-failed') {
        const service = serviceOf(event.listener);
        pending.push({
          listener: event.listener,
          landsAt: event.at + hopMs,
          error: event.error,
          service,
        });
      }
    },
    /** Applies every landing due by `now`; returns whether anything changed. */
    advance(now: number): boolean {
      let changed = false;
      // trace order is time order, so due landings are at the front
      while (pending.length > 0 && (pending[0] as Pending).landsAt <= now) {
        const p = pending.shift() as Pending;
        const prev = landed[p.listener] ?? EMPTY;
        landed = {
          ...landed,
          [p.listener]: {
            received: prev.received + 1,
            failed: prev.failed + (p.error === undefined ? 0 : 1),
            lastError: p.error ?? prev.lastError,
            pulse: prev.pulse + 1,
            service: p.service ?? prev.service,
          },
        };
        changed = true;
      }
      return changed;
    },
    get current(): Readonly<Record<string, Landed>> {
      return landed;
    },
  };
}
