import { useState } from 'react';
import { errorMessage } from '../../engine/errors';
import { formatJsonLine } from '../../engine/log/jsonLines';
import type { ReplayLabSnapshot } from '../../engine/replay/ReplayLab';
import { downloadText } from '../download';
import { operationLabel, operationTone, timeOf } from './format';
import type { ReplaySession } from './ReplayLabPage';
import { useLogT } from './strings';

/**
 * A page of the log as a tape of records: what the replay has applied, where its cursor
 * is, and the end where the next append goes. Each record is a line of the course's format.
 */
export function LogTape({
  session,
  snapshot,
}: {
  session: ReplaySession;
  snapshot: ReplayLabSnapshot;
}) {
  const { text: l } = useLogT();
  const { tape, replay, logEnd } = snapshot;
  const [exportError, setExportError] = useState<string | undefined>(undefined);
  const cursorShown = replay.status !== 'idle';

  const download = () => {
    setExportError(undefined);
    void (async () => {
      const parts: string[] = [];
      for await (const chunk of session.lab.exportLines()) parts.push(chunk);
      downloadText(parts, 'account-log.jsonl', 'application/x-ndjson');
    })().catch((error: unknown) => setExportError(errorMessage(error)));
  };

  return (
    <section className="panel tape-panel" aria-label={l('theLog')}>
      <div className="panel-header">
        <h2>{l('theLog')}</h2>
        <span className="muted" data-testid="log-end">
          {logEnd} {l('stored')}
        </span>
        <button type="button" className="btn small" onClick={download} disabled={logEnd === 0}>
          {l('exportLog')}
        </button>
      </div>
      {snapshot.error !== undefined && (
        <div className="log-error" role="alert">
          {snapshot.error}{' '}
          <button type="button" className="btn small" onClick={() => session.lab.dismissError()}>
            {l('dismiss')}
          </button>
        </div>
      )}
      {snapshot.recovered.map((line) => (
        <p key={line} className="log-error" role="status">
          {line}
        </p>
      ))}
      {exportError !== undefined && (
        <p className="log-error" role="alert">
          {exportError}
        </p>
      )}
      {logEnd === 0 ? (
        <p className="empty">{l('emptyTape')}</p>
      ) : (
        <ol className="tape" start={tape.from} aria-label={l('theLog')}>
          {tape.records.map((r) => {
            const applied = cursorShown && r.offset < replay.position;
            const atCursor = cursorShown && r.offset === replay.position;
            return (
              <li
                key={r.offset}
                data-offset={r.offset}
                className={`cell is-${operationTone(r.event)}${applied ? ' is-applied' : ''}${atCursor ? ' is-cursor' : ''}`}
                title={formatJsonLine(r)}
              >
                <span className="offset">#{r.offset}</span>
                <span className="what">{operationLabel(r.event, r.data)}</span>
                <span className="event">{r.event}</span>
                {atCursor ? (
                  <span className="cursor">◀ {l('replayCursor')}</span>
                ) : (
                  <time className="when">{timeOf(r.timestamp)}</time>
                )}
              </li>
            );
          })}
          {cursorShown &&
            replay.position >= logEnd &&
            tape.from + tape.records.length === logEnd && (
              <li className="cell is-end is-cursor">
                <span className="offset">#{logEnd}</span>
                <span />
                <span />
                <span className="cursor">◀ {l('replayCursor')}</span>
              </li>
            )}
        </ol>
      )}
    </section>
  );
}
