import type { DeathReason, DeathRecord, Message } from './types';

/**
 * The message as a dead-letter exchange receives it, as RabbitMQ rewrites it: published to
 * the dead-letter exchange, with the dead-letter routing key when the queue sets one; its
 * x-death history gains this (queue, reason), counted and moved to the front when it was
 * already there; its per-message TTL is dropped so it does not expire again where it lands.
 */
export function deadLettered(
  message: Message,
  queue: string,
  reason: DeathReason,
  time: number,
  exchange: string,
  routingKey: string | undefined,
): Message {
  const previous = message.deaths.find((d) => d.queue === queue && d.reason === reason);
  const record: DeathRecord = {
    queue,
    reason,
    exchange: message.exchange,
    routingKeys: [message.routingKey],
    count: (previous?.count ?? 0) + 1,
    time,
  };
  return {
    ...message,
    exchange,
    routingKey: routingKey ?? message.routingKey,
    expiration: undefined,
    deaths: [record, ...message.deaths.filter((d) => d !== previous)],
  };
}

/**
 * Whether dead-lettering into `target` closes a cycle with no rejection in it (RabbitMQ
 * drops the message then, or it would loop for ever: two full queues dead-lettering to each
 * other, say). `deaths` is the history with the current death first.
 */
export function isDeadLetterCycle(
  deaths: readonly DeathRecord[],
  reason: DeathReason,
  target: string,
): boolean {
  if (reason === 'rejected') return false;
  for (const death of deaths) {
    if (death.reason === 'rejected') return false;
    if (death.queue === target) return true;
  }
  return false;
}

/** The exchange a message was published to before it was last dead-lettered. */
export function originalExchange(message: Message): string {
  return message.deaths[0]?.exchange ?? message.exchange;
}

/** The key a message had before it was last dead-lettered: where "move back" sends it. */
export function originalRoutingKey(message: Message): string {
  return message.deaths[0]?.routingKeys[0] ?? message.routingKey;
}
