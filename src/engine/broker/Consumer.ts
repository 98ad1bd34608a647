import type { Queue, QueuedMessage } from './Queue';
import type { ConsumeOptions, Delivery } from './types';
import { Unacked } from './unacked';

/** A delivery the broker holds until its consumer acks or nacks it, or the consumer dies. */
export interface InFlight {
  readonly delivery: Delivery;
  readonly consumer: ConsumerState;
  readonly entry: QueuedMessage;
  /** acked, nacked or returned: no longer held (its consumer's list drops it lazily) */
  settled: boolean;
}

export class ConsumerState {
  /** changed by basic.qos (Broker.setPrefetch) */
  prefetch: number;
  readonly onDelivery: ConsumeOptions['onDelivery'];
  readonly onCancel: ConsumeOptions['onCancel'];
  /** in delivery order (tags grow) */
  readonly unacked = new Unacked();
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
