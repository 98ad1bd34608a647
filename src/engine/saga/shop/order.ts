import { z } from 'zod';

/** What a shop saga carries: one order of `qty` of one item, worth `amount`. */
export const orderSchema = z
  .object({
    orderId: z.string().min(1).max(64),
    sku: z.string().min(1).max(64),
    qty: z.number().int().min(1).max(1_000_000),
    amount: z.number().int().min(0).max(1_000_000_000),
  })
  .strict();

export type Order = z.output<typeof orderSchema>;

/** The order in a command's data; a service refuses data that is not one. */
export function orderOf(data: unknown): Order {
  const parsed = orderSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(
      `not an order: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
