import { MAX_BODY_BYTES } from '../server/config';
import { randomSecret, signWebhook } from './webhookSigner';

/** The test webhooks the lab's panel sends, each showing one answer of the endpoint. */
export const PRESETS = ['valid', 'invalid', 'duplicate', 'forged', 'oversized'] as const;
export type Preset = (typeof PRESETS)[number];

export interface WebhookRequest {
  readonly preset: Preset;
  readonly path: string;
  /** the webhook-id it carries */
  readonly id: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface BuildOptions {
  /** `whsec_...` typed in the panel; empty: the request goes unsigned */
  readonly secret: string;
  /** the last valid request, which a duplicate sends again as it was */
  readonly previous: WebhookRequest | undefined;
  /** a number for the order id, so each valid order is a new one */
  readonly serial: number;
  readonly nowSeconds: number;
}

const PATH = '/webhook/order';
// a 101 KB body: one KB over the endpoint's limit
const OVERSIZED_BYTES = MAX_BODY_BYTES + 1024;

const newId = () => `msg_${crypto.randomUUID().replaceAll('-', '')}`;

function order(serial: number, amount: number): Record<string, unknown> {
  return {
    order_id: `A-${1000 + serial}`,
    amount,
    currency: 'UAH',
    event: 'order.created',
    customer: { email: 'olena@example.com' },
  };
}

async function signed(
  secret: string,
  preset: Preset,
  body: string,
  nowSeconds: number,
): Promise<WebhookRequest> {
  const id = newId();
  const headers: Record<string, string> = { 'content-type': 'application/json', 'webhook-id': id };
  if (secret !== '') {
    headers['webhook-timestamp'] = String(nowSeconds);
    headers['webhook-signature'] = await signWebhook(secret, id, nowSeconds, body);
  }
  return { preset, path: PATH, id, headers, body };
}

/** Builds the request a preset sends; signs it when a secret is given. */
export async function buildRequest(preset: Preset, options: BuildOptions): Promise<WebhookRequest> {
  const { secret, previous, serial, nowSeconds } = options;
  switch (preset) {
    case 'valid':
      return signed(secret, preset, JSON.stringify(order(serial, 1250)), nowSeconds);
    case 'invalid':
      // a negative amount: the endpoint names the field
      return signed(secret, preset, JSON.stringify(order(serial, -5)), nowSeconds);
    case 'duplicate':
      // the same request again, byte for byte, as a sender's retry
      return previous === undefined
        ? { ...(await buildRequest('valid', options)), preset }
        : { ...previous, preset };
    case 'forged':
      // signed, but with a key that is not the endpoint's
      return signed(randomSecret(), preset, JSON.stringify(order(serial, 1250)), nowSeconds);
    case 'oversized': {
      const head = JSON.stringify({ ...order(serial, 1250), padding: '' });
      const padding = 'x'.repeat(OVERSIZED_BYTES - head.length);
      return signed(
        secret,
        preset,
        head.replace('"padding":""', `"padding":"${padding}"`),
        nowSeconds,
      );
    }
  }
}

/** A shell word in single quotes: nothing inside is expanded. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The same request as a curl line, against the server this page came from (`npm start`:
 * http://127.0.0.1:5173). A signed line is good for 5 minutes: then its timestamp is too old.
 */
export function curlLine(origin: string, request: WebhookRequest): string {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `-H ${quote(`${name}: ${value}`)}`)
    .join(' ');
  const url = quote(`${origin}${request.path}`);
  if (request.preset === 'oversized') {
    // 101 KB do not belong on a command line: generate them
    return `head -c ${OVERSIZED_BYTES} /dev/zero | tr '\\0' ' ' | curl -i ${url} ${headers} --data-binary @-`;
  }
  return `curl -i ${url} ${headers} --data-binary ${quote(request.body)}`;
}
