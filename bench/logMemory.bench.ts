/**
 * The durable log's memory: 1,000,000 events appended to the IndexedDB log, then replayed
 * into a balance, must keep the page's JS heap under 150 MB (the log lives in IndexedDB;
 * memory holds bounded windows of it). Issue 4, "Figures".
 *
 * CDP-free on purpose: the heap is read from `performance.memory.usedJSHeapSize`
 * (Chromium only) at every checkpoint, so the figure is what the page itself can see, garbage
 * included (no forced GC). Where `performance.memory` is missing the check is skipped.
 */
import { RealClock } from '../src/engine/clock';
import { TopicLog } from '../src/engine/log/index';
import { logDbName } from '../src/storage/idbSchema';
import { openIndexedDbLogStore } from '../src/storage/index';
import {
  accountRecord,
  count,
  deleteDatabase,
  expectedBalance,
  freshName,
  perSec,
  START_BALANCE,
  TOPIC,
} from './logBench';
import type { BenchContext, BenchReport, MeasureRow } from './types';

const EVENTS = 1_000_000;
const BATCH = 1_000;
const IN_FLIGHT = 4;
const LIMIT = 150 * 1024 * 1024;
/** a heap reading every this many events */
const EVERY = 50_000;

interface ChromiumMemory {
  readonly usedJSHeapSize: number;
  readonly totalJSHeapSize: number;
  readonly jsHeapSizeLimit: number;
}

const memory = (): ChromiumMemory | undefined =>
  (performance as Performance & { memory?: ChromiumMemory }).memory;

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function run(context: BenchContext): Promise<BenchReport> {
  if (memory() === undefined) {
    return {
      title: 'durable log memory (1,000,000 events)',
      rows: [],
      comparisons: [],
      notes: ['performance.memory is not available in this browser'],
      findings: ['SKIPPED: no performance.memory, and this check is CDP-free by design'],
    };
  }
  const readings: number[] = [];
  const read = (): number => {
    const used = memory()?.usedJSHeapSize ?? 0;
    readings.push(used);
    return used;
  };

  const name = freshName('log-memory');
  const store = await openIndexedDbLogStore({ name, lock: 'fail' });
  try {
    const log = await TopicLog.open({ store, clock: new RealClock() });
    await log.createTopic(TOPIC, { partitions: 1 });
    const before = read();

    // append: a producer sending batches of 1,000, at most 4 in flight, each awaited durable
    let appendPeak = before;
    const pending: Promise<unknown>[] = [];
    const t0 = Date.now();
    const appendStart = performance.now();
    for (let i = 0; i < EVENTS; i += BATCH) {
      const batch = Array.from({ length: BATCH }, (_, k) => accountRecord(i + k, t0 + i + k));
      pending.push(store.append(TOPIC, 0, batch));
      if (pending.length >= IN_FLIGHT) await pending.shift();
      if ((i + BATCH) % EVERY === 0) {
        appendPeak = Math.max(appendPeak, read());
        context.log(`appended ${count(i + BATCH)}: heap ${mb(readings.at(-1) ?? 0)}`);
      }
    }
    await Promise.all(pending);
    const appendMs = performance.now() - appendStart;
    const afterAppend = read();
    const stats = await store.stats();

    // replay: TopicLog.scan from offset 0 into the account's balance
    let balance = START_BALANCE;
    let replayed = 0;
    let replayPeak = afterAppend;
    let nextReading = EVERY;
    const replayStart = performance.now();
    for await (const records of log.scan(TOPIC, 0, 0, 10_240)) {
      for (const r of records) {
        const { amount } = r.data as { amount: number };
        balance += r.event === 'account.deposited' ? amount : -amount;
      }
      replayed += records.length;
      if (replayed >= nextReading) {
        nextReading += EVERY;
        replayPeak = Math.max(replayPeak, read());
        context.log(`replayed ${count(replayed)}: heap ${mb(readings.at(-1) ?? 0)}`);
      }
    }
    const replayMs = performance.now() - replayStart;
    const afterReplay = read();

    const expected = expectedBalance(EVENTS);
    const peak = Math.max(...readings);
    const distinct = new Set(readings).size;
    const row = (label: string, value: number): MeasureRow => ({
      kind: 'measure',
      name: label,
      value,
      unit: 'bytes',
    });
    return {
      title: 'durable log memory (1,000,000 events appended, then replayed)',
      rows: [
        row('heap before appending', before),
        row('heap peak while appending', appendPeak),
        row('heap after appending', afterAppend),
        row('heap peak while replaying', replayPeak),
        row('heap after replaying', afterReplay),
        { kind: 'measure', name: 'append time', value: appendMs, unit: 'ms' },
        { kind: 'measure', name: 'replay time', value: replayMs, unit: 'ms' },
      ],
      comparisons: [{ subject: 'heap peak while replaying', anchors: ['heap before appending'] }],
      notes: [
        `${count(EVENTS)} account events (~100 bytes of JSON each) appended to one partition of an IndexedDB LogStore, ` +
          `${count(BATCH)} a call, at most ${IN_FLIGHT} in flight, each awaited durable (strict)`,
        `then replayed from offset 0 with TopicLog.scan (10,240 a read) into a balance starting at ${START_BALANCE}`,
        `heap = performance.memory.usedJSHeapSize (no CDP, no forced GC: garbage not yet collected counts), ` +
          `read every ${count(EVERY)} events and at each phase's end; ${readings.length} readings, ${distinct} distinct values`,
        'a peak is the highest reading, not the true peak: garbage made and collected between two readings is not seen',
      ],
      findings: [
        `stored ${count(stats.records)} records in ${count(stats.partitions[0]?.segments ?? 0)} segments ` +
          `(${mb(2 * stats.bytes)} of JSON as UTF-16), ${count(stats.transactions)} transactions`,
        `append ${perSec((1000 * EVENTS) / appendMs)} events/s, replay ${perSec((1000 * replayed) / replayMs)} events/s; ` +
          `replayed ${count(replayed)}, balance ${balance} (expected ${expected}: ${balance === expected ? 'correct' : 'WRONG'})`,
        `peak heap ${mb(peak)} against the 150 MB goal: ${peak < LIMIT ? 'MET' : 'NOT MET'}` +
          (distinct <= 2
            ? ' (but the readings barely moved: performance.memory may be stale here)'
            : ''),
      ],
    };
  } finally {
    await store.close();
    await deleteDatabase(logDbName(name));
  }
}
