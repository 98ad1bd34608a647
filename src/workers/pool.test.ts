import { describe, expect, it } from 'vitest';
import { HAS_EFFECT, RESULT_DROP, RESULT_OK, RESULT_REQUEUE, unpackBatch } from './protocol';
import { killEvery } from './testing/chaos';
import { type PoolHarness, poolHarness } from './testing/harness';

/** Every message acked exactly once, nothing misused, nothing left behind. */
function expectAllAckedOnce(h: PoolHarness, count: number) {
  expect(h.broker.misuse).toEqual([]);
  expect(h.broker.acks.size).toBe(count);
  expect([...h.broker.acks.values()].every((n) => n === 1)).toBe(true);
  expect(h.broker.depth('q')).toEqual({ ready: 0, unacked: 0 });
}

/** Each delivery after a message's first carries redelivered=true, and the first does not. */
function expectDuplicatesRedelivered(h: PoolHarness) {
  const seen = new Set<string>();
  for (const d of h.broker.deliveries) {
    expect(d.redelivered, `${d.message.id} #${d.deliveryCount}`).toBe(seen.has(d.message.id));
    seen.add(d.message.id);
  }
}

const batches = (h: PoolHarness) => h.rec.ofType('pool.batch-sent').map((e) => e.deliveryTags);
const batchesOf = (h: PoolHarness, worker: string) =>
  h.rec
    .ofType('pool.batch-sent')
    .filter((e) => e.worker === worker)
    .map((e) => e.deliveryTags);

describe('batching', () => {
  it('deliveries of one turn go to the worker as one batch', async () => {
    const h = poolHarness({ prefetch: 10 });
    h.publish(0, 4); // before the worker is ready: delivered inside its consume call
    await h.run(0);
    h.publish(4, 7);
    await h.run(0);
    expect(batches(h)).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7],
    ]);
    const sent = h.worker('q:w1').received.filter((m) => m.type === 'batch');
    expect(sent).toHaveLength(2);
    expectAllAckedOnce(h, 7);
  });

  it('acks free prefetch slots and the next deliveries follow in one batch', async () => {
    const h = poolHarness({ prefetch: 3, batchesInFlight: 1 });
    h.publish(0, 9);
    await h.run(0);
    expect(batches(h)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expectAllAckedOnce(h, 9);
  });

  it("the pool's only worker gets each turn in two batches, even a fast one", async () => {
    // email takes no time, but with no other worker the page would wait out each round trip
    const h = poolHarness({ prefetch: 4, batchesInFlight: 2 });
    h.publish(0, 4);
    await h.run(0);
    h.publish(4, 8);
    await h.run(0);
    expect(batches(h)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    expectAllAckedOnce(h, 8);
  });

  it('a slow worker among others gets a turn in two batches: it has the next while it answers one', async () => {
    // 10 ms a message: a prefetch of 4 takes 40 ms, long against a round trip
    const h = poolHarness({ prefetch: 4, size: 2, handler: { kind: 'slow', ms: 10 } });
    await h.run(0);
    h.publish(0, 8);
    await h.run(100);
    // not yet measured: each worker's turn as one batch
    expect(batches(h)).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    h.publish(8, 16);
    await h.run(0);
    expect(batchesOf(h, 'q:w1').slice(1)).toEqual([
      [9, 10],
      [11, 12],
    ]);
    const sent = () => h.worker('q:w1').received.filter((m) => m.type === 'batch').length;
    // the second batch is with the worker before it has answered the first
    expect(sent()).toBe(3);
    expect(h.rec.ofType('pool.handled')).toHaveLength(8);
    await h.run(100);
    expectAllAckedOnce(h, 16);
  });

  it('a fast worker among others gets each turn as one batch, and is split once it turns slow', async () => {
    const h = poolHarness({ prefetch: 4, size: 2, batchesInFlight: 2 });
    await h.run(0);
    h.publish(0, 8);
    await h.run(0);
    h.publish(8, 16);
    await h.run(0);
    // email takes no time: a turn goes as one batch
    expect(batchesOf(h, 'q:w1')).toEqual([
      [1, 2, 3, 4],
      [9, 10, 11, 12],
    ]);
    h.pool.setHandler({ kind: 'slow', ms: 10 });
    h.publish(16, 24);
    await h.run(100);
    h.publish(24, 32);
    await h.run(100);
    // measured slow on the first of them: the next turn goes in halves
    expect(batchesOf(h, 'q:w1').slice(2)).toEqual([
      [17, 18, 19, 20],
      [25, 26],
      [27, 28],
    ]);
    expectAllAckedOnce(h, 32);
  });

  it('a fast worker is split while the others are not yet working, and not once they are', async () => {
    const h = poolHarness({ prefetch: 4, size: 1, batchesInFlight: 2 });
    h.publish(0, 4);
    await h.run(0);
    h.pool.scale(2);
    await h.run(0);
    h.publish(4, 12);
    await h.run(0);
    expect(batchesOf(h, 'q:w1')).toEqual([
      [1, 2],
      [3, 4],
      [5, 6, 7, 8],
    ]);
    h.pool.scale(1);
    await h.run(0);
    h.publish(12, 16);
    await h.run(0);
    expect(batchesOf(h, 'q:w1').slice(3)).toEqual([
      [13, 14],
      [15, 16],
    ]);
    expectAllAckedOnce(h, 16);
  });

  it('refuses a batchesInFlight that is not a whole number of at least 1', () => {
    expect(() => poolHarness({ batchesInFlight: 0 })).toThrow(/batchesInFlight must be/);
    expect(() => poolHarness({ batchesInFlight: 1.5 })).toThrow(RangeError);
  });
});

describe('prefetch', () => {
  it('a worker never holds more than its prefetch', async () => {
    const h = poolHarness({ prefetch: 3, size: 2, handler: { kind: 'slow', ms: 10 } });
    h.publish(0, 40);
    let most = 0;
    const watch = h.trace.subscribe(() => {
      for (const w of h.pool.stats().workers) most = Math.max(most, w.held);
    });
    await h.run(500);
    watch();
    expect(most).toBe(3);
    expect(h.broker.maxUnacked).toBe(3);
    expectAllAckedOnce(h, 40);
    // both workers shared the load
    const byWorker = new Set(h.rec.ofType('pool.handled').map((e) => e.worker));
    expect(byWorker).toEqual(new Set(['q:w1', 'q:w2']));
  });
});

describe('a worker dies', () => {
  it('killed mid-batch: its unacked deliveries return redelivered, and a replacement starts', async () => {
    const h = poolHarness({ prefetch: 5, handler: { kind: 'slow', ms: 100 } });
    h.publish(0, 5);
    await h.run(250); // m0 and m1 done, m2 under way
    expect(h.broker.acks.size).toBe(2);
    expect(h.pool.kill('q:w1')).toBe(true);
    expect(h.worker('q:w1').terminated).toBe(true);
    expect(h.rec.ofType('pool.worker-failed')).toMatchObject([
      { worker: 'q:w1', reason: 'killed' },
    ]);
    expect(h.rec.ofType('pool.worker-terminated')).toMatchObject([
      { worker: 'q:w1', reason: 'failed', released: 3 },
    ]);
    expect(h.rec.ofType('pool.worker-started').map((e) => [e.worker, e.replaces])).toEqual([
      ['q:w1', undefined],
      ['q:w2', 'q:w1'],
    ]);
    await h.run(400);
    const redelivered = h.broker.deliveries.filter((d) => d.redelivered);
    expect(redelivered.map((d) => [d.message.id, d.deliveryCount, d.consumerTag])).toEqual([
      ['m2', 2, 'q:w2'],
      ['m3', 2, 'q:w2'],
      ['m4', 2, 'q:w2'],
    ]);
    // the handler saw the flag too
    const seen = h
      .worker('q:w2')
      .received.flatMap((m) => (m.type === 'batch' ? unpackBatch(m) : []));
    expect(seen.every((d) => d.redelivered)).toBe(true);
    expectAllAckedOnce(h, 5);
    expect(h.pool.kill('q:w1')).toBe(false);
  });

  it('answers that arrive from a worker after it was declared dead are ignored', async () => {
    const h = poolHarness({ prefetch: 10 });
    const w1 = h.worker('q:w1');
    w1.holdBack = true;
    h.publish(0, 3);
    await h.run(0);
    // it handled all three, but its answers are still in flight when it is killed
    expect(w1.heldBack).toMatchObject([{ type: 'ready' }]);
    expect(h.broker.acks.size).toBe(0);
    w1.holdBack = false;
    w1.deliverHeldBack(); // ready
    await h.run(0);
    w1.holdBack = true;
    h.publish(3, 6);
    await h.run(0);
    expect(w1.heldBack).toMatchObject([{ type: 'results' }]);
    h.pool.kill('q:w1');
    await h.run(50);
    expectAllAckedOnce(h, 6);
    w1.deliverHeldBack();
    await h.run(50);
    expect(h.rec.ofType('pool.result-ignored').map((e) => [e.deliveryTag, e.reason])).toEqual([
      [4, 'worker-gone'],
      [5, 'worker-gone'],
      [6, 'worker-gone'],
    ]);
    // the broker never saw the stale tags, and nothing was acked twice
    expectAllAckedOnce(h, 6);
    expect(h.pool.stats().ignored).toBe(3);
  });

  it('a result for a tag the worker does not hold is ignored, and a tag is answered once', async () => {
    const h = poolHarness({ handler: { kind: 'slow', ms: 100 } });
    h.publish(0, 1);
    await h.run(0);
    // as a custom handler could, by calling postMessage itself
    const forged = {
      type: 'results',
      // tags, then codes; the last two are malformed: a failure without an error text (42),
      // an unknown code
      numbers: Float64Array.of(
        1,
        1,
        99,
        7,
        8,
        RESULT_OK,
        RESULT_OK,
        RESULT_REQUEUE,
        RESULT_DROP,
        64,
      ),
      strings: ['x', 42],
      text: '',
      payloads: null,
      elapsed: 0,
    };
    h.worker('q:w1').inject(forged);
    // not results at all: numbers not in a Float64Array, or not tags and codes in pairs
    const empty = { type: 'results', strings: '', text: '', payloads: null, elapsed: 0 };
    h.worker('q:w1').inject({ ...empty, numbers: [1, 0] });
    h.worker('q:w1').inject({ ...empty, numbers: Float64Array.of(1, 2, 0) });
    // effects that are not JSON: nothing in it is read
    h.worker('q:w1').inject({
      ...empty,
      numbers: Float64Array.of(1, RESULT_OK | HAS_EFFECT),
      text: '{oops',
    });
    await h.run(200);
    expect(h.rec.ofType('pool.result-ignored').map((e) => [e.deliveryTag, e.reason])).toEqual([
      [1, 'unknown-tag'],
      [99, 'unknown-tag'],
      [1, 'unknown-tag'], // the real answer, after the forged one took it
    ]);
    expectAllAckedOnce(h, 1);
  });

  it('an error event at top level fails it the same way', async () => {
    const h = poolHarness({ prefetch: 4, handler: { kind: 'slow', ms: 100 } });
    h.publish(0, 4);
    await h.run(50);
    h.worker('q:w1').crash('Uncaught ReferenceError: x is not defined');
    await h.run(0);
    expect(h.rec.ofType('pool.worker-failed')).toMatchObject([
      { worker: 'q:w1', reason: 'error', error: 'Uncaught ReferenceError: x is not defined' },
    ]);
    await h.run(1000);
    expectAllAckedOnce(h, 4);
    expectDuplicatesRedelivered(h);
  });

  it('a worker that stops answering is declared dead after the heartbeat timeout', async () => {
    const h = poolHarness({ prefetch: 4, heartbeatMs: 100, heartbeatTimeoutMs: 500 });
    await h.run(0);
    h.worker('q:w1').hung = true;
    h.publish(0, 4);
    await h.run(400);
    expect(h.rec.ofType('pool.worker-failed')).toEqual([]);
    await h.run(300);
    expect(h.rec.ofType('pool.worker-failed')).toMatchObject([
      { worker: 'q:w1', reason: 'heartbeat-timeout' },
    ]);
    await h.run(100);
    expectAllAckedOnce(h, 4);
    expectDuplicatesRedelivered(h);
  });

  it('a worker that never starts is replaced after the start timeout', async () => {
    const h = poolHarness({ startTimeoutMs: 1000 }, (worker, index) => {
      worker.hung = index === 0;
    });
    h.publish(0, 2);
    await h.run(1000);
    expect(h.rec.ofType('pool.worker-failed')).toEqual([]);
    await h.run(200);
    expect(h.rec.ofType('pool.worker-failed')).toMatchObject([
      { worker: 'q:w1', reason: 'start-timeout' },
    ]);
    expectAllAckedOnce(h, 2);
  });

  it('without auto-restart a failed worker is not replaced', async () => {
    const h = poolHarness({ autoRestart: false, size: 2 });
    await h.run(0);
    h.pool.kill('q:w1');
    await h.run(100);
    expect(h.pool.stats().workers.map((w) => w.id)).toEqual(['q:w2']);
    expect(h.pool.stats()).toMatchObject({ desired: 2, started: 2, failed: 1 });
  });

  it('a restart delay holds the replacement back', async () => {
    const h = poolHarness({ restartDelayMs: 300 });
    await h.run(0);
    h.pool.kill('q:w1');
    await h.run(290);
    expect(h.pool.stats().workers).toEqual([]);
    await h.run(20);
    expect(h.pool.stats().workers.map((w) => w.id)).toEqual(['q:w2']);
  });
});

describe('handlers through the pool', () => {
  it('a custom handler that does not compile is reported, not restarted, and nothing is lost', async () => {
    const h = poolHarness({ handler: { kind: 'custom', source: 'return (;' } });
    h.publish(0, 3);
    await h.run(500);
    expect(h.rec.ofType('pool.worker-failed')).toMatchObject([
      {
        worker: 'q:w1',
        reason: 'handler-invalid',
        error: expect.stringMatching(/^custom handler does not compile: SyntaxError: /),
      },
    ]);
    expect(h.pool.stats().workers).toEqual([]);
    expect(h.broker.depth('q')).toEqual({ ready: 3, unacked: 0 });
    h.pool.setHandler({ kind: 'custom', source: 'return message.body.n * 2;' });
    await h.run(10);
    expectAllAckedOnce(h, 3);
    expect(h.rec.ofType('pool.handled').map((e) => e.ok && e.output)).toEqual(['0', '2', '4']);
  });

  it('flaky with a fixed seed fails the same deliveries every run', async () => {
    const outcomes = async (seed: number) => {
      const h = poolHarness({
        seed,
        size: 3,
        prefetch: 2,
        handler: { kind: 'flaky', failureRate: 0.3 },
      });
      h.publish(0, 60);
      await h.run(100);
      expectAllAckedOnce(h, 60);
      return h.rec
        .ofType('pool.handled')
        .filter((e) => !e.ok)
        .map((e) => e.messageId)
        .sort();
    };
    const first = await outcomes(11);
    expect(first.length).toBeGreaterThan(5);
    expect(await outcomes(11)).toEqual(first);
    expect(await outcomes(12)).not.toEqual(first);
  });

  it('poison: the matching message is refused, the other 99 are acked', async () => {
    const h = poolHarness({
      requeueOnError: false,
      handler: { kind: 'poison', when: { field: 'n', equals: 42 } },
    });
    h.publish(0, 100);
    await h.run(10);
    expect(h.broker.dead).toEqual(['m42']);
    expect(h.broker.acks.size).toBe(99);
    expect(h.rec.ofType('pool.handled').filter((e) => !e.ok)).toMatchObject([
      { messageId: 'm42', ok: false, error: 'poison message (n = 42)', requeue: false },
    ]);
  });

  it('slow follows the time scale the pool sets', async () => {
    const h = poolHarness({ heartbeatMs: 1000, handler: { kind: 'slow', ms: 100 } });
    h.publish(0, 2);
    await h.run(100, 5); // m0 at 1x
    h.pool.setTimeScale(2);
    await h.run(100, 5); // m1 at 2x: 50 ms
    const at = h.rec.ofType('pool.handled').map((e) => [e.messageId, e.at]);
    expect(at).toEqual([
      ['m0', 100],
      ['m1', 150],
    ]);
    expect(h.pool.stats().timeScale).toBe(2);
  });

  it('a body that cannot cross to a worker is refused with the reason; the rest go on', async () => {
    const h = poolHarness({ prefetch: 10 });
    h.broker.publish('q', { n: 0 }, 'm0');
    h.broker.publish('q', { fn: () => 1 }, 'bad');
    h.broker.publish('q', { n: 2 }, 'm2');
    await h.run(10);
    expect(h.broker.dead).toEqual(['bad']);
    expect([...h.broker.acks.keys()].sort()).toEqual(['m0', 'm2']);
    const refused = h.rec.ofType('pool.handled').find((e) => !e.ok);
    expect(refused).toMatchObject({
      error: expect.stringMatching(/cannot be sent to a worker: DataCloneError/),
    });
  });
});

describe('scaling and disposal', () => {
  it('scale up starts workers; scale down drains the idle ones first, without redelivery', async () => {
    const h = poolHarness({ prefetch: 2, handler: { kind: 'slow', ms: 100 } });
    await h.run(0);
    h.publish(0, 2); // w1 takes both
    h.pool.scale(3);
    await h.run(10); // w2 and w3 start and stay idle
    h.pool.scale(1);
    const terminated = () =>
      h.rec.ofType('pool.worker-terminated').map((e) => [e.worker, e.reason]);
    expect(terminated()).toEqual([
      ['q:w3', 'scaled-down'],
      ['q:w2', 'scaled-down'],
    ]);
    h.pool.scale(0);
    expect(h.rec.ofType('pool.worker-draining').at(-1)).toMatchObject({ worker: 'q:w1', held: 2 });
    await h.run(300);
    expect(terminated().at(-1)).toEqual(['q:w1', 'scaled-down']);
    expectAllAckedOnce(h, 2);
    expect(h.broker.deliveries.some((d) => d.redelivered)).toBe(false);
    expect(h.rec.ofType('pool.scaled').map((e) => [e.from, e.to])).toEqual([
      [0, 1],
      [1, 3],
      [3, 1],
      [1, 0],
    ]);
  });

  it('busy and idle are traced on change only', async () => {
    const h = poolHarness({ prefetch: 10 });
    h.publish(0, 3);
    await h.run(0);
    h.publish(3, 5);
    await h.run(0);
    const states = h.rec
      .events()
      .filter((e) => e.type === 'pool.worker-busy' || e.type === 'pool.worker-idle')
      .map((e) => e.type);
    expect(states).toEqual([
      'pool.worker-busy',
      'pool.worker-idle',
      'pool.worker-busy',
      'pool.worker-idle',
    ]);
  });

  it('dispose terminates every worker, returns what they held and stops every timer', async () => {
    const h = poolHarness({ size: 2, handler: { kind: 'slow', ms: 100 } });
    h.publish(0, 6);
    await h.run(50);
    h.pool.dispose();
    expect(h.workers.every((w) => w.terminated)).toBe(true);
    expect(h.broker.depth('q')).toEqual({ ready: 6, unacked: 0 });
    expect(h.clock.pending).toBe(0);
    h.pool.scale(3);
    expect(h.workers).toHaveLength(2);
  });
});

describe('many kills', () => {
  it('2,000 messages, 4 workers, one killed every ~50 acks: none lost, none twice', async () => {
    const h = poolHarness({ size: 4, prefetch: 8, handler: { kind: 'analytics' } });
    const chaos = killEvery(h.trace, h.pool, 50, 2024);
    h.publish(0, 2000);
    for (let i = 0; i < 200 && h.broker.acks.size < 2000; i++) await h.run(10);
    expectAllAckedOnce(h, 2000);
    expectDuplicatesRedelivered(h);
    expect(chaos.kills).toBeGreaterThan(30);
    expect(h.broker.deliveries.filter((d) => d.redelivered).length).toBeGreaterThan(0);
  });
});
