import type { EventBus } from '../bus';
import type { Clock } from '../clock';
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
 * published (the time its particle travels), then the bus calls every subscriber at once.
 */
export function busChannel(bus: EventBus, clock: Clock, hopMs = 10): SagaChannel {
  return {
    publish: (event, payload) => {
      clock.setTimeout(() => bus.emit(event, payload), hopMs);
    },
    subscribe: (event, subscriber, handler) =>
      bus.subscribe<SagaEvent>(event, (payload) => handler(payload), { name: subscriber }),
  };
}
