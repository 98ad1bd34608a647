import { useEffect, useState } from 'react';
import type { PlaygroundDocApi } from '../../app/playground/document';
import { decodeScenarioLink } from '../../engine/scenario';

/** Docs already given the link they opened with (React may call an initializer twice). */
const opened = new WeakSet<PlaygroundDocApi>();

/**
 * Puts the scenario of a `#scenario=` link into the document, or says why it cannot (as the
 * document's notice, shown as text). Returns whether the document was replaced.
 */
export function openScenarioLink(doc: PlaygroundDocApi, hash: string): boolean {
  const decoded = decodeScenarioLink(hash);
  if (decoded.ok) {
    doc.load(decoded.value.scenario);
    return true;
  }
  // no `#scenario=` at all is not an error: the page opens as it is
  if (decoded.error.kind !== 'no-scenario') {
    doc.store.setState({ notice: { text: decoded.error.message } });
  }
  return false;
}

/**
 * The playground opened from a shared link shows its scenario. Read while the page is first
 * rendered, before the first run starts, so the run starts on the link's scenario; the
 * scenario is where undo history begins, as a lab opened with ?from= is. A link pasted into
 * the address bar of an open playground (only the fragment changes) is loaded as an
 * undoable step.
 */
export function useScenarioLinkOnOpen(doc: PlaygroundDocApi): void {
  useState(() => {
    if (opened.has(doc)) return;
    opened.add(doc);
    if (openScenarioLink(doc, window.location.hash)) doc.store.temporal.getState().clear();
  });
  useEffect(() => {
    const onHashChange = () => void openScenarioLink(doc, window.location.hash);
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [doc]);
}
