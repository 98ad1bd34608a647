import { BrokerError } from './errors';
import type { ExchangeOptions, QueueOptions } from './types';

type NumberOption = 'messageTtl' | 'expires' | 'maxLength' | 'deliveryLimit';

// [option, least value]: RabbitMQ refuses x-expires 0 and a delivery limit below 1 would
// dead-letter every message before its first delivery
const NUMBER_OPTIONS: readonly (readonly [NumberOption, number])[] = [
  ['messageTtl', 0],
  ['expires', 1],
  ['maxLength', 0],
  ['deliveryLimit', 1],
];

const OVERFLOW = ['drop-head', 'reject-publish', 'reject-publish-dlx'];

/** Throws precondition-failed for options RabbitMQ would refuse. */
export function assertQueueOptions(queue: string, options: QueueOptions): void {
  for (const [key, least] of NUMBER_OPTIONS) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= least)) {
      throw invalid(queue, `${key} must be an integer >= ${least}, got ${value}`);
    }
  }
  if (options.overflow !== undefined && !OVERFLOW.includes(options.overflow)) {
    throw invalid(queue, `overflow must be one of ${OVERFLOW.join(', ')}`);
  }
}

/** Throws precondition-failed for a basic.qos prefetch RabbitMQ would refuse (0 = unlimited). */
export function assertPrefetch(prefetch: number): void {
  if (!(Number.isInteger(prefetch) && prefetch >= 0)) {
    throw new BrokerError('precondition-failed', `prefetch must be an integer >= 0`);
  }
}

function invalid(queue: string, why: string): BrokerError {
  return new BrokerError('precondition-failed', `queue '${queue}': ${why}`);
}

const QUEUE_KEYS: readonly (keyof QueueOptions)[] = [
  'messageTtl',
  'expires',
  'maxLength',
  'overflow',
  'deadLetterExchange',
  'deadLetterRoutingKey',
  'deliveryLimit',
];

/** Whether a redeclaration asks for the same thing (RabbitMQ's equivalence check). */
export function sameQueueOptions(a: QueueOptions, b: QueueOptions): boolean {
  return QUEUE_KEYS.every((key) => a[key] === b[key]);
}

export function sameExchangeOptions(a: ExchangeOptions, b: ExchangeOptions): boolean {
  return a.alternateExchange === b.alternateExchange;
}
