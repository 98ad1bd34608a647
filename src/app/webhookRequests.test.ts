import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../server/config';
import { buildRequest, curlLine, PRESETS } from './webhookRequests';
import { randomSecret } from './webhookSigner';

const options = { secret: '', previous: undefined, serial: 1, nowSeconds: 1_700_000_000 };

describe('the panel’s test webhooks', () => {
  it('builds each preset', async () => {
    const valid = await buildRequest('valid', options);
    expect(JSON.parse(valid.body)).toMatchObject({ order_id: 'A-1001', amount: 1250 });
    expect(valid.headers['webhook-signature']).toBeUndefined();
    const signed = await buildRequest('valid', { ...options, secret: randomSecret() });
    expect(signed.headers['webhook-signature']).toMatch(/^v1,/);
    expect(JSON.parse((await buildRequest('invalid', options)).body).amount).toBe(-5);
    const again = await buildRequest('duplicate', { ...options, previous: signed });
    expect(again).toEqual({ ...signed, preset: 'duplicate' });
    expect((await buildRequest('forged', options)).headers['webhook-signature']).toMatch(/^v1,/);
    const big = await buildRequest('oversized', options);
    expect(new TextEncoder().encode(big.body).length).toBe(MAX_BODY_BYTES + 1024);
    expect(() => JSON.parse(big.body)).not.toThrow();
    expect(PRESETS).toHaveLength(5);
  });

  it('gives a curl line a shell reads back to the same request', async () => {
    const request = await buildRequest('valid', { ...options, secret: randomSecret() });
    const tricky = { ...request, body: `{"note":"it's $HOME \`x\`"}` };
    const line = curlLine('http://127.0.0.1:5173', tricky);
    expect(
      line.startsWith(
        "curl -i 'http://127.0.0.1:5173/webhook/order' -H 'content-type: application/json'",
      ),
    ).toBe(true);
    // the shell's own reading of the words: printf prints each argument on a line
    const words = execFileSync('bash', ['-c', line.replace(/^curl/, "printf '%s\\n'")], {
      encoding: 'utf8',
    }).split('\n');
    expect(words).toContain(tricky.body);
    expect(words).toContain(`webhook-signature: ${request.headers['webhook-signature']}`);
  });
});
