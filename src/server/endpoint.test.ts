import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, STATUS_PATH } from './config';
import { openStream, post, signedHeaders, startEndpointServer } from './testing';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ORDER = JSON.stringify({ order_id: 'A-100', amount: 1250 });

type Server = Awaited<ReturnType<typeof startEndpointServer>>;
const servers: Server[] = [];
const start = async (options: Parameters<typeof startEndpointServer>[0] = {}) => {
  const server = await startEndpointServer(options);
  servers.push(server);
  return server;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const until = async (predicate: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** A raw request: headers and `body` written, left open unless `end`. Resolves on the answer. */
function rawPost(url: string, headers: Record<string, string | number>, chunks: Buffer[]) {
  return new Promise<{ status: number; json: Record<string, unknown>; ended: boolean }>(
    (resolve, reject) => {
      let ended = false;
      const req = request(`${url}/webhook/order`, { method: 'POST', headers });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text), ended });
          req.destroy();
        });
      });
      req.on('error', reject);
      // the headers go out now, even with no body written
      req.flushHeaders();
      for (const chunk of chunks) req.write(chunk);
      // the body's end is never sent before the answer comes: `ended` stays false
      setTimeout(() => {
        ended = true;
      }, 10_000).unref();
    },
  );
}

describe('POST /webhook/order over HTTP, unsigned', () => {
  it('accepts a valid order at once, fills the defaults and keeps unknown fields', async () => {
    const { url } = await start();
    const reply = await post(
      `${url}/webhook/order`,
      JSON.stringify({
        order_id: 'A-1',
        amount: 0,
        note: 'gift',
        customer: { email: 'o@x.ua', vip: true },
      }),
    );
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.json).toMatchObject({
      status: 'accepted',
      event: 'order.created',
      signed: false,
      queued: true,
      listeners: 0,
    });
    expect(reply.json.id).toMatch(/^evt_/);
    expect(reply.json.message).toMatch(/waits in the buffer/);
    const tab = openStream(url);
    await tab.until(() => tab.webhooks().length === 1);
    expect(tab.webhooks()[0]).toMatchObject({
      topic: 'order',
      event: 'order.created',
      signed: false,
      data: {
        order_id: 'A-1',
        amount: 0,
        currency: 'UAH',
        event: 'order.created',
        note: 'gift',
        customer: { email: 'o@x.ua', vip: true },
      },
    });
    tab.close();
  });

  it('answers 400 naming the field, for a body that breaks the schema', async () => {
    const { url } = await start();
    const cases: [unknown, string, RegExp][] = [
      [{ amount: 1 }, 'order_id', /order_id: is required/],
      [{ order_id: '', amount: 1 }, 'order_id', /must not be empty/],
      [{ order_id: 'x'.repeat(65), amount: 1 }, 'order_id', /at most 64/],
      [{ order_id: 'A', amount: -1 }, 'amount', /amount: must be at least 0/],
      [{ order_id: 'A', amount: '5' }, 'amount', /amount: must be a number/],
      [{ order_id: 'A', amount: 1, currency: 'HRYVNIA' }, 'currency', /three letters/],
      [{ order_id: 'A', amount: 1, event: 'order.lost' }, 'event', /order.created, order.paid/],
      [{ order_id: 'A', amount: 1, customer: { email: 'nope' } }, 'customer.email', /email/],
      [{ order_id: 'A', amount: 1, customer: 'olena' }, 'customer', /must be an object/],
      [[1, 2], '(body)', /JSON object/],
    ];
    for (const [body, field, message] of cases) {
      const reply = await post(`${url}/webhook/order`, JSON.stringify(body));
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json).toMatchObject({ status: 'refused', error: 'invalid_payload', field });
      expect(reply.json.message).toMatch(message);
    }
  });

  it('answers 400 for a body that is not JSON', async () => {
    const { url } = await start();
    const reply = await post(`${url}/webhook/order`, '{"order_id": "A-1", amount: }');
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ error: 'invalid_json' });
    expect(reply.json.message).toMatch(/^the body is not JSON: /);
  });

  it('answers 415 for another content type, 405 for another method, 404 for a bad topic', async () => {
    const { url } = await start();
    const text = await post(`${url}/webhook/order`, ORDER, { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.json.message).toMatch(/application\/json, not "text\/plain"/);
    const form = await post(`${url}/webhook/order`, ORDER, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    // a JSON type with a charset, or a +json type, is JSON
    expect(
      (
        await post(`${url}/webhook/order`, ORDER, {
          'content-type': 'application/json; charset=utf-8',
        })
      ).status,
    ).toBe(200);
    expect(
      (await post(`${url}/webhook/order`, ORDER, { 'content-type': 'application/vnd.order+json' }))
        .status,
    ).toBe(200);

    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(`${url}/webhook/order`, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(await res.json()).toMatchObject({ error: 'method_not_allowed' });
    }
    for (const path of ['/webhook/', '/webhook/Order', '/webhook/a/b', '/webhook/x%20y']) {
      const reply = await post(`${url}${path}`, ORDER);
      expect(reply.status, path).toBe(404);
      expect(reply.json.message).toMatch(/no such webhook/);
    }
  });

  it('takes other topics at /webhook/<topic>, with events of that topic', async () => {
    const { url } = await start();
    const paid = await post(
      `${url}/webhook/payment`,
      JSON.stringify({ event: 'payment.settled', sum: 5 }),
    );
    expect(paid.status).toBe(200);
    expect(paid.json.event).toBe('payment.settled');
    const plain = await post(`${url}/webhook/payment`, JSON.stringify({ sum: 5 }));
    expect(plain.json.event).toBe('payment.received');
    const wrong = await post(`${url}/webhook/payment`, JSON.stringify({ event: 'order.paid' }));
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ field: 'event' });
    expect(wrong.json.message).toMatch(/must start with "payment\."/);
  });

  it('answers 413 on a declared Content-Length over 100 KB before a byte of the body is sent', async () => {
    const { url } = await start();
    const size = 101 * 1024;
    const reply = await rawPost(
      url,
      { 'content-type': 'application/json', 'content-length': size },
      [],
    );
    expect(reply.status).toBe(413);
    expect(reply.ended).toBe(false);
    expect(reply.json).toMatchObject({ error: 'payload_too_large' });
  });

  it('answers 413 to a streamed 101 KB body as it crosses 100 KB, before the body ends', async () => {
    const { url } = await start();
    const chunk = Buffer.alloc(1024, 0x20);
    const chunks = Array.from({ length: 101 }, () => chunk);
    const reply = await rawPost(url, { 'content-type': 'application/json' }, chunks);
    expect(reply.status).toBe(413);
    expect(reply.ended).toBe(false);
    // a body of exactly 100 KB is read and parsed (and here, being spaces, is not JSON)
    const edge = await post(`${url}/webhook/order`, ' '.repeat(MAX_BODY_BYTES));
    expect(edge.status).toBe(400);
  });

  it('checks the Host header as Vite does, against DNS rebinding', async () => {
    const { port } = await start({ allowedHosts: ['eventlab.test'] });
    const withHost = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port,
          path: '/webhook/order',
          method: 'POST',
          headers: { host, 'content-type': 'application/json' },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(ORDER);
      });
    expect(await withHost('evil.example.com')).toBe(403);
    expect(await withHost('evil.example.com:5173')).toBe(403);
    expect(await withHost(`127.0.0.1:${port}`)).toBe(200);
    expect(await withHost(`localhost:${port}`)).toBe(200);
    expect(await withHost('eventlab.test')).toBe(200);
    expect(await withHost('[::1]:5173')).toBe(200);
  });

  it('reports whether signing is on', async () => {
    const { url } = await start();
    const res = await fetch(`${url}${STATUS_PATH}`);
    expect(await res.json()).toMatchObject({ signing: false, maxBodyBytes: MAX_BODY_BYTES });
  });
});

describe('POST /webhook/order over HTTP, signed (WEBHOOK_SECRET set)', () => {
  it('accepts a signed request and answers 401 to missing or wrong signatures', async () => {
    const { url } = await start({ secret: SECRET });
    const ok = await post(
      `${url}/webhook/order`,
      ORDER,
      signedHeaders(ORDER, { secret: SECRET, id: 'msg_1' }),
    );
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ id: 'msg_1', status: 'accepted', signed: true });

    const unsigned = await post(`${url}/webhook/order`, ORDER);
    expect(unsigned.status).toBe(401);
    expect(unsigned.json).toMatchObject({ error: 'invalid_signature' });
    expect(unsigned.json.message).toMatch(
      /missing webhook-id, webhook-timestamp, webhook-signature/,
    );

    const forged = signedHeaders(ORDER, {
      secret: 'whsec_Zm9yZ2VkLXNlY3JldC1mb3ItdGVzdHM=',
      id: 'msg_2',
    });
    const bad = await post(`${url}/webhook/order`, ORDER, forged);
    expect(bad.status).toBe(401);
    expect(bad.json.message).toBe('no signature in webhook-signature matches this body');

    const stale = signedHeaders(ORDER, {
      secret: SECRET,
      id: 'msg_3',
      timestamp: Math.floor(Date.now() / 1000) - 400,
    });
    expect((await post(`${url}/webhook/order`, ORDER, stale)).status).toBe(401);

    // the signature is checked before the body is read as JSON: a signed bad body is a 400
    const broken = '{"order_id":';
    const signedBroken = await post(
      `${url}/webhook/order`,
      broken,
      signedHeaders(broken, { secret: SECRET, id: 'msg_4' }),
    );
    expect(signedBroken.status).toBe(400);
    expect((await fetch(`${url}${STATUS_PATH}`).then((r) => r.json())).signing).toBe(true);
  });

  it('makes one event of 5 identical signed POSTs; the others are answered as duplicates', async () => {
    const server = await start({ secret: SECRET });
    const tab = openStream(server.url);
    await tab.opened;
    await until(() => server.endpoint.relay.listeners === 1);
    const headers = signedHeaders(ORDER, { secret: SECRET, id: 'msg_retry' });
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => post(`${server.url}/webhook/order`, ORDER, headers)),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(replies.filter((r) => r.json.duplicate === true)).toHaveLength(4);
    expect(new Set(replies.map((r) => r.json.id))).toEqual(new Set(['msg_retry']));
    await tab.until(() => tab.events.filter((e) => e.event === 'duplicate').length === 4);
    expect(tab.webhooks()).toHaveLength(1);
    tab.close();
  });

  it('does not take a forged request with a seen id as a duplicate', async () => {
    const { url } = await start({ secret: SECRET });
    const headers = signedHeaders(ORDER, { secret: SECRET, id: 'msg_seen' });
    expect((await post(`${url}/webhook/order`, ORDER, headers)).status).toBe(200);
    const other = JSON.stringify({ order_id: 'B-1', amount: 1 });
    expect((await post(`${url}/webhook/order`, other, headers)).status).toBe(401);
  });
});

describe('the relay to the tabs (Server-Sent Events)', () => {
  it('delivers 100 POSTs made while the connection is dropped and restored exactly once', async () => {
    const server = await start();
    const body = (n: number) => JSON.stringify({ order_id: `A-${n}`, amount: n });
    const send = (n: number) =>
      post(`${server.url}/webhook/order`, body(n), { 'webhook-id': `msg_${n}` });

    let tab = openStream(server.url);
    await tab.opened;
    await until(() => server.endpoint.relay.listeners === 1);
    const seen: string[] = [];
    const sending = (async () => {
      for (let n = 1; n <= 100; n++) {
        const reply = await send(n);
        expect(reply.status).toBe(200);
      }
    })();
    // drop the connection mid-way, as a flaky network or a sleeping laptop does
    await tab.until(() => tab.webhooks().length >= 30);
    seen.push(...tab.webhooks().map((w) => w.id));
    const lastId = tab.lastId();
    tab.close();
    await until(() => server.endpoint.relay.listeners === 0);
    await new Promise((r) => setTimeout(r, 20));
    // reconnect as EventSource does, saying what it saw last
    tab = openStream(server.url, lastId);
    await sending;
    await tab.until(() => seen.length + tab.webhooks().length >= 100);
    seen.push(...tab.webhooks().map((w) => w.id));
    expect(seen).toHaveLength(100);
    expect(new Set(seen).size).toBe(100);
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => `msg_${i + 1}`));
    tab.close();
  });

  it('keeps what comes while no tab is open for the next tab, and says so in the answer', async () => {
    const server = await start();
    const replies = [];
    for (let n = 1; n <= 100; n++) {
      replies.push(
        await post(
          `${server.url}/webhook/order`,
          JSON.stringify({ order_id: `Q-${n}`, amount: 1 }),
        ),
      );
    }
    expect(replies.every((r) => r.json.queued === true && r.json.listeners === 0)).toBe(true);
    const first = openStream(server.url);
    await first.until(() => first.webhooks().length === 100);
    const live = await post(`${server.url}/webhook/order`, ORDER);
    expect(live.json).toMatchObject({ queued: false, listeners: 1 });
    await first.until(() => first.webhooks().length === 101);
    // a second tab opening now gets no replay of what the first already had
    const second = openStream(server.url);
    await second.opened;
    await new Promise((r) => setTimeout(r, 50));
    expect(second.webhooks()).toHaveLength(0);
    first.close();
    second.close();
  });

  it('tells a tab that was away too long how many it missed', async () => {
    const server = await start({ relay: { capacity: 10 } });
    const tab = openStream(server.url);
    await tab.opened;
    await until(() => server.endpoint.relay.listeners === 1);
    await post(`${server.url}/webhook/order`, ORDER);
    await tab.until(() => tab.webhooks().length === 1);
    const lastId = tab.lastId();
    tab.close();
    await until(() => server.endpoint.relay.listeners === 0);
    for (let n = 0; n < 15; n++) await post(`${server.url}/webhook/order`, ORDER);
    const back = openStream(server.url, lastId);
    await back.until(() => back.webhooks().length === 10);
    expect(back.events.find((e) => e.event === 'gap')?.data).toBe('{"missed":5}');
    back.close();
  });

  it('drops a tab that stops reading, and goes on for the others', async () => {
    const server = await start();
    const { relay } = server.endpoint;
    const stalled = await new Promise<import('node:http').IncomingMessage>((resolve) => {
      request(`${server.url}/__eventlab/webhook/events`, (res) => {
        // it never reads: what is sent piles up in the socket, then in the server
        res.pause();
        resolve(res);
      }).end();
    });
    await until(() => relay.listeners === 1);
    const big = { padding: 'x'.repeat(10_000) };
    for (let i = 0; i < 2000 && relay.listeners > 0; i++) relay.publish('webhook', big);
    expect(relay.listeners).toBe(0);
    // later events go out without an error for the ended stream
    expect(() => relay.publish('webhook', big)).not.toThrow();
    await new Promise((r) => setTimeout(r, 20));
    stalled.destroy();
    expect((await post(`${server.url}/webhook/order`, ORDER)).status).toBe(200);
  });

  it('relays refusals so the tab can show what a sender got', async () => {
    const server = await start();
    const tab = openStream(server.url);
    await tab.opened;
    await until(() => server.endpoint.relay.listeners === 1);
    await post(`${server.url}/webhook/order`, '{}');
    await tab.until(() => tab.events.some((e) => e.event === 'refused'));
    const refused = JSON.parse(tab.events.find((e) => e.event === 'refused')?.data ?? '{}');
    expect(refused).toMatchObject({ status: 400, path: '/webhook/order' });
    expect(refused.message).toMatch(/order_id: is required/);
    // the first event a tab gets says whether signing is on
    expect(JSON.parse(tab.events[0]?.data ?? '{}')).toMatchObject({ signing: false });
    tab.close();
  });
});
