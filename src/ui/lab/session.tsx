import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabSession, LabSessionState } from '../../app/labSession';

const SessionContext = createContext<LabSession | undefined>(undefined);

/** One session per open lab, passed down by context (as xyflow passes its store). */
export function SessionProvider({
  session,
  children,
}: {
  session: LabSession;
  children: ReactNode;
}) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): LabSession {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession must be used inside a SessionProvider');
  return session;
}

export function useSessionState<T>(selector: (state: LabSessionState) => T): T {
  return useStore(useSession().store, selector);
}
