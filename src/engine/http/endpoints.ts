import type { Trace, TraceEvent } from '../trace';

export interface EndpointState {
  readonly accepted: number;
  /** accepted without a checked signature (signing was off) */
  readonly unsigned: number;
  readonly duplicates: number;
  readonly refused: number;
  readonly lastStatus: number | undefined;
  readonly lastMessage: string | undefined;
}

const EMPTY: EndpointState = {
  accepted: 0,
  unsigned: 0,
  duplicates: 0,
  refused: 0,
  lastStatus: undefined,
  lastMessage: undefined,
};

/** What each HTTP endpoint node has answered, counted from the trace. */
export function createEndpointCounts(trace: Trace, endpointIds: readonly string[]) {
  const counts = new Map<string, EndpointState>(endpointIds.map((id) => [id, EMPTY]));
  const observe = (e: TraceEvent) => {
    if (e.type !== 'http.accepted' && e.type !== 'http.answered') return;
    const prev = counts.get(e.endpoint) ?? EMPTY;
    counts.set(
      e.endpoint,
      e.type === 'http.accepted'
        ? {
            ...prev,
            accepted: prev.accepted + 1,
            unsigned: prev.unsigned + (e.signed ? 0 : 1),
            lastStatus: 200,
            lastMessage: `accepted ${e.event}`,
          }
        : {
            ...prev,
            duplicates: prev.duplicates + (e.status < 400 ? 1 : 0),
            refused: prev.refused + (e.status >= 400 ? 1 : 0),
            lastStatus: e.status,
            lastMessage: e.message,
          },
    );
  };
  const stop = trace.subscribe(observe);
  return {
    snapshot: (): Record<string, EndpointState> => Object.fromEntries(counts),
    stop,
  };
}
