// The load generator for webhook.driver.mjs, in a process of its own so that it does not
// share the server's event loop: autocannon POSTs valid orders to a URL for a while and prints
// its result as one line of JSON. With a secret, every request is a new webhook, signed as a
// Standard Webhooks sender signs (node:crypto HMAC; the signatures are made before the clock
// starts, so the sender's signing is not in the figure).
// Usage: node bench/webhookLoad.mjs <url> <seconds> <connections> [whsec_secret]
import { createHmac, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

const [url, seconds = '10', connections = '10', secret] = process.argv.slice(2);
if (url === undefined)
  throw new Error('usage: webhookLoad.mjs <url> <seconds> <connections> [secret]');

const body = JSON.stringify({ order_id: 'B-1', amount: 1250, currency: 'UAH' });
const base = { 'content-type': 'application/json' };

// enough signed requests for the run at a rate far above what this machine serves
const PRESIGNED = 400_000;
let signed = [];
if (secret !== undefined) {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const timestamp = String(Math.floor(Date.now() / 1000));
  const run = randomUUID().slice(0, 8);
  signed = Array.from({ length: PRESIGNED }, (_, i) => {
    const id = `msg_${run}_${i}`;
    const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
    return {
      ...base,
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${mac}`,
    };
  });
}
let next = 0;

const result = await autocannon({
  url,
  method: 'POST',
  connections: Number(connections),
  duration: Number(seconds),
  // 2 s first, not counted: the server's JIT warms up and its buffers fill
  warmup: { connections: Number(connections), duration: 2 },
  body,
  headers: base,
  // each request its own webhook-id (and signature), so none is a duplicate
  ...(secret !== undefined
    ? { requests: [{ setupRequest: (req) => ({ ...req, headers: signed[next++ % PRESIGNED] }) }] }
    : {}),
});
console.log(
  JSON.stringify({
    requests: result.requests,
    latency: result.latency,
    statusCodeStats: result.statusCodeStats,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    duration: result.duration,
  }),
);
