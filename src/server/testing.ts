import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENTS_PATH } from './config';
import { createWebhookEndpoint, type WebhookEndpointOptions } from './endpoint';
import { sign } from './signature';

/**
 * Test helpers: the endpoint on a bare Node server on an ephemeral port of 127.0.0.1, signed
 * posts, and a small Server-Sent Events reader (Node 20 has no EventSource). For the tests
 * and the benchmark; the app never imports this.
 */
export async function startEndpointServer(options: WebhookEndpointOptions = {}) {
  const endpoint = createWebhookEndpoint(options);
  const server = createServer((req, res) =>
    endpoint.handle(req, res, (error) => {
      res.statusCode = error === undefined ? 404 : 500;
      res.end();
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        endpoint.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SignedOptions {
  readonly secret: string;
  readonly id: string;
  /** seconds since epoch; now by default */
  readonly timestamp?: number;
}

/** The three Standard Webhooks headers for a body, as a sender makes them. */
export function signedHeaders(body: string, { secret, id, timestamp }: SignedOptions) {
  const ts = timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': sign(secret, id, ts, body),
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Record<string, unknown>;
}

export async function post(
  url: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

export interface SseEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

/** One SSE connection, as a tab's EventSource makes it; `close()` drops it. */
export function openStream(baseUrl: string, lastEventId?: string) {
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  const req = request(`${baseUrl}${EVENTS_PATH}`, {
    headers: {
      accept: 'text/event-stream',
      ...(lastEventId !== undefined ? { 'last-event-id': lastEventId } : {}),
    },
  });
  const opened = new Promise<void>((resolve, reject) => {
    req.on('response', (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
          }
          if (fields.has('data')) {
            events.push({
              id: fields.get('id'),
              event: fields.get('event') ?? 'message',
              data: fields.get('data') ?? '',
            });
            for (const wake of waiters) wake();
          }
          end = buffer.indexOf('\n\n');
        }
      });
      resolve();
    });
    req.on('error', reject);
  });
  req.end();
  return {
    events,
    opened,
    /** the webhooks received so far, parsed */
    webhooks: () =>
      events.filter((e) => e.event === 'webhook').map((e) => JSON.parse(e.data) as { id: string }),
    lastId: () => events.filter((e) => e.id !== undefined).at(-1)?.id,
    /** resolves once `predicate` holds, or rejects after `ms` */
    until(predicate: () => boolean, ms = 5000): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`stream: condition not met in ${ms} ms (${events.length} events)`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    close: () => req.destroy(),
  };
}
