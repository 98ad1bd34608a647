/**
 * The broker's public contract: AMQP 0-9-1 semantics as RabbitMQ implements them, in a
 * deterministic, single-threaded engine (time from the injected Clock). The worker pool
 * (src/workers) and the Simulation (src/engine/sim) program against these types.
 */

export type ExchangeType = 'direct' | 'fanout' | 'topic' | 'headers';

export type Headers = Readonly<Record<string, unknown>>;

export interface ExchangeOptions {
  /** messages no binding takes go here (RabbitMQ's alternate-exchange) */
  readonly alternateExchange?: string;
}

export type Overflow = 'drop-head' | 'reject-publish';

export interface QueueOptions {
  /** ms a message may wait in this queue (x-message-ttl) */
  readonly messageTtl?: number;
  /** ms the queue may go unused before it is deleted (x-expires) */
  readonly expires?: number;
  /** ready messages at most (x-max-length) */
  readonly maxLength?: number;
  /** what happens at maxLength: drop (dead-letter) the oldest, or refuse the publish */
  readonly overflow?: Overflow;
  readonly deadLetterExchange?: string;
  /** routing key for dead letters; default: the message's own */
  readonly deadLetterRoutingKey?: string;
  /** deliveries at most before the message is dead-lettered (x-delivery-limit) */
  readonly deliveryLimit?: number;
}

export interface BindingArgs {
  /** headers exchanges: match all the listed headers, or any of them (default all) */
  readonly 'x-match'?: 'all' | 'any';
  readonly [header: string]: unknown;
}

export interface Binding {
  readonly exchange: string;
  readonly queue: string;
  readonly bindingKey: string;
  readonly args: BindingArgs | undefined;
}

export interface PublishOptions {
  readonly headers?: Headers;
  /** per-message TTL in ms (the AMQP `expiration` property) */
  readonly expiration?: number;
  readonly messageId?: string;
}

/** Why a message was dead-lettered, as RabbitMQ's x-death `reason`. */
export type DeathReason = 'rejected' | 'expired' | 'maxlen' | 'delivery_limit';

export interface DeathRecord {
  readonly queue: string;
  readonly reason: DeathReason;
  readonly exchange: string;
  readonly routingKeys: readonly string[];
  readonly count: number;
  readonly time: number;
}

export interface Message {
  readonly id: string;
  readonly exchange: string;
  readonly routingKey: string;
  readonly body: unknown;
  readonly headers: Headers;
  readonly publishedAt: number;
  /** per-message TTL, when set */
  readonly expiration: number | undefined;
  /** dead-letter history, newest first (RabbitMQ's x-death header) */
  readonly deaths: readonly DeathRecord[];
}

export interface Delivery {
  /** unique per broker; ack/nack name it */
  readonly deliveryTag: number;
  readonly consumerTag: string;
  readonly queue: string;
  readonly message: Message;
  /** true when this message was delivered before and not acked */
  readonly redelivered: boolean;
  /** 1 on the first delivery */
  readonly deliveryCount: number;
}

/** The publisher confirm: whether the broker took responsibility for the message. */
export interface Confirm {
  readonly messageId: string;
  /** true: routed (or deliberately dropped as unroutable); false: refused (nack) */
  readonly ack: boolean;
  /** queues the message was put on */
  readonly queues: readonly string[];
  /** the bindings that matched, for "why did it go there" */
  readonly matched: readonly Binding[];
  /** why it was refused, or why it went nowhere */
  readonly reason?: 'unroutable' | 'queue-full' | 'no-exchange';
}

export interface ConsumeOptions {
  /** unacked deliveries at most for this consumer (basic.qos prefetch); 0 = unlimited */
  readonly prefetch: number;
  readonly consumerTag?: string;
  /** called once per delivery, synchronously inside the broker's dispatch */
  readonly onDelivery: (delivery: Delivery) => void;
}

export interface QueueStats {
  readonly name: string;
  readonly ready: number;
  readonly unacked: number;
  readonly consumers: number;
  readonly published: number;
  readonly acked: number;
  readonly deadLettered: number;
}
