import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../engine/clock';
import {
  type FromWorker,
  packBatch,
  readResults,
  type WireResult,
  type WorkerConfig,
} from './protocol';
import { createRuntime } from './runtime';
import { brokerDelivery, wireDelivery as delivery, settle } from './testing/harness';
import type { HandlerSpec } from './types';

function setup(handler: HandlerSpec, config: Partial<WorkerConfig> = {}) {
  const clock = new SimulatedClock(0);
  const posted: FromWorker[] = [];
  const runtime = createRuntime({ clock, post: (m) => posted.push(m) });
  runtime.receive({
    type: 'init',
    workerId: 'w1',
    handler,
    seed: 1,
    timeScale: 1,
    heartbeatMs: 1000,
    handlerTimeoutMs: 30_000,
    requeueOnError: true,
    ...config,
  });
  const results = (): WireResult[] =>
    posted.flatMap((m) => (m.type === 'results' ? readResults(m) : []));
  const send = (...tags: number[]) =>
    runtime.receive(packBatch(tags.map((tag) => brokerDelivery(delivery(tag)))));
  return { clock, posted, runtime, results, send };
}

describe('start', () => {
  it('answers init with ready', () => {
    const { posted } = setup({ kind: 'email' });
    expect(posted).toEqual([{ type: 'ready' }]);
  });

  it('reports a custom handler that does not compile, and keeps running', async () => {
    const { posted, results, send, clock } = setup({ kind: 'custom', source: 'return );' });
    expect(posted).toEqual([
      {
        type: 'handler-invalid',
        error: expect.stringMatching(/^custom handler does not compile: SyntaxError: /),
      },
    ]);
    // deliveries that reach it anyway are refused with the reason, not dropped
    send(1);
    await settle();
    expect(results()).toEqual([
      {
        deliveryTag: 1,
        ok: false,
        error: expect.stringMatching(/does not compile/),
        requeue: true,
      },
    ]);
    clock.advance(1000);
    expect(posted.at(-1)).toEqual({ type: 'heartbeat' });
  });
});

describe('deliveries', () => {
  it('handles a batch in order and answers with one message', () => {
    const { posted, send } = setup({ kind: 'email' });
    send(1, 2, 3);
    // synchronous handlers finish the batch within the call
    expect(posted).toHaveLength(2);
    const answer = posted[1];
    const answered = answer?.type === 'results' ? readResults(answer) : [];
    expect(answered.map((r) => [r.deliveryTag, r.ok])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(answered[0]).toMatchObject({
      output: 'email to customer@example.com: order.created',
      effect: { kind: 'email', subject: 'order.created' },
    });
  });

  it('with the next batch already waiting, each batch is answered as soon as it is done', async () => {
    const { posted, send, clock } = setup({ kind: 'custom', source: "await null; return 'ok';" });
    send(1, 2);
    send(3, 4);
    await settle();
    clock.advance(0);
    const answers = posted.flatMap((m) =>
      m.type === 'results' ? [readResults(m).map((r) => r.deliveryTag)] : [],
    );
    // the first batch's results free its prefetch slots before the second is handled
    expect(answers).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it.each([
    ['synchronous', ''],
    ['asynchronous', 'await null; '],
  ])(
    'a %s custom handler that rewrites its message still answers its own delivery',
    async (_, wait) => {
      const { results, send } = setup({
        kind: 'custom',
        source: `${wait}message.deliveryTag = 99; if (message.messageId === "m2") throw new Error("no"); return message.deliveryTag;`,
      });
      send(1, 2, 3);
      await settle();
      expect(results()).toEqual([
        { deliveryTag: 1, ok: true, output: '99' },
        { deliveryTag: 2, ok: false, error: 'no', requeue: true },
        { deliveryTag: 3, ok: true, output: '99' },
      ]);
    },
  );

  it('a failing message is nacked with the error and the next goes on', () => {
    const { results, send } = setup({ kind: 'poison', when: { field: 'id', equals: 2 } });
    send(1, 2, 3);
    expect(results()).toEqual([
      { deliveryTag: 1, ok: true, output: 'ok' },
      { deliveryTag: 2, ok: false, error: 'poison message (id = 2)', requeue: true },
      { deliveryTag: 3, ok: true, output: 'ok' },
    ]);
  });

  it('requeue follows the consumer default unless the error says otherwise', async () => {
    const source = `
      if (message.body.id === 1) throw new TypeError('bad');
      if (message.body.id === 2) throw Object.assign(new Error('final'), { requeue: false });
      throw { message: 'plain object', requeue: true };`;
    const { results, send } = setup({ kind: 'custom', source }, { requeueOnError: false });
    send(1, 2, 3);
    await settle();
    expect(results()).toEqual([
      { deliveryTag: 1, ok: false, error: 'TypeError: bad', requeue: false },
      { deliveryTag: 2, ok: false, error: 'final', requeue: false },
      { deliveryTag: 3, ok: false, error: 'plain object', requeue: true },
    ]);
  });

  it('a new handler applies after the deliveries already in the mailbox', async () => {
    const { runtime, results, send, clock } = setup({ kind: 'slow', ms: 10 });
    send(1, 2);
    runtime.receive({ type: 'set-handler', handler: { kind: 'sms' } });
    send(3);
    clock.advance(10);
    await settle();
    clock.advance(10);
    await settle();
    expect(results().map((r) => (r.ok ? r.output : r.error))).toEqual([
      'took 10 ms',
      'took 10 ms',
      'sms to +380 00 000 0000: order.created',
    ]);
  });

  it('a handler that never settles is nacked after the time limit', async () => {
    const source = 'await new Promise(() => {});';
    const { results, send, clock } = setup({ kind: 'custom', source }, { handlerTimeoutMs: 500 });
    send(1, 2);
    await settle();
    clock.advance(499);
    await settle();
    expect(results()).toEqual([]);
    clock.advance(1);
    await settle();
    clock.advance(0); // the end of the task it finished in
    expect(results()).toEqual([
      { deliveryTag: 1, ok: false, error: 'handler timed out after 500 ms', requeue: true },
    ]);
  });
});

describe('slow and the time scale', () => {
  /** Clock times at which each result was posted. */
  async function timeline(
    setupResult: ReturnType<typeof setup>,
    until: number,
    step = 5,
  ): Promise<Map<number, number>> {
    const done = new Map<number, number>();
    const { clock, results } = setupResult;
    while (clock.now() < until) {
      await settle();
      for (const r of results()) if (!done.has(r.deliveryTag)) done.set(r.deliveryTag, clock.now());
      clock.advance(step);
    }
    return done;
  }

  it('takes the set time per message, one message at a time', async () => {
    const s = setup({ kind: 'slow', ms: 100 });
    s.send(1, 2, 3);
    expect(await timeline(s, 400)).toEqual(
      new Map([
        [1, 100],
        [2, 200],
        [3, 300],
      ]),
    );
  });

  it('at timeScale 2 a 100 ms message takes 50 ms of real time', async () => {
    const s = setup({ kind: 'slow', ms: 100 }, { timeScale: 2 });
    s.send(1, 2);
    expect(await timeline(s, 200)).toEqual(
      new Map([
        [1, 50],
        [2, 100],
      ]),
    );
  });

  it('a speed change mid-message counts the time already slept', async () => {
    const s = setup({ kind: 'slow', ms: 100 });
    s.send(1);
    s.clock.advance(40); // 40 of 100 ms slept at 1x
    s.runtime.receive({ type: 'time-scale', timeScale: 4 }); // 60 left: 15 real ms
    expect((await timeline(s, 100, 1)).get(1)).toBe(55);
  });

  it('paused (timeScale 0), a message waits until the speed is set again', async () => {
    const s = setup({ kind: 'slow', ms: 100 });
    s.send(1);
    s.clock.advance(30);
    s.runtime.receive({ type: 'time-scale', timeScale: 0 });
    s.clock.advance(10_000);
    await settle();
    expect(s.results()).toEqual([]);
    s.runtime.receive({ type: 'time-scale', timeScale: 1 });
    s.clock.advance(70);
    await settle();
    expect(s.results()).toHaveLength(1);
  });
});

describe('heartbeats', () => {
  it('beats every heartbeatMs of simulated time and carries waiting results', async () => {
    const s = setup({ kind: 'custom', source: 'await null; return "x";' }, { timeScale: 2 });
    s.clock.advance(500); // 1000 simulated ms at 2x
    expect(s.posted.at(-1)).toEqual({ type: 'heartbeat' });
    expect(s.posted.filter((m) => m.type === 'heartbeat')).toHaveLength(1);
    s.clock.advance(500);
    expect(s.posted.filter((m) => m.type === 'heartbeat')).toHaveLength(2);
  });

  it('close stops the heartbeat and the pending work', async () => {
    const s = setup({ kind: 'slow', ms: 100 });
    s.send(1, 2);
    s.runtime.close();
    const before = s.posted.length;
    s.clock.advance(5000);
    await settle();
    expect(s.posted).toHaveLength(before);
    expect(s.clock.pending).toBe(0);
  });
});

describe('how long deliveries take', () => {
  it('each results message says the ms its deliveries took, not the wait for them', async () => {
    const clock = new SimulatedClock(0);
    const posted: FromWorker[] = [];
    // a fine counter the handler moves: 2 ms a delivery
    let fine = 0;
    const runtime = createRuntime({ clock, now: () => fine, post: (m) => posted.push(m) });
    runtime.receive({
      type: 'init',
      workerId: 'w1',
      handler: { kind: 'custom', source: 'globalThis.tick(); return 1;' },
      seed: 1,
      timeScale: 1,
      heartbeatMs: 1000,
      handlerTimeoutMs: 30_000,
      requeueOnError: true,
    });
    (globalThis as { tick?: () => void }).tick = () => {
      fine += 2;
    };
    try {
      const send = (...tags: number[]) =>
        runtime.receive(packBatch(tags.map((tag) => brokerDelivery(delivery(tag)))));
      send(1, 2, 3);
      await settle();
      // idle between batches: not counted
      fine += 50;
      send(4);
      await settle();
      const elapsed = posted.flatMap((m) => (m.type === 'results' ? [m.elapsed] : []));
      expect(elapsed).toEqual([6, 2]);
    } finally {
      delete (globalThis as { tick?: () => void }).tick;
    }
  });

  it('an asynchronous delivery that posts while it waits counts on in the next message', async () => {
    const { clock, posted, send } = setup({ kind: 'slow', ms: 30 });
    send(1, 2);
    await settle();
    // the first sleeps: nothing done yet, nothing posted
    clock.advance(30);
    await settle();
    // the first is done and posted as the second starts to sleep
    clock.advance(30);
    await settle();
    const elapsed = posted.flatMap((m) => (m.type === 'results' ? [m.elapsed] : []));
    expect(elapsed).toEqual([30, 30]);
  });
});
