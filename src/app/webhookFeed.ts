import { createStore } from 'zustand/vanilla';
import { errorMessage } from '../engine/errors';
import type { HttpNode } from '../engine/scenario';
import type { Simulation } from '../engine/sim';
import type { TraceEvent } from '../engine/trace';
import { EVENTS_PATH } from '../server/config';
import { gapSchema, helloSchema, relayedAnswerSchema, relayedWebhookSchema } from '../server/wire';
import type { Preset, WebhookRequest } from './webhookRequests';

/** One request, as the panel lists it: what was sent, what came back, what it made. */
export interface RequestRow {
  /** its webhook-id, or a key of its own for a request without one */
  readonly key: string;
  /** sent from this page's panel, or from outside it (curl, another service) */
  readonly source: 'page' | 'outside';
  readonly preset: Preset | undefined;
  readonly path: string;
  /** undefined while the answer has not come */
  readonly status: number | undefined;
  readonly message: string;
  /** the event it made, when it made one */
  readonly event: string | undefined;
  readonly signed: boolean | undefined;
  readonly duplicate: boolean;
  readonly curl: string | undefined;
  /** real ms from sending to the answer (page requests only) */
  readonly httpMs: number | undefined;
  /** real ms from sending to the event reaching this tab (page requests only) */
  readonly arrivedMs: number | undefined;
  /** wall-clock ms (sub-ms) at which the event reached this tab */
  readonly seenAt: number | undefined;
  /** simulated time the endpoint node accepted it, and the worker finished with it */
  readonly acceptedAt: number | undefined;
  readonly handledAt: number | undefined;
}

export interface FeedState {
  readonly connection: 'connecting' | 'open' | 'closed';
  /** whether the endpoint checks signatures; undefined until it has said */
  readonly signing: boolean | undefined;
  /** newest first */
  readonly requests: readonly RequestRow[];
  /** events the server could no longer replay after a long disconnection */
  readonly missed: number;
}

const ROWS_KEPT = 50;

const emptyRow = (key: string, source: RequestRow['source'], path: string): RequestRow => ({
  key,
  source,
  preset: undefined,
  path,
  status: undefined,
  message: '',
  event: undefined,
  signed: undefined,
  duplicate: false,
  curl: undefined,
  httpMs: undefined,
  arrivedMs: undefined,
  seenAt: undefined,
  acceptedAt: undefined,
  handledAt: undefined,
});

/** High-resolution wall-clock ms: comparable across pages and with Node's. */
const wallNow = () => performance.timeOrigin + performance.now();

export interface FeedOptions {
  readonly url?: string;
  /** the EventSource class: the browser's, or a fake in unit tests */
  readonly EventSource?: typeof EventSource;
  readonly fetch?: typeof fetch;
}

/**
 * The lab's side of the webhook endpoint: an EventSource on the server's relay puts every
 * accepted webhook into the lab's engine at its http node (and shows refused ones there), and
 * the panel's requests are sent, timed and matched with what they made.
 */
export function createWebhookFeed(sim: Simulation, options: FeedOptions = {}) {
  const endpoints = sim.scenario.nodes.filter((n): n is HttpNode => n.kind === 'http');
  const endpointFor = (path: string) =>
    endpoints.find((n) =>
      n.path.endsWith('*') ? path.startsWith(n.path.slice(0, -1)) : n.path === path,
    )?.id;

  const store = createStore<FeedState>()(() => ({
    connection: 'connecting',
    signing: undefined,
    requests: [],
    missed: 0,
  }));
  // the page's requests still waiting for the relay to echo them, by webhook-id: their row,
  // and when they were sent (their lanes start there); any other echo is from outside
  const pending = new Map<string, { key: string; sentAt: number }>();
  const claim = (id: string | undefined) => {
    const mine = id === undefined ? undefined : pending.get(id);
    if (id !== undefined) pending.delete(id);
    return mine;
  };

  const update = (
    key: string,
    path: string,
    source: RequestRow['source'],
    patch: Partial<RequestRow>,
  ) => {
    const rows = store.getState().requests;
    const index = rows.findIndex((r) => r.key === key);
    const base = index === -1 ? emptyRow(key, source, path) : (rows[index] as RequestRow);
    const row = { ...base, ...patch };
    const next = index === -1 ? [row, ...rows].slice(0, ROWS_KEPT) : rows.with(index, row);
    store.setState({ requests: next });
  };
  const has = (key: string) => store.getState().requests.some((r) => r.key === key);

  // the background lane: when the engine accepted each request, and when its worker finished
  const stopTrace = sim.trace.subscribe((e: TraceEvent) => {
    if (e.type === 'http.accepted' && has(e.webhookId)) {
      update(e.webhookId, '', 'outside', { acceptedAt: e.at });
    } else if (e.type === 'pool.handled' && has(e.messageId)) {
      update(e.messageId, '', 'outside', { handledAt: e.at });
    }
  });

  let instance: string | undefined;
  let lastSeq = 0;
  const Source = options.EventSource ?? EventSource;
  const source = new Source(options.url ?? EVENTS_PATH);
  /** each relayed event once: a reconnection replays from Last-Event-ID, never before it */
  const fresh = (e: MessageEvent): boolean => {
    const seq = Number(e.lastEventId);
    if (!(seq > lastSeq)) return false;
    lastSeq = seq;
    return true;
  };
  source.addEventListener('open', () => store.setState({ connection: 'open' }));
  source.addEventListener('error', () =>
    store.setState({ connection: source.readyState === Source.CLOSED ? 'closed' : 'connecting' }),
  );
  source.addEventListener('hello', (e: MessageEvent) => {
    const hello = helloSchema.parse(JSON.parse(e.data));
    // a restarted server counts its ids from 1 again
    if (hello.instance !== instance) lastSeq = 0;
    instance = hello.instance;
    store.setState({ signing: hello.signing, connection: 'open' });
  });
  source.addEventListener('gap', (e: MessageEvent) => {
    const { missed } = gapSchema.parse(JSON.parse(e.data));
    store.setState({ missed: store.getState().missed + missed });
  });
  source.addEventListener('webhook', (e: MessageEvent) => {
    if (!fresh(e)) return;
    const webhook = relayedWebhookSchema.parse(JSON.parse(e.data));
    const seenAt = wallNow();
    const mine = claim(webhook.id);
    update(mine?.key ?? webhook.id, webhook.path, 'outside', {
      event: webhook.event,
      signed: webhook.signed,
      seenAt,
      ...(mine !== undefined
        ? { arrivedMs: seenAt - mine.sentAt }
        : { status: 200, message: `accepted ${webhook.event}` }),
    });
    const endpoint = endpointFor(webhook.path);
    if (endpoint !== undefined) sim.receiveWebhook(endpoint, webhook);
  });
  const onAnswer = (e: MessageEvent) => {
    if (!fresh(e)) return;
    const answer = relayedAnswerSchema.parse(JSON.parse(e.data));
    // a page request already shows its own answer; a curl line repeating it gets a row
    if (claim(answer.id) === undefined) {
      const key = `${answer.id ?? 'answer'}#${e.lastEventId}`;
      update(key, answer.path, 'outside', {
        status: answer.status,
        message: answer.message,
        duplicate: answer.status === 200,
        seenAt: wallNow(),
      });
    }
    const endpoint = endpointFor(answer.path);
    if (endpoint !== undefined) {
      sim.answerWebhook(endpoint, {
        status: answer.status,
        message: answer.message,
        webhookId: answer.id,
      });
    }
  };
  source.addEventListener('refused', onAnswer);
  source.addEventListener('duplicate', onAnswer);

  const doFetch = options.fetch ?? fetch;
  return {
    store,

    /** Sends one of the panel's requests and records its answer. */
    async send(request: WebhookRequest, curl: string): Promise<void> {
      const started = wallNow();
      const retry = has(request.id);
      // a retry of an earlier request gets a row of its own
      const key = retry ? `${request.id}#${started.toFixed(0)}` : request.id;
      pending.set(request.id, { key, sentAt: started });
      // bounded: a request whose echo never came (no server) is forgotten in time
      if (pending.size > ROWS_KEPT) pending.delete(pending.keys().next().value as string);
      update(key, request.path, 'page', { preset: request.preset, curl, message: 'sending…' });
      try {
        const res = await doFetch(request.path, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
        });
        const httpMs = wallNow() - started;
        const json = (await res.json()) as {
          message?: unknown;
          event?: unknown;
          signed?: unknown;
          duplicate?: unknown;
        };
        update(key, request.path, 'page', {
          status: res.status,
          httpMs,
          message: typeof json.message === 'string' ? json.message : '',
          duplicate: json.duplicate === true,
          ...(typeof json.event === 'string' ? { event: json.event } : {}),
          ...(typeof json.signed === 'boolean' ? { signed: json.signed } : {}),
        });
      } catch (error) {
        update(key, request.path, 'page', {
          message: `no answer: ${errorMessage(error)}`,
        });
      }
    },

    close(): void {
      source.close();
      stopTrace();
    },
  };
}

export type WebhookFeed = ReturnType<typeof createWebhookFeed>;
