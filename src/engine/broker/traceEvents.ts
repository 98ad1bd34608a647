import type {
  Binding,
  Confirm,
  DeathReason,
  ExchangeOptions,
  ExchangeType,
  Headers,
  QueueOptions,
} from './types';

/** Where a message is, for the events about one message in one queue. */
interface InQueue {
  broker: string;
  queue: string;
  messageId: string;
}

/** A binding made or removed. */
interface OfBinding extends Binding {
  broker: string;
}

/** One delivery: the consumer holds it until it acks, nacks or its channel dies. */
interface OfDelivery extends InQueue {
  consumerTag: string;
  deliveryTag: number;
}

/**
 * Trace events of the broker (exchanges, queues, consumers). Part of the engine's one
 * TraceEvent union (src/engine/trace.ts). A message's life reads, in order: published ->
 * routed | unroutable -> enqueued | refused -> delivered -> acked | nacked -> requeued |
 * dead-lettered | dropped; expired and moved along the way.
 */
export type BrokerTraceEvent =
  // topology
  | {
      type: 'broker.exchange-declared';
      broker: string;
      exchange: string;
      exchangeType: ExchangeType;
      options: ExchangeOptions;
    }
  | { type: 'broker.exchange-deleted'; broker: string; exchange: string; bindings: number }
  | { type: 'broker.queue-declared'; broker: string; queue: string; options: QueueOptions }
  | {
      type: 'broker.queue-deleted';
      broker: string;
      queue: string;
      /** `expired`: unused for longer than its `expires` */
      reason: 'deleted' | 'expired';
      /** ready and unacked messages that went with it */
      messages: number;
    }
  | { type: 'broker.queue-purged'; broker: string; queue: string; messages: number }
  /** a policy replaced the queue's arguments while it ran (RabbitMQ applies policies live) */
  | { type: 'broker.queue-policy-set'; broker: string; queue: string; options: QueueOptions }
  /** basic.qos on a running consumer: its prefetch from now on */
  | {
      type: 'broker.prefetch-set';
      broker: string;
      queue: string;
      consumerTag: string;
      prefetch: number;
    }
  | (OfBinding & { type: 'broker.bound' })
  | (OfBinding & { type: 'broker.unbound' })
  // consumers
  | {
      type: 'broker.consumer-added';
      broker: string;
      queue: string;
      consumerTag: string;
      prefetch: number;
    }
  | {
      type: 'broker.consumer-cancelled';
      broker: string;
      queue: string;
      consumerTag: string;
      /** `client`: cancel(); `queue-deleted`: the broker cancelled it */
      by: 'client' | 'queue-deleted';
    }
  | {
      /** the consumer's channel died: what it held went back (releaseConsumer) */
      type: 'broker.consumer-released';
      broker: string;
      queue: string;
      consumerTag: string;
      returned: number;
    }
  | {
      /** onDelivery threw; the consumer is released */
      type: 'broker.consumer-failed';
      broker: string;
      queue: string;
      consumerTag: string;
      deliveryTag: number;
      error: string;
    }
  // messages
  | {
      type: 'broker.published';
      broker: string;
      exchange: string;
      routingKey: string;
      messageId: string;
      body: unknown;
      headers: Headers;
      confirm: Confirm;
    }
  | {
      type: 'broker.routed';
      broker: string;
      exchange: string;
      routingKey: string;
      messageId: string;
      /** the bindings that matched: why it went where it went */
      bindings: readonly Binding[];
      queues: readonly string[];
      /** the alternate exchange that routed it, when the exchange's bindings did not */
      alternate: string | undefined;
    }
  | {
      type: 'broker.unroutable';
      broker: string;
      exchange: string;
      routingKey: string;
      messageId: string;
    }
  | (InQueue & {
      type: 'broker.enqueued';
      /** ready messages in the queue after this one joined */
      ready: number;
    })
  | (InQueue & { type: 'broker.refused'; reason: 'queue-full' })
  | (OfDelivery & { type: 'broker.delivered'; redelivered: boolean; deliveryCount: number })
  | (OfDelivery & { type: 'broker.acked'; multiple: boolean })
  | (OfDelivery & { type: 'broker.nacked'; requeue: boolean; multiple: boolean })
  | (OfDelivery & {
      /** back at the head of its queue, redelivered=true on its next delivery */
      type: 'broker.requeued';
      cause: 'nack' | 'released';
      deliveryCount: number;
    })
  | {
      /** an ack or nack named a delivery the broker does not hold (settled or released) */
      type: 'broker.unknown-delivery';
      broker: string;
      deliveryTag: number;
      op: 'ack' | 'nack';
    }
  | (InQueue & { type: 'broker.expired'; expiresAt: number })
  | (InQueue & {
      type: 'broker.dead-lettered';
      reason: DeathReason;
      /** the dead-letter exchange it was republished to */
      exchange: string;
      routingKey: string;
    })
  | (InQueue & {
      /**
       * the message left `queue` for a dead-letter reason and went nowhere; for a cycle,
       * `queue` is the queue it would have come back to
       */
      type: 'broker.dropped';
      reason: DeathReason;
      why: 'no-dead-letter-exchange' | 'dead-letter-exchange-missing' | 'dead-letter-cycle';
    })
  | (InQueue & { type: 'broker.moved'; exchange: string; routingKey: string })
  | {
      /** a dispatch made too many deliveries at once; the rest follow on the next clock turn */
      type: 'broker.dispatch-deferred';
      broker: string;
      deliveries: number;
    };
