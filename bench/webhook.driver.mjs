// The webhook endpoint (src/server) in the built app on `vite preview`: requests a second it
// accepts, unsigned and signed, beside a bare node:http server that only reads the body and
// answers 200 (the ceiling of any Node endpoint on this machine); then the time from a POST
// to the event appearing in an open /labs/webhook tab, median and 99th percentile.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { preview } from 'vite';
import { repoRoot } from './harness/server.mjs';

// rounds of the three servers in turn (order rotated), so each ratio compares like conditions
const ROUNDS = 3;
const SECONDS = 5;
const CONNECTIONS = 10;
const LATENCY_SAMPLES = 200;
const BATCH = 20;
// a test secret in the Standard Webhooks form
const SECRET = 'whsec_YmVuY2gtc2VjcmV0LWZvci10aGUtd2ViaG9vay1iZW5jaA==';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** autocannon in a child process (its own core), its result parsed. */
function load(url, secret) {
  const args = ['bench/webhookLoad.mjs', url, String(SECONDS), String(CONNECTIONS)];
  if (secret !== undefined) args.push(secret);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)))
        : reject(new Error(`load exited ${code}`)),
    );
  });
}

/** A throughput row pooled over rounds; rme from the per-round rates (t-distribution). */
function row(name, results) {
  const rates = results.map((r) => r.requests.total / r.duration);
  const n = rates.length;
  const mean = rates.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(rates.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1)) : 0;
  const t = [0, 12.71, 4.3, 3.18, 2.78, 2.57][n - 1] ?? 2;
  const total = results.reduce((a, r) => a + r.requests.total, 0);
  const seconds = results.reduce((a, r) => a + r.duration, 0);
  return {
    kind: 'throughput',
    name,
    opsPerSec: total / seconds,
    rmePercent: mean > 0 ? (100 * t * sd) / Math.sqrt(n) / mean : 0,
    samples: total,
    perRound: rates,
  };
}

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${server.address().port}`;
}

/** A second preview of the same build with WEBHOOK_SECRET set (the plugin reads it at start). */
async function signedPreview() {
  const before = process.env.WEBHOOK_SECRET;
  process.env.WEBHOOK_SECRET = SECRET;
  try {
    const server = await preview({
      root: repoRoot,
      logLevel: 'warn',
      build: { outDir: 'node_modules/.bench-dist' },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    return {
      url: `http://127.0.0.1:${server.httpServer.address().port}`,
      close: () => server.close(),
    };
  } finally {
    if (before === undefined) delete process.env.WEBHOOK_SECRET;
    else process.env.WEBHOOK_SECRET = before;
  }
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** POST -> event in an open tab: the tab stamps each event as its EventSource gets it. */
async function latency(browser, appUrl, log) {
  const page = await browser.newPage();
  await page.goto(`${appUrl}/labs/webhook`);
  await page.getByTestId('feed-state').filter({ hasText: 'live' }).waitFor();
  // the page's clock against this process's: both are wall clocks, measure the offset anyway
  const offsets = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.timeOrigin + performance.now();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t1 = performance.timeOrigin + performance.now();
    offsets.push(pageNow - (t0 + t1) / 2);
  }
  offsets.sort((a, b) => a - b);
  const offset = offsets[5];
  const toEvent = [];
  const toAnswer = [];
  const run = `lat${Date.now()}`;
  for (let b = 0; b < LATENCY_SAMPLES / BATCH; b++) {
    const sent = new Map();
    for (let i = 0; i < BATCH; i++) {
      const id = `${run}_${b}_${i}`;
      const started = performance.timeOrigin + performance.now();
      sent.set(id, started);
      const res = await fetch(`${appUrl}/webhook/order`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': id },
        body: JSON.stringify({ order_id: `L-${b}-${i}`, amount: 1 }),
      });
      await res.arrayBuffer();
      toAnswer.push(performance.timeOrigin + performance.now() - started);
      // one at a time, a little apart: the latency of a request, not of a queue
      await sleep(10);
    }
    const ids = [...sent.keys()];
    await page.waitForFunction(
      (wanted) => {
        const rows = window.eventlabWebhooks?.() ?? [];
        return wanted.every((id) => rows.some((r) => r.key === id && r.seenAt !== undefined));
      },
      ids,
      { timeout: 10_000 },
    );
    const seen = await page.evaluate(
      (wanted) =>
        (window.eventlabWebhooks?.() ?? [])
          .filter((r) => wanted.includes(r.key))
          .map((r) => [r.key, r.seenAt]),
      ids,
    );
    for (const [id, seenAt] of seen) toEvent.push(seenAt - offset - sent.get(id));
  }
  await page.close();
  log(`latency: ${toEvent.length} events, page clock offset ${offset.toFixed(2)} ms`);
  toEvent.sort((a, b) => a - b);
  toAnswer.sort((a, b) => a - b);
  return { toEvent, toAnswer, offset };
}

export async function run({ browser, appUrl, log }) {
  // first, while the relay buffer is empty: after the load runs it holds 1,000 events that a
  // new tab would be sent first
  const lat = await latency(browser, appUrl, log);
  const anchor = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"accepted"}');
    });
  });
  const anchorUrl = await listen(anchor);
  const signed = await signedPreview();
  const results = { anchor: [], unsigned: [], signed: [] };
  const targets = {
    anchor: () => load(`${anchorUrl}/webhook/order`),
    unsigned: () => load(`${appUrl}/webhook/order`),
    signed: () => load(`${signed.url}/webhook/order`, SECRET),
  };
  const names = Object.keys(targets);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + round) % names.length];
        log(`round ${round + 1}: ${name}, ${SECONDS} s at ${CONNECTIONS} connections`);
        results[name].push(await targets[name]());
      }
    }
  } finally {
    anchor.close();
    await signed.close();
  }
  const rows = [
    row('endpoint, unsigned', results.unsigned),
    row('endpoint, signed', results.signed),
    row('bare node:http (reads the body, answers 200)', results.anchor),
    {
      kind: 'measure',
      name: 'POST -> event in the tab: median',
      value: percentile(lat.toEvent, 50),
      unit: 'ms',
    },
    {
      kind: 'measure',
      name: 'POST -> event in the tab: p99',
      value: percentile(lat.toEvent, 99),
      unit: 'ms',
    },
    {
      kind: 'measure',
      name: 'POST -> 200 answer: median',
      value: percentile(lat.toAnswer, 50),
      unit: 'ms',
    },
    {
      kind: 'measure',
      name: 'POST -> 200 answer: p99',
      value: percentile(lat.toAnswer, 99),
      unit: 'ms',
    },
  ];
  // every answer of every round, by status code: all 200 when nothing was refused or lost
  const codes = (rs) => {
    const counts = {};
    for (const r of rs) {
      for (const [code, { count }] of Object.entries(r.statusCodeStats)) {
        counts[code] = (counts[code] ?? 0) + count;
      }
    }
    const errors = rs.reduce((n, r) => n + r.errors + r.timeouts, 0);
    return `${JSON.stringify(counts)}${errors > 0 ? `, ${errors} errors or timeouts` : ''}`;
  };
  return {
    title: 'webhook endpoint: requests a second, and POST -> event in the tab',
    rows,
    comparisons: [
      { subject: 'endpoint, unsigned', anchors: ['bare node:http (reads the body, answers 200)'] },
      { subject: 'endpoint, signed', anchors: ['endpoint, unsigned'] },
    ],
    notes: [
      `autocannon 9 in a child process, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s for each server (after 2 s of warm-up, order rotated per round), on loopback; body a valid order (${JSON.stringify({ order_id: 'B-1', amount: 1250, currency: 'UAH' }).length} bytes)`,
      'no tab is open during the throughput runs: each event goes to the relay buffer (bounded to 1,000), as when no one watches',
      'every request a new webhook-id; signed: also signed beforehand by the load generator (its signing is not timed), and verified by the endpoint with standardwebhooks',
      'the load generator shares the 2 cores with the server: what it spends per request (more headers when signed) is taken from the server too',
      `status codes: unsigned ${codes(results.unsigned)}, signed ${codes(results.signed)}, anchor ${codes(results.anchor)}`,
      `latency: ${LATENCY_SAMPLES} POSTs one at a time from Node, 10 ms apart, to the unsigned preview with /labs/webhook open; the tab stamps each event when its EventSource gets it (performance.timeOrigin + now, the page clock's offset measured and removed: ${lat.offset.toFixed(2)} ms)`,
    ],
    findings: [],
  };
}
