import { useStore } from 'zustand';
import type { PlaygroundDocApi } from '../../app/playground/document';
import { PALETTE, paletteKey } from './kinds';
import { usePlaygroundT } from './strings';

/** Add a node of each kind, undo and redo, lay out, and the shortcuts. */
export function PlaygroundToolbar({ doc, onHelp }: { doc: PlaygroundDocApi; onHelp: () => void }) {
  const { text: p } = usePlaygroundT();
  const canUndo = useStore(doc.store.temporal, (s) => s.pastStates.length > 0);
  const canRedo = useStore(doc.store.temporal, (s) => s.futureStates.length > 0);
  const notice = useStore(doc.store, (s) => s.notice);
  return (
    <div className="pg-toolbar" role="toolbar" aria-label={p('playground')}>
      <fieldset className="pg-palette">
        <legend className="sr-only">{p('add')}</legend>
        {PALETTE.map(({ kind, label }, i) => (
          <button
            key={kind}
            type="button"
            className="btn small"
            onClick={() => doc.add(kind)}
            aria-keyshortcuts={paletteKey(i)}
            title={`${p('add')} ${label}${paletteKey(i) === undefined ? '' : ` (${paletteKey(i)})`}`}
          >
            + {label}
          </button>
        ))}
      </fieldset>
      <button
        type="button"
        className="btn small"
        onClick={doc.undo}
        disabled={!canUndo}
        aria-keyshortcuts="Control+Z"
      >
        {p('undo')}
      </button>
      <button
        type="button"
        className="btn small"
        onClick={doc.redo}
        disabled={!canRedo}
        aria-keyshortcuts="Control+Shift+Z"
      >
        {p('redo')}
      </button>
      <button type="button" className="btn small" onClick={doc.layout} aria-keyshortcuts="L">
        {p('layout')}
      </button>
      <button type="button" className="btn small" onClick={onHelp} aria-keyshortcuts="?">
        {p('help')}
      </button>
      {notice !== undefined && notice.field === undefined && (
        <p className="refused pg-notice" role="alert">
          {notice.text}{' '}
          <button type="button" className="btn small" onClick={doc.dismiss}>
            {p('close')}
          </button>
        </p>
      )}
    </div>
  );
}
