import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openIndexedDbLogStore } from '../../storage/indexedDbStore';
import { MemoryLogStore } from '../../storage/memoryStore';
import { SimulatedClock } from '../clock';
import { LogError } from './errors';
import { partitionForKey } from './partitioner';
import { TopicLog } from './TopicLog';
import { events, makeLog, settle } from './testing';

describe('TopicLog topics', () => {
  it('creates a topic once; the same settings again return it, others are refused', async () => {
    const { log, recorded } = makeLog();
    const config = await log.createTopic('accounts', {
      partitions: 3,
      retention: { maxRecords: 5 },
    });
    expect(config).toEqual({ name: 'accounts', partitions: 3, retention: { maxRecords: 5 } });
    expect(await log.createTopic('accounts', { partitions: 3, retention: { maxRecords: 5 } })).toBe(
      config,
    );
    await expect(log.createTopic('accounts', { partitions: 4 })).rejects.toMatchObject({
      code: 'topic-exists',
    });
    await expect(log.createTopic('x', { partitions: 0 })).rejects.toBeInstanceOf(LogError);
    await expect(
      log.createTopic('x', { partitions: 1, retention: { maxAgeMs: -1 } }),
    ).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(log.send('nope', { event: 'e', data: 1 })).rejects.toMatchObject({
      code: 'unknown-topic',
    });
    expect(recorded.ofType('log.topic-created')).toHaveLength(1);
  });
});

describe('TopicLog partitioning and offsets', () => {
  it('sends a key to its murmur2 partition and keyless records round-robin', async () => {
    const { log } = makeLog();
    await log.createTopic('t', { partitions: 3 });
    for (const key of ['account-1', 'account-2', 'account-3', 'account-1']) {
      const meta = await log.send('t', { key, event: 'e', data: null });
      expect(meta.partition).toBe(partitionForKey(key, 3));
    }
    const keyless = await Promise.all(
      [0, 1, 2, 3, 4].map(() => log.send('t', { event: 'e', data: null })),
    );
    expect(keyless.map((m) => m.partition)).toEqual([0, 1, 2, 0, 1]);
    expect((await log.send('t', { event: 'e', data: 1, partition: 2 })).partition).toBe(2);
    await expect(log.send('t', { event: 'e', data: 1, partition: 3 })).rejects.toMatchObject({
      code: 'invalid-argument',
    });
  });

  it('numbers records from 0 in each partition, gapless, stamped by the clock', async () => {
    const { log, clock, store } = makeLog();
    await log.createTopic('t', { partitions: 2 });
    const first = await log.sendBatch(
      't',
      events(6).map((e, i) => ({ ...e, partition: i % 2 })),
    );
    expect(first.map((m) => [m.partition, m.offset])).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 2],
      [1, 2],
    ]);
    expect(first.every((m) => m.timestamp === 1_000_000)).toBe(true);
    clock.advance(250);
    expect(await log.send('t', { event: 'later', data: 0, partition: 0 })).toEqual({
      topic: 't',
      partition: 0,
      offset: 3,
      timestamp: 1_000_250,
    });
    expect((await store.read('t', 0, 3, 1))[0]?.event).toBe('later');
  });

  it('stores a batch across partitions whole or not at all', async () => {
    const { log, store } = makeLog();
    await log.createTopic('t', { partitions: 2 });
    await expect(
      log.sendBatch('t', [
        { event: 'ok', data: 1, partition: 0 },
        { event: '', data: 2, partition: 1 },
      ]),
    ).rejects.toMatchObject({ code: 'invalid-record' });
    expect(await store.range('t', 0)).toEqual({ start: 0, end: 0 });
  });

  it('records what it produced in the trace', async () => {
    const { log, recorded } = makeLog();
    await log.createTopic('t', { partitions: 1 });
    await log.send('t', { key: 'k', event: 'deposit', data: { amount: 5 } });
    expect(recorded.ofType('log.produced')).toMatchObject([
      {
        log: 'test',
        topic: 't',
        partition: 0,
        baseOffset: 0,
        lastOffset: 0,
        event: 'deposit',
        key: 'k',
      },
    ]);
  });
});

describe('TopicLog retention', () => {
  it('keeps at most maxRecords a partition; offsets go on', async () => {
    const { log, store, recorded } = makeLog();
    await log.createTopic('t', { partitions: 1, retention: { maxRecords: 5 } });
    for (const e of events(8)) await log.send('t', e);
    expect(await store.range('t', 0)).toEqual({ start: 3, end: 8 });
    expect(recorded.ofType('log.retention-applied').at(-1)).toMatchObject({
      start: 3,
      reason: 'max-records',
    });
  });

  it('deletes records older than maxAgeMs when enforced, and on a timer in clock time', async () => {
    const { log, clock, store } = makeLog({ retentionCheckMs: 1_000 });
    await log.createTopic('t', { partitions: 1, retention: { maxAgeMs: 5_000 } });
    for (let i = 0; i < 10; i++) {
      await log.send('t', { event: `e.${i}`, data: i });
      clock.advance(1_000);
      await settle();
    }
    // now = start + 10 s: records stamped before start + 5 s are gone
    expect(await store.range('t', 0)).toEqual({ start: 5, end: 10 });
    // one jump fires one check, at the time it fell due (start + 11 s); the next catches up
    clock.advance(100_000);
    await settle();
    expect(await store.range('t', 0)).toEqual({ start: 6, end: 10 });
    clock.advance(1_000);
    await settle();
    expect(await store.range('t', 0)).toEqual({ start: 10, end: 10 });
    log.close();
    expect(clock.pending).toBe(0);
    expect(await log.enforceRetention()).toEqual([]);
  });
});

describe('TopicLog persistence', () => {
  it('finds its topics, records and committed offsets after a reopen (IndexedDB)', async () => {
    const name = `topiclog-${Date.now()}`;
    const clock = new SimulatedClock(0);
    let store = await openIndexedDbLogStore({ name });
    let log = await TopicLog.open({ store, clock });
    await log.createTopic('accounts', { partitions: 2 });
    await log.sendBatch('accounts', events(10));
    const c = log.consumer('accounts', { id: 'c1' });
    await c.poll(3);
    await c.commit();
    await store.close();

    store = await openIndexedDbLogStore({ name });
    log = await TopicLog.open({ store, clock });
    expect(log.topics()).toEqual([{ name: 'accounts', partitions: 2, retention: {} }]);
    const again = log.consumer('accounts', { id: 'c1' });
    const rest = [];
    for (let got = await again.poll(100); got.length > 0; got = await again.poll(100))
      rest.push(...got);
    expect(rest).toHaveLength(7);
    await store.close();
  });

  it('a memory log forgets everything with its store', async () => {
    const log = await TopicLog.open({ store: new MemoryLogStore(), clock: new SimulatedClock() });
    expect(log.topics()).toEqual([]);
  });
});
