import type { EventBus } from '../bus';
import type { Clock } from '../clock';
import type { Trace } from '../trace';
import type { SagaFact } from './traceEvents';

/** What a choreography event carries: the fact it announces and the instance's data. */
export interface SagaEvent {
  readonly fact: SagaFact;
  readonly data: unknown;
}

/** Pub/sub for choreography: services publish what they did and react to what others did. */
export interface SagaChannel {
  publish(event: string, payload: SagaEvent, from: string): void;
  subscribe(event: string, subscriber: string, handler: (payload: SagaEvent) => void): () => void;
}

/**
 * The course's EventBus as the channel: an event reaches the bus `hopMs` after it is
 * published (the time its particle travels, a `message.sent` when a trace is given), then
 * the bus calls every subscriber at once.
 */
export function busChannel(
  bus: EventBus,
  clock: Clock,
  hopMs = 10,
  trace?: Trace,
): SagaChannel & { close(): void } {
  let sent = 0;
  let closed = false;
  return {
    // the page's runtime is gone: events still on their way to the bus are dropped, so a
    // runtime opened next on the same bus is not told another store's story
    close: () => {
      closed = true;
    },
    publish: (event, payload, from) => {
      // the particle from the service to the bus; the bus's own trace draws the fan-out
      trace?.record({
        type: 'message.sent',
        messageId: `saga-event-${++sent}`,
        from,
        to: bus.id,
        event,
        data: payload,
        arrivesAt: clock.now() + hopMs,
      });
      clock.setTimeout(() => {
        if (!closed) bus.emit(event, payload);
      }, hopMs);
    },
    subscribe: (event, subscriber, handler) =>
      bus.subscribe<SagaEvent>(event, (payload) => handler(payload), { name: subscriber }),
  };
}
