import { describe, expect, it } from 'vitest';
import { queueLab } from '../../labs/queue';
import { rabbitmqLab } from '../../labs/rabbitmq';
import type { Scenario } from '../scenario';
import { runWithWorkers } from './testing';

/** A lab with in-process workers, its trace, and a way to let time and messages flow. */
const run = (scenario: Scenario) => runWithWorkers(scenario, { traceCapacity: 50_000 });

describe('the broker in a running scenario', () => {
  it('a message goes edge by edge: producer -> exchange -> queue -> worker, one hop each', async () => {
    const { sim, events, flow } = run(rabbitmqLab);
    await flow(200);
    const hop = sim.hopMs;
    const start = sim.clock.now();
    sim.send('producer', 'user.deleted', { user_id: 2 });
    await flow(6 * hop);

    const sent = events.filter((e) => e.type === 'message.sent');
    expect(sent.map((e) => e.type === 'message.sent' && `${e.from}->${e.to}`)).toEqual([
      'producer->user_events',
      'analytics_queue->analytics_worker',
    ]);
    const published = events.find((e) => e.type === 'broker.published');
    expect(published?.at).toBe(start + hop);
    const toWorker = sent[1];
    // it leaves the queue only once it has landed there (one hop after routing)
    expect(toWorker?.type === 'message.sent' && toWorker.departsAt).toBe(start + 2 * hop);
    expect(toWorker?.type === 'message.sent' && toWorker.arrivesAt).toBe(start + 3 * hop);
    const handled = events.find((e) => e.type === 'pool.handled');
    expect(handled?.at).toBeGreaterThanOrEqual(start + 3 * hop);
    expect(sim.getSnapshot().consumers.analytics_worker?.acked).toBe(1);
    expect(sim.getSnapshot().queues.analytics_queue).toMatchObject({ ready: 0, unacked: 0 });
  });

  it('the topic exchange routes by binding key, and a new key takes effect at once', async () => {
    const { sim, flow } = run(rabbitmqLab);
    await flow(200);
    sim.send('producer', 'user.profile.updated', {});
    await flow(5 * sim.hopMs);
    expect(sim.getSnapshot().exchanges.user_events).toMatchObject({ published: 1, unroutable: 1 });
    sim.setBindingKey('bind-analytics', 'user.#');
    sim.send('producer', 'user.profile.updated', {});
    await flow(5 * sim.hopMs);
    expect(sim.getSnapshot().consumers.analytics_worker?.acked).toBe(1);
    expect(sim.getSnapshot().bindingKeys['bind-analytics']).toBe('user.#');
  });

  it('switching the exchange to fanout keeps its bindings and sends to every queue', async () => {
    const { sim, flow } = run(rabbitmqLab);
    await flow(200);
    sim.setExchangeType('user_events', 'fanout');
    sim.send('producer', 'user.deleted', {});
    await flow(6 * sim.hopMs);
    const { consumers } = sim.getSnapshot();
    expect(consumers.email_worker?.acked).toBe(1);
    expect(consumers.analytics_worker?.acked).toBe(1);
  });

  it('a poison message reaches the dead letters after three deliveries; moving it back replays that', async () => {
    const { sim, flow } = run(rabbitmqLab);
    await flow(200);
    sim.send('producer', 'user.registered', { poison: true });
    await flow(20 * sim.hopMs);
    expect(sim.getSnapshot().queues.dead_letters?.ready).toBe(1);
    expect(sim.getSnapshot().consumers.email_worker?.nacked).toBe(3);
    expect(sim.broker?.peek('dead_letters', 1)[0]?.message.deaths[0]).toMatchObject({
      queue: 'email_queue',
      reason: 'delivery_limit',
    });
    expect(sim.moveBack('dead_letters')).toBe(1);
    expect(sim.getSnapshot().queues.dead_letters?.ready).toBe(0);
    await flow(20 * sim.hopMs);
    expect(sim.broker?.peek('dead_letters', 1)[0]?.message.deaths[0]?.count).toBe(2);
  });

  it('a killed worker’s delivery comes back redelivered and is handled once', async () => {
    const { sim, events, flow } = run(rabbitmqLab);
    await flow(200);
    sim.setHandler('email_worker', 'slow');
    sim.send('producer', 'user.registered', { user_id: 1 });
    await flow(3 * sim.hopMs + 100);
    const busy = sim.getSnapshot().consumers.email_worker?.workers.find((w) => w.held > 0);
    expect(busy).toBeDefined();
    expect(sim.killWorker('email_worker', busy?.id ?? '')).toBe(true);
    await flow(20 * sim.hopMs);
    const deliveries = events.filter(
      (e) => e.type === 'broker.delivered' && e.queue === 'email_queue',
    );
    expect(deliveries.map((e) => e.type === 'broker.delivered' && e.redelivered)).toEqual([
      false,
      true,
    ]);
    expect(sim.getSnapshot().consumers.email_worker?.acked).toBe(1);
  });

  it('the queue lab: a burst waits in the queue, and the listeners run with failures caught', async () => {
    const { sim, flow } = run(queueLab);
    await flow(200);
    sim.burst('app', 20);
    await flow(sim.hopMs * 2 + 50);
    expect(sim.getSnapshot().queues.event_queue?.ready).toBeGreaterThan(15);
    // three clicks on + in a row: each adds to what the engine has, not to what was drawn
    for (let i = 0; i < 3; i++) sim.addWorkers('workers', 1);
    expect(sim.getSnapshot().consumers.workers?.desired).toBe(4);
    await flow(20_000, 100);
    const { consumers, queues } = sim.getSnapshot();
    expect(queues.event_queue).toMatchObject({ ready: 0, unacked: 0 });
    expect(consumers.workers?.acked).toBe(20);
    expect(consumers.workers?.nacked).toBe(0);
    expect(consumers.workers?.workers.filter((w) => w.acked > 0).length).toBeGreaterThan(1);
  });
});
