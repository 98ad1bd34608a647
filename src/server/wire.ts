import { z } from 'zod';

/**
 * What the endpoint relays to the tabs over Server-Sent Events, one JSON object per event.
 * The server writes these; the tab's feed (src/app/webhookFeed.ts) reads them back through
 * the same schemas, so a change on one side that the other does not know fails loudly.
 */
export type RelayKind = 'webhook' | 'refused' | 'duplicate';

/** An accepted webhook: it becomes an event in the lab. */
export const relayedWebhookSchema = z.object({
  /** the sender's webhook-id, or one the endpoint made for a request without it */
  id: z.string(),
  /** the URL path it was posted to */
  path: z.string(),
  topic: z.string(),
  event: z.string(),
  data: z.record(z.string(), z.unknown()),
  /** its signature was checked (false: signing is off, it is marked unsigned) */
  signed: z.boolean(),
  /** server time it was accepted, ms since epoch */
  receivedAt: z.number(),
});

/** A request that made no event: refused (4xx), or a duplicate of an accepted one. */
export const relayedAnswerSchema = z.object({
  status: z.number().int(),
  path: z.string(),
  message: z.string(),
  /** the webhook-id it carried, if any */
  id: z.string().optional(),
  receivedAt: z.number(),
});

/** The first thing a tab gets on connecting. */
export const helloSchema = z.object({
  /** changes when the server restarts: ids from another instance are not comparable */
  instance: z.string(),
  signing: z.boolean(),
});

/** Told to a tab that was away longer than the buffer keeps: how many events it missed. */
export const gapSchema = z.object({ missed: z.number().int().min(1) });

export type RelayedWebhook = z.output<typeof relayedWebhookSchema>;
export type RelayedAnswer = z.output<typeof relayedAnswerSchema>;
export type Hello = z.output<typeof helloSchema>;
export type Gap = z.output<typeof gapSchema>;
