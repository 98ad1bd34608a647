import { useMemo, useState } from 'react';
import type { PlaygroundDocApi } from '../../app/playground/document';
import type { Scenario } from '../../engine/scenario';
import '../styles/playgroundFiles.css';
import type { Feedback, Report } from './feedback';
import { PictureExports } from './PictureExports';
import { type EntryRef, SavedScenarios } from './SavedScenarios';
import { ScenarioFileButtons } from './ScenarioFileButtons';
import { ShareLink } from './ShareLink';
import { usePlaygroundT } from './strings';
import { useScenarioLibrary } from './useScenarioLibrary';

/**
 * Scenario files: the browser's library, a JSON file out and in, a link, pictures of the
 * canvas and the run's trace. Everything from a file, a link or storage is shown as text.
 */
export function FilesPanel({ doc }: { doc: PlaygroundDocApi }) {
  const { text: p } = usePlaygroundT();
  const view = useScenarioLibrary();
  const [entry, setEntry] = useState<EntryRef | undefined>(undefined);
  const [feedback, setFeedback] = useState<Feedback | undefined>(undefined);
  const report: Report = useMemo(
    () => ({
      done: (text) => setFeedback({ tone: 'done', text }),
      refused: (text) => setFeedback({ tone: 'refused', text }),
    }),
    [],
  );
  const imported = (scenario: Scenario) => {
    doc.load(scenario);
    // a file is not the library entry that was open: Save must not write over that entry
    setEntry(undefined);
  };

  return (
    <section className="panel pg-files" aria-label={p('files')}>
      <h2>{p('files')}</h2>
      {feedback?.tone === 'refused' && (
        <p className="refused" role="alert">
          {feedback.text}
        </p>
      )}
      {feedback?.tone === 'done' && (
        <p className="muted small" role="status">
          {feedback.text}
        </p>
      )}
      {view.unavailable === undefined ? (
        <SavedScenarios doc={doc} view={view} entry={entry} onEntry={setEntry} report={report} />
      ) : (
        <p className="muted small">
          {p('libraryUnavailable')} ({view.unavailable})
        </p>
      )}
      <ScenarioFileButtons doc={doc} onImported={imported} report={report} />
      <ShareLink doc={doc} report={report} />
      <PictureExports doc={doc} report={report} />
    </section>
  );
}
