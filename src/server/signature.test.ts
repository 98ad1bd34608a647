import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createVerifier, InvalidSecretError, sign } from './signature';

// the Standard Webhooks specification's own example: secret, id, timestamp, body, signature
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const verify = createVerifier(SECRET);
const headers = (overrides: Record<string, string | undefined> = {}) => ({
  'webhook-id': ID,
  'webhook-timestamp': String(TIMESTAMP),
  'webhook-signature': SIGNATURE,
  ...overrides,
});
const check = (h: Record<string, string | undefined> = headers(), body = BODY) =>
  verify(Buffer.from(body), h);

describe('the Standard Webhooks verifier', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(TIMESTAMP * 1000);
  });
  afterEach(() => vi.useRealTimers());

  it('accepts the specification’s example', () => {
    expect(check()).toEqual({ ok: true, id: ID, timestamp: TIMESTAMP });
    expect(sign(SECRET, ID, TIMESTAMP, BODY)).toBe(SIGNATURE);
  });

  it('refuses an invalid signature', () => {
    const flipped = `v1,${SIGNATURE.slice(3, 10)}X${SIGNATURE.slice(11)}`;
    expect(check(headers({ 'webhook-signature': flipped }))).toEqual({
      ok: false,
      message: 'no signature in webhook-signature matches this body',
    });
    // signed with another secret
    const other = sign('whsec_c2VjcmV0LXRoYXQtaXMtbm90LXRoZS1vbmU=', ID, TIMESTAMP, BODY);
    expect(check(headers({ 'webhook-signature': other })).ok).toBe(false);
  });

  it('refuses a partial signature', () => {
    for (const partial of [SIGNATURE.slice(0, 20), 'v1,', 'v1', SIGNATURE.slice(3)]) {
      expect(check(headers({ 'webhook-signature': partial })).ok, partial).toBe(false);
    }
  });

  it('refuses missing headers and names them', () => {
    expect(check(headers({ 'webhook-signature': undefined }))).toEqual({
      ok: false,
      message: 'missing webhook-signature (signatures are on)',
    });
    expect(check({})).toEqual({
      ok: false,
      message: 'missing webhook-id, webhook-timestamp, webhook-signature (signatures are on)',
    });
    expect(check(headers({ 'webhook-id': '' })).ok).toBe(false);
  });

  it('takes a timestamp just inside the 5-minute tolerance and refuses one just outside', () => {
    const at = (seconds: number) => {
      const body = `{"at":${seconds}}`;
      return check(
        headers({
          'webhook-timestamp': String(seconds),
          'webhook-signature': sign(SECRET, ID, seconds, body),
        }),
        body,
      );
    };
    expect(at(TIMESTAMP - 300).ok).toBe(true);
    expect(at(TIMESTAMP + 300).ok).toBe(true);
    expect(at(TIMESTAMP - 301)).toEqual({
      ok: false,
      message: 'webhook-timestamp is more than 5 minutes in the past',
    });
    expect(at(TIMESTAMP + 301)).toEqual({
      ok: false,
      message: 'webhook-timestamp is more than 5 minutes in the future',
    });
  });

  it('refuses a timestamp that is not a number of seconds', () => {
    for (const bad of ['soon', '1614265330abc', '1614265330.5', '-1']) {
      expect(check(headers({ 'webhook-timestamp': bad })).ok, bad).toBe(false);
    }
  });

  it('accepts when any one of several signatures matches', () => {
    const wrong = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=';
    expect(check(headers({ 'webhook-signature': `${wrong} ${SIGNATURE}` })).ok).toBe(true);
    expect(check(headers({ 'webhook-signature': `${SIGNATURE} ${wrong}` })).ok).toBe(true);
    // another scheme's signature is skipped, not matched
    const v1a = `v1a,${SIGNATURE.slice(3)}`;
    expect(check(headers({ 'webhook-signature': `${v1a} ${SIGNATURE}` })).ok).toBe(true);
    expect(check(headers({ 'webhook-signature': v1a })).ok).toBe(false);
    expect(check(headers({ 'webhook-signature': `${wrong} ${wrong}` })).ok).toBe(false);
  });

  it('refuses a body re-serialized after parsing: the signature covers the exact bytes', () => {
    const reserialized = JSON.stringify(JSON.parse(BODY));
    expect(reserialized).not.toBe(BODY);
    expect(check(headers(), reserialized).ok).toBe(false);
    // and any other change of the bytes
    expect(check(headers(), `${BODY}\n`).ok).toBe(false);
  });

  it('refuses the signature of another message id or time', () => {
    expect(check(headers({ 'webhook-id': 'msg_other' })).ok).toBe(false);
    expect(check(headers({ 'webhook-timestamp': String(TIMESTAMP + 1) })).ok).toBe(false);
  });

  it('refuses a secret that is not whsec_ base64', () => {
    expect(() => createVerifier('whsec_not base64!')).toThrow(InvalidSecretError);
    expect(() => createVerifier('')).toThrow(InvalidSecretError);
  });
});
