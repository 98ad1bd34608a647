// The load generator for webhook.driver.mjs, in a process of its own so that it does not
// share the server's event loop: autocannon POSTs valid orders to a URL for a while and prints
// its result as one line of JSON. With a secret, every request is a new webhook, signed as a
// Standard Webhooks sender signs (node:crypto HMAC; the signatures are made before the clock
// starts, so the sender's signing is not in the figure). Without one, each carries a new
// webhook-id only.
// Usage: node bench/webhookLoad.mjs <url> <seconds> <connections> [whsec_secret]
import { createHmac, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

const [url, seconds = '10', connections = '10', secret] = process.argv.slice(2);
if (url === undefined)
  throw new Error('usage: webhookLoad.mjs <url> <seconds> <connections> [secret]');

const body = JSON.stringify({ order_id: 'B-1', amount: 1250, currency: 'UAH' });
const base = { 'content-type': 'application/json' };

// enough requests for the run at a rate far above what this machine serves; each its own
// webhook-id (a real sender's habit), and with a secret its signature: both runs build every
// request the same way (setupRequest), so the load generator costs them alike
const PREMADE = 400_000;
const key = secret === undefined ? undefined : Buffer.from(secret.slice('whsec_'.length), 'base64');
const timestamp = String(Math.floor(Date.now() / 1000));
const run = randomUUID().slice(0, 8);
const premade = Array.from({ length: PREMADE }, (_, i) => {
  const id = `msg_${run}_${i}`;
  if (key === undefined) return { ...base, 'webhook-id': id };
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    ...base,
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${mac}`,
  };
});
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
  requests: [{ setupRequest: (req) => ({ ...req, headers: premade[next++ % PREMADE] }) }],
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
