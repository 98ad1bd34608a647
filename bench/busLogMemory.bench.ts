/**
 * The event log is a ring buffer (10,000 entries by default), so the heap should stop
 * growing once it is full: a million more emits must leave it where it was.
 */
import { EventBus } from '../src/engine/bus/index';
import { RealClock } from '../src/engine/clock';
import type { BenchContext, BenchReport, MeasureRow } from './types';

const EVENT = 'user.registered';

interface UserRegistered {
  readonly userId: number;
  readonly email: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

const kb = (bytes: number): string =>
  `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KB`;

/** Runs the emit path on a throwaway bus, so optimised code is in every heap figure alike. */
function warmUp(): void {
  const bus = new EventBus({ clock: new RealClock() });
  bus.subscribe(EVENT, () => {});
  bus.subscribe('user.*', () => {});
  for (let i = 0; i < 200_000; i++) bus.emit(EVENT, { userId: i, email: 'ada@example.com' });
}

export async function run(context: BenchContext): Promise<BenchReport> {
  warmUp();
  const sink = { calls: 0, sum: 0 };
  const bus = new EventBus({ clock: new RealClock() });
  bus.subscribe<UserRegistered>(EVENT, (data) => {
    sink.calls++;
    sink.sum += data.userId;
  });
  bus.subscribe<UserRegistered>('user.*', (data) => {
    sink.calls++;
    sink.sum += data.userId;
  });

  let emitted = 0;
  const emitUpTo = (total: number): void => {
    for (; emitted < total; emitted++) {
      bus.emit<UserRegistered>(EVENT, { userId: emitted, email: 'ada@example.com' });
    }
  };

  const rows: MeasureRow[] = [];
  const statsLines: string[] = [];
  const checkpoint = async (total: number): Promise<number> => {
    emitUpTo(total);
    const { usedSize } = await context.heapAfterGc();
    const name = `heap after ${count(total)} emits`;
    rows.push({ kind: 'measure', name, value: usedSize, unit: 'bytes' });
    const s = bus.logStats;
    statsLines.push(
      `logStats after ${count(total)}: kept ${count(s.kept)}, appended ${count(s.appended)}, ` +
        `dropped ${count(s.dropped)} (capacity ${count(s.capacity)})`,
    );
    context.log(`${name}: ${kb(usedSize)}`);
    return usedSize;
  };

  const empty = await checkpoint(0);
  const partial = await checkpoint(1_000);
  const full = await checkpoint(20_000);
  const after = await checkpoint(1_020_000);

  // what one kept entry costs, from the stretch where the buffer fills (1,000 -> 10,000)
  const perEntry = (full - partial) / 9_000;
  const growth = after - full;
  const unboundedGrowth = perEntry * 1_000_000;
  // flat = under 1% of what a million retained entries would have cost
  const bounded = Math.abs(growth) < 0.01 * unboundedGrowth;

  return {
    title: 'bounded event log',
    rows,
    comparisons: [
      { subject: 'heap after 1,020,000 emits', anchors: ['heap after 20,000 emits'] },
      { subject: 'heap after 1,020,000 emits', anchors: ['heap after 1,000 emits'] },
    ],
    notes: [
      `one fresh EventBus (RealClock, default logCapacity 10,000), listeners on '${EVENT}' and 'user.*'`,
      'each emit carries a fresh { userId, email } object, which the log keeps while the entry lasts',
      'heap = Runtime.getHeapUsage usedSize right after HeapProfiler.collectGarbage (CDP)',
      '20,000 emits = buffer full and wrapped once; 1,020,000 = a million emits more',
    ],
    findings: [
      ...statsLines,
      `the full log holds ${kb(full - empty)} over the freshly subscribed bus (its constant cost)`,
      `one kept log entry (with its payload) costs about ${perEntry.toFixed(0)} bytes (filling 1,000 -> 10,000)`,
      `${bounded ? 'BOUNDED' : 'GROWING'}: 1,000,000 more emits on a full log moved the heap by ${kb(growth)} ` +
        `(${(growth / 1_000_000).toFixed(4)} bytes/emit); an unbounded log would have grown ~${kb(unboundedGrowth)}`,
      `listener calls ${count(sink.calls)} for ${count(emitted)} emits, checksum ${sink.sum}`,
    ],
  };
}
