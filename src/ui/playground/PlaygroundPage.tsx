import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useStore } from 'zustand';
import type { LabSession } from '../../app/labSession';
import { createPlaygroundDoc, type PlaygroundDocApi } from '../../app/playground/document';
import type { Scenario } from '../../engine/scenario';
import { findLab } from '../../labs/catalog';
import { type CanvasEditor, ScenarioCanvas } from '../canvas/ScenarioCanvas';
import { ActivityPanel } from '../lab/ActivityPanel';
import { InspectorPanel } from '../lab/InspectorPanel';
import { PlaybackBar } from '../lab/PlaybackBar';
import { SessionProvider } from '../lab/session';
import { useTestApi } from '../lab/testApi';
import { ComparePanel } from './ComparePanel';
import { FaultScriptPanel } from './FaultScriptPanel';
import { FilesPanel } from './FilesPanel';
import { MetricsPanel } from './MetricsPanel';
import { PlaygroundToolbar } from './PlaygroundToolbar';
import { SettingsPanel } from './SettingsPanel';
import { ShortcutsHelp } from './ShortcutsHelp';
import { type PlaygroundStringKey, usePlaygroundT } from './strings';
import { usePlaygroundKeys } from './usePlaygroundKeys';
import { type PlaygroundRun, usePlaygroundRun } from './usePlaygroundRun';
import { useScenarioLinkOnOpen } from './useScenarioLinkOnOpen';

/** The scenario the playground opens with: a lab (?from=<lab id>), or an empty page. */
function initialScenario(from: string | null): Scenario | undefined {
  if (from === null) return undefined;
  const lab = findLab(from);
  return lab?.scenario ?? lab?.sketch;
}

export function PlaygroundPage() {
  const [params] = useSearchParams();
  const [doc] = useState<PlaygroundDocApi>(() =>
    createPlaygroundDoc(initialScenario(params.get('from'))),
  );
  useScenarioLinkOnOpen(doc);
  return <PlaygroundView doc={doc} />;
}

function PlaygroundView({ doc }: { doc: PlaygroundDocApi }) {
  const { text: p } = usePlaygroundT();
  const scenario = useStore(doc.store, (s) => s.scenario);
  const selected = useStore(doc.store, (s) => s.selected);
  const layouts = useStore(doc.store, (s) => s.layouts);
  const [helpOpen, setHelpOpen] = useState(false);
  usePlaygroundKeys(doc, () => setHelpOpen((open) => !open));

  // the run follows the document once it holds still; a drag alone does not restart it
  const current = useCallback(() => doc.store.getState().scenario, [doc]);
  const { run, script, problems, restart, outcome } = usePlaygroundRun(scenario, current);
  const session = run?.session;
  const [tab, setTab] = useState<BottomTab>('activity');

  const editor: CanvasEditor = useMemo(
    () => ({
      scenario,
      selected,
      fitSignal: layouts,
      connect: (a, b) => void doc.connect(a, b),
      move: (positions) => doc.move(positions),
      remove: (ids) => void doc.remove(ids),
      select: (id) => doc.select(id),
    }),
    [doc, scenario, selected, layouts],
  );

  return (
    <main className="lab playground">
      <div className="lab-title">
        <h1>{p('playground')}</h1>
        <PlaygroundToolbar doc={doc} onHelp={() => setHelpOpen(true)} />
      </div>
      {session && (
        <SessionProvider session={session}>
          <TestApi session={session} />
          <section className="stage">
            <PlaybackBar>
              <p className="muted small pg-run-status" role="status">
                {outcome !== undefined && (
                  <span key={outcome.n}>
                    {p(outcome.kind === 'live' ? 'appliedLive' : 'runRestarted')}
                  </span>
                )}
              </p>
            </PlaybackBar>
            {scenario.nodes.length === 0 && <p className="canvas-empty">{p('emptyCanvas')}</p>}
            <ScenarioCanvas editor={editor} />
          </section>
          <aside className="side">
            <SettingsPanel doc={doc} />
            <FilesPanel doc={doc} />
            <InspectorPanel />
          </aside>
          <section className="bottom pg-bottom">
            <div className="tabs" role="tablist" aria-label={p('playground')}>
              {BOTTOM_TABS.map(({ id, key }) => (
                <button
                  key={id}
                  type="button"
                  role="tab"
                  id={`pg-tab-${id}`}
                  aria-selected={tab === id}
                  aria-controls={`pg-panel-${id}`}
                  onClick={() => setTab(id)}
                >
                  {p(key)}
                </button>
              ))}
            </div>
            <div
              className="tab-panel"
              role="tabpanel"
              id={`pg-panel-${tab}`}
              aria-labelledby={`pg-tab-${tab}`}
            >
              {tab === 'activity' && <ActivityPanel />}
              {tab === 'metrics' && run && <MetricsPanel run={run} />}
              {tab === 'faults' && run && (
                <FaultScriptPanel
                  scenario={running(run)}
                  run={run}
                  problems={problems}
                  restart={restart}
                />
              )}
              {tab === 'compare' && run && (
                <ComparePanel scenario={running(run)} run={run} script={script} />
              )}
            </div>
          </section>
        </SessionProvider>
      )}
      {helpOpen && <ShortcutsHelp onClose={() => setHelpOpen(false)} />}
    </main>
  );
}

type BottomTab = 'activity' | 'metrics' | 'faults' | 'compare';

const BOTTOM_TABS: readonly { id: BottomTab; key: PlaygroundStringKey }[] = [
  { id: 'activity', key: 'activityTab' },
  { id: 'metrics', key: 'metricsTab' },
  { id: 'faults', key: 'faultScript' },
  { id: 'compare', key: 'compareTab' },
];

/** The scenario the run is on (the document may be a step ahead while edits settle). */
const running = (run: PlaygroundRun): Scenario => run.session.scenario;

function TestApi({ session }: { session: LabSession }) {
  useTestApi(session);
  return null;
}
