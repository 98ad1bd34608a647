import { describe, expect, it } from 'vitest';
import { Broker } from '../engine/broker';
import { RealClock } from '../engine/clock';
import { recordTrace, Trace } from '../engine/trace';
import { createWorkerPool, type WorkerPoolOptions } from './pool';
import { spawnConsumerWorker } from './spawn';
import { killEvery } from './testing/chaos';
import { MultiAckBroker } from './testing/multiAckBroker';

/**
 * The pool with real module Web Workers and the engine's Broker in Chromium (Vitest browser
 * mode): what the fake worker of the unit tests cannot prove, that real threads, real
 * structured clones and a real terminate() keep the guarantees.
 */
function realPool(options: Partial<WorkerPoolOptions> = {}, multiple = false) {
  const clock = new RealClock();
  const trace = new Trace(clock);
  const rec = recordTrace(trace, 100_000);
  // with multiple: the pool acks runs of in-order successes with one multiple ack
  const broker = multiple ? new MultiAckBroker({ clock, trace }) : new Broker({ clock, trace });
  broker.declareQueue('q');
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
  const publish = (count: number) => {
    for (let n = 0; n < count; n++) broker.publish('', 'q', { n }, { messageId: `m${n}` });
  };
  const acked = () => broker.queueStats('q').acked;
  return { broker, pool, rec, trace, publish, acked };
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
  it.each([
    ['one by one', false, 0],
    ['in runs (ackMultiple)', true, 0],
    // 40 µs a message: a prefetch of 50 takes 2 ms, so each worker gets it as 2 batches
    ['in runs, a slow handler: the prefetch as 2 batches in flight', true, 0.04],
  ])(
    '10,000 messages, 4 workers, one terminated every ~200 deliveries, acks %s: 0 lost, 0 unexpected',
    async (_, multiple, workMs) => {
      const total = 10_000;
      const { broker, pool, rec, trace, publish, acked } = realPool(
        {
          size: 4,
          prefetch: 50,
          handler: {
            kind: 'custom',
            // proves the message crossed intact; no await, so no extra turns
            source: `const t = performance.now(); while (performance.now() - t < ${workMs}) {} if (message.body.n !== Number(message.messageId.slice(1))) throw new Error("garbled"); return message.redelivered ? "again" : "first";`,
          },
        },
        multiple,
      );
      const chaos = killEvery(trace, pool, 200, 7);
      const started = performance.now();
      publish(total);
      await until(() => acked() === total, 50_000, 'every message to be acked');
      const seconds = (performance.now() - started) / 1000;
      chaos.stop();
      pool.dispose();

      // 0 lost: every message acked, nothing left in the queue
      expect(broker.queueStats('q')).toMatchObject({ ready: 0, unacked: 0, acked: total });
      // 0 unexpected: each published id acked exactly once, no handler failed, and no answer
      // of a dead worker reached the broker
      const acks = rec.ofType('broker.acked').map((e) => e.messageId);
      expect(acks).toHaveLength(total);
      expect(new Set(acks)).toEqual(new Set(Array.from({ length: total }, (_, n) => `m${n}`)));
      expect(rec.ofType('pool.handled').filter((e) => !e.ok)).toEqual([]);
      expect(rec.ofType('broker.unknown-delivery')).toEqual([]);
      // every duplicate delivery carries redelivered=true, and only duplicates do
      const seen = new Set<string>();
      let duplicates = 0;
      for (const d of rec.ofType('broker.delivered')) {
        expect(d.redelivered).toBe(seen.has(d.messageId));
        if (seen.has(d.messageId)) duplicates++;
        seen.add(d.messageId);
      }
      // a slow worker's batches are half its prefetch, but for the first one a worker gets
      // before its speed is known; a fast worker's are as large as the acks free, unless it
      // is the only one working (the kills keep replacements starting): the trace in order
      // says who was working at each batch
      const working = new Set<string>();
      let large = 0;
      let largeAlone = 0;
      for (const e of rec.events()) {
        if (e.type === 'pool.worker-ready') working.add(e.worker);
        else if (e.type === 'pool.worker-failed' || e.type === 'pool.worker-terminated') {
          working.delete(e.worker);
        } else if (e.type === 'pool.batch-sent' && e.deliveryTags.length > 25) {
          large++;
          if (working.size === 1) largeAlone++;
        }
      }
      if (workMs > 0) expect(large).toBeLessThanOrEqual(pool.stats().started);
      else {
        expect(large).toBeGreaterThan(0);
        expect(largeAlone).toBe(0);
      }
      expect(chaos.kills).toBeGreaterThanOrEqual(40);
      expect(duplicates).toBeGreaterThan(0);
      console.warn(
        `10,000 messages in ${seconds.toFixed(1)} s through 4 real workers; ${chaos.kills} killed, ${duplicates} redeliveries`,
      );
    },
    60_000,
  );

  it('a worker that throws at top level is replaced and what it held is redelivered', async () => {
    const { pool, rec, publish, acked } = realPool({
      size: 1,
      prefetch: 5,
      handler: {
        kind: 'custom',
        // an error thrown outside the handler's promise reaches the worker's top level
        source:
          'if (message.body.n === 2 && !message.redelivered) setTimeout(() => { throw new Error("boom"); }); await context.sleep(20); return "ok";',
      },
    });
    publish(5);
    await until(() => acked() === 5, 20_000, 'five acks');
    pool.dispose();
    const failed = rec.ofType('pool.worker-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ reason: 'error', error: expect.stringContaining('boom') });
    expect(rec.ofType('broker.delivered').filter((d) => d.redelivered).length).toBeGreaterThan(0);
  });

  it('a worker stuck in an endless loop is declared dead by its missed heartbeats', async () => {
    const { pool, rec, publish, acked } = realPool({
      size: 1,
      prefetch: 1,
      heartbeatMs: 100,
      heartbeatTimeoutMs: 600,
      handler: {
        kind: 'custom',
        source: 'if (message.body.n === 1 && !message.redelivered) for (;;) {} return "ok";',
      },
    });
    publish(3);
    await until(() => acked() === 3, 20_000, 'three acks');
    pool.dispose();
    expect(rec.ofType('pool.worker-failed')).toMatchObject([{ reason: 'heartbeat-timeout' }]);
    expect(rec.ofType('broker.delivered').map((d) => [d.messageId, d.redelivered])).toEqual([
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
