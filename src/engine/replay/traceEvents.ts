/**
 * Trace events of the replay lab's account (src/engine/replay). Part of the engine's one
 * TraceEvent union. The append itself is the log's `log.produced`.
 */
export type ReplayTraceEvent =
  | {
      /** a stored operation applied to an account: the live one, or the one being rebuilt */
      type: 'account.applied';
      account: 'live' | 'replayed';
      offset: number;
      event: string;
      balance: number;
    }
  | {
      /** a run of records applied at once (replay at full speed, a scrub, a reload) */
      type: 'account.rebuilt';
      account: 'live' | 'replayed';
      fromOffset: number;
      toOffset: number;
      balance: number;
      reason: 'replay' | 'scrub' | 'open';
    }
  | { type: 'account.refused'; event: string; reason: string }
  | {
      type: 'replay.state-changed';
      status: 'idle' | 'playing' | 'paused' | 'done';
      position: number;
      /** events a second; 0: as fast as the store reads */
      rate: number;
    };
