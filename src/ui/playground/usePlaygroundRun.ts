import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createLabSession, type LabSession } from '../../app/labSession';
import type { FaultProblem, FaultRun } from '../../engine/faults';
import { startFaultScript } from '../../engine/faults';
import { MetricsCollector } from '../../engine/metrics';
import type { Scenario } from '../../engine/scenario';
import { spawnConsumerWorker } from '../../workers/spawn';

/**
 * How long the document stays still before the run restarts on it (a burst of edits is one).
 * An edit the running engine can take in place (a setting) is applied at once instead.
 */
const RESTART_AFTER_MS = 300;

/** What a run depends on: everything but where the nodes are drawn. */
function runKey(s: Scenario): string {
  return JSON.stringify({ ...s, nodes: s.nodes.map(({ position: _p, ...n }) => n) });
}

/** How the last edit reached the run: changed in place, or a new run on the new scenario. */
export type EditOutcome = { readonly kind: 'live' | 'restarted'; readonly n: number };

export interface PlaygroundRun {
  readonly session: LabSession;
  readonly metrics: MetricsCollector;
  /** the fault script playing with this run, when one was applied */
  readonly faults: FaultRun | undefined;
}

/**
 * The run of the playground's document: a lab session on the scenario (restarted when what
 * the run depends on changes and holds still), the metrics collector that watches it, and
 * the fault script that plays with it from its first moment. `restart` starts the same
 * scenario over with a new script (or the same one): same seed, same script, same trace.
 */
export function usePlaygroundRun(scenario: Scenario, getScenario: () => Scenario) {
  const key = useMemo(() => runKey(scenario), [scenario]);
  const [running, setRunning] = useState(scenario);
  const [script, setScript] = useState<unknown[]>([]);
  const [nonce, setNonce] = useState(0);
  const [problems, setProblems] = useState<readonly FaultProblem[]>([]);
  const [run, setRun] = useState<PlaygroundRun | undefined>(undefined);
  const [outcome, setOutcome] = useState<EditOutcome | undefined>(undefined);

  const runRef = useRef(run);
  runRef.current = run;

  // biome-ignore lint/correctness/useExhaustiveDependencies: follows what the run depends on (key), not a drag
  useEffect(() => {
    // a setting changes in the running engine, as on a live system: counters, queues and
    // workers go on; anything else (a node, an edge, the seed) starts a new run
    const session = runRef.current?.session;
    const next = getScenario();
    const edited = session !== undefined && session.scenario !== next;
    if (session?.reconfigure(next)) {
      if (edited) setOutcome((o) => ({ kind: 'live', n: (o?.n ?? 0) + 1 }));
      return;
    }
    const timer = setTimeout(() => {
      setRunning(next);
      if (edited) setOutcome((o) => ({ kind: 'restarted', n: (o?.n ?? 0) + 1 }));
    }, RESTART_AFTER_MS);
    return () => clearTimeout(timer);
  }, [key]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new nonce is a restart asked for
  useEffect(() => {
    const session = createLabSession(running, undefined, { spawnWorker: spawnConsumerWorker });
    const metrics = new MetricsCollector(session.sim);
    let faults: FaultRun | undefined;
    if (script.length > 0) {
      const started = startFaultScript(session.sim, script);
      if (started.ok) {
        faults = started.run;
        setProblems([]);
      } else {
        setProblems(started.problems);
      }
    }
    setRun({ session, metrics, faults });
    return () => {
      faults?.stop();
      metrics.stop();
      session.dispose();
    };
  }, [running, nonce]);

  /** Starts the run over with `next` as its fault script; refused lines are returned. */
  const restart = useCallback(
    (next: unknown[]) => {
      setScript(next);
      // the document, not the run's first scenario: live edits may have changed it since
      setRunning(getScenario());
      setNonce((n) => n + 1);
    },
    [getScenario],
  );

  return { run, script, problems, restart, outcome };
}
