import type { IncomingHttpHeaders } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { errorMessage } from '../engine/errors.ts';

/**
 * Standard Webhooks verification, by the specification's own reference library
 * (`standardwebhooks`): HMAC-SHA256 over `id.timestamp.body`, base64, `v1,` prefixed, several
 * space-separated signatures allowed, compared in constant time, a timestamp at most 5 minutes
 * from now. This module only names what is wrong in words a sender can act on; the
 * cryptography and the tolerance are the library's.
 */

export type Verification =
  | { readonly ok: true; readonly id: string; readonly timestamp: number }
  | { readonly ok: false; readonly message: string };

export const SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

export class InvalidSecretError extends Error {
  override readonly name = 'InvalidSecretError';
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  // a repeated header arrives as an array from Node only for a few names; join to be safe
  return Array.isArray(value) ? value.join(' ') : value;
}

// the library's messages, in the words of this endpoint's answers
const REASONS: Readonly<Record<string, string>> = {
  'Message timestamp too old': 'webhook-timestamp is more than 5 minutes in the past',
  'Message timestamp too new': 'webhook-timestamp is more than 5 minutes in the future',
  'Invalid Signature Headers': 'webhook-timestamp is not a number of seconds',
  'No matching signature found': 'no signature in webhook-signature matches this body',
  'Missing required headers': 'a signature header is missing',
};

/** A verifier for one secret, in the spec's `whsec_<base64>` form. */
export function createVerifier(
  secret: string,
): (raw: Buffer, headers: IncomingHttpHeaders) => Verification {
  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch (error) {
    throw new InvalidSecretError(
      `WEBHOOK_SECRET must be "whsec_" followed by base64 (${errorMessage(error)})`,
    );
  }
  return (raw, headers) => {
    const values = SIGNATURE_HEADERS.map((name) => header(headers, name));
    const missing = SIGNATURE_HEADERS.filter((_, i) => !values[i]);
    if (missing.length > 0) {
      return { ok: false, message: `missing ${missing.join(', ')} (signatures are on)` };
    }
    const [id, timestamp, signature] = values as [string, string, string];
    // the library's parseInt would take "12abc" as 12
    if (!/^\d{1,12}$/.test(timestamp)) {
      return { ok: false, message: 'webhook-timestamp is not a number of seconds' };
    }
    try {
      webhook.verify(
        raw,
        {
          'webhook-id': id,
          'webhook-timestamp': timestamp,
          'webhook-signature': signature,
        },
        // the endpoint parses the body itself, after verifying the bytes that were signed
        { jsonParse: false },
      );
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      return { ok: false, message: REASONS[error.message] ?? error.message };
    }
    return { ok: true, id, timestamp: Number(timestamp) };
  };
}

/** Signs as a sender would: the value of `webhook-signature` for this id, time and body. */
export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  return new Webhook(secret).sign(id, new Date(timestampSeconds * 1000), body);
}
