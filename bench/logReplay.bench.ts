/**
 * Replay: 100,000 account events read back from the IndexedDB log and applied to a balance
 * (start 1000), through TopicLog.scan and a Consumer from the beginning, beside a bare read
 * of the same stored segments with plain IndexedDB getAll. Issue 4, "Figures".
 */
import { RealClock } from '../src/engine/clock';
import { TopicLog } from '../src/engine/log/index';
import { LOG_DB, logDbName, partitionRange } from '../src/storage/idbSchema';
import { openIndexedDbLogStore } from '../src/storage/index';
import type { LogRecord } from '../src/storage/LogStore';
import {
  accountRecord,
  count,
  deleteDatabase,
  expectedBalance,
  freshName,
  openDatabase,
  pct,
  perSec,
  requestDone,
  roundsRow,
  START_BALANCE,
  type Timed,
  TOPIC,
} from './logBench';
import type { BenchContext, BenchReport } from './types';

const EVENTS = 100_000;
const ROUNDS = 5;

interface AmountData {
  readonly amount: number;
}

/** The account's state: what replay rebuilds. */
function apply(balance: number, record: { event: string; data: unknown }): number {
  const { amount } = record.data as AmountData;
  return record.event === 'account.deposited' ? balance + amount : balance - amount;
}

interface Task {
  readonly name: string;
  /** replays every event; returns the balance it rebuilt */
  readonly run: () => Promise<number>;
}

export async function run(context: BenchContext): Promise<BenchReport> {
  const name = freshName('log-replay');
  const store = await openIndexedDbLogStore({ name, lock: 'fail' });
  const raw = await openDatabase(logDbName(name));
  try {
    const log = await TopicLog.open({ store, clock: new RealClock() });
    await log.createTopic(TOPIC, { partitions: 1 });
    const t0 = Date.now();
    for (let i = 0; i < EVENTS; i += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, EVENTS - i) }, (_, k) =>
        accountRecord(i + k, t0 + i + k),
      );
      await store.append(TOPIC, 0, batch);
    }
    const stats = await store.stats();
    context.log(
      `stored ${count(stats.records)} events in ${stats.partitions[0]?.segments} segments`,
    );
    const expected = expectedBalance(EVENTS);

    const scan = (batch: number): Task => ({
      name: `TopicLog.scan, ${count(batch)} a read`,
      run: async () => {
        let balance = START_BALANCE;
        for await (const records of log.scan(TOPIC, 0, 0, batch)) {
          for (const r of records) balance = apply(balance, r);
        }
        return balance;
      },
    });
    let consumers = 0;
    const consumer: Task = {
      name: 'Consumer.poll(1,000) from the beginning',
      run: async () => {
        // a group of its own with no committed offset: starts at the earliest record
        const c = log.consumer(TOPIC, { id: `replay-${consumers++}` });
        let balance = START_BALANCE;
        for (;;) {
          const records = await c.poll(1_000);
          if (records.length === 0) break;
          for (const r of records) balance = apply(balance, r);
        }
        await c.close();
        return balance;
      },
    };
    // the store's values are the segments' payloads: bare strings, in offset order
    const range = partitionRange(TOPIC, 0);
    const getAllSegments = () => {
      const tx = raw.transaction(LOG_DB.stores.batches, 'readonly');
      return requestDone(tx.objectStore(LOG_DB.stores.batches).getAll(range)) as Promise<string[]>;
    };
    const bare: Task = {
      name: 'bare IDB: getAll segments + JSON.parse + apply',
      run: async () => {
        let balance = START_BALANCE;
        for (const payload of await getAllSegments()) {
          const records = JSON.parse(`[${payload}]`) as LogRecord[];
          for (const r of records) balance = apply(balance, r);
        }
        return balance;
      },
    };
    let chars = 0;
    const bareRead: Task = {
      name: 'bare IDB: getAll segments only (no parse)',
      run: async () => {
        for (const payload of await getAllSegments()) chars += payload.length;
        return expected;
      },
    };
    const tasks = [scan(1_000), scan(1_024), scan(10_240), consumer, bare, bareRead];

    // warm-up: every path once, unmeasured
    for (const task of tasks) await task.run();

    const timed = new Map<string, Timed[]>(tasks.map((t) => [t.name, []]));
    const wrong: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      context.log(`round ${round + 1} of ${ROUNDS}: ${tasks.length} tasks`);
      const order = [...tasks.slice(round % tasks.length), ...tasks.slice(0, round % tasks.length)];
      for (const task of order) {
        const start = performance.now();
        const balance = await task.run();
        const ms = performance.now() - start;
        timed.get(task.name)?.push({ ops: EVENTS, ms });
        if (balance !== expected) wrong.push(`${task.name} rebuilt ${balance}, not ${expected}`);
      }
    }
    const rows = tasks.map((t) => roundsRow(t.name, timed.get(t.name) ?? []));
    const rate = new Map(rows.map((r) => [r.name, r.opsPerSec]));
    const anchor = rate.get(bare.name) ?? 0;
    const subjects = [scan(1_000).name, scan(1_024).name, scan(10_240).name, consumer.name];

    return {
      title: 'replay from the IndexedDB log against a bare IndexedDB read',
      rows,
      comparisons: subjects.map((subject) => ({ subject, anchors: [bare.name, bareRead.name] })),
      notes: [
        `${count(EVENTS)} events ({ event: 'account.deposited' | 'account.withdrawn', data: { account, amount } }, ~100 bytes of JSON) ` +
          `in one partition of an IndexedDB LogStore (${stats.partitions[0]?.segments} segments of up to 512), appended before timing`,
        `each task replays all of them from offset 0 into a balance starting at ${START_BALANCE} and checks it against the expected ${expected}`,
        'TopicLog.scan: the async generator the replay lab uses (1,000 is its default; 1,024 and 10,240 are multiples of the 512-record segment); ' +
          'Consumer.poll: a new consumer (a group of its own) from the earliest offset',
        "bare IDB: a second plain connection to the same database, one getAll of the partition's range of the batches store (its values are the payload strings), JSON.parse of each, the same apply",
        `events/s = events / time of one whole replay; ${ROUNDS} rounds, order rotated, after one unmeasured pass each; ` +
          'rme from the per-round rates (Student t, 95%); the database is deleted after',
      ],
      findings: [
        ...wrong,
        ...subjects.map((s) => {
          const r = rate.get(s) ?? 0;
          return `${s}: ${perSec(r)} events/s = ${pct(r / anchor)} of the bare read with parse (goal >= 70%: ${r / anchor >= 0.7 ? 'MET' : 'NOT MET'})`;
        }),
        `every replay rebuilt the balance ${wrong.length === 0 ? `correctly (${expected})` : 'WRONG, see above'}; payload chars read ${count(chars)}`,
      ],
    };
  } finally {
    raw.close();
    await store.close();
    await deleteDatabase(logDbName(name));
  }
}
