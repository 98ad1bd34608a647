import { describe, expect, it } from 'vitest';
import type { Consumer } from './Consumer';
import { LogError } from './errors';
import { events, makeLog } from './testing';

/** Polls until nothing is left; the offsets read, in order. */
async function drain(c: Consumer, max = 4) {
  const offsets: number[] = [];
  for (let got = await c.poll(max); got.length > 0; got = await c.poll(max)) {
    offsets.push(...got.map((r) => r.offset));
  }
  return offsets;
}

async function oneTopic(partitions = 1, count = 10) {
  const made = makeLog();
  await made.log.createTopic('t', { partitions });
  await made.log.sendBatch(
    't',
    events(count).map((e, i) => ({ ...e, partition: i % partitions })),
  );
  return made;
}

describe('consumers with their own offsets', () => {
  it('read at their own pace; a replay resets one to 0 while the other goes on', async () => {
    const { log } = await oneTopic();
    const fast = log.consumer('t', { id: 'fast' });
    const slow = log.consumer('t', { id: 'slow' });
    expect((await fast.poll(10)).map((r) => r.event)).toHaveLength(10);
    expect((await slow.poll(3)).map((r) => r.offset)).toEqual([0, 1, 2]);
    expect(fast.position(0)).toBe(10);
    expect(slow.position(0)).toBe(3);
    expect(await fast.seek(0, 'beginning')).toBe(0);
    expect((await fast.poll(2)).map((r) => r.offset)).toEqual([0, 1]);
    expect((await slow.poll(1)).map((r) => r.offset)).toEqual([3]);
  });

  it('seeks to an offset, the end, or a time; only in partitions it holds', async () => {
    const { log, clock } = await oneTopic(1, 3);
    clock.advance(5_000);
    await log.sendBatch('t', events(3, 3));
    const c = log.consumer('t', { id: 'c' });
    expect(await c.seek(0, 'end')).toBe(6);
    expect(await c.poll()).toEqual([]);
    await c.seek(0, 4);
    expect((await c.poll()).map((r) => r.offset)).toEqual([4, 5]);
    expect(await c.seekToTime(1_003_000)).toEqual(new Map([[0, 3]]));
    expect((await c.poll(1))[0]?.event).toBe('e.3');
    await expect(c.seek(1, 0)).rejects.toMatchObject({ code: 'not-assigned' });
    await expect(c.seek(0, -1)).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it('starts a new group at the earliest record, or at the end when told', async () => {
    const { log, recorded } = await oneTopic(1, 5);
    expect(await drain(log.consumer('t', { id: 'a' }))).toEqual([0, 1, 2, 3, 4]);
    const late = log.consumer('t', { id: 'b', initialOffset: 'latest' });
    expect(await late.poll()).toEqual([]);
    await log.send('t', { event: 'new', data: 0 });
    expect((await late.poll()).map((r) => r.event)).toEqual(['new']);
    expect(
      recorded.ofType('log.offset-reset').map((e) => [e.consumer, e.reason, e.offset]),
    ).toEqual([
      ['a', 'no-commit', 0],
      ['b', 'no-commit', 5],
    ]);
  });

  it('reports its lag per partition, and its group’s by committed offsets', async () => {
    const { log } = await oneTopic(2, 10);
    const c = log.consumer('t', { id: 'c' });
    expect((await c.lag()).map((l) => l.lag)).toEqual([5, 5]);
    await c.poll(3);
    await c.commit();
    const lag = await c.lag();
    expect(lag.map((l) => [l.partition, l.position, l.committed, l.lag])).toEqual([
      [0, 3, 3, 2],
      [1, 0, undefined, 5],
    ]);
    expect((await log.groupLag('c', 't')).map((l) => l.lag)).toEqual([2, 5]);
  });
});

describe('offset reset when retention deleted the position', () => {
  async function behind(policy: 'earliest' | 'latest' | 'error') {
    const made = await oneTopic(1, 10);
    const c = made.log.consumer('t', { id: 'c', offsetReset: policy });
    await c.poll(2);
    await c.commit();
    await made.store.truncateBefore('t', 0, 6);
    return { ...made, c };
  }

  it("'earliest' moves to the first record kept", async () => {
    const { c, recorded } = await behind('earliest');
    expect((await c.poll(2)).map((r) => r.offset)).toEqual([6, 7]);
    expect(recorded.ofType('log.offset-reset').at(-1)).toMatchObject({
      from: 2,
      offset: 6,
      policy: 'earliest',
      reason: 'out-of-range',
    });
  });

  it("'latest' moves to the end", async () => {
    const { c, log } = await behind('latest');
    expect(await c.poll()).toEqual([]);
    await log.send('t', { event: 'after', data: 0 });
    expect((await c.poll()).map((r) => r.offset)).toEqual([10]);
  });

  it("'error' throws a clear error and lets the consumer seek", async () => {
    const { c } = await behind('error');
    const error = await c.poll().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogError);
    expect(error).toMatchObject({ code: 'offset-out-of-range' });
    expect((error as Error).message).toContain('at offset 2 of t-0, which holds 6 to 9');
    await c.seek(0, 'beginning');
    expect((await c.poll(1)).map((r) => r.offset)).toEqual([6]);
  });

  it("'error' says when retention left the partition empty", async () => {
    const { c, store } = await behind('error');
    await store.truncateBefore('t', 0, 10);
    await expect(c.poll()).rejects.toThrow(
      'at offset 2 of t-0, which is empty (next offset 10): retention deleted it',
    );
  });

  it('applies to a committed offset deleted while no consumer ran', async () => {
    const { log, store } = await oneTopic(1, 10);
    await store.commit('g', 't', 0, 1);
    await store.truncateBefore('t', 0, 4);
    const c = log.consumer('t', { id: 'new', group: 'g' });
    expect((await c.poll(1)).map((r) => r.offset)).toEqual([4]);
    // a position past the end (the log was cut short) is out of range too
    await c.seek(0, 50);
    expect((await c.poll(1)).map((r) => r.offset)).toEqual([4]);
  });
});

describe('consumer groups', () => {
  it('share partitions and reassign them when members join and leave', async () => {
    const { log, recorded } = await oneTopic(4, 8);
    const a = log.consumer('t', { id: 'a', group: 'g' });
    expect(a.assignment).toEqual([0, 1, 2, 3]);
    const b = log.consumer('t', { id: 'b', group: 'g' });
    expect([a.assignment, b.assignment]).toEqual([
      [0, 1],
      [2, 3],
    ]);
    const c = log.consumer('t', { id: 'c', group: 'g', assignor: 'range' });
    expect(log.assignment('g', 't')).toEqual({ a: [0, 1], b: [2], c: [3] });
    expect(c.assignment).toEqual([3]);
    await b.close();
    expect(log.assignment('g', 't')).toEqual({ a: [0, 1], c: [2, 3] });
    expect(recorded.ofType('log.rebalanced').map((e) => e.generation)).toEqual([1, 2, 3, 4]);
    expect(() => log.consumer('t', { id: 'a', group: 'g' })).toThrow(LogError);
    await expect(b.poll()).rejects.toMatchObject({ code: 'closed' });
  });

  it('round-robin assignor deals partitions in turn', async () => {
    const { log } = await oneTopic(5, 0);
    log.consumer('t', { id: 'x', group: 'g', assignor: 'round-robin' });
    log.consumer('t', { id: 'y', group: 'g', assignor: 'round-robin' });
    expect(log.assignment('g', 't')).toEqual({ x: [0, 2, 4], y: [1, 3] });
  });

  it('reads every record once between them when each commits', async () => {
    const { log } = await oneTopic(4, 40);
    const a = log.consumer('t', { id: 'a', group: 'g' });
    const seen: string[] = [];
    await a.consume((r) => void seen.push(`${r.partition}:${r.offset}`), 6);
    const b = log.consumer('t', { id: 'b', group: 'g' });
    for (const c of [a, b, a, b, a, b, a, b, a, b]) {
      await c.consume((r) => void seen.push(`${r.partition}:${r.offset}`), 6);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(40);
  });
});

describe('delivery semantics', () => {
  it('at least once: a consumer stopped between processing and committing re-reads', async () => {
    const { log } = await oneTopic(1, 6);
    const first = log.consumer('t', { id: 'c1', group: 'g' });
    const handled: number[] = [];
    await first.consume((r) => void handled.push(r.offset), 2);
    // processed 2 and 3, then stopped before the commit
    for (const r of await first.poll(2)) handled.push(r.offset);
    await first.close();
    const second = log.consumer('t', { id: 'c2', group: 'g' });
    await second.consume((r) => void handled.push(r.offset), 10);
    expect(handled).toEqual([0, 1, 2, 3, 2, 3, 4, 5]);
    expect(await log.store.committed('g', 't', 0)).toBe(6);
  });

  it('at least once: a handler that throws leaves the batch to be read again', async () => {
    const { log } = await oneTopic(1, 4);
    const c = log.consumer('t', { id: 'c' });
    const handled: number[] = [];
    const failOn2 = (r: { offset: number }) => {
      if (r.offset === 2 && !handled.includes(2)) {
        handled.push(2);
        throw new Error('boom');
      }
      handled.push(r.offset);
    };
    await expect(c.consume(failOn2, 4)).rejects.toThrow('boom');
    expect(await log.store.committed('c', 't', 0)).toBeUndefined();
    expect(await c.consume(failOn2, 4)).toBe(4);
    expect(handled).toEqual([0, 1, 2, 0, 1, 2, 3]);
  });

  it('at most once: committed before handling, so a crash loses the rest of the batch', async () => {
    const { log } = await oneTopic(1, 6);
    const first = log.consumer('t', { id: 'c1', group: 'g', delivery: 'at-most-once' });
    const handled: number[] = [];
    const crashOn1 = (r: { offset: number }) => {
      if (r.offset === 1) throw new Error('crash');
      handled.push(r.offset);
    };
    await expect(first.consume(crashOn1, 3)).rejects.toThrow('crash');
    await first.close();
    const second = log.consumer('t', { id: 'c2', group: 'g', delivery: 'at-most-once' });
    await second.consume((r) => void handled.push(r.offset), 10);
    // 1 crashed and 2 was never handled: at most once, never twice
    expect(handled).toEqual([0, 3, 4, 5]);
  });
});

describe('consume-transform-produce', () => {
  it('stores the output with the offsets that cover it, or neither', async () => {
    const { log, store } = await oneTopic(1, 4);
    await log.createTopic('out', { partitions: 1 });
    const c = log.consumer('t', { id: 'c' });
    const read = await c.poll(2);
    const sent = await c.commitWithOutput(
      'out',
      read.map((r) => ({ event: `${r.event}.done`, data: r.data })),
    );
    expect(sent.map((m) => m.offset)).toEqual([0, 1]);
    expect(await store.committed('c', 't', 0)).toBe(2);
    await c.poll(2);
    await expect(c.commitWithOutput('out', [{ event: '', data: 0 }])).rejects.toMatchObject({
      code: 'invalid-record',
    });
    expect(await store.committed('c', 't', 0)).toBe(2);
    expect(await store.range('out', 0)).toEqual({ start: 0, end: 2 });
  });
});

describe('determinism', () => {
  it('gives the same trace for the same calls', async () => {
    const run = async () => {
      const { log, recorded } = makeLog();
      await log.createTopic('t', { partitions: 3 });
      const c = log.consumer('t', { id: 'c' });
      for (let i = 0; i < 20; i++) await log.send('t', { key: `k${i % 7}`, event: 'e', data: i });
      await c.consume(() => undefined, 7);
      await c.seek(1, 'beginning');
      await c.poll(3);
      return recorded.events();
    };
    expect(await run()).toEqual(await run());
  });
});
