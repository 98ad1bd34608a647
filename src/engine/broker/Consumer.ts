import type { Queue, QueuedMessage } from './Queue';
import type { ConsumeOptions, Delivery } from './types';

/** A delivery the broker holds until its consumer acks or nacks it, or the consumer dies. */
export interface InFlight {
  readonly delivery: Delivery;
  readonly consumer: ConsumerState;
  readonly entry: QueuedMessage;
}

export class ConsumerState {
  /** changed by basic.qos (Broker.setPrefetch) */
  prefetch: number;
  readonly onDelivery: ConsumeOptions['onDelivery'];
  readonly onCancel: ConsumeOptions['onCancel'];
  /** by delivery tag; tags grow, so iteration order is delivery order */
  readonly unacked = new Map<number, InFlight>();
  /** false once cancelled or released: it gets no more deliveries */
  active = true;
  /** whether it waits in its queue's round-robin ring */
  inRing = false;

  constructor(
    readonly tag: string,
    readonly queue: Queue,
    options: ConsumeOptions,
  ) {
    this.prefetch = options.prefetch;
    this.onDelivery = options.onDelivery;
    this.onCancel = options.onCancel;
  }

  get hasCapacity(): boolean {
    return this.prefetch === 0 || this.unacked.size < this.prefetch;
  }
}
