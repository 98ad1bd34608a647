import type { SimulatedClock } from '../clock';

export interface PlaybackState {
  readonly paused: boolean;
  readonly speed: number;
  /** a step is under way: time runs until `stepUntil`, then pauses again */
  readonly stepping: boolean;
}

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

/**
 * Pause, resume, speed and step, over a SimulatedClock. The UI's frame loop calls
 * `frame(realElapsedMs)`; nothing else moves simulated time.
 *
 * A step while paused fires the next scheduled engine event (exactly one, even when several
 * are due at once) and then lets time run until what it sent has landed (`busyUntil`), with
 * other timers held, so a person sees one event play out and stop.
 */
export class Playback {
  #paused = false;
  #phase: 'none' | 'to-event' | 'to-landing' = 'none';
  #target = 0;

  constructor(
    readonly clock: SimulatedClock,
    private readonly busyUntil: () => number,
  ) {}

  get state(): PlaybackState {
    return { paused: this.#paused, speed: this.clock.speed, stepping: this.#phase !== 'none' };
  }

  pause(): void {
    this.#paused = true;
    this.#phase = 'none';
  }

  resume(): void {
    this.#paused = false;
    this.#phase = 'none';
  }

  setSpeed(speed: number): void {
    this.clock.speed = speed;
  }

  /** Whether a step would do anything: an event is scheduled or a message is still moving. */
  canStep(): boolean {
    return (
      this.clock.nextDue({ foreground: true }) !== undefined || this.busyUntil() > this.clock.now()
    );
  }

  /** Starts a step; only while paused. Returns false when there is nothing to step to. */
  step(): boolean {
    if (!this.#paused || !this.canStep()) return false;
    const due = this.clock.nextDue({ foreground: true });
    if (due !== undefined) {
      this.#phase = 'to-event';
      this.#target = due;
    } else {
      this.#phase = 'to-landing';
      this.#target = this.busyUntil();
    }
    return true;
  }

  /** Advances the clock for `realMs` of wall time. Returns simulated ms advanced. */
  frame(realMs: number): number {
    const before = this.clock.now();
    // where this frame's share of time ends; firing the event uses part of it, not more
    const goal = before + realMs * this.clock.speed;
    if (!this.#paused) {
      this.clock.tick(realMs);
    } else if (this.#phase === 'to-event') {
      if (goal < this.#target) {
        this.clock.advanceTo(goal);
      } else {
        // fire exactly one timer, even if others are due at the same instant
        this.clock.fireNext({ foreground: true });
        this.#phase = 'to-landing';
        this.#target = this.busyUntil();
      }
    }
    if (this.#phase === 'to-landing') {
      // a step plays one event: timers falling due meanwhile wait for the next step
      this.clock.holdTo(Math.min(this.#target, goal));
      if (this.clock.now() >= this.#target) this.#phase = 'none';
    }
    return this.clock.now() - before;
  }
}
