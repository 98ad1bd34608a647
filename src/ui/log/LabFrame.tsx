import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { LogLab, LogLabSession } from '../../app/logLabSession';
import { findLab } from '../../labs/catalog';
import { useT } from '../i18n';
import { useLogT } from './strings';
import type { Opened } from './useLogLabSession';

/** The log labs' frame: title and task, and what to show while the log opens or fails. */
export function LabFrame<L extends LogLab<S>, S>({
  lab,
  opened,
  children,
}: {
  lab: 'replay' | 'kafka';
  opened: Opened<L, S>;
  children: (session: LogLabSession<L, S>) => ReactNode;
}) {
  const { t, pick } = useT();
  const { text: l } = useLogT();
  const entry = findLab(lab);
  return (
    <main className="lab log-lab">
      <div className="lab-title">
        <h1>{entry ? pick(entry.title) : lab}</h1>
        {entry && (
          <span className="badge">
            {t('task')} {entry.courseTask}
          </span>
        )}
        {entry?.sketch && (
          <Link className="btn small title-action" to={`/playground?from=${entry.id}`}>
            {t('openInPlayground')}
          </Link>
        )}
      </div>
      {opened.status === 'open' ? (
        children(opened.session)
      ) : opened.status === 'failed' ? (
        <p className="panel log-error" role="alert">
          {opened.message}
        </p>
      ) : (
        <p className="loading" aria-busy="true">
          {l('opening')}
        </p>
      )}
    </main>
  );
}
