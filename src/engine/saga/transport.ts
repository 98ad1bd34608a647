import type { Clock } from '../clock';
import type { RunCommand, StepReply } from './types';

/** What travels between the orchestrator and the services' queues. */
export type SagaMessage =
  | { readonly kind: 'command'; readonly command: RunCommand; readonly replyTo: string }
  /** `from`: the service that answers, for the picture */
  | { readonly kind: 'reply'; readonly reply: StepReply; readonly from?: string };

/**
 * Queues for orchestration, as small as the broker runtime can implement: named queues,
 * send, and one consumer a queue. Delivery is at least once: a handler that rejects gets the
 * message again, so consumers must be idempotent (they are: replies by command id, commands
 * by idempotency key).
 */
export interface SagaTransport {
  send(queue: string, message: SagaMessage): void;
  consume(queue: string, handler: (message: SagaMessage) => Promise<void> | void): () => void;
}

// names a scenario can give its queue nodes too (letters, digits, - and _), so particles land
export const commandQueue = (service: string) => `saga-${service}-commands`;
export const REPLY_QUEUE = 'saga-replies';

export interface MemoryTransportOptions {
  /** time a message takes to reach its consumer, on the clock */
  readonly hopMs?: number;
  /** a test's hook: true delivers this message twice (a duplicate the queue let through) */
  readonly duplicate?: (message: SagaMessage) => boolean;
  /** a test's hook: extra ms this message (each copy) spends on the way, so it may overtake */
  readonly delay?: (message: SagaMessage) => number;
}

/**
 * In-process queues on the clock, for tests: each message reaches its queue's consumer
 * `hopMs` later, in send order. Messages for a queue with no consumer wait for one. Like a
 * page's memory, everything in flight is lost when it is dropped (a restart).
 */
export class MemoryTransport implements SagaTransport {
  readonly #handlers = new Map<string, (message: SagaMessage) => Promise<void> | void>();
  readonly #waiting = new Map<string, SagaMessage[]>();
  #sent = 0;

  constructor(
    private readonly clock: Clock,
    private readonly options: MemoryTransportOptions = {},
  ) {}

  get sent(): number {
    return this.#sent;
  }

  send(queue: string, message: SagaMessage): void {
    this.#sent++;
    const copies = this.options.duplicate?.(message) ? 2 : 1;
    const hop = this.options.hopMs ?? 10;
    for (let i = 0; i < copies; i++) {
      const late = this.options.delay?.(message) ?? 0;
      this.clock.setTimeout(() => this.#arrive(queue, message), hop + late);
    }
  }

  consume(queue: string, handler: (message: SagaMessage) => Promise<void> | void): () => void {
    if (this.#handlers.has(queue)) throw new Error(`Queue ${queue} has a consumer already`);
    this.#handlers.set(queue, handler);
    const waiting = this.#waiting.get(queue) ?? [];
    this.#waiting.delete(queue);
    for (const message of waiting) this.#arrive(queue, message);
    return () => {
      if (this.#handlers.get(queue) === handler) this.#handlers.delete(queue);
    };
  }

  #arrive(queue: string, message: SagaMessage): void {
    const handler = this.#handlers.get(queue);
    if (handler === undefined) {
      const list = this.#waiting.get(queue) ?? [];
      list.push(message);
      this.#waiting.set(queue, list);
      return;
    }
    // a handler that fails gets the message again next hop (at-least-once)
    try {
      Promise.resolve(handler(message)).catch(() => this.#redeliver(queue, message));
    } catch {
      this.#redeliver(queue, message);
    }
  }

  #redeliver(queue: string, message: SagaMessage): void {
    this.clock.setTimeout(() => this.#arrive(queue, message), this.options.hopMs ?? 10);
  }
}
