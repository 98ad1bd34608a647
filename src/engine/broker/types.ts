import type { HeaderCheck, TopicStep, XMatch } from '../routing';

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

/**
 * What happens at maxLength: `drop-head` dead-letters the oldest; `reject-publish` refuses
 * the new message (its confirm is a nack); `reject-publish-dlx` refuses it and dead-letters it.
 */
export type Overflow = 'drop-head' | 'reject-publish' | 'reject-publish-dlx';

export interface QueueOptions {
  /** ms a message may wait in this queue (x-message-ttl) */
  readonly messageTtl?: number;
  /** ms the queue may go unused before it is deleted (x-expires) */
  readonly expires?: number;
  /** ready messages at most (x-max-length) */
  readonly maxLength?: number;
  /** what happens at maxLength (default drop-head) */
  readonly overflow?: Overflow;
  readonly deadLetterExchange?: string;
  /** routing key for dead letters; default: the message's own */
  readonly deadLetterRoutingKey?: string;
  /** deliveries at most before the message is dead-lettered (x-delivery-limit) */
  readonly deliveryLimit?: number;
}

export interface BindingArgs {
  /**
   * headers exchanges: match all the listed headers, or any of them (default all); `x-`
   * arguments count only in the `-with-x` modes
   */
  readonly 'x-match'?: 'all' | 'any' | 'all-with-x' | 'any-with-x';
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
  /** the alternate exchange that routed it, when the exchange's own bindings did not */
  readonly alternate?: string;
  /** queues that refused it (reject-publish at maxLength) */
  readonly refusedBy?: readonly string[];
}

export interface ConsumeOptions {
  /** unacked deliveries at most for this consumer (basic.qos prefetch); 0 = unlimited */
  readonly prefetch: number;
  readonly consumerTag?: string;
  /**
   * called once per delivery, synchronously inside the broker's dispatch. If it throws, the
   * broker treats the consumer as dead: releaseConsumer, and the error is traced.
   */
  readonly onDelivery: (delivery: Delivery) => void;
  /** called when the broker cancels the consumer (its queue was deleted), as basic.cancel */
  readonly onCancel?: () => void;
}

export interface QueueStats {
  readonly name: string;
  readonly ready: number;
  readonly unacked: number;
  readonly consumers: number;
  /** messages that entered the queue (published, dead-lettered or moved into it) */
  readonly published: number;
  /** deliveries made, redeliveries included */
  readonly delivered: number;
  readonly acked: number;
  /** deliveries that came back to the queue (nack/reject with requeue, released consumer) */
  readonly requeued: number;
  /** messages that left for a dead-letter reason, whether a dead-letter exchange took them */
  readonly deadLettered: number;
  /** publishes refused at maxLength (reject-publish) */
  readonly refused: number;
}

export interface QueueInfo extends QueueStats {
  readonly options: QueueOptions;
}

export interface ExchangeInfo {
  readonly name: string;
  readonly type: ExchangeType;
  readonly options: ExchangeOptions;
  readonly bindings: number;
}

/** A message waiting in a queue, as `peek` shows it. */
export interface ReadyMessage {
  readonly message: Message;
  /** deliveries so far (0 for a message never delivered) */
  readonly deliveryCount: number;
  readonly redelivered: boolean;
  readonly enqueuedAt: number;
  /** when its TTL runs out, when it has one */
  readonly expiresAt: number | undefined;
}

export interface MoveOptions {
  /** default: the key the message had before it was dead-lettered, else its own */
  readonly routingKey?: string;
  /** ready messages to move at most, from the head; default all */
  readonly limit?: number;
  /** move only these messages */
  readonly messageIds?: readonly string[];
}

/** How one binding relates to a routing key (and headers): matched or not, and why. */
export type MatchDetail =
  /** direct (and the default exchange): the binding key equals the routing key, or not */
  | { readonly kind: 'direct'; readonly equal: boolean }
  | { readonly kind: 'fanout' }
  /** topic: the routing words each binding word took, when it matched */
  | { readonly kind: 'topic'; readonly steps: readonly TopicStep[] | undefined }
  | {
      readonly kind: 'headers';
      readonly xMatch: XMatch;
      readonly checks: readonly HeaderCheck[];
      readonly matched: boolean;
    };

export interface BindingExplanation {
  readonly binding: Binding;
  readonly matched: boolean;
  readonly detail: MatchDetail;
}

/** Where a publish would route and why: every binding of the exchange, matched or not. */
export interface RouteExplanation {
  readonly exchange: string;
  readonly type: ExchangeType | undefined;
  readonly routingKey: string;
  /**
   * the exchange's bindings with their verdict; for the default exchange only the queue
   * named by the routing key, when there is one
   */
  readonly bindings: readonly BindingExplanation[];
  /** the queues a publish would reach (through the alternate exchange too) */
  readonly queues: readonly string[];
  /** when no binding matched and the exchange has an alternate exchange: how that routes */
  readonly alternate?: RouteExplanation;
  readonly reason?: 'unroutable' | 'no-exchange';
}
