import { useRef } from 'react';
import type { PlaygroundDocApi } from '../../app/playground/document';
import { traceJsonLineChunks } from '../../engine/traceJsonLines';
import { downloadText, downloadUrl } from '../download';
import { useSession } from '../lab/session';
import { canvasPicture, type PictureFormat } from './canvasImage';
import type { Report } from './feedback';
import { usePlaygroundT } from './strings';

/** The canvas as PNG or SVG, and the running session's trace as JSON lines. */
export function PictureExports({ doc, report }: { doc: PlaygroundDocApi; report: Report }) {
  const { text: p } = usePlaygroundT();
  const session = useSession();
  const here = useRef<HTMLDivElement>(null);

  const picture = async (format: PictureFormat) => {
    const scenario = doc.store.getState().scenario;
    // the canvas of this page: the panel and the canvas share the playground's <main>
    const canvas = here.current?.closest('main')?.querySelector<HTMLElement>('section.canvas');
    try {
      const url = canvas ? await canvasPicture(canvas, scenario, format) : undefined;
      if (url === undefined) return report.refused(p('nothingToDraw'));
      const name = `${scenario.id}.${format}`;
      downloadUrl(url, name);
      report.done(`${p('downloaded')}: ${name}`);
    } catch (error) {
      report.refused(
        `${p('pictureFailed')} ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  const trace = () => {
    const name = `${session.scenario.id}.trace.jsonl`;
    downloadText(traceJsonLineChunks(session.sim.traceEvents()), name, 'application/x-ndjson');
    report.done(`${p('downloaded')}: ${name}`);
  };

  return (
    <div className="pg-file-row" ref={here}>
      <span className="muted small">{p('exportPicture')}</span>
      <button
        type="button"
        className="btn small"
        aria-label={`${p('exportPicture')} PNG`}
        onClick={() => void picture('png')}
      >
        PNG
      </button>
      <button
        type="button"
        className="btn small"
        aria-label={`${p('exportPicture')} SVG`}
        onClick={() => void picture('svg')}
      >
        SVG
      </button>
      <button
        type="button"
        className="btn small"
        aria-label={`${p('exportPicture')} ${p('exportTrace')}`}
        onClick={trace}
      >
        {p('exportTrace')}
      </button>
    </div>
  );
}
