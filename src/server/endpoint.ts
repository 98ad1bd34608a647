import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../engine/errors.ts';
import { EVENTS_PATH, MAX_BODY_BYTES, STATUS_PATH, WEBHOOK_PREFIX } from './config.ts';
import { type AllowedHosts, isHostAllowed } from './hostCheck.ts';
import { TOPIC, validatePayload } from './payload.ts';
import { discardRest, readBody } from './readBody.ts';
import { createRelay, type RelayOptions } from './relay.ts';
import { type Refusal, refuse, sendJson } from './respond.ts';
import { createSeenIds, type SeenIdsOptions } from './seenIds.ts';
import { createVerifier } from './signature.ts';
import type { Hello, RelayedAnswer, RelayedWebhook } from './wire.ts';

export interface WebhookEndpointOptions {
  /** `whsec_<base64>`: signatures are required when set, and not checked when not */
  readonly secret?: string | undefined;
  readonly maxBodyBytes?: number;
  readonly allowedHosts?: AllowedHosts;
  readonly relay?: RelayOptions;
  readonly seenIds?: SeenIdsOptions;
  /** server time in ms (tests set it) */
  readonly now?: () => number;
}

export type Next = (error?: unknown) => void;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
// a webhook-id is an opaque token; keep it printable and short enough to log
const WEBHOOK_ID = /^[\x21-\x7e]{1,256}$/;

/**
 * The webhook endpoint as a Connect-style middleware (what Vite's servers take):
 * `POST /webhook/<topic>` checks a request, answers at once, and relays the event it makes
 * to the open tabs (`GET EVENTS_PATH`, Server-Sent Events). It never waits for the tabs or
 * for any processing: the answer only says the event was accepted.
 */
export function createWebhookEndpoint(options: WebhookEndpointOptions = {}) {
  const { secret, maxBodyBytes = MAX_BODY_BYTES, allowedHosts = [], now = Date.now } = options;
  const verify = secret ? createVerifier(secret) : undefined;
  const relay = createRelay(options.relay);
  const seen = createSeenIds({ now, ...options.seenIds });
  const instance = randomUUID();
  // the same for every request: built once, not on each POST
  const tooLarge: Refusal = {
    status: 413,
    error: 'payload_too_large',
    message: `the body is over ${maxBodyBytes} bytes (${maxBodyBytes / 1024} KB); it was not read`,
    headers: { Connection: 'close' },
  };

  /** a request that made no event is shown in the tabs too: what a sender got, and why */
  const answered = (req: IncomingMessage, status: number, message: string) => {
    // the id it carried lets a tab match the answer to a request it sent itself
    const header = req.headers['webhook-id'];
    const id = typeof header === 'string' && WEBHOOK_ID.test(header) ? header : undefined;
    const answer: RelayedAnswer = {
      status,
      path: pathOf(req),
      message,
      ...(id !== undefined ? { id } : {}),
      receivedAt: now(),
    };
    relay.publish(status === 200 ? 'duplicate' : 'refused', answer);
  };

  const refuseAndTell = (req: IncomingMessage, res: ServerResponse, refusal: Refusal) => {
    refuse(res, refusal);
    answered(req, refusal.status, refusal.message);
  };

  async function receive(req: IncomingMessage, res: ServerResponse, topic: string) {
    if (req.method !== 'POST') {
      refuseAndTell(req, res, {
        status: 405,
        error: 'method_not_allowed',
        message: `use POST, not ${req.method}`,
        headers: { Allow: 'POST' },
      });
      return;
    }
    if (!TOPIC.test(topic)) {
      refuseAndTell(req, res, {
        status: 404,
        error: 'unknown_topic',
        message: 'no such webhook: use /webhook/order, or /webhook/<topic> with a lowercase word',
      });
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (!JSON_TYPE.test(type)) {
      refuseAndTell(req, res, {
        status: 415,
        error: 'unsupported_media_type',
        message: `Content-Type must be application/json, not ${type === '' ? 'missing' : JSON.stringify(type)}`,
      });
      return;
    }
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > maxBodyBytes) {
      // refused on the declared length alone: not a byte of the body is read first
      discardRest(req);
      refuseAndTell(req, res, tooLarge);
      return;
    }
    const read = await readBody(req, maxBodyBytes);
    if (!read.ok) {
      if (read.reason === 'aborted') return;
      discardRest(req);
      refuseAndTell(req, res, tooLarge);
      return;
    }
    const idHeader = req.headers['webhook-id'];
    let id = typeof idHeader === 'string' ? idHeader : undefined;
    if (verify !== undefined) {
      // the signed bytes are checked before anything reads them
      const verdict = verify(read.body, req.headers);
      if (!verdict.ok) {
        refuseAndTell(req, res, {
          status: 401,
          error: 'invalid_signature',
          message: verdict.message,
        });
        return;
      }
    }
    if (id !== undefined && !WEBHOOK_ID.test(id)) {
      refuseAndTell(req, res, {
        status: 400,
        error: 'invalid_webhook_id',
        message: 'webhook-id must be 1-256 printable characters',
      });
      return;
    }
    if (id !== undefined && seen.has(id)) {
      const message = `webhook-id ${id} was accepted before; this duplicate made no event`;
      sendJson(res, 200, { id, status: 'accepted', duplicate: true, message });
      answered(req, 200, message);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(read.body.toString('utf8'));
    } catch (error) {
      const reason = errorMessage(error);
      refuseAndTell(req, res, {
        status: 400,
        error: 'invalid_json',
        message: `the body is not JSON: ${reason}`,
      });
      return;
    }
    const payload = validatePayload(topic, body);
    if (!payload.ok) {
      refuseAndTell(req, res, {
        status: 400,
        error: 'invalid_payload',
        message: payload.message,
        extra: { field: payload.field },
      });
      return;
    }
    id ??= `evt_${randomUUID()}`;
    seen.add(id);
    const webhook: RelayedWebhook = {
      id,
      path: pathOf(req),
      topic,
      event: payload.event,
      data: payload.data,
      signed: verify !== undefined,
      receivedAt: now(),
    };
    const { listeners } = relay.publish('webhook', webhook);
    const queued = listeners === 0;
    sendJson(res, 200, {
      id,
      status: 'accepted',
      event: payload.event,
      signed: webhook.signed,
      queued,
      listeners,
      message: queued
        ? `accepted ${payload.event}; no EventLab tab is open, so it waits in the buffer for the next one`
        : `accepted ${payload.event}; sent to ${listeners} open ${listeners === 1 ? 'tab' : 'tabs'}`,
    });
  }

  function handle(req: IncomingMessage, res: ServerResponse, next: Next): void {
    const path = pathOf(req);
    const ours = path === EVENTS_PATH || path === STATUS_PATH || path.startsWith(WEBHOOK_PREFIX);
    if (!ours) {
      next();
      return;
    }
    if (!isHostAllowed(req.headers.host, allowedHosts)) {
      refuse(res, {
        status: 403,
        error: 'host_not_allowed',
        message: `this host (${JSON.stringify(req.headers.host)}) is not allowed`,
      });
      return;
    }
    if (path === EVENTS_PATH || path === STATUS_PATH) {
      if (req.method !== 'GET') {
        refuse(res, {
          status: 405,
          error: 'method_not_allowed',
          message: `use GET, not ${req.method}`,
          headers: { Allow: 'GET' },
        });
        return;
      }
      const hello: Hello = { instance, signing: verify !== undefined };
      if (path === EVENTS_PATH) relay.connect(req, res, hello);
      else {
        sendJson(res, 200, {
          ...hello,
          maxBodyBytes,
          listeners: relay.listeners,
          buffered: relay.buffered,
          message: verify ? 'signatures are required' : 'signatures are off (no WEBHOOK_SECRET)',
        });
      }
      return;
    }
    receive(req, res, path.slice(WEBHOOK_PREFIX.length)).catch(next);
  }

  return { handle, relay, close: () => relay.close() };
}

export type WebhookEndpoint = ReturnType<typeof createWebhookEndpoint>;

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
