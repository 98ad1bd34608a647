import type { TimerId } from '../clock';
import type { Simulation } from '../sim';
import { carryOut, type FaultSubject, prepareFault } from './apply';
import { checkFaultScript } from './check';
import { parseFaultScript } from './parse';
import type { FaultProblem } from './problems';
import type { FaultAction, FaultScript } from './schema';
import type { FaultEndReason } from './traceEvents';

/** Where one line of a script is. */
export type FaultLineState =
  | { readonly state: 'pending'; readonly dueAt: number }
  /** applied, with an `until` still to come */
  | { readonly state: 'active'; readonly endsAt: number | undefined }
  | { readonly state: 'done' }
  | { readonly state: 'refused'; readonly reason: string }
  /** the script was stopped before its time came */
  | { readonly state: 'cancelled' };

export interface FaultRun {
  readonly script: FaultScript;
  /** clock time the script's `at` counts from */
  readonly origin: number;
  /** each line's state, in script order */
  status(): readonly FaultLineState[];
  /** cancels what has not happened yet and ends what is active (heals, restores) */
  stop(): void;
}

export type StartResult =
  | { readonly ok: true; readonly run: FaultRun }
  | { readonly ok: false; readonly problems: readonly FaultProblem[] };

export interface StartOptions {
  /** clock time `at: 0` means; by default now */
  readonly origin?: number;
}

type Runnable = FaultSubject & Pick<Simulation, 'clock' | 'trace' | 'scenario'>;

/**
 * Validates a script against the simulation's scenario and schedules its actions on the
 * simulation's own clock, so pause, step and speed apply to it as to everything else, and the
 * same seed, scenario and script give the same trace. Each action records `fault.applied`
 * (or `fault.refused` with the reason) when its time comes, and `fault.ended` at its `until`.
 */
export function startFaultScript(
  sim: Runnable,
  input: unknown,
  options: StartOptions = {},
): StartResult {
  const parsed = parseFaultScript(input);
  if (!parsed.ok) return parsed;
  const problems = checkFaultScript(parsed.script, sim.scenario);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, run: schedule(sim, parsed.script, options.origin ?? sim.clock.now()) };
}

function schedule(sim: Runnable, script: FaultScript, origin: number): FaultRun {
  const { clock, trace } = sim;
  const states: FaultLineState[] = script.map((f) => ({ state: 'pending', dueAt: origin + f.at }));
  const timers = new Map<number, TimerId>();
  const endings = new Map<number, () => void>();

  const end = (line: number, fault: FaultAction, reason: FaultEndReason) => {
    const undo = endings.get(line);
    endings.delete(line);
    timers.delete(line);
    states[line] = { state: 'done' };
    undo?.();
    trace.record({ type: 'fault.ended', line, fault, reason });
  };

  const refused = (line: number, fault: FaultAction, reason: string) => {
    states[line] = { state: 'refused', reason };
    trace.record({ type: 'fault.refused', line, fault, reason });
  };

  const fire = (line: number, fault: FaultAction) => {
    timers.delete(line);
    const prepared = prepareFault(sim, fault);
    if (!prepared.ok) {
      refused(line, fault, prepared.reason);
      return;
    }
    // the cause before its effects: the kill, then the worker's failure and the redelivery
    trace.record({ type: 'fault.applied', line, fault });
    const done = carryOut(prepared);
    if (!done.ok) {
      refused(line, fault, done.reason);
      return;
    }
    const until = 'until' in fault ? fault.until : undefined;
    if (done.undo === undefined) {
      states[line] = { state: 'done' };
      return;
    }
    endings.set(line, done.undo);
    states[line] = { state: 'active', endsAt: until === undefined ? undefined : origin + until };
    if (until !== undefined) {
      timers.set(
        line,
        clock.setTimeout(() => end(line, fault, 'until'), origin + until - clock.now()),
      );
    }
  };

  // one timer a line, set in script order: lines due at the same instant fire in that order
  script.forEach((fault, line) => {
    timers.set(
      line,
      clock.setTimeout(() => fire(line, fault), origin + fault.at - clock.now()),
    );
  });

  return {
    script,
    origin,
    status: () => [...states],
    stop: () => {
      for (const id of timers.values()) clock.clearTimeout(id);
      timers.clear();
      for (const line of [...endings.keys()]) {
        const fault = script[line];
        if (fault !== undefined) end(line, fault, 'stopped');
      }
      states.forEach((s, line) => {
        if (s.state === 'pending') states[line] = { state: 'cancelled' };
      });
    },
  };
}
