import { describe, expect, it } from 'vitest';
import { RealClock } from '../engine/clock';
import { createRng } from '../engine/rng';
import { recordTrace, Trace } from '../engine/trace';
import { createWorkerPool, type WorkerPoolOptions } from './pool';
import { spawnConsumerWorker } from './spawn';
import { FakeBroker } from './testing/fakeBroker';

/**
 * The pool with real module Web Workers in Chromium (Vitest browser mode): what the fake
 * worker of the unit tests cannot prove, that real threads, real structured clones and a
 * real terminate() keep the guarantees.
 */
function realPool(options: Partial<WorkerPoolOptions> = {}) {
  const clock = new RealClock();
  const trace = new Trace(clock);
  const rec = recordTrace(trace, 50_000);
  const broker = new FakeBroker();
  const pool = createWorkerPool({
    broker,
    queue: 'q',
    clock,
    trace,
    handler: { kind: 'email' },
    spawn: spawnConsumerWorker,
    heartbeatMs: 250,
    ...options,
  });
  return { broker, pool, rec, trace };
}

/** Resolves once `done()` holds, checking every few ms; fails after `ms`. */
async function until(done: () => boolean, ms: number, what: string): Promise<void> {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('real workers', () => {
  it('10,000 messages, 4 workers, one terminated every ~200 deliveries: 0 lost, 0 unexpected', async () => {
    const total = 10_000;
    const { broker, pool, trace } = realPool({
      size: 4,
      prefetch: 50,
      handler: {
        kind: 'custom',
        // sync work that proves the message crossed intact; no await, so no extra turns
        source:
          'if (message.body.n !== Number(message.messageId.slice(1))) throw new Error("garbled"); return message.redelivered ? "again" : "first";',
      },
    });
    const rng = createRng(7);
    let handled = 0;
    let kills = 0;
    const seenOk = new Map<string, number>();
    const errors: string[] = [];
    const stop = trace.subscribe((e) => {
      if (e.type !== 'pool.handled') return;
      if (!e.ok) errors.push(e.error);
      seenOk.set(e.messageId, (seenOk.get(e.messageId) ?? 0) + 1);
      if (++handled % 200 !== 0) return;
      const ready = pool.stats().workers.filter((w) => w.state === 'busy' || w.state === 'idle');
      const victim = ready[rng.int(0, ready.length - 1)];
      if (victim !== undefined && pool.kill(victim.id)) kills++;
    });
    const started = performance.now();
    for (let n = 0; n < total; n++) broker.publish('q', { n }, `m${n}`);
    await until(() => broker.acks.size === total, 50_000, 'every message to be acked');
    const seconds = (performance.now() - started) / 1000;
    stop();
    pool.dispose();

    // 0 lost: every message acked, nothing left in the queue
    expect(broker.depth('q')).toEqual({ ready: 0, unacked: 0 });
    // 0 unexpected: only published ids, each acked once, no stale tag reached the broker
    expect(
      [...broker.acks.keys()].every((id) => /^m\d+$/.test(id) && Number(id.slice(1)) < total),
    ).toBe(true);
    expect([...broker.acks.values()].every((count) => count === 1)).toBe(true);
    expect(broker.misuse).toEqual([]);
    expect(broker.dead).toEqual([]);
    expect(errors).toEqual([]);
    expect([...seenOk.values()].every((count) => count === 1)).toBe(true);
    // every duplicate delivery carries redelivered=true, and only duplicates do
    const seen = new Set<string>();
    let duplicates = 0;
    for (const d of broker.deliveries) {
      expect(d.redelivered).toBe(seen.has(d.message.id));
      if (seen.has(d.message.id)) duplicates++;
      seen.add(d.message.id);
    }
    expect(kills).toBeGreaterThanOrEqual(40);
    expect(duplicates).toBeGreaterThan(0);
    console.warn(
      `10,000 messages in ${seconds.toFixed(1)} s through 4 real workers; ${kills} killed, ${duplicates} redeliveries`,
    );
  }, 60_000);

  it('a worker that throws at top level is replaced and what it held is redelivered', async () => {
    const { broker, pool, rec } = realPool({
      size: 1,
      prefetch: 5,
      handler: {
        kind: 'custom',
        // an error thrown outside the handler's promise reaches the worker's top level
        source:
          'if (message.body.n === 2 && !message.redelivered) setTimeout(() => { throw new Error("boom"); }); await context.sleep(20); return "ok";',
      },
    });
    for (let n = 0; n < 5; n++) broker.publish('q', { n }, `m${n}`);
    await until(() => broker.acks.size === 5, 20_000, 'five acks');
    pool.dispose();
    const failed = rec.ofType('pool.worker-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ reason: 'error', error: expect.stringContaining('boom') });
    expect(broker.deliveries.filter((d) => d.redelivered).length).toBeGreaterThan(0);
    expect(broker.misuse).toEqual([]);
  });

  it('a worker stuck in an endless loop is declared dead by its missed heartbeats', async () => {
    const { broker, pool, rec } = realPool({
      size: 1,
      prefetch: 1,
      heartbeatMs: 100,
      heartbeatTimeoutMs: 600,
      handler: {
        kind: 'custom',
        source: 'if (message.body.n === 1 && !message.redelivered) for (;;) {} return "ok";',
      },
    });
    for (let n = 0; n < 3; n++) broker.publish('q', { n }, `m${n}`);
    await until(() => broker.acks.size === 3, 20_000, 'three acks');
    pool.dispose();
    expect(rec.ofType('pool.worker-failed')).toMatchObject([{ reason: 'heartbeat-timeout' }]);
    expect(broker.deliveries.map((d) => [d.message.id, d.redelivered])).toEqual([
      ['m0', false],
      ['m1', false],
      ['m1', true],
      ['m2', false],
    ]);
  });

  it('a custom handler syntax error is reported from the real worker', async () => {
    const { pool, rec } = realPool({ handler: { kind: 'custom', source: 'return (;' } });
    await until(() => rec.ofType('pool.worker-failed').length > 0, 10_000, 'the report');
    pool.dispose();
    expect(rec.ofType('pool.worker-failed')).toMatchObject([
      { reason: 'handler-invalid', error: expect.stringMatching(/does not compile: SyntaxError/) },
    ]);
  });
});
