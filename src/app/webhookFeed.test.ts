import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../engine/clock';
import { Simulation } from '../engine/sim';
import { webhookLab } from '../labs/webhook';
import { createWebhookFeed } from './webhookFeed';

/** The browser's EventSource, played by the test: it dispatches what the server would send. */
class FakeEventSource extends EventTarget {
  static readonly CLOSED = 2;
  static last: FakeEventSource | undefined;
  readyState = 1;
  constructor(readonly url: string) {
    super();
    FakeEventSource.last = this;
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, data: unknown, id?: number) {
    this.dispatchEvent(
      new MessageEvent(type, {
        data: JSON.stringify(data),
        lastEventId: id === undefined ? '' : String(id),
      }),
    );
  }
}

function setUp() {
  const sim = new Simulation(webhookLab, { clock: new SimulatedClock(0) });
  const feed = createWebhookFeed(sim, {
    EventSource: FakeEventSource as unknown as typeof EventSource,
    fetch: async () =>
      new Response(
        JSON.stringify({
          message: 'accepted order.created',
          event: 'order.created',
          signed: false,
        }),
        {
          status: 200,
        },
      ),
  });
  const source = FakeEventSource.last as FakeEventSource;
  const accepted = () => sim.traceEvents().filter((e) => e.type === 'http.accepted').length;
  return { sim, feed, source, accepted };
}

const webhook = (id: string) => ({
  id,
  path: '/webhook/order',
  topic: 'order',
  event: 'order.created',
  data: { order_id: 'A-1', amount: 1 },
  signed: false,
  receivedAt: 0,
});

describe('the webhook feed', () => {
  it('puts each relayed webhook into the engine once, replays included', () => {
    const { sim, source, feed, accepted } = setUp();
    source.emit('hello', { instance: 'one', signing: false });
    expect(feed.store.getState()).toMatchObject({ connection: 'open', signing: false });
    source.emit('webhook', webhook('msg_1'), 1);
    source.emit('webhook', webhook('msg_2'), 2);
    // a reconnection that replays from an older id: nothing twice
    source.emit('hello', { instance: 'one', signing: false });
    source.emit('webhook', webhook('msg_2'), 2);
    source.emit('webhook', webhook('msg_3'), 3);
    sim.clock.advance(sim.hopMs);
    expect(accepted()).toBe(3);
    // a restarted server counts from 1 again
    source.emit('hello', { instance: 'two', signing: true });
    source.emit('webhook', webhook('msg_4'), 1);
    sim.clock.advance(sim.hopMs);
    expect(accepted()).toBe(4);
    expect(feed.store.getState().signing).toBe(true);
    expect(feed.store.getState().requests.map((r) => [r.key, r.source, r.status])).toEqual([
      ['msg_4', 'outside', 200],
      ['msg_3', 'outside', 200],
      ['msg_2', 'outside', 200],
      ['msg_1', 'outside', 200],
    ]);
    feed.close();
  });

  it('adds up what a tab away too long missed, as the relay tells it', () => {
    const { source, feed } = setUp();
    source.emit('hello', { instance: 'one', signing: false });
    source.emit('gap', { missed: 5 });
    source.emit('gap', { missed: 2 });
    expect(feed.store.getState().missed).toBe(7);
    feed.close();
  });

  it('shows refusals on the endpoint node, and matches a page request with what it made', async () => {
    const { sim, source, feed } = setUp();
    source.emit('hello', { instance: 'one', signing: false });
    source.emit(
      'refused',
      { status: 401, path: '/webhook/order', message: 'missing webhook-signature', receivedAt: 0 },
      1,
    );
    expect(sim.getSnapshot().endpoints.endpoint).toMatchObject({ refused: 1, lastStatus: 401 });
    expect(feed.store.getState().requests[0]).toMatchObject({ status: 401, source: 'outside' });

    const request = {
      preset: 'valid' as const,
      path: '/webhook/order',
      id: 'msg_page',
      headers: {},
      body: '{}',
    };
    const sending = feed.send(request, 'curl ...');
    source.emit('webhook', webhook('msg_page'), 2);
    await sending;
    const row = feed.store.getState().requests.find((r) => r.key === 'msg_page');
    expect(row).toMatchObject({
      source: 'page',
      status: 200,
      event: 'order.created',
      preset: 'valid',
    });
    expect(row?.httpMs).toBeGreaterThanOrEqual(0);
    expect(row?.arrivedMs).toBeGreaterThanOrEqual(0);
    sim.clock.advance(sim.hopMs);
    expect(feed.store.getState().requests.find((r) => r.key === 'msg_page')?.acceptedAt).toBe(
      sim.hopMs,
    );
    // the same request again from a terminal (the panel's curl line) is listed on its own
    source.emit(
      'duplicate',
      { status: 200, path: '/webhook/order', message: 'duplicate', id: 'msg_page', receivedAt: 0 },
      3,
    );
    expect(feed.store.getState().requests[0]).toMatchObject({
      key: 'msg_page#3',
      source: 'outside',
      duplicate: true,
    });
    // another path than the endpoint's is listed, not put into the picture
    source.emit('webhook', { ...webhook('msg_other'), path: '/hooks/x' }, 4);
    expect(feed.store.getState().requests[0]?.key).toBe('msg_other');
    feed.close();
  });
});
