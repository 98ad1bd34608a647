import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import {
  type LogLab,
  type LogLabDeps,
  type LogLabSession,
  type LogLabState,
  openLogLabSession,
} from '../../app/logLabSession';
import { errorMessage } from '../../engine/errors';

export type Opened<L extends LogLab<S>, S> =
  | { readonly status: 'opening' }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'open'; readonly session: LogLabSession<L, S> };

/**
 * Opens a log lab for the life of the component. Under StrictMode the first mount is
 * disposed at once; its store closes and lets go of the log's lock for the second.
 */
export function useLogLabSession<L extends LogLab<S>, S>(
  name: string,
  open: (deps: LogLabDeps) => Promise<L>,
): Opened<L, S> {
  const [opened, setOpened] = useState<Opened<L, S>>({ status: 'opening' });
  useEffect(() => {
    let live = true;
    let session: LogLabSession<L, S> | undefined;
    openLogLabSession<L, S>(name, open).then(
      (s) => {
        session = s;
        if (live) setOpened({ status: 'open', session: s });
        else void s.dispose();
      },
      (error: unknown) => {
        if (live) setOpened({ status: 'failed', message: errorMessage(error) });
      },
    );
    return () => {
      live = false;
      if (session) void session.dispose();
    };
  }, [name, open]);
  return opened;
}

export function useLogLabState<L extends LogLab<S>, S, T>(
  session: LogLabSession<L, S>,
  selector: (state: LogLabState<S>) => T,
): T {
  return useStore(session.store, selector);
}
