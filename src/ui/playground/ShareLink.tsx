import { useState } from 'react';
import { useStore } from 'zustand';
import type { PlaygroundDocApi } from '../../app/playground/document';
import { encodeScenarioLink, type Scenario } from '../../engine/scenario';
import type { Report } from './feedback';
import { usePlaygroundT } from './strings';

/** How long to wait for the clipboard: a browser may leave the promise pending. */
const CLIPBOARD_WAIT_MS = 1500;

/** This page's address without what would compete with the link: `?from=<lab>`, a fragment. */
function pageUrl(): string {
  const url = new URL(window.location.href);
  url.searchParams.delete('from');
  url.hash = '';
  return url.href;
}

async function copied(text: string): Promise<boolean> {
  if (navigator.clipboard === undefined) return false;
  const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, CLIPBOARD_WAIT_MS, false));
  const write = navigator.clipboard.writeText(text).then(
    () => true,
    () => false,
  );
  return Promise.race([write, timeout]);
}

/**
 * A link carrying the document in its fragment, copied to the clipboard and shown in a field
 * (a headless or strict browser may refuse the clipboard). Too long for a link: the reason,
 * which says to share the file.
 */
export function ShareLink({ doc, report }: { doc: PlaygroundDocApi; report: Report }) {
  const { text: p } = usePlaygroundT();
  const scenario = useStore(doc.store, (s) => s.scenario);
  const [link, setLink] = useState<{ scenario: Scenario; url: string } | undefined>(undefined);

  const share = async () => {
    const made = encodeScenarioLink(scenario, pageUrl());
    if (!made.ok) {
      setLink(undefined);
      return report.refused(made.error.message);
    }
    setLink({ scenario, url: made.value.url });
    report.done(p((await copied(made.value.url)) ? 'linkCopied' : 'linkNotCopied'));
  };

  return (
    <div className="pg-share">
      <button type="button" className="btn small" onClick={() => void share()}>
        {p('shareLink')}
      </button>
      {/* a link made for an earlier version of the document is not offered */}
      {link !== undefined && link.scenario === scenario && (
        <input
          type="text"
          readOnly
          aria-label={p('linkField')}
          value={link.url}
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
    </div>
  );
}
