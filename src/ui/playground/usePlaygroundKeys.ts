import { useEffect } from 'react';
import type { PlaygroundDocApi } from '../../app/playground/document';
import { isTyping } from '../isTyping';
import { PALETTE, paletteKey } from './kinds';

/**
 * The playground's keys (listed in ShortcutsHelp): 1-9 add a node, L lays out, Ctrl+Z and
 * Ctrl+Shift+Z (or Ctrl+Y) undo and redo, ? shows the list. Delete is React Flow's own;
 * Space and . are the playback bar's.
 */
export function usePlaygroundKeys(doc: PlaygroundDocApi, toggleHelp: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (e.shiftKey) doc.redo();
        else doc.undo();
      } else if (mod && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        doc.redo();
      } else if (mod) {
        return;
      } else if (e.key === '?') {
        toggleHelp();
      } else if (e.key === 'l' || e.key === 'L') {
        doc.layout();
      } else {
        const entry = PALETTE.find((_, i) => paletteKey(i) === e.key);
        if (entry) doc.add(entry.kind);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doc, toggleHelp]);
}
