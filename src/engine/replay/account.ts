import { z } from 'zod';

/** The course's demo: an account opens with 1000 UAH. */
export const OPENING_BALANCE = 1000;

export const ACCOUNT_EVENTS = {
  deposited: 'money.deposited',
  withdrawn: 'money.withdrawn',
} as const;

export type AccountEvent = (typeof ACCOUNT_EVENTS)[keyof typeof ACCOUNT_EVENTS];

/** An operation's amount: whole hryvnias, so sums stay exact. */
export const amountSchema = z
  .number({ error: 'The amount must be a number' })
  .int('The amount must be a whole number of UAH')
  .min(1, 'The amount must be at least 1 UAH')
  .max(1_000_000, 'The amount must be at most 1,000,000 UAH');

/** What a logged operation carries; `id` tells two operations of the same amount apart. */
export const operationSchema = z.object({ id: z.string(), amount: amountSchema });
export type Operation = z.infer<typeof operationSchema>;

export interface Account {
  readonly balance: number;
  /** events applied to it */
  readonly applied: number;
}

export const openAccount = (): Account => ({ balance: OPENING_BALANCE, applied: 0 });

/**
 * The amount of a logged operation, or undefined when the data is not one. A plain check,
 * not `operationSchema.safeParse`: it runs for every replayed record, and the schema's
 * parse was most of a full-speed replay's time (bench/replayLab.driver.mjs).
 */
function amountOf(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const amount = (data as { amount?: unknown }).amount;
  return typeof amount === 'number' && Number.isSafeInteger(amount) && amount > 0
    ? amount
    : undefined;
}

/**
 * The account's one listener, used both live and in replay: the same code rebuilds the
 * same state. An event it does not know (or a malformed one in an imported log) leaves the
 * balance alone but counts as read, so a replay's position always moves on.
 */
export function applyToAccount(account: Account, event: string, data: unknown): Account {
  const amount = amountOf(data);
  const sign =
    amount === undefined
      ? 0
      : event === ACCOUNT_EVENTS.deposited
        ? 1
        : event === ACCOUNT_EVENTS.withdrawn
          ? -1
          : 0;
  return { balance: account.balance + sign * (amount ?? 0), applied: account.applied + 1 };
}
