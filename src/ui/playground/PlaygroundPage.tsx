import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useStore } from 'zustand';
import { createLabSession, type LabSession } from '../../app/labSession';
import { createPlaygroundDoc, type PlaygroundDocApi } from '../../app/playground/document';
import type { Scenario } from '../../engine/scenario';
import { findLab } from '../../labs/catalog';
import { spawnConsumerWorker } from '../../workers/spawn';
import { type CanvasEditor, ScenarioCanvas } from '../canvas/ScenarioCanvas';
import { ActivityPanel } from '../lab/ActivityPanel';
import { InspectorPanel } from '../lab/InspectorPanel';
import { PlaybackBar } from '../lab/PlaybackBar';
import { SessionProvider } from '../lab/session';
import { useTestApi } from '../lab/testApi';
import { FilesPanel } from './FilesPanel';
import { PlaygroundToolbar } from './PlaygroundToolbar';
import { SettingsPanel } from './SettingsPanel';
import { ShortcutsHelp } from './ShortcutsHelp';
import { usePlaygroundT } from './strings';
import { usePlaygroundKeys } from './usePlaygroundKeys';
import { useScenarioLinkOnOpen } from './useScenarioLinkOnOpen';

/** How long the document stays still before the run restarts on it (a burst of edits is one). */
const RESTART_AFTER_MS = 300;

/** The scenario the playground opens with: a lab (?from=<lab id>), or an empty page. */
function initialScenario(from: string | null): Scenario | undefined {
  if (from === null) return undefined;
  return findLab(from)?.scenario;
}

/** What a run depends on: everything but where the nodes are drawn. */
function runKey(s: Scenario): string {
  return JSON.stringify({ ...s, nodes: s.nodes.map(({ position: _p, ...n }) => n) });
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
  const { p } = usePlaygroundT();
  const scenario = useStore(doc.store, (s) => s.scenario);
  const selected = useStore(doc.store, (s) => s.selected);
  const layouts = useStore(doc.store, (s) => s.layouts);
  const [helpOpen, setHelpOpen] = useState(false);
  usePlaygroundKeys(doc, () => setHelpOpen((open) => !open));

  // the run follows the document once it holds still; a drag alone does not restart it
  const key = useMemo(() => runKey(scenario), [scenario]);
  const [running, setRunning] = useState(scenario);
  // biome-ignore lint/correctness/useExhaustiveDependencies: restarts when what the run depends on changes (key), not on a drag
  useEffect(() => {
    const timer = setTimeout(() => setRunning(doc.store.getState().scenario), RESTART_AFTER_MS);
    return () => clearTimeout(timer);
  }, [key, doc]);
  const [session, setSession] = useState<LabSession | undefined>(undefined);
  useEffect(() => {
    const created = createLabSession(running, undefined, { spawnWorker: spawnConsumerWorker });
    setSession(created);
    return () => created.dispose();
  }, [running]);

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
            <PlaybackBar />
            {scenario.nodes.length === 0 && <p className="canvas-empty">{p('emptyCanvas')}</p>}
            <ScenarioCanvas editor={editor} />
          </section>
          <aside className="side">
            <SettingsPanel doc={doc} />
            <FilesPanel doc={doc} />
            <InspectorPanel />
          </aside>
          <section className="bottom">
            <ActivityPanel />
          </section>
        </SessionProvider>
      )}
      {helpOpen && <ShortcutsHelp onClose={() => setHelpOpen(false)} />}
    </main>
  );
}

function TestApi({ session }: { session: LabSession }) {
  useTestApi(session);
  return null;
}
