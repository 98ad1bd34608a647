import type { ConsumeOptions, Headers } from '../engine/broker/types';
import type { ServiceDecision } from '../engine/saga/serviceDecision';
import type { ShopModelSpec } from '../engine/saga/shop/models';
import type { WireResult } from './protocol';

/** Which messages a `poison` handler fails on. */
export type PoisonRule =
  /** a body field (a dotted path such as `customer.id`) equals the value */
  | { readonly field: string; readonly equals: string | number | boolean | null }
  /** the routing key matches this AMQP topic pattern (`*` one word, `#` any; a plain key: equal) */
  | { readonly routingKey: string };

/**
 * The handlers a person can pick for a consumer, as data: a spec crosses into the worker by
 * postMessage and is turned into a function there (handlers.ts).
 */
export type HandlerSpec =
  | { readonly kind: 'email' }
  | { readonly kind: 'sms' }
  | { readonly kind: 'analytics' }
  /** takes `ms` of simulated time per message */
  | { readonly kind: 'slow'; readonly ms: number }
  /** fails with probability `failureRate` (0..1), decided by the seeded RNG */
  | { readonly kind: 'flaky'; readonly failureRate: number }
  | { readonly kind: 'poison'; readonly when: PoisonRule }
  /** a JavaScript function body; it gets `message` and `context`, and may `await` */
  | { readonly kind: 'custom'; readonly source: string }
  /** writes a log line for the message */
  | { readonly kind: 'log' }
  /**
   * the course's worker (task 4): calls every listener in turn, each wrapped in try/catch,
   * so one failing listener does not stop the others and the message is still acked
   */
  | { readonly kind: 'listeners'; readonly listeners: readonly NamedListener[] }
  /**
   * a saga service's worker (sagaService.ts): decides each command on the view of the
   * service's store that the page sent with it; the saga lab's own, not one a person picks
   */
  | {
      readonly kind: 'saga-service';
      readonly model: ShopModelSpec;
      /** simulated ms spent on each command before deciding (default 0) */
      readonly workMs?: number;
    };

/** One listener of a `listeners` handler; listeners do not nest. */
export interface NamedListener {
  readonly name: string;
  readonly handler: Exclude<HandlerSpec, { readonly kind: 'listeners' | 'saga-service' }>;
}

/** The handlers a person picks for a consumer node (a saga service's is the saga lab's own). */
export type HandlerKind = Exclude<HandlerSpec['kind'], 'saga-service'>;

/** What a handler did, for the UI to show (an email in an outbox, analytics totals). */
export type HandlerEffect =
  | { readonly kind: 'email'; readonly to: string; readonly subject: string; readonly text: string }
  | { readonly kind: 'sms'; readonly to: string; readonly text: string }
  | {
      readonly kind: 'analytics';
      /** the message's `type` field, else its routing key */
      readonly key: string;
      /** this message's `amount`, 0 when it has none */
      readonly amount: number;
      /** this worker's running totals: several workers on one queue each count their share */
      readonly counts: Readonly<Record<string, number>>;
      readonly revenue: number;
    }
  | { readonly kind: 'log'; readonly line: string }
  | {
      readonly kind: 'listeners';
      /** what each listener did, in call order; a failure is caught and reported here */
      readonly results: readonly {
        readonly name: string;
        readonly ok: boolean;
        readonly text: string;
      }[];
    }
  /** what a saga service's worker decided, for the page to log, fold in and reply */
  | { readonly kind: 'saga-service'; readonly decision: ServiceDecision };

export interface HandlerResult {
  /** one line for a person: "email to ann@example.com: order.created" */
  readonly output?: string;
  readonly effect?: HandlerEffect;
}

/** One delivery as it crosses into a worker, and as a handler sees it. */
export interface WireDelivery {
  readonly deliveryTag: number;
  readonly messageId: string;
  readonly exchange: string;
  readonly queue: string;
  readonly routingKey: string;
  readonly body: unknown;
  readonly headers: Headers;
  readonly redelivered: boolean;
  readonly deliveryCount: number;
}

/**
 * The part of the broker the pool uses (src/engine/broker's Broker has these methods), so the
 * pool can be tested against a small fake and does not depend on the broker's internals.
 */
export interface BrokerPort {
  consume(queue: string, options: ConsumeOptions): string;
  /** no further deliveries to this consumer; what it holds stays unacked (basic.cancel) */
  cancel(consumerTag: string): void;
  ack(deliveryTag: number): void;
  /**
   * Optional: basic.ack with `multiple`, acking every delivery this consumer holds with a tag
   * up to and including `deliveryTag` (the Broker's `ack(tag, true)`). The pool uses it only
   * for a run of its worker's oldest deliveries, all handled; without it, it acks one by one.
   */
  ackMultiple?(deliveryTag: number): void;
  nack(deliveryTag: number, options: { readonly requeue: boolean }): void;
  /**
   * Optional: told of each worker's result just before the pool acks or nacks its delivery,
   * for a port that does its part with the result before it lets the answer through (a saga
   * service logs the worker's decision and replies, then acks: src/engine/saga/workerServe.ts).
   */
  handled?(result: WireResult): void;
  /** the consumer's channel died: its unacked deliveries return with redelivered=true */
  releaseConsumer(consumerTag: string): void;
  /**
   * Optional: basic.qos on a running consumer (the Broker's `setPrefetch`). Without it a new
   * prefetch reaches only the workers started after the change.
   */
  setPrefetch?(consumerTag: string, prefetch: number): void;
}

/** What the pool needs of a Web Worker; tests pass an in-process fake (testing/fakeWorker.ts). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(
    type: 'message' | 'error' | 'messageerror',
    listener: (event: WorkerEventLike) => void,
  ): void;
}

/** The fields the pool reads from a MessageEvent or an ErrorEvent. */
export interface WorkerEventLike {
  readonly data?: unknown;
  readonly message?: string;
  preventDefault?(): void;
}
