import { useState } from 'react';
import { useStore } from 'zustand';
import type { PlaygroundDocApi } from '../../app/playground/document';
import type { Report } from './feedback';
import { usePlaygroundT } from './strings';
import type { LibraryView } from './useScenarioLibrary';

/** The library entry the document was opened from or last saved as: Save updates it. */
export interface EntryRef {
  readonly id: string;
  readonly name: string;
}

interface Props {
  readonly doc: PlaygroundDocApi;
  readonly view: LibraryView;
  readonly entry: EntryRef | undefined;
  readonly onEntry: (entry: EntryRef | undefined) => void;
  readonly report: Report;
}

/** Save to the browser's library (create, or update the entry this is), and what is saved. */
export function SavedScenarios({ doc, view, entry, onEntry, report }: Props) {
  const { text: p, lang } = usePlaygroundT();
  const { library, listing, refresh } = view;
  const title = useStore(doc.store, (s) => s.scenario.title[lang]);

  const afterChange = async (done: string) => {
    const failed = await refresh();
    if (failed === undefined) report.done(done);
    else report.refused(failed);
  };

  const save = async (name: string, asNew: boolean) => {
    if (library === undefined) return;
    const scenario = doc.store.getState().scenario;
    const id = asNew ? undefined : entry?.id;
    const saved = await library.save({ ...(id === undefined ? {} : { id }), name, scenario });
    if (!saved.ok) return report.refused(saved.error.message);
    onEntry({ id: saved.value.id, name: saved.value.name });
    await afterChange(`${p('saved')}: ${saved.value.name}`);
  };

  const open = async (id: string) => {
    if (library === undefined) return;
    const loaded = await library.load(id);
    if (!loaded.ok) return report.refused(loaded.error.message);
    doc.load(loaded.value.scenario);
    onEntry({ id, name: loaded.value.name });
    const { migratedFrom } = loaded.value;
    report.done(
      `${p('opened')}: ${loaded.value.name}${migratedFrom === undefined ? '' : ` (${p('migratedFrom')} ${migratedFrom})`}`,
    );
  };

  const remove = async (id: string, name: string) => {
    if (library === undefined) return;
    const deleted = await library.delete(id);
    if (!deleted.ok) return report.refused(deleted.error.message);
    if (entry?.id === id) onEntry(undefined);
    await afterChange(`${p('deleted')}: ${name}`);
  };

  return (
    <div className="pg-library">
      {/* keyed: a newly opened, saved or imported scenario brings its own name */}
      <SaveForm
        key={`${entry?.id ?? ''}\u0000${entry?.name ?? title}`}
        initialName={entry?.name ?? title}
        updating={entry?.name}
        disabled={library === undefined}
        onSave={(name, asNew) => void save(name, asNew)}
      />
      <h3>{p('savedList')}</h3>
      {listing !== undefined && listing.scenarios.length === 0 && (
        <p className="muted small">{p('noneSaved')}</p>
      )}
      {listing !== undefined && listing.scenarios.length > 0 && (
        <ul className="pg-saved" aria-label={p('savedList')}>
          {listing.scenarios.map((s) => (
            <li key={s.id} aria-current={s.id === entry?.id ? 'true' : undefined}>
              <span className="pg-saved-name">{s.name}</span>
              <time className="muted" dateTime={new Date(s.updatedAt).toISOString()}>
                {new Date(s.updatedAt).toLocaleString(lang === 'uk' ? 'uk-UA' : 'en-GB')}
              </time>
              <button
                type="button"
                className="btn small"
                aria-label={`${p('open')} ${s.name}`}
                onClick={() => void open(s.id)}
              >
                {p('open')}
              </button>
              <button
                type="button"
                className="btn small"
                aria-label={`${p('delete')} ${s.name}`}
                onClick={() => void remove(s.id, s.name)}
              >
                {p('delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {listing !== undefined && listing.damaged.length > 0 && (
        <>
          <h3>{p('damagedList')}</h3>
          <ul className="pg-saved" aria-label={p('damagedList')}>
            {listing.damaged.map((d, i) => (
              // a damaged value may have no id, or share '(no id)' with another
              // biome-ignore lint/suspicious/noArrayIndexKey: ids of damaged values need not be unique
              <li key={`${d.id}-${i}`}>
                <code className="pg-saved-name">{d.id}</code>
                <span className="muted">{d.message}</span>
                <button
                  type="button"
                  className="btn small"
                  aria-label={`${p('delete')} ${d.id}`}
                  onClick={() => void remove(d.id, d.id)}
                >
                  {p('delete')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function SaveForm({
  initialName,
  updating,
  disabled,
  onSave,
}: {
  initialName: string;
  /** the entry's name, when Save updates one */
  updating: string | undefined;
  disabled: boolean;
  onSave: (name: string, asNew: boolean) => void;
}) {
  const { text: p, lang } = usePlaygroundT();
  const [name, setName] = useState(initialName);
  return (
    <form
      className="pg-save"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(name, false);
      }}
    >
      <label className="pg-field">
        {p('saveName')}
        <input type="text" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <div className="pg-file-row">
        <button type="submit" className="btn small" disabled={disabled}>
          {p('save')}
        </button>
        {updating !== undefined && (
          <button
            type="button"
            className="btn small"
            disabled={disabled}
            onClick={() => onSave(name, true)}
          >
            {p('saveAsNew')}
          </button>
        )}
      </div>
      {updating !== undefined && (
        <p className="muted small">
          {p('savesOver')} {lang === 'uk' ? `«${updating}»` : `“${updating}”`}
        </p>
      )}
    </form>
  );
}
