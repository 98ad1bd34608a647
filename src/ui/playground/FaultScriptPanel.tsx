import { useEffect, useState } from 'react';
import {
  checkFaultScript,
  describeProblem,
  type FaultLineState,
  type FaultProblem,
  parseFaultScript,
} from '../../engine/faults';
import type { Scenario } from '../../engine/scenario';
import { sagaFaultTemplate } from './sagaFaultTemplate';
import { usePlaygroundT } from './strings';
import type { PlaygroundRun } from './usePlaygroundRun';

/** Lines a template button adds, aimed at the first node of the kind it needs. */
function templates(s: Scenario): { label: string; line: Record<string, unknown> }[] {
  const first = (kind: string) => s.nodes.find((n) => n.kind === kind)?.id;
  const consumer = first('consumer');
  const producer = first('producer');
  const listener = first('listener');
  const out: { label: string; line: Record<string, unknown> }[] = [];
  if (consumer) {
    out.push(
      { label: 'kill worker', line: { at: 5000, action: 'kill-worker', consumer, worker: 1 } },
      {
        label: 'fail consumer',
        line: { at: 10000, action: 'fail-consumer', consumer, until: 15000 },
      },
      { label: 'partition', line: { at: 8000, action: 'partition', consumer, until: 15000 } },
    );
  }
  if (listener)
    out.push({
      label: 'fail listener',
      line: { at: 5000, action: 'fail-listener', listener, until: 10000 },
    });
  const group = first('group');
  if (group) {
    out.push(
      { label: 'kill member', line: { at: 5000, action: 'kill-member', group, member: 1 } },
      { label: 'add member', line: { at: 8000, action: 'add-member', group } },
    );
  }
  if (producer) {
    out.push(
      { label: 'burst', line: { at: 3000, action: 'burst', producer, count: 200 } },
      { label: 'set rate', line: { at: 1000, action: 'set-rate', producer, rate: 20 } },
    );
  }
  out.push(...sagaFaultTemplate(s));
  return out;
}

/** The script's text: one action a line, as JSON. */
function readLines(
  text: string,
): { ok: true; actions: unknown[] } | { ok: false; problem: FaultProblem } {
  const actions: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (line === '' || line.startsWith('//')) continue;
    try {
      actions.push(JSON.parse(line));
    } catch {
      return {
        ok: false,
        problem: { line: actions.length, field: '', message: `line ${i + 1} is not JSON` },
      };
    }
  }
  return { ok: true, actions };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;

/**
 * The fault script: timed actions that play with the run (at 5 s kill worker 1; from 10 s the
 * consumer fails). One action a line, as JSON, with buttons that add a line of each kind;
 * Apply starts the run over with the script, so it plays from the run's first moment. Each
 * line's state shows on a timeline under the text.
 */
export function FaultScriptPanel({
  scenario,
  run,
  problems,
  restart,
}: {
  scenario: Scenario;
  run: PlaygroundRun;
  problems: readonly FaultProblem[];
  restart: (script: unknown[]) => void;
}) {
  const { text: p } = usePlaygroundT();
  const [text, setText] = useState('');
  const [refused, setRefused] = useState<readonly FaultProblem[]>([]);
  const [now, setNow] = useState(0);
  const [states, setStates] = useState<readonly FaultLineState[]>([]);
  const faults = run.faults;

  // the playhead and the lines' states, four times a second
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(faults ? run.session.sim.clock.now() - faults.origin : 0);
      setStates(faults ? faults.status() : []);
    }, 250);
    return () => clearInterval(timer);
  }, [run, faults]);

  const apply = () => {
    const read = readLines(text);
    if (!read.ok) return setRefused([read.problem]);
    const parsed = parseFaultScript(read.actions);
    if (!parsed.ok) return setRefused(parsed.problems);
    const checked = checkFaultScript(parsed.script, scenario);
    if (checked.length > 0) return setRefused(checked);
    setRefused([]);
    restart(read.actions);
  };
  const shown = refused.length > 0 ? refused : problems;
  const script = faults?.script ?? [];
  const end = Math.max(
    10_000,
    ...script.map((f) => ('until' in f && f.until ? f.until : f.at) + 2000),
  );

  return (
    <section className="panel fault-panel" aria-label={p('faultScript')}>
      <div className="panel-header">
        <h2>{p('faultScript')}</h2>
        <span className="muted">{p('faultHint')}</span>
      </div>
      <div className="fault-templates">
        {templates(scenario).map((t) => (
          <button
            key={t.label}
            type="button"
            className="btn small"
            onClick={() =>
              setText(
                (x) => `${x}${x === '' || x.endsWith('\n') ? '' : '\n'}${JSON.stringify(t.line)}\n`,
              )
            }
          >
            + {t.label}
          </button>
        ))}
      </div>
      <textarea
        className="fault-text"
        aria-label={p('faultScript')}
        rows={4}
        spellCheck={false}
        value={text}
        placeholder='{"at": 5000, "action": "kill-worker", "consumer": "c1", "worker": 2}'
        onChange={(e) => setText(e.target.value)}
      />
      <div className="row">
        <button type="button" className="btn small primary" onClick={apply}>
          {p('applyScript')}
        </button>
        <button type="button" className="btn small" onClick={() => restart([])}>
          {p('clearScript')}
        </button>
      </div>
      {shown.length > 0 && (
        <ul className="field-error" role="alert">
          {shown.map((problem) => (
            <li key={describeProblem(problem)}>{describeProblem(problem)}</li>
          ))}
        </ul>
      )}
      {script.length > 0 && (
        <ol className="fault-timeline" aria-label={p('faultTimeline')}>
          <li
            className="playhead"
            style={{ left: `${Math.min(100, (now / end) * 100)}%` }}
            aria-hidden="true"
          />
          {script.map((f, i) => {
            const state = states[i]?.state ?? 'pending';
            return (
              <li
                // biome-ignore lint/suspicious/noArrayIndexKey: a script's lines are its order
                key={i}
                className={`fault-line is-${state}`}
                data-state={state}
                style={{ left: `${(f.at / end) * 100}%` }}
              >
                {seconds(f.at)} {f.action} <span className="muted">{state}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
