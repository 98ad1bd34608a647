import { useEffect, useRef } from 'react';
import { PALETTE, paletteKey } from './kinds';
import { usePlaygroundT } from './strings';

const KEYS: readonly [string, string][] = [
  ...PALETTE.flatMap(({ label }, i): [string, string][] => {
    const key = paletteKey(i);
    return key === undefined ? [] : [[key, `Add ${label}`]];
  }),
  ['Delete / Backspace', 'Remove the selected node or connection'],
  ['Ctrl+Z', 'Undo'],
  ['Ctrl+Shift+Z / Ctrl+Y', 'Redo'],
  ['L', 'Lay the graph out'],
  ['Space', 'Pause or resume the run'],
  ['.', 'Step one event while paused'],
  ['Tab', 'Move between nodes and controls'],
  ['?', 'Show or hide this list'],
];

/** The shortcut list, as a modal dialog (Escape closes it). */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const { text: p } = usePlaygroundT();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="pg-help" aria-label={p('shortcutsTitle')} onClose={onClose}>
      <h2>{p('shortcutsTitle')}</h2>
      <table>
        <tbody>
          {KEYS.map(([key, what]) => (
            <tr key={key}>
              <td>
                <kbd>{key}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn" onClick={onClose}>
        {p('close')}
      </button>
    </dialog>
  );
}
