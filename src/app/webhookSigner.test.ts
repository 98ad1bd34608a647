import { describe, expect, it } from 'vitest';
import { createVerifier } from '../server/signature';
import { randomSecret, secretProblem, signWebhook } from './webhookSigner';

describe('signing in the page (WebCrypto)', () => {
  it('gives the Standard Webhooks specification’s example signature', async () => {
    const signature = await signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('is accepted by the endpoint’s verifier, and a random secret is not the right one', async () => {
    const secret = randomSecret();
    expect(secretProblem(secret)).toBeUndefined();
    const verify = createVerifier(secret);
    const now = Math.floor(Date.now() / 1000);
    const body = '{"order_id":"A-1","amount":5}';
    const headers = (signature: string) => ({
      'webhook-id': 'msg_x',
      'webhook-timestamp': String(now),
      'webhook-signature': signature,
    });
    expect(
      verify(Buffer.from(body), headers(await signWebhook(secret, 'msg_x', now, body))).ok,
    ).toBe(true);
    const forged = await signWebhook(randomSecret(), 'msg_x', now, body);
    expect(verify(Buffer.from(body), headers(forged)).ok).toBe(false);
  });

  it('names what is wrong with a secret', () => {
    expect(secretProblem('secret')).toMatch(/starts with whsec_/);
    expect(secretProblem('whsec_***')).toMatch(/base64/);
    expect(secretProblem('whsec_')).toMatch(/empty/);
  });
});
