import { z } from 'zod';
import { eventNameProblem } from '../engine/bus/names.ts';

/**
 * What a webhook's body must be. `/webhook/order` takes the course's order; any other topic
 * takes a JSON object whose optional `event` names an event of that topic. Unknown fields are
 * kept (looseObject): a sender may add fields before the receiver knows them.
 */

const required =
  (type: string) =>
  (issue: { input: unknown }): string =>
    issue.input === undefined ? 'is required' : `must be ${type}`;

export const ORDER_EVENTS = ['order.created', 'order.paid', 'order.cancelled'] as const;

export const orderSchema = z.looseObject(
  {
    order_id: z
      .string({ error: required('a string') })
      .min(1, 'must not be empty')
      .max(64, 'must be at most 64 characters'),
    amount: z.number({ error: required('a number') }).min(0, 'must be at least 0'),
    currency: z
      .string({ error: 'must be a string' })
      .regex(/^[A-Za-z]{3}$/, 'must be three letters, e.g. UAH')
      .default('UAH'),
    event: z
      .enum(ORDER_EVENTS, { error: `must be one of ${ORDER_EVENTS.join(', ')}` })
      .default('order.created'),
    customer: z
      .looseObject(
        { email: z.email({ error: 'must be an email address' }).optional() },
        { error: 'must be an object' },
      )
      .optional(),
  },
  { error: 'the body must be a JSON object' },
);

export type Order = z.output<typeof orderSchema>;

/** A topic is one lowercase word: it becomes the first segment of the event's name. */
export const TOPIC = /^[a-z][a-z0-9_-]{0,63}$/;

// one schema for every other topic, built once: a zod schema built per request costs about
// 30 µs (its parser is compiled on first use), as much as the rest of the request; the topic
// prefix is checked after it
const topicSchema = z.looseObject(
  {
    event: z
      .string({ error: 'must be a string' })
      .superRefine((value, ctx) => {
        const problem = eventNameProblem(value);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  },
  { error: 'the body must be a JSON object' },
);

export type PayloadResult =
  | { readonly ok: true; readonly event: string; readonly data: Record<string, unknown> }
  | { readonly ok: false; readonly field: string; readonly message: string };

function fieldOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(body)' : path.map(String).join('.');
}

/** Validates a parsed body for its topic; names the first wrong field. */
export function validatePayload(topic: string, body: unknown): PayloadResult {
  if (topic === 'order') {
    const order = orderSchema.safeParse(body);
    return order.success
      ? { ok: true, event: order.data.event, data: order.data }
      : firstIssue(order.error);
  }
  const result = topicSchema.safeParse(body);
  if (!result.success) return firstIssue(result.error);
  const event = result.data.event ?? `${topic}.received`;
  if (!event.startsWith(`${topic}.`)) return refusal('event', `must start with "${topic}."`);
  return { ok: true, event, data: { ...result.data, event } };
}

function firstIssue(error: z.ZodError): PayloadResult {
  const issue = error.issues[0];
  return refusal(fieldOf(issue?.path ?? []), issue?.message ?? 'is invalid');
}

function refusal(field: string, problem: string): PayloadResult {
  return { ok: false, field, message: `${field}: ${problem}` };
}
