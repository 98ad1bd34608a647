import { useEffect } from 'react';
import type { LabSession } from '../../app/labSession';

declare global {
  interface Window {
    /** A read-only window on the running lab, for e2e tests and the curious (devtools). */
    eventlab?: {
      snapshot: () => ReturnType<LabSession['sim']['getSnapshot']>;
      trace: () => ReturnType<LabSession['sim']['traceEvents']>;
    };
  }
}

export function useTestApi(session: LabSession): void {
  useEffect(() => {
    window.eventlab = {
      snapshot: () => session.sim.getSnapshot(),
      trace: () => session.sim.traceEvents(),
    };
    return () => {
      delete window.eventlab;
    };
  }, [session]);
}
