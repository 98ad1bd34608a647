import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { fillTemplate } from './payloadTemplate';

const ctx = (seed = 1, seq = 7) => ({ seq, now: Date.UTC(2026, 10, 25, 12), rng: createRng(seed) });

describe('payload templates', () => {
  it('fills placeholders at any depth, a lone placeholder keeping its type', () => {
    const out = fillTemplate(
      {
        order_id: 'o-{{seq}}',
        n: '{{seq}}',
        at: '{{now}}',
        amount: '{{random 10 20}}',
        method: '{{pick card|cash}}',
        lines: [{ sku: 'sku-{{random 1 3}}' }],
        fixed: 5,
      },
      ctx(),
    ) as Record<string, unknown>;
    expect(out.order_id).toBe('o-7');
    expect(out.n).toBe(7);
    expect(out.at).toBe('2026-11-25T12:00:00.000Z');
    expect(out.amount).toBeGreaterThanOrEqual(10);
    expect(out.amount).toBeLessThanOrEqual(20);
    expect(['card', 'cash']).toContain(out.method);
    expect((out.lines as { sku: string }[])[0]?.sku).toMatch(/^sku-[123]$/);
    expect(out.fixed).toBe(5);
  });

  it('gives the same payloads for the same seed, and leaves a payload without placeholders as it is', () => {
    const t = { id: '{{uuid}}', v: '{{random 1 1000000}}' };
    expect(fillTemplate(t, ctx(3))).toEqual(fillTemplate(t, ctx(3)));
    expect(fillTemplate(t, ctx(3))).not.toEqual(fillTemplate(t, ctx(4)));
    // a template is filled anew each time, however often it is sent
    const seq = { n: '{{seq}}' };
    expect([fillTemplate(seq, ctx(1, 1)), fillTemplate(seq, ctx(1, 2))]).toEqual([
      { n: 1 },
      { n: 2 },
    ]);
    const plain = { a: [1, 'b', { c: null }] };
    expect(fillTemplate(plain, ctx())).toBe(plain);
    expect(fillTemplate(plain, ctx())).toBe(plain);
    expect(fillTemplate('{{unknown}}', ctx())).toBe('{{unknown}}');
  });
});
