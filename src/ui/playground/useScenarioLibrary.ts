import { useCallback, useEffect, useState } from 'react';
import { openScenarioLibrary, type ScenarioLibrary, type ScenarioListing } from '../../storage';

export interface LibraryView {
  /** undefined while it opens, or when the browser refused it (see `unavailable`) */
  readonly library: ScenarioLibrary | undefined;
  readonly listing: ScenarioListing | undefined;
  /** why the library could not be opened (no IndexedDB, a private window's limits) */
  readonly unavailable: string | undefined;
  /** lists the library again; the refusal's message, if listing failed */
  refresh(): Promise<string | undefined>;
}

/** The browser's scenario library, opened once while the panel is shown and closed after. */
export function useScenarioLibrary(): LibraryView {
  const [library, setLibrary] = useState<ScenarioLibrary | undefined>(undefined);
  const [listing, setListing] = useState<ScenarioListing | undefined>(undefined);
  const [unavailable, setUnavailable] = useState<string | undefined>(undefined);

  useEffect(() => {
    let unmounted = false;
    let opened: ScenarioLibrary | undefined;
    void (async () => {
      const result = await openScenarioLibrary();
      if (!result.ok) {
        if (!unmounted) setUnavailable(result.error.message);
        return;
      }
      // unmounted while it opened: nobody will close it later
      if (unmounted) return result.value.close();
      opened = result.value;
      setLibrary(opened);
      const listed = await opened.list();
      if (unmounted) return;
      if (listed.ok) setListing(listed.value);
      else setUnavailable(listed.error.message);
    })();
    return () => {
      unmounted = true;
      opened?.close();
    };
  }, []);

  const refresh = useCallback(async () => {
    if (library === undefined) return undefined;
    const listed = await library.list();
    if (!listed.ok) return listed.error.message;
    setListing(listed.value);
    return undefined;
  }, [library]);

  // another tab of EventLab may have saved or deleted meanwhile
  useEffect(() => {
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [refresh]);

  return { library, listing, unavailable, refresh };
}
