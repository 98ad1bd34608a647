import Denque from 'denque';
import type { PoolTraceEvent } from '../workers/traceEvents';
import type { BrokerTraceEvent } from './broker/traceEvents';
import type { Clock } from './clock';
import type { FaultTraceEvent } from './faults/traceEvents';
import type { HttpTraceEvent } from './http/traceEvents';
import type { LogTraceEvent } from './log/traceEvents';
import type { ReplayTraceEvent } from './replay/traceEvents';
import type { SagaTraceEvent } from './saga/traceEvents';
import type { LiveChange } from './sim/liveEdit';
import type { SagaNodeTraceEvent } from './sim/sagaNodeEvents';
import type { TopicRuntimeTraceEvent } from './sim/topicEvents';

/** How a subscription pattern matched an event: `user.registered`, `user.*` or `*`. */
export type MatchKind = 'exact' | 'prefix' | 'all';

/**
 * Everything that happens in the engine is one of these. The UI animates from them, tests
 * assert on them, and a run's trace can be exported. A discriminated union on `type`.
 */
export type TraceEventBody =
  | {
      type: 'bus.emitted';
      bus: string;
      event: string;
      data: unknown;
      /** how many deliveries this emit will make (its delivery list, fixed at emit time) */
      deliveries: number;
    }
  | {
      type: 'bus.delivered';
      bus: string;
      event: string;
      emitSeq: number;
      listener: string;
      pattern: string;
      match: MatchKind;
    }
  | {
      type: 'bus.listener-failed';
      bus: string;
      event: string;
      emitSeq: number;
      listener: string;
      pattern: string;
      match: MatchKind;
      error: string;
    }
  | { type: 'bus.subscribed'; bus: string; listener: string; pattern: string }
  | { type: 'bus.unsubscribed'; bus: string; listener: string; pattern: string }
  | { type: 'bus.log-cleared'; bus: string; entries: number }
  | { type: 'bus.rejected'; bus: string; input: string; reason: string }
  | {
      /** a message left a node and travels an edge; it arrives at `arrivesAt` */
      type: 'message.sent';
      messageId: string;
      from: string;
      to: string;
      event: string;
      data: unknown;
      arrivesAt: number;
      /** when it leaves, if later than `at` (it waits for the previous hop to land) */
      departsAt?: number;
    }
  | { type: 'listener.mode-changed'; listener: string; failing: boolean }
  /** a setting of the running scenario was changed in place (the playground's live edits) */
  | { type: 'scenario.reconfigured'; change: LiveChange }
  | {
      /** a consumer's handler called a listener node it is drawn connected to (its edge) */
      type: 'listener.called';
      consumer: string;
      listener: string;
      messageId: string;
      ok: boolean;
      /** what the listener did, or why it failed */
      text: string;
    }
  | BrokerTraceEvent
  | FaultTraceEvent
  | HttpTraceEvent
  | LogTraceEvent
  | ReplayTraceEvent
  | PoolTraceEvent
  | SagaTraceEvent
  | SagaNodeTraceEvent
  | TopicRuntimeTraceEvent;

export type TraceEventType = TraceEventBody['type'];

export type TraceEvent = TraceEventBody & {
  /** position in the trace: strictly increasing, no gaps */
  readonly seq: number;
  /** clock time (ms since epoch) when it happened */
  readonly at: number;
};

export type TraceOf<T extends TraceEventType> = Extract<TraceEvent, { type: T }>;

export type TraceSink = (event: TraceEvent) => void;

/**
 * The engine's single trace. Recording costs nothing while no one listens, so the hot path
 * (EventBus.emit) checks `active` before it builds an event.
 */
export class Trace {
  #seq = 0;
  #sinks: readonly TraceSink[] = [];

  constructor(readonly clock: Clock) {}

  get active(): boolean {
    return this.#sinks.length > 0;
  }

  /** The seq the next recorded event will get. */
  get nextSeq(): number {
    return this.#seq + 1;
  }

  record(body: TraceEventBody): TraceEvent | undefined {
    if (this.#sinks.length === 0) return undefined;
    const event: TraceEvent = { ...body, seq: ++this.#seq, at: this.clock.now() };
    for (const sink of this.#sinks) sink(event);
    return event;
  }

  subscribe(sink: TraceSink): () => void {
    this.#sinks = [...this.#sinks, sink];
    return () => {
      this.#sinks = this.#sinks.filter((s) => s !== sink);
    };
  }
}

/** Keeps the last `capacity` trace events, for tests and for the UI's activity panel. */
export function recordTrace(trace: Trace, capacity = 10_000) {
  const buffer = new Denque<TraceEvent>([], { capacity });
  const unsubscribe = trace.subscribe((event) => buffer.push(event));
  return {
    events: (): TraceEvent[] => buffer.toArray(),
    ofType: <T extends TraceEventType>(type: T): TraceOf<T>[] =>
      buffer.toArray().filter((e): e is TraceOf<T> => e.type === type),
    clear: () => buffer.clear(),
    stop: unsubscribe,
  };
}
