import type { Clock } from '../clock';
import type { Trace } from '../trace';
import type { ConsumerState, InFlight } from './Consumer';
import type { Exchange } from './Exchange';
import { InFlightTable } from './inFlight';
import type { Queue } from './Queue';
import type { Message } from './types';

/** What the broker's parts share: its name, clock and trace, and its tables. */
export class BrokerContext {
  readonly exchanges = new Map<string, Exchange>();
  readonly queues = new Map<string, Queue>();
  /** active consumers, and cancelled ones that still hold unacked deliveries */
  readonly consumers = new Map<string, ConsumerState>();
  /** every unacked delivery, by tag */
  readonly inFlight = new InFlightTable();

  constructor(
    readonly id: string,
    readonly clock: Clock,
    readonly trace: Trace | undefined,
  ) {}

  /** The trace while someone listens. Events are built only then: the hot path stays cheap. */
  get tracing(): Trace | undefined {
    const trace = this.trace;
    return trace?.active ? trace : undefined;
  }

  /** The fields of an event about one message in one queue. */
  at(queue: Queue, message: Message) {
    return { broker: this.id, queue: queue.name, messageId: message.id };
  }

  /** The fields of an event about one delivery. */
  about(f: InFlight) {
    const { delivery } = f;
    return {
      broker: this.id,
      queue: delivery.queue,
      messageId: delivery.message.id,
      consumerTag: delivery.consumerTag,
      deliveryTag: delivery.deliveryTag,
    };
  }
}
