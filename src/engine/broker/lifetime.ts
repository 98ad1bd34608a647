import type { ConsumerState } from './Consumer';
import type { BrokerContext } from './context';
import type { Queue } from './Queue';

/** When queues end: deleted by command, or by `expires` after going unused. */
export class QueueLifetime {
  constructor(
    private readonly ctx: BrokerContext,
    /** after a queue expired: its messages left, others may have work */
    private readonly drain: () => void,
  ) {}

  /** `expires`: a queue with no consumers for that long is deleted (redeclaring resets it). */
  armIdle(queue: Queue): void {
    const { expires } = queue.options;
    if (expires === undefined || queue.deleted) return;
    this.clearIdle(queue);
    if (queue.consumers > 0) return;
    queue.idleTimer = this.ctx.clock.setTimeout(() => {
      queue.idleTimer = undefined;
      this.remove(queue, 'expired');
      this.drain();
    }, expires);
  }

  clearIdle(queue: Queue): void {
    if (queue.idleTimer === undefined) return;
    this.ctx.clock.clearTimeout(queue.idleTimer);
    queue.idleTimer = undefined;
  }

  /**
   * Deletes a queue with its messages and bindings; its consumers are cancelled and their
   * deliveries forgotten. Returns the messages it held, ready and unacked.
   */
  remove(queue: Queue, reason: 'deleted' | 'expired'): number {
    const { ctx } = this;
    const messages = queue.ready.length + queue.unacked;
    queue.deleted = true;
    this.clearIdle(queue);
    if (queue.ttlTimer !== undefined) ctx.clock.clearTimeout(queue.ttlTimer);
    for (const { binding } of queue.bindings) {
      ctx.exchanges.get(binding.exchange)?.unbind(binding.queue, binding.bindingKey, binding.args);
    }
    queue.bindings.clear();
    queue.ready.clear();
    ctx.queues.delete(queue.name);
    const cancelled = this.#dropConsumers(queue);
    ctx.tracing?.record({
      type: 'broker.queue-deleted',
      broker: ctx.id,
      queue: queue.name,
      reason,
      messages,
    });
    // told last, when the broker is consistent: a handler may declare or consume again
    for (const consumer of cancelled) consumer.onCancel?.();
    return messages;
  }

  /** Forgets the queue's consumers and their deliveries; returns the active ones. */
  #dropConsumers(queue: Queue): ConsumerState[] {
    const { ctx } = this;
    const cancelled: ConsumerState[] = [];
    for (const consumer of ctx.consumers.values()) {
      if (consumer.queue !== queue) continue;
      ctx.consumers.delete(consumer.tag);
      for (const f of consumer.unacked.toArray()) ctx.inFlight.delete(f);
      consumer.unacked.clear();
      if (!consumer.active) continue;
      consumer.active = false;
      cancelled.push(consumer);
      ctx.tracing?.record({
        type: 'broker.consumer-cancelled',
        broker: ctx.id,
        queue: queue.name,
        consumerTag: consumer.tag,
        by: 'queue-deleted',
      });
    }
    queue.consumers = 0;
    queue.unacked = 0;
    return cancelled;
  }
}
