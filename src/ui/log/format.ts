import { ACCOUNT_EVENTS, operationSchema } from '../../engine/replay/account';

const UAH = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** "2 000 UAH", or "2 000 грн" for a Ukrainian page. */
export function formatUah(n: number, lang: 'en' | 'uk' = 'en'): string {
  return `${UAH.format(n).replace(/,/g, ' ')} ${lang === 'uk' ? 'грн' : 'UAH'}`;
}

/** "+500" or "−200" for an account event; the event's name for anything else. */
export function operationLabel(event: string, data: unknown): string {
  const op = operationSchema.safeParse(data);
  if (!op.success) return event;
  if (event === ACCOUNT_EVENTS.deposited) return `+${op.data.amount}`;
  if (event === ACCOUNT_EVENTS.withdrawn) return `−${op.data.amount}`;
  return event;
}

export function operationTone(event: string): 'deposit' | 'withdraw' | 'read' {
  if (event === ACCOUNT_EVENTS.deposited) return 'deposit';
  if (event === ACCOUNT_EVENTS.withdrawn) return 'withdraw';
  return 'read';
}

export function timeOf(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}
