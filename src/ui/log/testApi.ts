import { useEffect } from 'react';
import type { LogLab, LogLabSession } from '../../app/logLabSession';
import type { TraceEvent } from '../../engine/trace';
import type { LogRecord } from '../../storage/LogStore';

declare global {
  interface Window {
    /** A read-only window on a running log lab, for e2e tests and the curious (devtools). */
    eventlabLog?: {
      snapshot: () => unknown;
      trace: () => readonly TraceEvent[];
      /** every stored record of the lab's main log */
      records: () => Promise<LogRecord[]>;
    };
  }
}

export function useLogTestApi<L extends LogLab<S> & { records(): Promise<LogRecord[]> }, S>(
  session: LogLabSession<L, S>,
): void {
  useEffect(() => {
    window.eventlabLog = {
      snapshot: () => session.lab.snapshot,
      trace: () => session.traceEvents(),
      records: () => session.lab.records(),
    };
    return () => {
      delete window.eventlabLog;
    };
  }, [session]);
}
