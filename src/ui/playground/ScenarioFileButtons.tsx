import type { PlaygroundDocApi } from '../../app/playground/document';
import {
  exportScenarioText,
  readScenarioFile,
  type Scenario,
  scenarioFileName,
} from '../../engine/scenario';
import { downloadText } from '../download';
import type { Report } from './feedback';
import { usePlaygroundT } from './strings';

/**
 * Export the document as a `.eventlab.json` file, and import one. A refused file changes
 * nothing: the document is replaced only by a scenario that passed every check.
 */
export function ScenarioFileButtons({
  doc,
  onImported,
  report,
}: {
  doc: PlaygroundDocApi;
  onImported: (scenario: Scenario) => void;
  report: Report;
}) {
  const { text: p } = usePlaygroundT();

  const exportFile = () => {
    const scenario = doc.store.getState().scenario;
    const text = exportScenarioText(scenario);
    if (!text.ok) return report.refused(text.error.message);
    const name = scenarioFileName(scenario);
    downloadText([text.value], name, 'application/json');
    report.done(`${p('downloaded')}: ${name}`);
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    // cleared, so picking the same file again (after fixing it) is a change
    input.value = '';
    if (file === undefined) return;
    const read = await readScenarioFile(file);
    if (!read.ok) return report.refused(read.error.message);
    onImported(read.value.scenario);
    const { migratedFrom } = read.value;
    report.done(
      `${p('imported')}: ${file.name}${migratedFrom === undefined ? '' : ` (${p('migratedFrom')} ${migratedFrom})`}`,
    );
  };

  return (
    <div className="pg-file-row">
      <button type="button" className="btn small" onClick={exportFile}>
        {p('exportFile')}
      </button>
      <label className="btn small pg-import">
        {p('importFile')}
        <input
          type="file"
          accept=".json,application/json"
          className="sr-only"
          onChange={(e) => void importFile(e.currentTarget)}
        />
      </label>
    </div>
  );
}
