import { AnimatePresence, motion } from 'motion/react';
import type { JournalEntry } from '../../engine/replay/ReplayLab';
import { formatUah, operationLabel } from './format';
import { useLogT } from './strings';

/** What the replay applied, newest on top: each record and the balance it left. */
export function ReplayJournal({ journal }: { journal: readonly JournalEntry[] }) {
  const { text: l, lang } = useLogT();
  return (
    <section className="panel journal" aria-label={l('journal')}>
      <h2>{l('journal')}</h2>
      {journal.length === 0 ? (
        <p className="empty">{l('journalEmpty')}</p>
      ) : (
        <ol className="journal-lines">
          <AnimatePresence initial={false}>
            {journal.map((j) => (
              <motion.li
                key={`${j.fromOffset}-${j.toOffset}`}
                layout
                initial={{ opacity: 0, y: -8 }}
                animate={{ opacity: 1, y: 0 }}
                exit={{ opacity: 0 }}
                transition={{ duration: 0.25 }}
              >
                <span className="offset">
                  #{j.fromOffset}
                  {j.toOffset !== j.fromOffset && `–${j.toOffset}`}
                </span>
                <span className="what">
                  {j.data === undefined ? j.event : operationLabel(j.event, j.data)}
                </span>
                <span className="event">{j.data === undefined ? '' : j.event}</span>
                <span className="after">→ {formatUah(j.balance, lang)}</span>
              </motion.li>
            ))}
          </AnimatePresence>
        </ol>
      )}
    </section>
  );
}
