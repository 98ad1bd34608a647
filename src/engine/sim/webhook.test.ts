import { describe, expect, it } from 'vitest';
import { webhookLab } from '../../labs/webhook';
import { parseScenario, scenarioOrThrow } from '../scenario';
import { runWithWorkers } from './testing';

const run = () => runWithWorkers(webhookLab, { traceCapacity: 2000 });

const order = { order_id: 'A-1', amount: 10, currency: 'UAH', event: 'order.created' };

describe('a webhook in the lab', () => {
  it('goes external -> endpoint -> bus -> queue -> worker, keeping its webhook id', async () => {
    const { sim, events, flow } = run();
    await flow(200);
    const hop = sim.hopMs;
    const start = sim.clock.now();
    sim.receiveWebhook('endpoint', {
      id: 'msg_1',
      event: 'order.created',
      data: order,
      signed: false,
    });
    await flow(3000);
    const sent = events.flatMap((e) => (e.type === 'message.sent' ? [`${e.from}->${e.to}`] : []));
    expect(sent).toEqual(['shop->endpoint', 'endpoint->emit', 'event_queue->worker']);
    const accepted = events.find((e) => e.type === 'http.accepted');
    expect(accepted).toMatchObject({
      endpoint: 'endpoint',
      webhookId: 'msg_1',
      signed: false,
      at: start + hop,
    });
    const published = events.find((e) => e.type === 'broker.published');
    expect(published).toMatchObject({ messageId: 'msg_1', at: start + 2 * hop });
    const handled = events.find((e) => e.type === 'pool.handled');
    expect(handled).toMatchObject({ messageId: 'msg_1', ok: true });
    // the worker called the listeners drawn after it; each gets the call one hop later
    const called = events.filter((e) => e.type === 'listener.called');
    expect(
      called.map((e) => e.type === 'listener.called' && `${e.consumer}->${e.listener}`),
    ).toEqual(['worker->email_sender', 'worker->logger', 'worker->analytics']);
    expect(sim.getSnapshot().listeners.email_sender).toMatchObject({ received: 1, failed: 0 });
    // the slow email_sender: the background work takes well over the request's hops
    expect((handled?.at ?? 0) - start).toBeGreaterThanOrEqual(3 * hop + 1200);
    expect(sim.getSnapshot().endpoints.endpoint).toMatchObject({
      accepted: 1,
      unsigned: 1,
      lastStatus: 200,
    });
  });

  it('counts requests answered without an event, by kind', () => {
    const { sim, events } = run();
    sim.answerWebhook('endpoint', { status: 401, message: 'missing webhook-signature' });
    sim.answerWebhook('endpoint', { status: 200, message: 'duplicate', webhookId: 'msg_1' });
    expect(sim.getSnapshot().endpoints.endpoint).toMatchObject({
      accepted: 0,
      refused: 1,
      duplicates: 1,
      lastStatus: 200,
    });
    expect(events.filter((e) => e.type === 'http.answered')).toHaveLength(2);
    expect(events.some((e) => e.type === 'message.sent')).toBe(false);
  });

  it('refuses an unknown endpoint and an invalid event name', () => {
    const { sim } = run();
    const webhook = { id: 'x', event: 'order.created', data: {}, signed: true };
    expect(() => sim.receiveWebhook('emit', webhook)).toThrow('No HTTP endpoint "emit"');
    expect(() => sim.receiveWebhook('endpoint', { ...webhook, event: 'bad name' })).toThrow();
  });

  it('validates the http node: a URL path, POST only', () => {
    const node = webhookLab.nodes.find((n) => n.id === 'endpoint');
    const withNode = (patch: object) =>
      parseScenario({
        ...webhookLab,
        nodes: webhookLab.nodes.map((n) => (n.id === 'endpoint' ? { ...node, ...patch } : n)),
      });
    expect(withNode({ path: '/webhook/order' }).ok).toBe(true);
    const bad = withNode({ path: 'webhook order' });
    expect(bad.ok === false && bad.problems[0]?.field).toBe('nodes[1].path');
    expect(withNode({ method: 'GET' }).ok).toBe(false);
    expect(scenarioOrThrow(webhookLab).nodes.map((n) => n.kind)).toContain('external');
  });
});
