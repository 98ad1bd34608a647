import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { EVENTS_PATH } from '../src/server/config';
import { openStream, signedHeaders } from '../src/server/testing';
import { SIGNED_URL, UNSIGNED_URL, WEBHOOK_TEST_SECRET } from './webhookServers';

/** The endpoint over real HTTP on the preview servers, with Playwright's request API. */
test.describe('POST /webhook/order on vite preview', () => {
  const json = { 'content-type': 'application/json' };
  const order = (id: string) => JSON.stringify({ order_id: id, amount: 10 });

  test('answers every status with a JSON message', async ({ request }) => {
    const post = (url: string, data: string | Buffer, headers: Record<string, string> = json) =>
      // a Buffer goes as is: Playwright would JSON-encode a string that is not valid JSON
      request.post(url, { headers, data: typeof data === 'string' ? Buffer.from(data) : data });
    const cases: [Promise<{ status(): number; json(): Promise<unknown> }>, number, RegExp][] = [
      [post(`${UNSIGNED_URL}/webhook/order`, order('E-1')), 200, /accepted order\.created/],
      [post(`${UNSIGNED_URL}/webhook/order`, '{nope'), 400, /not JSON/],
      [post(`${UNSIGNED_URL}/webhook/order`, '{"amount":1}'), 400, /order_id: is required/],
      [post(`${SIGNED_URL}/webhook/order`, order('E-2')), 401, /missing webhook-id/],
      [
        post(`${UNSIGNED_URL}/webhook/order`, Buffer.alloc(101 * 1024, 32)),
        413,
        /over 102400 bytes/,
      ],
      [
        post(`${UNSIGNED_URL}/webhook/order`, order('E-3'), { 'content-type': 'text/plain' }),
        415,
        /must be application\/json/,
      ],
      [request.get(`${UNSIGNED_URL}/webhook/order`), 405, /use POST/],
      [request.put(`${UNSIGNED_URL}/webhook/order`, { data: order('E-4') }), 405, /use POST/],
      [post(`${UNSIGNED_URL}/webhook/Bad Topic`, order('E-5')), 404, /no such webhook/],
    ];
    for (const [reply, status, message] of cases) {
      const res = await reply;
      const body = (await res.json()) as { message: string };
      expect(res.status(), body.message).toBe(status);
      expect(body.message).toMatch(message);
    }
  });

  test('5 identical signed POSTs make 1 event', async ({ request }) => {
    const tab = openStream(SIGNED_URL);
    await tab.opened;
    const id = `msg_retry_${Date.now()}`;
    const body = order('R-1');
    const headers = { ...json, ...signedHeaders(body, { secret: WEBHOOK_TEST_SECRET, id }) };
    const replies = await Promise.all(
      Array.from({ length: 5 }, () =>
        request.post(`${SIGNED_URL}/webhook/order`, { headers, data: body }),
      ),
    );
    expect(replies.map((r) => r.status())).toEqual([200, 200, 200, 200, 200]);
    const answers = (await Promise.all(replies.map((r) => r.json()))) as { duplicate?: boolean }[];
    expect(answers.filter((a) => a.duplicate === true)).toHaveLength(4);
    await tab.until(
      () => tab.events.filter((e) => e.event === 'duplicate' && e.data.includes(id)).length === 4,
    );
    expect(tab.webhooks().filter((w) => w.id === id)).toHaveLength(1);
    tab.close();
  });

  test('100 POSTs while the event stream is dropped and restored arrive exactly once', async ({
    request,
  }) => {
    const run = `drop${Date.now()}`;
    let tab = openStream(SIGNED_URL);
    await tab.opened;
    const mine = () =>
      tab
        .webhooks()
        .filter((w) => w.id.startsWith(run))
        .map((w) => w.id);
    const seen: string[] = [];
    const send = async (n: number) => {
      const id = `${run}_${n}`;
      const body = order(`D-${n}`);
      const res = await request.post(`${SIGNED_URL}/webhook/order`, {
        headers: { ...json, ...signedHeaders(body, { secret: WEBHOOK_TEST_SECRET, id }) },
        data: body,
      });
      expect(res.status()).toBe(200);
    };
    for (let n = 1; n <= 40; n++) await send(n);
    await tab.until(() => mine().length === 40);
    seen.push(...mine());
    const lastId = tab.lastId();
    tab.close();
    for (let n = 41; n <= 100; n++) await send(n);
    // reconnect as EventSource does: Last-Event-ID says what it saw
    tab = openStream(SIGNED_URL, lastId);
    await tab.until(() => mine().length === 60);
    seen.push(...mine());
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => `${run}_${i + 1}`));
    tab.close();
  });

  test('a 101 KB body gets 413 before a byte of it is sent', async () => {
    // headers that declare 101 KB, then nothing: the answer can only come from the headers
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${UNSIGNED_URL}/webhook/order`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': 101 * 1024 },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).toBe(413);
  });

  test('the event stream refuses a foreign Host (DNS rebinding)', async ({ request }) => {
    const res = await request.get(`${UNSIGNED_URL}${EVENTS_PATH}`, {
      headers: { host: 'rebound.example.com' },
    });
    expect(res.status()).toBe(403);
  });
});
