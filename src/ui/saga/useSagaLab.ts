import { useEffect, useState } from 'react';
import { createLabSession, type LabSession } from '../../app/labSession';
import { errorMessage } from '../../engine/errors';
import type { SagaMode, SagaRuntime } from '../../engine/sim';
import { sagaScenario } from '../../labs/saga';
import { LogStoreError, openIndexedDbLogStore } from '../../storage';
import { spawnConsumerWorker } from '../../workers/spawn';
import { restoreFaults, type SagaPivot } from './faultChoices';
import { forgetIfRetired, sagaStoreName } from './sagaRuns';

export type OpenedSaga =
  | { readonly status: 'opening' }
  /** `locked`: another tab has this mode's log open (one writer at a time) */
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'open'; readonly session: LabSession; readonly saga: SagaRuntime };

/** How long the page waits for another tab to let go of the mode's log before saying so. */
const LOCK_WAIT_MS = 4_000;

const SCENARIOS = {
  orchestration: sagaScenario('orchestration'),
  choreography: sagaScenario('choreography'),
};

/**
 * Opens a mode's saga for the life of the component: a lab session over the mode's queues
 * or bus, and the saga on the mode's own IndexedDB store, so a reload resumes each mode's
 * sagas where they were. In orchestration each service decides its commands in a Web
 * Worker of its own. Under StrictMode the first mount is closed at once; its store lets go
 * of the log's lock for the second.
 */
export function useSagaLab(mode: SagaMode, pivot: SagaPivot = 'none'): OpenedSaga {
  const [opened, setOpened] = useState<OpenedSaga>({ status: 'opening' });
  useEffect(() => {
    let live = true;
    const session = createLabSession(SCENARIOS[mode]);
    // a plain abort (AbortError), which the store tells as 'locked'; AbortSignal.timeout's
    // TimeoutError it reports as a failure of storage
    const giveUp = new AbortController();
    const wait = setTimeout(() => giveUp.abort(), LOCK_WAIT_MS);
    const name = sagaStoreName(mode);
    const store = openIndexedDbLogStore({
      name,
      trace: session.sim.trace,
      signal: giveUp.signal,
    });
    void store.finally(() => clearTimeout(wait)).catch(() => {});
    const opening = (async () => {
      const s = await store;
      if (!live) return;
      const saga = await session.sim.openSaga({
        mode,
        store: s,
        ...(pivot === 'none' ? {} : { pivot }),
        // the run goes on from the last time its log knows, so the timelines' times only
        // grow (a run at 4x is ahead of the wall clock the page would start from)
        catchUpClock: true,
        ...(mode === 'orchestration' ? { spawnWorker: spawnConsumerWorker } : {}),
      });
      if (!live) return saga.dispose();
      restoreFaults(saga, mode);
      setOpened({ status: 'open', session, saga });
    })();
    opening.catch((error: unknown) => {
      const locked = error instanceof LogStoreError && error.code === 'locked';
      if (live) setOpened({ status: 'failed', message: locked ? 'locked' : errorMessage(error) });
    });
    return () => {
      live = false;
      giveUp.abort(); // a wait for the lock, if any, ends with the page
      session.dispose();
      // closed once the open has settled, so the next mount gets the log's lock
      void opening
        .catch(() => {})
        .then(() => store)
        .then((s) => s.close())
        .then(() => forgetIfRetired(mode, name))
        .catch(() => {});
    };
  }, [mode, pivot]);
  return opened;
}
