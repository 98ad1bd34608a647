import type { ConsumerState, InFlight } from './Consumer';
import type { BrokerContext } from './context';
import type { Queue, QueuedMessage } from './Queue';
import type { Router } from './router';

/** Ends deliveries: acks and nacks take them out of the unacked set; requeues put them back. */
export class Settlement {
  constructor(
    private readonly ctx: BrokerContext,
    private readonly router: Router,
    private readonly markDirty: (queue: Queue) => void,
    /** the queue lost a consumer: it may start counting towards `expires` */
    private readonly onIdle: (queue: Queue) => void,
  ) {}

  /**
   * Takes a delivery (with `multiple`, every delivery of its consumer up to it) out of the
   * unacked set, or records an unknown tag and returns undefined.
   */
  take(deliveryTag: number, multiple: boolean, op: 'ack' | 'nack'): InFlight[] | undefined {
    const { ctx } = this;
    const f = ctx.inFlight.get(deliveryTag);
    if (f === undefined) {
      ctx.tracing?.record({ type: 'broker.unknown-delivery', broker: ctx.id, deliveryTag, op });
      return undefined;
    }
    const settled: InFlight[] = [];
    const { consumer } = f;
    if (multiple) consumer.unacked.takeUpTo(deliveryTag, settled);
    else {
      consumer.unacked.remove(f);
      settled.push(f);
    }
    for (const g of settled) ctx.inFlight.delete(g);
    const queue = consumer.queue;
    queue.unacked -= settled.length;
    if (consumer.active) {
      queue.offerConsumer(consumer);
      if (queue.ready.length > 0) this.markDirty(queue);
    } else if (consumer.unacked.size === 0 && ctx.consumers.get(consumer.tag) === consumer) {
      ctx.consumers.delete(consumer.tag);
    }
    return settled;
  }

  /**
   * Returns deliveries to the head of their queue, in queue order; one that has had its
   * deliveryLimit is dead-lettered instead (quorum queues' x-delivery-limit).
   */
  requeue(queue: Queue, settled: readonly InFlight[], cause: 'nack' | 'released'): void {
    const limit = queue.options.deliveryLimit;
    const back: QueuedMessage[] = [];
    const trace = this.ctx.tracing;
    for (const f of settled) {
      if (limit !== undefined && f.entry.deliveryCount >= limit) {
        this.router.deadLetter(queue, f.entry.message, 'delivery_limit');
        continue;
      }
      back.push(f.entry);
      queue.counters.requeued++;
      trace?.record({
        type: 'broker.requeued',
        ...this.ctx.about(f),
        cause,
        deliveryCount: f.entry.deliveryCount,
      });
    }
    queue.returnToHead(back);
    this.markDirty(queue);
  }

  /** The consumer's channel died: it is gone, and what it held goes back to its queue. */
  release(consumer: ConsumerState): number {
    const { ctx } = this;
    const queue = consumer.queue;
    this.deactivate(consumer);
    ctx.consumers.delete(consumer.tag);
    const held = consumer.unacked.toArray();
    consumer.unacked.clear();
    for (const f of held) ctx.inFlight.delete(f);
    queue.unacked -= held.length;
    ctx.tracing?.record({
      type: 'broker.consumer-released',
      broker: ctx.id,
      queue: queue.name,
      consumerTag: consumer.tag,
      returned: held.length,
    });
    this.requeue(queue, held, 'released');
    return held.length;
  }

  /** No more deliveries to this consumer. */
  deactivate(consumer: ConsumerState): void {
    if (!consumer.active) return;
    consumer.active = false;
    consumer.queue.consumers--;
    this.onIdle(consumer.queue);
  }
}
