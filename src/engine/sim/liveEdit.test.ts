import { describe, expect, it } from 'vitest';
import { rabbitmqLab } from '../../labs/rabbitmq';
import type { Scenario } from '../scenario';
import { addNode, updateBinding, updateNode } from '../scenario/edit';
import { accepted } from '../scenario/testing';
import { headlessSimulation } from './headless';
import { liveChanges } from './liveEdit';
import { sagaScenario, sendOrder, withStep } from './sagaTesting';
import { runWithWorkers } from './testing';

const update = (s: Scenario, id: string, patch: Record<string, unknown>) =>
  accepted(updateNode(s, id, patch));

describe('liveChanges', () => {
  it('finds no change between a scenario and itself, or when only the picture moved', () => {
    expect(liveChanges(rabbitmqLab, rabbitmqLab)).toStrictEqual([]);
    const moved = update(rabbitmqLab, 'email_queue', {
      position: { x: 1, y: 2 },
      label: 'Mail queue',
    });
    expect(liveChanges(rabbitmqLab, moved)).toStrictEqual([]);
  });

  it('turns settings into the changes a live broker takes', () => {
    let next = update(rabbitmqLab, 'email_queue', { maxLength: 3, messageTtl: 500 });
    next = update(next, 'email_worker', { workers: 3, handler: { kind: 'email' } });
    next = update(next, 'user_events', { exchangeType: 'fanout' });
    next = accepted(updateBinding(next, 'bind-email', { key: 'user.#' }));
    expect(liveChanges(rabbitmqLab, next)).toStrictEqual([
      { kind: 'exchange-type', node: 'user_events', value: 'fanout' },
      // one policy with every argument of the queue, not one a field
      {
        kind: 'queue-policy',
        node: 'email_queue',
        value: expect.objectContaining({ maxLength: 3, messageTtl: 500 }),
      },
      { kind: 'handler', node: 'email_worker', value: { kind: 'email' } },
      { kind: 'workers', node: 'email_worker', value: 3 },
      { kind: 'binding-key', binding: 'bind-email', value: 'user.#' },
    ]);
  });

  it.each([
    ['a node added', (s: Scenario) => addNode(s, 'queue', { x: 0, y: 0 })],
    [
      'a consumer moved to another queue',
      (s: Scenario) => updateNode(s, 'email_worker', { queue: 'analytics_queue' }),
    ],
    [
      'the seed',
      (s: Scenario) => ({
        ok: true as const,
        scenario: { ...s, settings: { ...s.settings, seed: s.settings.seed + 1 } },
      }),
    ],
    [
      'a dead-letter exchange (the picture marks its queues at the start)',
      (s: Scenario) => updateNode(s, 'analytics_queue', { deadLetterExchange: 'dlx' }),
    ],
  ])('asks for a new run for %s', (_name, edit) => {
    const result = edit(rabbitmqLab);
    if (!result.ok) throw new Error(result.reason);
    expect(liveChanges(rabbitmqLab, result.scenario)).toBeUndefined();
  });
});

describe('Simulation.reconfigure', () => {
  it('applies a queue policy in place: the queue keeps its messages, the excess is dropped, traced', async () => {
    const run = runWithWorkers(rabbitmqLab);
    run.sim.scaleConsumer('email_worker', 0);
    for (let i = 0; i < 5; i++)
      run.sim.send('producer', 'user.registered', { user_id: i, email: `u${i}@example.com` });
    await run.flow(1_000);
    expect(run.sim.getSnapshot().queues.email_queue?.ready).toBe(5);
    const before = run.sim.getSnapshot().queues.analytics_queue;

    const next = update(run.sim.scenario, 'email_queue', { maxLength: 2 });
    expect(run.sim.reconfigure(next)).toBe(true);
    expect(run.sim.scenario).toBe(next);
    expect(run.sim.getSnapshot().queues.email_queue?.ready).toBe(2);
    // the rest of the run went on untouched
    expect(run.sim.getSnapshot().queues.analytics_queue).toStrictEqual(before);
    expect(run.events.filter((e) => e.type === 'scenario.reconfigured')).toMatchObject([
      { change: { kind: 'queue-policy', node: 'email_queue', value: { maxLength: 2 } } },
    ]);
    expect(
      run.events.filter((e) => e.type === 'broker.dead-lettered' && e.reason === 'maxlen'),
    ).toHaveLength(3);
    run.sim.dispose();
  });

  it('scales workers and changes the handler of a running consumer', async () => {
    const run = runWithWorkers(rabbitmqLab);
    await run.flow(200);
    const next = update(run.sim.scenario, 'analytics_worker', {
      workers: 3,
      handler: { kind: 'flaky', failureRate: 1 },
    });
    expect(run.sim.reconfigure(next)).toBe(true);
    await run.flow(500);
    expect(run.sim.getSnapshot().consumers.analytics_worker?.desired).toBe(3);
    run.sim.send('producer', 'user.deleted', { user_id: 2 });
    await run.flow(2_000);
    expect(
      run.events.some((e) => e.type === 'pool.handled' && e.pool === 'analytics_worker' && !e.ok),
    ).toBe(true);
    run.sim.dispose();
  });

  it('sets the prefetch of a running consumer (basic.qos): its workers hold more at once, and a new worker too', async () => {
    // one slow worker holding 1: the rest waits in the queue
    const start = update(rabbitmqLab, 'email_worker', {
      workers: 1,
      handler: { kind: 'slow', ms: 60_000 },
    });
    const run = runWithWorkers(start);
    for (let i = 0; i < 8; i++)
      run.sim.send('producer', 'user.registered', { user_id: i, email: `u${i}@example.com` });
    await run.flow(1_000);
    const queue = () => run.sim.getSnapshot().queues.email_queue;
    expect(queue()).toMatchObject({ unacked: 1, ready: 7 });

    expect(run.sim.reconfigure(update(run.sim.scenario, 'email_worker', { prefetch: 3 }))).toBe(
      true,
    );
    await run.flow(500);
    expect(queue()).toMatchObject({ unacked: 3, ready: 5 });
    expect(run.sim.getSnapshot().consumers.email_worker?.prefetch).toBe(3);
    expect(run.events.filter((e) => e.type === 'broker.prefetch-set')).toHaveLength(1);
    // a worker started after the change starts with it
    run.sim.scaleConsumer('email_worker', 2);
    await run.flow(1_000);
    expect(queue()).toMatchObject({ unacked: 6, ready: 2 });
    run.sim.dispose();
  });

  it('sends the presets a live edit gave a producer under load', async () => {
    const run = runWithWorkers(rabbitmqLab);
    run.sim.setRate('producer', 10);
    await run.flow(300);
    const producer = run.sim.scenario.nodes.find((n) => n.id === 'producer');
    if (producer?.kind !== 'producer') throw new Error('no producer');
    const next = update(run.sim.scenario, 'producer', {
      emits: [{ event: 'user.banned', data: { user_id: 9 } }],
    });
    expect(run.sim.reconfigure(next)).toBe(true);
    const from = run.events.length;
    await run.flow(500);
    const sent = run.events
      .slice(from)
      .flatMap((e) => (e.type === 'message.sent' && e.from === 'producer' ? [e.event] : []));
    expect(sent.length).toBeGreaterThan(2);
    expect(new Set(sent)).toStrictEqual(new Set(['user.banned']));
    run.sim.dispose();
  });

  it('changes nothing and says so when the edit needs a new run', () => {
    const run = runWithWorkers(rabbitmqLab);
    const added = addNode(run.sim.scenario, 'queue', { x: 0, y: 0 });
    if (!added.ok) throw new Error(added.reason);
    expect(run.sim.reconfigure(added.scenario)).toBe(false);
    expect(run.sim.scenario).toBe(rabbitmqLab);
    expect(run.events.some((e) => e.type === 'scenario.reconfigured')).toBe(false);
    run.sim.dispose();
  });
});

describe('a saga step’s fault, live', () => {
  const sketch = sagaScenario();
  const saga = (s: Scenario) => s.nodes.find((n) => n.kind === 'saga');

  it('is a change in place; the steps’ order, timeouts, tries and the mode need a new run', () => {
    const failing = withStep(sketch, 'payment', { fault: { mode: 'fail-times', times: 2 } });
    expect(liveChanges(sketch, failing)).toStrictEqual([
      {
        kind: 'saga-step-fault',
        node: 'saga1',
        service: 'payment',
        value: { mode: 'fail-times', times: 2 },
      },
    ]);
    // healed: no fault
    expect(liveChanges(failing, sketch)).toStrictEqual([
      { kind: 'saga-step-fault', node: 'saga1', service: 'payment', value: undefined },
    ]);
    expect(liveChanges(sketch, withStep(sketch, 'payment', { timeoutMs: 5000 }))).toBeUndefined();
    expect(liveChanges(sketch, withStep(sketch, 'payment', { attempts: 5 }))).toBeUndefined();
    expect(liveChanges(sketch, update(sketch, 'saga1', { mode: 'choreography' }))).toBeUndefined();
    const steps = (saga(sketch) as { steps: unknown[] }).steps;
    expect(liveChanges(sketch, update(sketch, 'saga1', { steps: [...steps].reverse() }))).toBe(
      undefined,
    );
    // a fault changed together with a timeout is still a new run
    const both = withStep(sketch, 'payment', { fault: { mode: 'fail' }, timeoutMs: 5000 });
    expect(liveChanges(sketch, both)).toBeUndefined();
  });

  it('hits the running saga: the next order compensates, and heals when the fault goes', async () => {
    const { sim, flow } = headlessSimulation(sketch, { traceCapacity: 100_000 });
    await sim.sagaReady();
    const order = async () => {
      sendOrder(sim, 10);
      await flow(30_000);
    };
    const status = () => sim.getSnapshot().saga?.instances.map((i) => [i.saga, i.status]);
    await order();
    const failing = withStep(sketch, 'payment', { fault: { mode: 'fail' }, attempts: 1 });
    // attempts is part of the definition: set the fault alone on a sketch with one try
    expect(sim.reconfigure(failing)).toBe(false);
    expect(sim.reconfigure(withStep(sketch, 'payment', { fault: { mode: 'fail' } }))).toBe(true);
    await order();
    expect(sim.reconfigure(sketch)).toBe(true);
    await order();
    expect(status()).toEqual([
      ['o1', 'completed'],
      ['o2', 'aborted'],
      ['o3', 'completed'],
    ]);
    const events = sim.traceEvents();
    expect(
      events.flatMap((e) => (e.type === 'scenario.reconfigured' ? [e.change] : [])),
    ).toStrictEqual([
      { kind: 'saga-step-fault', node: 'saga1', service: 'payment', value: { mode: 'fail' } },
      { kind: 'saga-step-fault', node: 'saga1', service: 'payment', value: undefined },
    ]);
    // o2's reservation was undone; the money adds up
    expect(
      events.some((e) => e.type === 'saga.compensated' && e.saga === 'o2' && e.step === 'reserve'),
    ).toBe(true);
    expect(sim.saga?.problems()).toEqual([]);
    sim.dispose();
  });

  it('set before the saga opens, it holds once it does', async () => {
    const { sim, flow } = headlessSimulation(sketch, { traceCapacity: 100_000 });
    sim.reconfigure(withStep(sketch, 'payment', { fault: { mode: 'fail' } }));
    await sim.sagaReady();
    sendOrder(sim, 10);
    await flow(30_000);
    expect(sim.getSnapshot().saga?.instances.map((i) => i.status)).toEqual(['aborted']);
    sim.dispose();
  });
});
