import type { Rng } from '../rng';

/** What a payload template can draw on when a message is sent. */
export interface TemplateContext {
  /** the message's number in the run (1, 2, 3...) */
  readonly seq: number;
  /** the clock's time of sending */
  readonly now: number;
  /** the run's seeded RNG: a template's random values replay with the seed */
  readonly rng: Rng;
}

const PLACEHOLDER = /\{\{\s*(seq|now|uuid|random\s+(-?\d+)\s+(-?\d+)|pick\s+([^}]+?))\s*\}\}/g;

function value(match: RegExpExecArray, ctx: TemplateContext): string | number {
  const [, what = '', lo, hi, choices] = match;
  if (what === 'seq') return ctx.seq;
  if (what === 'now') return new Date(ctx.now).toISOString();
  if (what === 'uuid') {
    const hex = () => ctx.rng.int(0, 0xffff).toString(16).padStart(4, '0');
    return `${hex()}${hex()}-${hex()}-${hex()}-${hex()}-${hex()}${hex()}${hex()}`;
  }
  if (lo !== undefined && hi !== undefined) {
    const [a, b] = [Number(lo), Number(hi)].sort((x, y) => x - y) as [number, number];
    return ctx.rng.int(a, b);
  }
  const options = (choices ?? '').split('|').map((c) => c.trim());
  return options[ctx.rng.int(0, options.length - 1)] ?? '';
}

function expandString(text: string, ctx: TemplateContext): string | number {
  if (!text.includes('{{')) return text;
  PLACEHOLDER.lastIndex = 0;
  const whole = PLACEHOLDER.exec(text);
  // a string that is one placeholder takes its value's type: {{seq}} is a number
  if (whole && whole.index === 0 && whole[0].length === text.length) return value(whole, ctx);
  PLACEHOLDER.lastIndex = 0;
  return text.replace(PLACEHOLDER, (...args) => {
    const match = args.slice(0, 5) as unknown as RegExpExecArray;
    return String(value(match, ctx));
  });
}

/**
 * A producer's payload as a template, filled in for each message: `{{seq}}` (its number),
 * `{{now}}` (ISO time), `{{uuid}}`, `{{random 1 100}}`, `{{pick card|cash|transfer}}`, in any
 * string of the payload, at any depth. Random values come from the run's seeded RNG, so the
 * same seed sends the same payloads. A payload without `{{` is returned as it is.
 */
export function fillTemplate(data: unknown, ctx: TemplateContext): unknown {
  // every send goes through here (10,000 a second under load): a payload found to hold no
  // placeholder is not walked again (a scenario's presets never change)
  if (typeof data === 'object' && data !== null && plain.has(data)) return data;
  const filled = fill(data, ctx);
  if (filled === data && typeof data === 'object' && data !== null) plain.add(data);
  return filled;
}

const plain = new WeakSet<object>();

function fill(data: unknown, ctx: TemplateContext): unknown {
  if (typeof data === 'string') return expandString(data, ctx);
  if (Array.isArray(data)) {
    let changed = false;
    const out = data.map((item) => {
      const next = fill(item, ctx);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? out : data;
  }
  if (typeof data === 'object' && data !== null) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) {
      const next = fill(v, ctx);
      if (next !== v) changed = true;
      out[k] = next;
    }
    return changed ? out : data;
  }
  return data;
}
